"""Headlines made from the lede by deletion alone.

A parse-and-trim compressor in the manner of Hedge Trimmer (Dorr, Zajic and
Schwartz, 2003): parse the lede with spaCy's dependency parser, keep its main
clause, and delete what a headline leaves out —

* the phrase before the subject ("In a significant escalation, …");
* appositives, parentheses and relative clauses set off by commas ("Wasilla
  Bible Church, the home church of …,", "Williams, who was booked into jail, …");
* when it happened ("on Saturday", "Thursday night", "yesterday"): the
  dateline carries the date;
* while the clause is still too long, its last clause-level modifier: an
  adverbial clause, a relative clause (not one that says which "the same …"
  is), a second coordinated clause, a clause set off by a comma ("…, sparked by
  the police killing of a teenager"); when none is left, the prepositional
  phrase it ends with, if its verb keeps an object or another phrase ("…by
  buying ATI for $5.4 billion");
* when it is still longer than a headline may be, a relative clause or
  participle that narrows the subject, if the subject still names someone or
  is indefinite and the clause holds no number ("A Texas prison guard [who
  helped a convicted rapist escape] was fired…");
* a leading article.

Nothing is added, reordered or reworded, so what is left is said by the lede's
source. Deleting a modifier only ever makes a statement weaker, except under
negation or a quantifier ("No militants were inside a school attacked by…" is
not implied by dropping "attacked by…"), so such sentences lose only their
appositives and parentheses — unless the negation goes with a trailing clause
of its own that is deleted whole ("…, but her arrival was not without drama"),
or negates only a relative clause that is kept or deleted whole ("…a trial in
which he never spoke"). An appositive that holds a negation stays, and nothing
inside a quotation is ever deleted. A trim that still needs the
sentence before it (a pronoun subject), names nobody, or is not 5–16 words
long is not a headline; the writer then uses a report's own headline, credited.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsdesk.analyze import extract
from newsdesk.verify.lexicon import NEGATIONS

WORDS = (5, 16)  # a headline's length in words, at least and at most
TARGET = 14  # trimming stops at this many words
# A statement these scope over is not implied by a shorter one: no deleting modifiers.
_DOWNWARD = NEGATIONS | {
    "only", "every", "all", "each", "few", "fewer", "less", "least", "unless", "except",
}  # fmt: skip
_TIME = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|"
    r"tomorrow|morning|afternoon|evening|night|earlier|later|last|this|next|on|late|early)$",
    re.IGNORECASE,
)
_SAY = {
    "say", "said", "says", "tell", "told", "tells", "report", "reported", "reports",
    "confirm", "confirmed", "confirms",
}  # fmt: skip
_PRONOUNS = {
    "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there",
    "who", "which", "what",
}  # fmt: skip
_NOT = {"not", "n't", "never", "no", "none", "nobody", "nothing", "neither", "nor", "without"}
_CONDITIONS = {"if", "unless", "whether", "provided", "lest", "otherwise"}
_PREPOSED = {"prep", "advcl", "advmod", "npadvmod", "intj", "cc", "punct", "mark"}
_TRAILING = {"advcl", "npadvmod", "conj"}  # of the main verb
_NOUN_CLAUSE = {"relcl"}  # of a noun ("acl" is too often a complement the parser misreads)
# A headline never ends on a word that wants something after it ("…that environmentalists
# claim", "…to", "…the"): a deletion that leaves one is undone.
_OPEN_ENDED = {"VERB", "AUX", "ADP", "DET", "CCONJ", "SCONJ", "PART", "PRON"}
_CLOSERS = {",", ".", ";", ":", "!", "?", ")", "\u201d", "\u2019", "'", '"'}
_QUOTES = {"'", '"', "\u2018", "\u2019", "\u201c", "\u201d"}
_CUT_AT = _CLOSERS | {"(", "\u2014", "\u2013"}  # a deletion may end or begin at these
_SET_OFF = {",", "(", "-", "\u2013", "\u2014"}  # what opens an appositive
# a single quotation mark with a word on one side only: "'The Fix' will…" cut to "Fix' will…"
_LONE_MARK = re.compile(r"(?:^|\s)\w+['\u2019](?=\s)(?<!s')(?<!s\u2019)|(?:^|\s)['\u2018]\w")
_HANGING = {"and", "but", "while", "as", "or"}
# A verb and its object that need their phrase to say anything: "puts an end [to his
# season]", "gave rise [to protests]", "took part [in the search]". The object's noun and
# the preposition; the phrase after such an object is never a trailing detail.
_NEEDS_PHRASE = {
    ("end", "to"), ("stop", "to"), ("halt", "to"), ("close", "to"), ("rise", "to"),
    ("birth", "to"), ("way", "to"), ("way", "for"), ("room", "for"), ("part", "in"),
    ("claim", "to"), ("light", "on"), ("attention", "to"), ("tribute", "to"), ("aim", "at"),
    ("fire", "to"), ("advantage", "of"), ("track", "of"), ("care", "of"), ("use", "of"),
    ("note", "of"), ("control", "of"), ("charge", "of"), ("hold", "of"), ("sight", "of"),
    ("pressure", "on"), ("doubt", "on"), ("issue", "with"), ("fault", "with"),
    ("sense", "of"), ("access", "to"), ("credit", "for"), ("responsibility", "for"),
    ("blame", "for"), ("blame", "on"), ("exception", "to"), ("place", "in"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Trimmed:
    text: str
    reason: str = ""  # why it is no headline; empty when it is one

    @property
    def ok(self) -> bool:
        return not self.reason

    @property
    def too_long(self) -> bool:
        """Whole and sound, only longer than a headline may be."""
        return self.reason == "too long"

    @property
    def vague(self) -> bool:
        """Whole and sound, only naming nobody ("Police arrested a man…")."""
        return self.reason == "names nobody"


def _ids(token: Any) -> set[int]:
    return {t.i for t in token.subtree}


def _is_time(token: Any) -> bool:
    return all(_TIME.match(t.text) or t.ent_type_ in ("DATE", "TIME") for t in token.subtree)


def _render(sent: Any, drop: set[int]) -> str:
    kept = [t for t in sent if t.i not in drop]
    out: list[str] = []
    for k, t in enumerate(kept):
        out.append(t.text)
        if k + 1 < len(kept):
            n = kept[k + 1]
            if n.i == t.i + 1:
                out.append(t.whitespace_)
            elif n.text not in _CLOSERS:  # a gap where words were deleted
                out.append(" ")
    text = "".join(out)
    text = re.sub(r"\s+([,;:])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    return re.sub(r"^[,;:\s]+|[,;:\s.]+$", "", text)


@lru_cache(maxsize=1024)
def trim(sentence: str, *, inside: bool = False) -> Trimmed:
    """The lede as a headline, by deletion; ``reason`` says why it is none. ``inside``: a
    line within the story (a subheading, a timeline row), where a surname alone is someone
    the story has named ("Nichols spoke for the first time in court")."""
    from newsdesk.nlp import parse  # spaCy: loaded when first needed

    doc = parse(sentence)
    sents = list(doc.sents)
    if len(sents) != 1:
        return Trimmed("", "not one sentence")
    sent = sents[0]
    core = root = sent.root
    if root.lower_ in _SAY:  # "X did Y, police said": trim the report, keep who reports it
        core = next((c for c in root.children if c.dep_ == "ccomp" and c.i < root.i), root)
    subject = next(
        (c for c in core.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass")), None
    )
    asides = _asides(sent)
    if subject is None or subject.lower_ in _PRONOUNS or _refers_back(subject, asides, inside):
        return Trimmed("", "no subject of its own")
    drop = asides | _modifiers(sent, core, subject, asides)
    if any(_downward(t) and not (_apart(t, core, drop) or _confined(t, core, drop)) for t in sent):
        drop = asides  # a negation or quantifier scopes over the rest: it loses nothing
    text = _render(sent, drop)
    text = re.sub(r"^(?:The|A|An)\s+(?=[A-Z0-9])", "", text)
    text = text[:1].upper() + text[1:]
    n = len(text.split())
    if n < WORDS[0]:
        return Trimmed(text, "too short")
    too_long = n > WORDS[1]
    if not any(t.pos_ == "PROPN" for t in sent if t.i not in drop):
        return Trimmed(text, "names nobody")
    if (
        not extract.quotes_balanced(text)
        or text.count("(") != text.count(")")
        or _LONE_MARK.search(text)
    ):
        return Trimmed(text, "a quotation or bracket left open")
    if not extract.ledeable(text) or sent.root.pos_ not in ("VERB", "AUX"):
        return Trimmed(text, "not a statement of its own")
    said = ("ccomp", "parataxis", "xcomp" if core.lemma_ == "tell" else "dobj")  # what was
    if core.lower_ in _SAY and not any(c.dep_ in said and c.i not in drop for c in core.children):
        return Trimmed(text, "says that someone spoke, not what")  # "Police told reporters"
    if _torn(sent, drop):
        return Trimmed(text, "cuts a phrase apart")
    return Trimmed(text, "too long" if too_long else "")


def _downward(t: Any) -> bool:
    """A negation or quantifier; "No." before a number is a number sign ("the No. 5 seed")."""
    if t.lower_ in ("no", "no.") and t.i + 1 < len(t.doc):
        nxt = t.nbor()
        if nxt.like_num or (nxt.text == "." and t.i + 2 < len(t.doc) and nxt.nbor().like_num):
            return False
    return t.lower_ in _DOWNWARD


def _negated(tokens: Iterable[Any]) -> bool:
    """Whether a span holds a negation ("not", "never", "without"; not "No. 5")."""
    return any(t.lower_ in _NOT and _downward(t) for t in tokens)


def _apart(t: Any, core: Any, drop: set[int]) -> bool:
    """Whether ``t`` goes with a deleted clause of its own: after the main one, a coordinated
    or adverbial clause with its own subject ("…, but her arrival was not without drama",
    "…, meaning he won't play"), a statement apart from the one the headline keeps; or an
    adverbial clause before it ("After telling People that she didn't need rehab, Tara Reid
    checked into…"), which sets the scene and leaves the main clause true without it."""
    after = any(
        a.dep_ in ("conj", "advcl")
        and a.left_edge.i > core.i
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in a.children)
        and _ids(a) <= drop
        for a in [t, *t.ancestors]
    )
    # Before it, only a negation of a verb inside the phrase: "Not since 1990 has a team
    # won" negates the main clause itself.
    negated = t.head
    return after or (
        negated != core
        and negated.pos_ in ("VERB", "AUX")
        and any(
            a.head == core and a.dep_ in _PREPOSED and a.right_edge.i < core.i and _ids(a) <= drop
            for a in negated.ancestors
            if a != core
        )
    )


def _confined(t: Any, core: Any, drop: set[int]) -> bool:
    """Whether ``t`` negates only a relative clause below the main one that is kept whole or
    deleted whole ("…throughout a trial in which he never spoke"): what is deleted outside
    that clause was not under the negation."""
    clause = t.head
    if t.dep_ not in ("neg", "advmod") or clause.dep_ != "relcl" or clause == core:
        return False  # only where the parse is plain: "…in which he never spoke"
    scope = _ids(clause)
    return not (scope & drop) or scope <= drop


def _asides(sent: Any) -> set[int]:
    """Appositives, parentheses and relative clauses set off by commas, with the commas
    that set them off; not one that holds a negation, which may be what the sentence turns
    on."""
    drop: set[int] = set()
    for t in sent:
        edges = (t.left_edge.i - 1, t.right_edge.i + 1)
        if (
            t.dep_ == "relcl"
            and sent.start <= edges[0]
            and edges[1] < sent.end
            and all(t.doc[i].text == "," for i in edges)
            and not _negated(t.subtree)
        ):  # set off by commas: "Williams, who was booked into jail, gave a sample"
            # Both commas go before the verb the clause parted from its subject; one stays
            # before an attribution ("…the quake, which struck…, AP reported").
            after = t.doc[edges[1] + 1] if edges[1] + 1 < sent.end else None
            verb_next = after is not None and after.pos_ in ("VERB", "AUX")
            drop |= _ids(t) | (set(edges) if verb_next else {edges[0]})
            continue
        if (
            t.dep_ == "appos"
            and t.left_edge.i > sent.start
            and t.doc[t.left_edge.i - 1].text not in _SET_OFF
        ):
            continue  # not set off by a comma: "Iguodala 14.9 points" is no aside, but gapping
        if t.dep_ == "appos" or t.text == "(":
            ids = _ids(t) if t.dep_ == "appos" else _parenthesis(sent, t.i)
            if _negated(t.doc[i] for i in ids):
                continue  # "the name of the actor-though not the name of the Doctor-was…"
            drop |= ids
            for edge in (min(ids) - 1, max(ids) + 1):
                if sent.start <= edge < sent.end and t.doc[edge].text == ",":
                    drop.add(edge)
    return drop


def _modifiers(sent: Any, core: Any, subject: Any, asides: set[int]) -> set[int]:
    """The modifiers a headline leaves out: the phrase before the subject, when it
    happened, and while the clause is too long its last clause-level modifier.

    Deleting a modifier makes a statement weaker, except under a negation or a quantifier
    ("No militants were inside a school attacked by…"): the caller keeps none of these
    deletions when such a word is left, unless it goes with a deleted clause of its own
    (:func:`_apart`)."""
    drop = set(asides)
    preposed = [c for c in core.children if c.i < subject.left_edge.i and c.dep_ in _PREPOSED]
    kept = [c for c in preposed if c.text in _QUOTES or _bears_on_truth(c)]
    before: set[int] = set()
    for c in preposed:
        if c not in kept and not (kept and c.is_punct):  # a kept phrase keeps its comma
            before |= _ids(c)
    for q in _quotations(sent):  # a quotation in the phrase goes with it, marks and all
        if all(i in before for i in q if not sent.doc[i].is_punct):
            before |= q
    drop |= before
    for t in sent:
        on_verb = t.dep_ in ("npadvmod", "prep", "advmod") and t.head.pos_ in ("VERB", "AUX")
        conditional = any(a.dep_ == "advcl" and _bears_on_truth(a) for a in t.ancestors)
        if on_verb and _is_time(t) and not conditional:
            drop |= _ids(t)
    while _words(sent, drop) > TARGET and _drop_last_clause(sent, core, subject, drop):
        pass
    while _words(sent, drop) - _article(sent, drop) > WORDS[1] and _subject_clause(
        sent, core, subject, drop
    ):
        pass
    return drop - asides


def _quotations(sent: Any) -> list[set[int]]:
    """The tokens of each quotation in double quotation marks, the marks included."""
    spans: list[set[int]] = []
    open_at: int | None = None
    for t in sent:
        if t.text not in ('"', "\u201c", "\u201d"):
            continue
        opening = t.text == "\u201c" or (t.text == '"' and open_at is None)
        if opening and open_at is None:
            open_at = t.i
        elif not opening and open_at is not None:
            spans.append(set(range(open_at, t.i + 1)))
            open_at = None
    return spans


def _torn(sent: Any, drop: set[int]) -> bool:
    """A deletion inside a word ("17-for-17" left as "17") or inside a quotation, which is
    the speaker's words, or one that runs two names together ("Wasilla Bible Church[, the
    church of] Alaska Governor Sarah Palin")."""
    if any(q & drop and not q <= drop for q in _quotations(sent)):
        return True
    kept = [t for t in sent if t.i not in drop and not t.is_punct]
    for a, b in itertools.pairwise(kept):
        cut = any(i in drop and not sent.doc[i].is_punct for i in range(a.i + 1, b.i))
        if cut and a.pos_ == "PROPN" and b.pos_ == "PROPN":
            return True
    for t in sent[:-1]:
        nxt = t.nbor()
        if (
            not t.whitespace_
            and (t.i in drop) != (nxt.i in drop)
            and t.text not in _CUT_AT
            and nxt.text not in _CUT_AT
        ):
            return True
    return False


def _refers_back(subject: Any, asides: set[int], inside: bool = False) -> bool:
    """ "The actress", "the 26-year-old": a definite description that names nobody points
    to someone the reader met before (an aside does not name her: "The actress, 26,"); so
    does a surname alone, except ``inside`` a story that has named the person."""
    words = [t for t in subject.subtree if t.i not in asides]
    if not words:
        return True  # the subject is an aside: "(CNN) Greg Gianforte, …, pleaded guilty"
    if len(words) == 1 and subject.ent_type_ == "PERSON" and not inside:
        return True  # "Bush has been placed on injured reserve": which Bush?
    named = any(t.pos_ in ("PROPN", "NUM") for t in words)
    return not named and words[0].lower_ in ("the", "this", "that", "these", "those")


def _bears_on_truth(token: Any) -> bool:
    """A condition ("If convicted, he faces life") or a source ("According to police, …"):
    without it the rest says something else, so it is never deleted."""
    words = [t.lower_ for t in token.subtree]
    if any(w in _CONDITIONS for w in words):
        return True
    return words[:2] == ["according", "to"] or bool(set(words) & _SAY)


def _parenthesis(sent: Any, start: int) -> set[int]:
    depth, out = 0, set()
    for t in sent:
        if t.i < start:
            continue
        depth += t.text == "("
        out.add(t.i)
        depth -= t.text == ")"
        if depth == 0:
            break
    return out


def _article(sent: Any, drop: set[int]) -> int:
    """1 when the first word kept is an article, which the headline leaves out."""
    first = next((t for t in sent if t.i not in drop and not t.is_punct), None)
    return int(first is not None and first.lower_ in ("the", "a", "an"))


def _words(sent: Any, drop: set[int]) -> int:
    return sum(1 for t in sent if t.i not in drop and not t.is_punct)


def _loose(clause: Any) -> bool:
    """Whether a relative clause can go without leaving its noun hanging: not one that says
    which thing "the same …" or "the only …" is ("the same vacant expression [he wore
    throughout the trial]")."""
    return not any(c.lower_ in ("same", "only", "first", "last") for c in clause.head.children)


def _set_off(t: Any) -> bool:
    """A clause set off by a comma from the noun or clause it tells more about ("…the worst
    riots in decades, sparked by the police killing of a teenager"): an aside."""
    before = t.left_edge.i - 1
    return (
        t.dep_ in ("acl", "advcl", "relcl")
        and t.pos_ in ("VERB", "AUX")
        and before >= 0
        and t.doc[before].text == ","
    )


def _ends_open(t: Any, core: Any, drop: set[int]) -> bool:
    """Whether a headline ending on ``t`` wants something after it ("…that environmentalists
    claim", "…to", "…the"). A passive that keeps all its own words is whole ("…at the
    prison unit where he was housed")."""
    if t.pos_ not in _OPEN_ENDED or t == core:
        return False
    passive = any(c.dep_ == "auxpass" for c in t.children)
    return not (t.pos_ == "VERB" and passive and not (_ids(t) & drop))


def _subject_clause(sent: Any, core: Any, subject: Any, drop: set[int]) -> bool:
    """Delete a relative clause or participle that narrows the subject ("A Texas prison
    guard [who helped a convicted rapist escape] was fired…") when the subject still says
    whom it means without it: an indefinite one, or one that keeps a name. False when there
    is none to delete."""
    for c in subject.children:
        first, more = c.left_edge, _ids(c)
        marked = c.dep_ == "relcl" and first.tag_ in ("WP", "WP$", "WDT", "WRB")  # "who…"
        participle = c.dep_ == "acl" and c.tag_ == "VBN" and first == c  # "…climber stuck on…"
        if (
            not (marked or participle)
            or more & drop
            or (first.i > sent.start and sent.doc[first.i - 1].is_punct)  # set off: an aside
            or _negated(c.subtree)
            or _bears_on_truth(c)
        ):
            continue
        after = next((t for t in sent if t.i > max(more) and t.i not in drop), None)
        if after is None or not (after == core or (after.head == core and after.i < core.i)):
            continue  # the clause must end where the subject's verb begins: else a misparse
        left = [t for t in subject.subtree if t.i not in drop | more and not t.is_punct]
        named = any(t.pos_ in ("PROPN", "NUM") for t in left)
        if not (named or (left and left[0].lower_ in ("a", "an"))):
            continue
        if _words(sent, drop | more) < WORDS[0] or any(t.like_num for t in c.subtree):
            continue  # too little left, or the clause holds a count: the news ("…that killed 40")
        drop |= more
        return True
    return False


def _trailing_phrase(t: Any, drop: set[int]) -> bool:
    """A prepositional phrase on a verb that keeps an object or another such phrase before
    it ("…by buying ATI for $5.4 billion", "…spoke to ONE News about X, and about Y"): the
    verb still says whom or what it acts on without it ("Lohan checked into…" keeps its)."""
    verb = t.head
    if t.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX"):
        return False
    before = t.left_edge.i - 1
    while before > verb.i and (t.doc[before].is_punct or before in drop):
        before -= 1
    if t.doc[before].dep_ in ("npadvmod", "advmod") and t.doc[before].head == verb:
        return False  # "…a day after X", "…shortly before Y": the measure needs its phrase
    if any(
        c.dep_ == "dobj" and (c.lemma_.lower(), t.lower_) in _NEEDS_PHRASE for c in verb.children
    ):
        return False  # "…puts an end to his season": the object says nothing without it
    return any(
        c.i < t.i and c.i not in drop and c.dep_ in ("dobj", "dative", "attr", "oprd", "prep")
        for c in verb.children
    )


def _subject_left_behind(clause: Any) -> bool:
    """A clause that begins with its bare verb right after a name, or after a noun when the
    verb takes an object: the parser gave its subject to the clause before ("… scored on a
    one-yard pass and Adam Vinatieri [tied the game]", "Anger over the death of a teenager
    shot by police [fueled a riot]"), so deleting it leaves a subject without its verb. A
    participle after a noun is that noun's ("the flaw revealed earlier this week")."""
    if clause.tag_ not in ("VBD", "VBZ", "VBP") or clause.left_edge != clause or clause.i == 0:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in clause.children):
        return False
    before = clause.doc[clause.i - 1].pos_
    return before in ("PROPN", "PRON") or (
        before == "NOUN" and any(c.dep_ == "dobj" for c in clause.children)
    )


def _drop_last_clause(sent: Any, core: Any, subject: Any, drop: set[int]) -> bool:
    """Delete the clause-level modifier the main clause ends with (the longest first), else
    the prepositional phrase it ends with (:func:`_trailing_phrase`, the shortest first),
    so long as what is left neither ends open nor falls short of a headline; False when no
    such deletion is left. An attribution after the clause ("…, police said") stays."""
    region = _ids(core)
    kept = [t for t in sent if t.i not in drop and not t.is_punct and t.i in region]
    if not kept:
        return False
    last = kept[-1].i
    ending = [
        t for t in kept if t.i > subject.i and max(_ids(t)) >= last and not _bears_on_truth(t)
    ]
    clauses = [
        t
        for t in ending
        if (t.head == core and t.dep_ in _TRAILING)
        or (t.dep_ in _NOUN_CLAUSE and t.head.pos_ in ("NOUN", "PROPN", "PRON") and _loose(t))
        or _set_off(t)
    ]
    # "Comeaux was in a wheelchair when he pulled a gun on two guards": the clause that says
    # when is the event; what it hangs on sets the scene.
    clauses = [t for t in clauses if not any(c.lower_ == "when" for c in t.children)]
    clauses = [t for t in clauses if not _subject_left_behind(t)]
    phrases = [t for t in ending if t not in clauses and _trailing_phrase(t, drop)]
    for clause in [
        *sorted(clauses, key=lambda t: t.left_edge.i),
        *sorted(phrases, key=lambda t: -t.left_edge.i),
    ]:
        lo = clause.left_edge.i
        more = set(range(lo, max(region) + 1))
        i = lo - 1  # a conjunction or comma left hanging before it
        while i > subject.i:
            t = sent.doc[i]
            if not (i in drop or t.is_punct or t.dep_ == "cc" or t.lower_ in _HANGING):
                break
            more.add(i)
            i -= 1
        ends = [t for t in kept if t.i not in more]
        if not ends or _ends_open(ends[-1], core, drop | more):
            continue
        if _words(sent, drop | more) < WORDS[0]:
            continue  # "Athens was calm": too little left to be a headline
        drop |= more
        return True
    return False
