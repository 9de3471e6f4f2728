"""What one sentence says: quotes and speakers, roles, numbers, places, cues.

These read one evidence sentence (its text and its spaCy parse: named
entities and part-of-speech tags) and return plain values; the fact sheet
(:mod:`newsdesk.analyze.sheet`) ties them to evidence ids and compares
sources. Patterns here are about English news prose: "…," said X, the Y of Z;
"Prime Minister X"; "at least 12 people were killed"; "the western Baghdad
neighborhood of Al-Ghadeer".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# --- is a sentence fit to write from? ------------------------------------------------------

_BOILERPLATE = re.compile(
    r"\b(click|subscribe|sign up|newsletter|follow us|advertisement|read more|copyright|"
    r"all rights reserved|contributed to this report|share this|getty images|ap photo|"
    r"staff photographer|photo credit|image caption|cookies?|javascript|terms of use|"
    r"privacy policy|this (story|article) (has been|was) (updated|corrected)|"
    r"related:|watch:|listen:|email us|you can reach|"
    # site furniture of other kinds: a call to follow a topic, a gallery or video player's
    # controls and messages, a social network's notice about an embedded post, a web
    # archive's notice about the capture ("Starting in 1996, Alexa Internet has been
    # donating their crawl data to the Internet Archive.")
    r"as an interest to stay up to date|\d+ of \d+ photos|hide caption|view (?:images|"
    r"photos|gallery)|skip ad|video has been rented|transcript could not be "
    r"loaded|(?:feature|video) is (?:not|un)available|please try again later|location "
    r"(?:information )?to your tweets|tweet location|wayback machine|crawl data|crawls of|"
    r"archive pages as they are created)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# A weekday and a whole date, the way a picture agency dates its photo ("Thursday, Feb. 16,
# 2017"); a caption's words for a picture ("In this Nov. 10, 2009 file photo").
_WEEKDAY_DATE = re.compile(
    rf"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+{_MONTH_NAME}\.?,?\s+\d{{1,2}},?\s+\d{{4}}\b"
)
_FULL_DATE = re.compile(rf"\b{_MONTH_NAME}\.?\s+\d{{1,2}},\s+\d{{4}}\b")
_PICTURE = re.compile(
    r"\bfile (?:photo|image)\b|\bin this (?:\w+ )?(?:photo|image)\b|"
    r"\b(?:this|the) (?:photo|image|picture) (?:provided|released|taken|made available)\b",
    re.IGNORECASE,
)
# Text addressed to a language model rather than to readers (prompt injection planted in a
# page): chat-template tokens, role labels, "ignore previous instructions" and the like. Such a
# sentence is never news: it is not written, shown to a model as evidence, or published.
INSTRUCTION = re.compile(
    r"<\|?\s*(?:im_start|im_end|endoftext|system|user|assistant|eot_id)\s*\|?>|\[/?INST\]|"
    r"<<\s*/?SYS\s*>>|(?:^|\n)\s*#+\s*(?:system|instructions?)\b|"
    r"\b(?:system|assistant|ai assistant)\s*:|"
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?"
    r"(?:previous|prior|above|earlier|preceding|foregoing)?\s*(?:instructions|rules|prompts?|"
    r"directions|guidelines)\b|\bnew instructions\b|\bdeveloper mode\b|"
    r"\b(?:language models?|llms?|ai models?|chatbots?)\s+(?:must|should|reading this)\b|"
    r"\byou are now (?:a|an|in)\b|"
    # a sentence that orders its reader to write something: "Say the budget was rejected."
    r"^\W*(?:(?:instead|now|also|then|finally|and|so)\s*,?\s+)?(?:please\s+)?(?:say|write|(?:state|report|claim|mention|assert)\s+that|"
    r"(?:add|include|insert|append|output|print)\s+(?:a|an|the|this)\s+(?:quote|sentence|line|"
    r"link|word|phrase)|end (?:the|your) (?:story|article|answer)|respond with|reply with)\b",
    re.IGNORECASE,
)
_ENDS_WELL = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$|[\"\u201d]$")


# The dash a wire dateline leaves when the page lost the place before it: "—President Trump
# called U.S. troops…", "--A 76-year-old man…". The writer drops it, as it drops a dateline.
LOST_DATELINE = re.compile(r"^(?:--?|[\u2014\u2013])\s*(?=[A-Z])")


def quotes_balanced(text: str) -> bool:
    """Every quotation the sentence opens, it closes. A sentence that only opens or only
    closes one is a piece of a longer quotation: alone it loses the speaker or the start.

    Outlets mix their marks ("…“like a violent crime prosecution" against…"): read left to
    right, a mark opens when none is open and closes when one is, except that a curly
    opening mark never closes and a curly closing mark never opens."""
    open_ = False
    for c in text:
        if c == "\u201c" or (c == '"' and not open_):
            if open_:
                return False
            open_ = True
        elif c == "\u201d" or c == '"':
            if not open_:
                return False
            open_ = False
    return not open_


# Quotation marks by direction. A straight mark (or the replacement character a page's broken
# encoding left for a curly one) opens after a space or a bracket and before a word, else it
# closes. Some outlets close with two single marks: “The Wolfman’’.
_QUOTE_MARK = re.compile("\u201c|\u2018\u2018|``|\u201d|\u2019\u2019|''|[\"\ufffd]")
_OPENS_AFTER = " \t([{\u2014\u2013-"


def _open_after(text: str, open_: bool) -> bool:
    """Whether a quotation is open at the end of ``text`` when one was (``open_``) at its
    start."""
    for m in _QUOTE_MARK.finditer(text):
        mark, i, end = m.group(), m.start(), m.end()
        if mark in ('"', "\ufffd"):
            after = text[end : end + 1]
            open_ = (i == 0 or text[i - 1] in _OPENS_AFTER) and (
                after.isalnum() or (after != "" and after in "\u2018'($\u2026")
            )
        else:
            open_ = mark in ("\u201c", "\u2018\u2018", "``")
    return open_


def quotation_open(text: str) -> bool:
    """Whether ``text`` (a sentence up to some point) leaves a quotation open: what follows
    is the speaker's words."""
    return _open_after(text, False)


QUOTED_RUN = 6  # the most sentences with no mark a quotation is taken to run on for


def inside_quotations(texts: Sequence[str]) -> set[int]:
    """The sentences of one report that stand inside a longer quotation with no mark of their
    own: in "“We will rebuild. The city is strong. Nobody will stop us,” the mayor said." the
    middle sentence is the mayor's, though alone it reads like the report's.

    Read in order: a sentence that leaves a quotation open starts a run of unmarked
    sentences, which the next sentence with a mark ends, closing the quotation or opening
    the next paragraph of it ("“…" again, as a speech runs over paragraphs). A run longer
    than :data:`QUOTED_RUN` is dropped: the page lost a mark, and the sentences are the
    report's."""
    inside: set[int] = set()
    open_, run = False, []
    for j, text in enumerate(texts):
        if not _QUOTE_MARK.search(text):
            if open_:
                run.append(j)
                if len(run) > QUOTED_RUN:
                    open_, run = False, []
            continue
        if open_:
            inside.update(run)
        run = []
        open_ = _open_after(text, open_)
    return inside


# An opinion piece says so: a title labelled "OPINION: Release the Charlotte Police Video"
# or "Op-Ed | …", or a page filed under an opinion section (".../opinion/2019/…"). Its
# argument is its writer's; a story that speaks for many reports does not tell it in its
# own voice, and its title heads no story.
_OPINION_TITLE = re.compile(
    r"^\W*(?:opinion|op-?ed|editorial|commentary|column|letters? to the editor)"
    r"\s*[:|\u2013\u2014-]\s",
    re.IGNORECASE,
)
_OPINION_SECTION = re.compile(
    r"/(?:opinions?|op-?eds?|commentary|editorials?|columnists?|letters-to-the-editor)(?:/|$)",
    re.IGNORECASE,
)


def opinion_piece(title: str, url: str) -> bool:
    """A report that labels itself as opinion, by its title or by the section it is filed
    under."""
    return _OPINION_TITLE.search(title) is not None or (
        _OPINION_SECTION.search(urlsplit(url).path) is not None
    )


def usable(text: str) -> bool:
    """A whole, newsworthy sentence: not a caption, a byline, a link, site furniture or an
    instruction planted for language models."""
    n = len(text.split())
    if n < 6 or n > 70 or _URL.search(text) or _BOILERPLATE.search(text):
        return False
    if INSTRUCTION.search(text):
        return False
    opens_well = text[0].isupper() or text[0] in "\"'\u201c\u2018(0123456789$"
    if not opens_well and not LOST_DATELINE.match(text):
        return False
    if not _ENDS_WELL.search(text):
        return False
    if not quotes_balanced(text):
        return False  # one piece of a quotation that runs over several sentences
    letters = sum(c.isalpha() for c in text)
    if letters < 0.6 * len(text):
        return False
    upper = sum(c.isupper() for c in text)
    return upper < 0.5 * letters and not heading(text)


# The words a title in title case leaves in lower case.
_TITLE_SMALL = frozenset(
    "a an the and or nor but of to in on at for by with from as vs via into over".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def heading(text: str) -> bool:
    """A heading in title case, not a sentence: "Obama Administration Restores Endangered
    Species Act Protections!", "Follow A. Pawlowski on Facebook, Instagram and Twitter."
    Every word is capitalized but the small ones a title leaves in lower case; a sentence
    has a verb or a word in lower case ("Michael Cohen is Executive Vice President…")."""
    words = _WORD.findall(strip_quotes(text))
    capitalized = [w for w in words if w[0].isupper()]
    return len(capitalized) >= 4 and all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in words)


# A slideshow's counter before each picture's text ("18/18 On Hillary Clinton …").
_COUNTER = re.compile(r"^(\d{1,3})/(\d{1,3})\s")


def gallery(texts: Sequence[str]) -> set[int]:
    """The sentences of one page that a slideshow's counter opens ("1/18 On Mexicans …",
    "12/18 On tax loopholes …"): the same total twice or more, each count within it. A lone
    "9/11 changed everything" is a date, not a slide."""
    slides = [(i, m) for i, t in enumerate(texts) if (m := _COUNTER.match(t))]
    totals = Counter(m.group(2) for _, m in slides)
    return {
        i for i, m in slides if totals[m.group(2)] >= 2 and 0 < int(m.group(1)) <= int(m.group(2))
    }


def caption(text: str) -> bool:
    """A picture's caption that a page's text carried along: "President Donald Trump speaks
    during a news conference, Thursday, Feb. 16, 2017, in the East Room of the White House".
    A caption tells what the picture shows in the present tense, or with no verb at all, and
    dates it in full, weekday first, or in full with no verb at all ("Kevin Spacey at the
    BAFTA Britannia Awards in Beverly Hills, on Oct. 27, 2017."); a report tells the past
    ("Reid checked herself in on Tuesday, December 9, 2008") or what is to come ("The trial
    is set to begin Monday, March 3, 2014"), or what someone says. Only a sentence dated
    that way is parsed."""
    if _PICTURE.search(text):
        return True
    weekday = _WEEKDAY_DATE.search(text)
    if not (weekday or _FULL_DATE.search(text)) or future(text):
        return False
    from newsdesk.nlp import parse

    root = next((t for t in parse(text) if t.dep_ == "ROOT"), None)
    if root is None:
        return False
    if root.pos_ not in ("VERB", "AUX"):
        return True  # "The heavily fortified police station in Antrim, Thursday, May 1, 2014."
    if not weekday:
        return False  # dated in full but told with a verb: a report may date its news so
    if root.lemma_ == "be" or any(c.dep_ == "ccomp" for c in root.children):
        return False  # "Officials say the storm is the worst since Tuesday, Jan. 5, 2010."
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    return (aux[0] if aux else root).tag_ in ("VBZ", "VBP")


# --- can it open a story, or head one? ----------------------------------------------------

# A writer's own voice: "Oh, it's been so long since we were on the rehab beat!" A story that
# speaks for many reports cannot say "we" or "I" outside a quotation, nor open with a sigh.
_INTERJECTION = re.compile(
    r"^(?:(?:well|oh|so|yes|no|okay|ok|hey|wow|anyway|look|alas)\b\s*,|"
    # ... or with no comma, before a pronoun: "Well it's better late than never, Tara."
    r"(?:well|oh|wow)\s+(?=(?:it|it's|it\u2019s|i|we|you|that|this|there|here)\b))",
    re.I,
)
_PERSONAL = re.compile(
    r"\b(?:I(?=\s+(?:am|was|have|had|do|did|don|didn|think|thought|know|knew|said|say|will|"
    r"would|can|could|want|wanted|feel|felt|believe|just|love|went|got|saw|see|hope|mean|guess|"
    r"never|also|really|still|make|made|find|found|wonder|hate|like|bet|doubt|agree|remember|"
    r"suppose|understand|must|should|might|may|cannot|can['\u2019]t|won['\u2019]t)\b)|"
    r"I['\u2019](?:m|ve|d|ll)|[Ww]e|[Ww]e['\u2019](?:re|ve|d|ll)|[Oo]ur|us|"
    r"[Yy]ou|[Yy]ou['\u2019](?:re|ve|d|ll)|[Yy]our|[Mm]y|me)\b"
)
# "TMZ also reports…", "Scheyer also dished out…": it adds to something told before.
_ALSO = re.compile(r"^(?:\S+\s+){0,6}?(?:also|too|as well|again)\b", re.I)


# A post's own voice: it addresses someone ("Please study this quote …, @realDonaldTrump").
_ADDRESS = re.compile(r"(?<![\w.])@ ?[A-Za-z_]\w+|^\W*please\b|,\s*please\b", re.I)


def personal(text: str) -> bool:
    """Speaks in someone's own voice outside quotation marks: in the first or second
    person, addressing someone (a social-network handle, "please"), or opening with a sigh
    ("Wow, the ratings are in …"). A tweet pasted into a page is its author's, not a
    report's."""
    outside = strip_quotes(text)
    return (
        _PERSONAL.search(outside) is not None
        or _ADDRESS.search(outside) is not None
        or _INTERJECTION.match(text.strip()) is not None
    )


# A writer's opinion: "hopefully both of them learn a lesson", "it is no wonder many people
# have trouble relating with the pros", "What a remarkable story." A story that speaks for
# many reports states what they report, not what one columnist makes of it; a source's
# opinion is told only as theirs (attributed or quoted).
_STANCE = re.compile(
    r"\b(?:hopefully|no wonder|needless to say|arguably|frankly|undoubtedly|of course|"
    r"obviously|^\W*what an?|let['\u2019]s|let us|in my (?:opinion|view)|is (?:just )?part of the "
    r"problem|(?:it['\u2019]s|it is) (?:a )?shame|ridiculous|pathetic|disgraceful|shameful|"
    r"laughable|absurd)\b",
    re.IGNORECASE,
)
# "Unfortunately, the Colts could not sustain drives": a comment on a fact that the rest of
# the sentence states whole; dropping the comment leaves the fact and drops the opinion.
_COMMENT = re.compile(
    r"^(?:sadly|unfortunately|fortunately|thankfully|luckily|tragically|happily|"
    r"regrettably|mercifully|ironically),?\s+(?=\S)",
    re.IGNORECASE,
)


def opinion(text: str) -> bool:
    """Gives a writer's own opinion, outside quotation marks and not as someone's speech."""
    outside = strip_quotes(text)
    stance = _STANCE.search(outside)
    return stance is not None and _SPEECH.search(_STANCE.sub(" ", outside)) is None


def ledeable(text: str) -> bool:
    """Fit to open a story: a whole statement in a reporter's voice that needs no sentence
    before it — not a question, an exclamation, a trailing-off, an aside or an addition."""
    t = text.strip()
    if t.endswith(("...", "\u2026", "?", "!", '?"', '!"', "?\u201d", "!\u201d")):
        return False
    if personal(t) or opinion(t) or dangling(t):
        return False
    return _ALSO.match(strip_quotes(t)) is None


_JUNK_TITLE = re.compile(
    r"\b(last updated|updated at|published|posted (?:on|at)|live updates?|breaking news|"
    r"page not found|home ?page|subscribe|log ?in|sign in)\b|^\W*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"
    # a page's date stamp run into the title ("… QUEENS DA SAYSSEPTEMBER 19, 2013"), and a
    # blog's cheer ("FIRED IN PHILLY!!")
    r"|[a-z]{2,}(?:january|february|march|april|june|july|august|september|october|november|"
    r"december)\s+\d{1,2}\b|[!?]!",
    re.IGNORECASE,
)
_DATE_WORD = re.compile(
    r"^(?:[\d/:.,-]+|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|"
    r"march|april|june|july|august|september|october|november|december|mon|tue|wed|thu|fri|"
    r"sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|a\.m|p\.m|gmt|"
    r"utc|est|edt|pst|pdt|bst|cet|at|on|of|the|by)\.?$",
    re.IGNORECASE,
)


# A title that ends on one of these was cut short by its feed: "Man found GUILTY of shooting
# dead pregnant girlfriend execution-style because".
_CUT_TITLE = re.compile(
    r"(?:\b(?:because|and|or|but|nor|the|a|an|of|to|than|his|her|their|its|whose|with|from)"
    r"|\.\.\.|…)\W*$",
    re.IGNORECASE,
)


def titled(title: str) -> bool:
    """Whether a report's title names anything: not empty, and not only a date or a time
    ("APR 28", "Tuesday, 2 July 2013 | 12:42 GMT"), which a page may put where its title
    belongs."""
    words = [w.strip(",;:()|") for w in title.split()]
    return any(_DATE_WORD.match(w) is None for w in words if w)


def headline_like(title: str) -> bool:
    """A report's title that reads as a headline: not a timestamp ("16 September 2013 Last
    updated at 12:42 GMT"), a dated file name, shouting in capitals, a link, a paragraph or
    a title cut short."""
    words = title.split()
    if not 3 <= len(words) <= 20 or _JUNK_TITLE.search(title) or _URL.search(title):
        return False
    if _CUT_TITLE.search(title):
        return False
    if INSTRUCTION.search(title):
        return False
    if sum(_DATE_WORD.match(w.strip(",;:()|")) is None for w in words) < 3:
        return False
    return not shouting(title)


# --- cues ----------------------------------------------------------------------------------

_DANGLING = re.compile(
    r"^(he|she|they|it|his|her|their|its|this|these|those|that|such|there|both|another|"
    r"the (two|three|latter|former|move|decision|group|man|woman|company|pair|couple)|"
    r"but|and|or|so|also|however|meanwhile|still|yet|instead|then|moreover|furthermore|"
    r"nevertheless|nonetheless|later|afterward|in addition|in response|as a result)\b",
    re.IGNORECASE,
)
# "Unfortunately, it hasn't played out": the pronoun after a comment word still points back.
_SENTENCE_ADVERB = re.compile(r"^[A-Z][a-z]+ly,\s+(?=[a-z])")
# A link word only with its comma where it also opens a phrase: "In addition to Zurana
# Horton, another mom…", "So far, 12 bodies…", "Still photos show…", "Yet another…".
_CONNECTIVE = re.compile(
    r"^(?:(?:but|and|also|however|meanwhile|moreover|furthermore)\b,?|"
    r"(?:so|still|yet|in addition),)\s+",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    # "will" in lower case: not "Good Will Hunting"; nor "the will of the people" (the word
    # after a determiner or a possessive is a noun)
    r"(?<!\bthe )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bfree )\b(?-i:will|won't|won\u2019t)\b|"
    r"\b(?:is expected to|are expected to|plans? to|(?:is|are) (?:scheduled|slated) to|is due to|"
    r"are due to|(?:is|are) due (?:back |to be )?(?:in|at|before|for)|"
    r"next (week|month|year)|is set to|are set to|intends? to|vowed to|promised to|"
    r"tomorrow|later this (week|month|year))\b",
    re.IGNORECASE,
)


def dangling(text: str) -> bool:
    """Opens with a word that points back at a sentence the reader may not have seen,
    quotes someone only as "he said", or is a quotation alone, its speaker named in
    another sentence."""
    if _whole_quote(text):
        return True
    opening = _SENTENCE_ADVERB.sub("", text.lstrip("\"'\u201c\u2018 "), count=1)
    if _DANGLING.match(opening) is not None:
        return True
    return _POINTING_SPEAKER.search(strip_quotes(text)) is not None


def drop_connective(text: str) -> str:
    """ "But the court said…" -> "The court said…": the link word, never a fact."""
    return _drop_opening(_CONNECTIVE, text)


def drop_comment(text: str) -> str:
    """ "Sadly, the mother of two died…" -> "The mother of two died…": the writer's comment
    on a fact, never the fact."""
    return _drop_opening(_COMMENT, text)


_EXCHANGE = (
    r"(?:nyse(?: american| arca| mkt)?|nasdaq(?:gs|gm|cm)?|amex|lse|tsx(?:-?v)?|asx|otc(?:qb|qx)?"
    r"|euronext|hkex|sgx|nse|bse|jse|six|xetra)"
)
# "Microsoft's (NASDAQ: MSFT) advice", "Intel (nasdaq: INTC-news-people)": a stock
# listing is a link for investors, not part of what the sentence tells.
_TICKER = re.compile(
    rf"\s*\({_EXCHANGE}\s*:\s*[A-Za-z0-9.-]{{1,24}}"
    rf"(?:\s*[,;]\s*{_EXCHANGE}\s*:\s*[A-Za-z0-9.-]{{1,24}})*\)",
    re.IGNORECASE,
)


def drop_tickers(text: str) -> str:
    """ "Intel (NASDAQ: INTC) and Nvidia" -> "Intel and Nvidia"."""
    return _TICKER.sub("", text)


def _drop_opening(pattern: re.Pattern[str], text: str) -> str:
    m = pattern.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:] if rest else text


def future(text: str) -> bool:
    return _FUTURE.search(strip_quotes(text)) is not None


# --- quotes and speakers -------------------------------------------------------------------

_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{12,}?)[\"\u201d]")
_SPEECH = re.compile(
    r"\b(said|says|say|told|tells|added|adds|asked|asks|stated|wrote|writes|explained|"
    r"explains|noted|warned|warns|declared|insisted|insists|argued|argues|tweeted|tweets|"
    r"announced|acknowledged|claimed|recalled|recalls|according to|"
    r"describ(?:ed|ing)|call(?:ed|ing)|condemn(?:ed|ing))\b",
    re.IGNORECASE,
)


def _pronoun_speaker(before: str, after: str) -> re.Pattern[str]:
    """A speaker named only by a pronoun: "he said", "…, it said", "said they"."""
    return re.compile(
        rf"\b({before})\s+(said|says|told|tells|added|adds|asked|asks|wrote|writes|explained|"
        rf"explains|noted|warned|warns|stated)\b|"
        rf"\b(said|says|added|adds|asked|asks)\s+({after})\b",
        re.IGNORECASE,
    )


# A quotation takes its speaker's name from the sentence before only for "he"/"she"; "it"
# (a statement, a ministry named before) and "they" leave a sentence leaning back as well.
_PRONOUN_SPEAKER = _pronoun_speaker("he|she", "he|she")
_POINTING_SPEAKER = _pronoun_speaker("he|she|they|it", "he|she|they")
ROLE_WORDS = frozenset(
    """
president vice prime minister secretary spokesman spokeswoman spokesperson chief director
commander general gen. senator sen. rep. representative governor gov. mayor judge justice
attorney prosecutor lawyer rep sheriff officer inspector detective captain lieutenant sergeant
colonel col. ceo chairman chairwoman chair founder leader head official ambassador king queen
prince princess pope coach manager professor analyst economist researcher editor reporter
actress actor singer spokesperson deputy councilman councilwoman lawmaker candidate nominee
chancellor premier speaker adviser advisor aide executive owner agent publicist doctor dr.
commissioner superintendent principal chancellor administrator envoy diplomat
""".split()  # noqa: SIM905
)


def _whole_quote(text: str) -> bool:
    t = text.strip()
    if t[:1] not in ('"', "\u201c") or t.rstrip(".!?")[-1:] not in ('"', "\u201d"):
        return False
    rest = strip_quotes(t)
    return len(rest.split()) < 2 and _SPEECH.search(rest) is None


def attributed(text: str) -> bool:
    """Someone speaks: a quotation with a verb of saying outside its marks ("…," he said),
    not a term in scare quotes (the Pacific "Ring of Fire")."""
    return bool(_QUOTED.search(text)) and _SPEECH.search(strip_quotes(text)) is not None


def strip_quotes(text: str) -> str:
    return _QUOTED.sub(" ", text)


@dataclass(slots=True)
class FoundQuote:
    text: str
    speaker: str | None
    role: str | None
    pronoun: bool  # the speaker is "he"/"she" in this sentence: resolve from the sentences before


def _spans(ents: list[tuple[str, str, int, int]], labels: set[str]) -> list[tuple[str, int, int]]:
    return [(t, s, e) for t, lab, s, e in ents if lab in labels]


# "Laci Peterson's loved ones have “a hole in their hearts…,” a prosecutor told jurors": a
# name in the possessive is whose the subject is, never who speaks.
_POSSESSIVE = re.compile("['\u2019]s\\b")
# Someone named by role alone, before the verb of saying or after it: "a prosecutor told
# jurors", "said the coach", "Reid's rep told Us". Group 1 is the phrase, group 2 its last
# word.
_ROLE = (
    r"((?:a|an|the|(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*['\u2019]s)\s+"
    r"(?:[a-z][\w-]*\s+){0,2}?([a-z][\w.-]*))"
)
# "… her rep told UsMagazine.com": whom someone told is not who speaks; nor is whom a
# speaker speaks of ("Showrunner, 51, adds that Malcolm Tucker will not cast a shadow").
_TOLD = re.compile(
    r"\b(?:told|tells|telling|(?:said|says|added|adds|wrote|writes|explained|explains|noted|"
    r"warned|warns|insisted|insists|argued|argues|announced|acknowledged|claimed|recalled|"
    r"recalls|stated)\s+that)\s+$"
)
_ROLE_SPEAKERS = (
    re.compile(
        rf"\b{_ROLE}\s+(?:said|says|told|tells|added|adds|argued|insisted|warned|wrote|writes)\b"
    ),
    re.compile(rf"\b(?:said|says|added|adds|argued|insisted|warned|wrote|writes)\s+{_ROLE}\b"),
)


def _possessive(text: str, end: int) -> bool:
    """Whether the name that ends at ``end`` is in the possessive ("Laci Peterson's")."""
    return text[end - 2 : end] in ("'s", "\u2019s") or _POSSESSIVE.match(text, end) is not None


def quotes(text: str, ents: list[tuple[str, str, int, int]]) -> list[FoundQuote]:
    """Direct quotations in a sentence, each with the speaker named outside the marks."""
    found = list(_QUOTED.finditer(text))
    if not found:
        return []
    inside = [(m.start(), m.end()) for m in found]

    def outside(start: int, end: int) -> bool:
        return not any(a <= start and end <= b for a, b in inside)

    rest = strip_quotes(text)
    speaker: str | None = None
    role: str | None = None
    pronoun = False
    if _SPEECH.search(rest):
        # "a prosecutor told jurors": someone named by role alone
        by_role = [
            (m.group(1), m.start(1), m.end(1))
            for pattern in _ROLE_SPEAKERS
            for m in pattern.finditer(text)
            if m.group(2).lower() in ROLE_WORDS and outside(m.start(1), m.end(1))
        ]
        verb = _SPEECH.search(text, found[-1].end()) or _SPEECH.search(text)
        at = verb.start() if verb else 0
        for labels in ({"PERSON"}, {"ORG"}):
            cands = [
                (t, s, e)
                for t, s, e in _spans(ents, labels)
                if outside(s, e) and not _possessive(text, e) and not _TOLD.search(text[:s])
            ]
            if labels == {"PERSON"}:
                cands += by_role
            if cands:
                name, s, e = min(cands, key=lambda c: abs(c[1] - at))
                speaker, role = name, role_of(text, s, e)
                break
        if speaker is None and _PRONOUN_SPEAKER.search(rest):
            pronoun = True
    return [FoundQuote(m.group(1).strip(), speaker, role, pronoun) for m in found]


def role_of(text: str, start: int, end: int) -> str | None:
    """The role a sentence gives the name at [start, end): a title before it ("Prime
    Minister X") or an apposition after it ("X, a spokesman for the mayor,")."""
    before = text[:start].rstrip().split()
    title: list[str] = []
    for word in reversed(before[-4:]):
        if word[:1].isupper() and (word.lower() in ROLE_WORDS or title):
            title.insert(0, word)
            if word.lower() not in ROLE_WORDS and len(title) > 1:
                break
        else:
            break
    while title and title[0].lower() not in ROLE_WORDS and not title[0][:1].isupper():
        title.pop(0)
    if title and any(w.lower().strip(",") in ROLE_WORDS for w in title):
        return " ".join(title).strip(",")
    after = re.match(r",\s+((?:the |a |an )?[^,;\"\u201c\u201d()]{3,70}?)(?:,|\.|;|$)", text[end:])
    if after:
        phrase = after.group(1).strip()
        words = [w.lower().strip(".") for w in phrase.split()]
        if (
            words
            and any(w in ROLE_WORDS or w.rstrip(".") in ROLE_WORDS for w in words[:5])
            and words[0] not in {"said", "says", "told", "who", "which", "and"}
        ):
            return phrase
    return None


def roles(text: str, ents: list[tuple[str, str, int, int]]) -> list[tuple[str, str]]:
    """(role, name) pairs the sentence states for the people it names."""
    out = []
    for name, start, end in _spans(ents, {"PERSON"}):
        role = role_of(text, start, end)
        if role:
            out.append((role, name))
    return out


# --- the tabloid opener ---------------------------------------------------------------------

# "AN AUSTRALIAN climber who survived …", "THOUSANDS of frightened residents …", "PETER Capaldi
# has been announced …": some papers set an article's first words in capitals. Written into a
# story, or trimmed into a headline, they shout and they confuse the parser.
_CAPS_RUN = re.compile(r"^(?:[A-Z][A-Z'\u2019&.-]*\s+)+(?=[a-z]|[A-Z][a-z])")
_CAPS_WORD = re.compile(r"[A-Z][A-Z'\u2019&.-]*")
_CASED_WORD = re.compile(r"(?<![.!?\"\u201c]\s)(?<!^)\b[A-Za-z][a-z]+\b", re.M)
_OPENERS = frozenset(
    re.findall(
        r"\w+",
        "a an the this that these those when as after before while in on at for with some"
        " many several more most dozens hundreds thousands millions scores",
    )
)
_FUNCTION_WORDS = frozenset(
    re.findall(r"\w+", "of to and or but by from into over under up out is are was were")
)
_VOWEL = re.compile(r"[AEIOU]")


def word_forms(texts: Sequence[str]) -> dict[str, str]:
    """How the texts spell each word where case carries meaning: lower-case key -> the form
    most used away from a sentence's start ("australian" -> "Australian", "planning" ->
    "planning"). Words set only in capitals (NYPD, UNRWA) have no entry."""
    counts: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _CASED_WORD.finditer(text):
            word = m.group()
            counts.setdefault(word.lower(), Counter())[word] += 1
    return {key: forms.most_common(1)[0][0] for key, forms in counts.items()}


def recase_opener(text: str, forms: dict[str, str], nlp: Any = None) -> str:
    """The sentence with a run of capitals that opens it set in ordinary case, spelled as the
    story's texts spell each word; acronyms (UN, NYPD) stay. A word the texts never spell
    otherwise is set in lower case unless ``nlp`` (a spaCy pipeline, or any callable that
    parses a text) reads it as a name ("AN AUSTRALIAN climber"). Only letters change case,
    so offsets into the text hold."""
    run = _CAPS_RUN.match(text)
    if run is None:
        return text
    words = list(_CAPS_WORD.finditer(run.group()))
    first = words[0].group()
    key = first.lower()
    shouted = key in _OPENERS or key in WORD_NUMBERS
    if not shouted and (key not in forms or len(first) <= 3 or not _VOWEL.search(first)):
        return text  # "NYPD officers", "US troops": an acronym opens the sentence
    out = list(text)
    unknown: list[re.Match[str]] = []
    for i, m in enumerate(words):
        word = m.group()
        key = word.lower()
        if key in _OPENERS or key in WORD_NUMBERS or key in _FUNCTION_WORDS:
            form = key
        elif len(word) <= 3 or not _VOWEL.search(word):
            form = word  # UN, US, NYPD: "us" in the texts is another word
        else:
            form = forms.get(key, key)
            if key not in forms:
                unknown.append(m)
        if i == 0:
            form = form[:1].upper() + form[1:]
        out[m.start() : m.end()] = form
    recased = "".join(out)
    if unknown and nlp is not None:
        names = {t.idx for t in nlp(recased) if t.ent_type_ or t.pos_ == "PROPN"}
        for m in unknown:
            if m.start() in names:
                out[m.start()] = m.group()[0]
        recased = "".join(out)
    return recased


_ACRONYM = re.compile(r"\b[A-Z][A-Z&]+\b")
# Words with no vowel but "y", which an acronym in capitals (NY, NYPD) is not.
_WORDS_WITHOUT_VOWEL = frozenset(
    re.findall(r"\w+", "why my try sky fly cry dry spy shy gym myth myths rhythm lynch hymn sync")
)


def shouting(title: str) -> bool:
    """A title set in capitals ("FALLOUT CONTINUES AFTER BRAZEN ESCAPE")."""
    letters = [c for c in title if c.isalpha()]
    return sum(c.isupper() for c in letters) > 0.8 * len(letters)


def recase_title(title: str, texts: Sequence[str], nlp: Any = None) -> str:
    """A title set in capitals (:func:`shouting`) in sentence case, each word spelled as the
    report's texts spell it away from a sentence's start ("FIRED IN PHILLY" -> "Fired in
    Philly", "O'BRIEN" -> "O'Brien"); a word the texts set in capitals (TDCJ, NBA, US) stays
    so, as do U.S. and AT&T. A word the texts never spell is set in lower case unless
    ``nlp`` reads it as a name. Any other title, or one too short to tell an acronym from
    a shout ("NBA"), is returned as it is."""
    if not shouting(title) or sum(c.isalpha() for c in title) < 8:
        return title
    forms = word_forms(texts)
    acronyms = {m.group() for t in texts for m in _ACRONYM.finditer(t)}
    out = list(title)
    unknown: list[int] = []
    for m in _CAPS_WORD.finditer(title):
        if re.search(r"[.&]", m.group().rstrip(".")):
            continue  # U.S., AT&T
        for p in re.finditer(r"[A-Z]+", m.group()):
            piece, key, at = p.group(), p.group().lower(), m.start() + p.start()
            after_mark = p.start() > 0
            if len(piece) == 1 or (after_mark and key in ("ll", "re", "ve")):
                # O'Brien; don't, it's, we'll
                form = key if after_mark else piece
            elif piece in acronyms and (key not in forms or len(piece) <= 3):
                form = piece
            elif key in forms:
                form = forms[key]
            elif key in _OPENERS or key in _FUNCTION_WORDS or key in WORD_NUMBERS:
                form = key
            elif not _VOWEL.search(piece) and key not in _WORDS_WITHOUT_VOWEL:
                form = piece  # an acronym the texts do not spell out
            else:
                form = key
                unknown.append(at)
            out[at : at + len(piece)] = form
    if unknown and nlp is not None:
        names = {t.idx for t in nlp("".join(out)) if t.ent_type_ or t.pos_ == "PROPN"}
        for at in unknown:
            if at in names:
                out[at] = out[at].upper()
    first = next((i for i, c in enumerate(out) if c.isalpha()), None)
    if first is not None:
        out[first] = out[first].upper()
    return "".join(out)


# --- numbers -------------------------------------------------------------------------------

WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIER = re.compile(
    r"\b(at least|more than|over|nearly|about|around|almost|up to|some|roughly|approximately|"
    r"fewer than|less than|dozens|hundreds|thousands|an estimated|as many as)\b",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"^(?:\s+(?:people|persons|others|civilians|soldiers|were|was|have|had|been|are|is))*\s+"
    r"(killed|dead|died|injured|wounded|hurt|arrested|missing|evacuated|displaced|detained|"
    r"rescued|hospitalized|charged)\b",
    re.IGNORECASE,
)


def number_value(text: str) -> float | None:
    words = re.findall(r"[\d.,]+|[a-z]+", text.lower())
    value: float | None = None
    for w in words:
        if w[0].isdigit():
            try:
                value = float(w.replace(",", "").rstrip("."))
            except ValueError:
                return None
        elif w in WORD_NUMBERS:
            value = (value or 0) + WORD_NUMBERS[w] if w != "hundred" else (value or 1) * 100
        elif w in SCALE and value is not None:
            value *= SCALE[w]
    return value


_COUNT = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|"
    + "|".join(sorted((w for w in WORD_NUMBERS if w not in ("zero", "hundred")), key=len)[::-1])
    + r")"
)
_ABOUT = r"(?:at least|more than|over|nearly|about|around|almost|some|an estimated)"
_QUALIFIED = rf"(?:{_ABOUT}\s+)?{_COUNT}"
_VICTIMS = (
    r"(?:people|persons|residents|civilians|villagers|children|students|worshippers|"
    r"passengers|soldiers|troops|police(?:men)?|officers|workers|miners|pilgrims|men|women|"
    r"others|fighters|militants|members|tourists|climbers|victims)"
)
_ONE_VICTIM = r"(?:a|one)\s+(?:person|child|man|woman|boy|girl|soldier|officer|policeman)"
# One person, as a sentence's subject: "A 36-year-old Australian climber is dead".
_PERSON = (
    r"(?:person|man|woman|child|boy|girl|climber|hiker|skier|mountaineer|tourist|soldier|"
    r"officer|policeman|worker|miner|driver|pilot|passenger|teenager|teen|student|resident|"
    r"cyclist|pedestrian|motorist)"
)
_DIED = r"(?:killed|dead|died|drowned|(?:fallen|fell|plunged) to their deaths)"
_TOLLS = (
    # "24 dead", "Twelve people were killed", "five people died", "at least 11 people have
    # died", "two climbers fell to their deaths"
    re.compile(
        rf"\b({_QUALIFIED})\s+(?:(?:\w+\s+)?{_VICTIMS}\s+)?"
        rf"(?:(?:were|have been|had been|are|have|had)\s+)?{_DIED}\b",
        re.I,
    ),
    # "One Australian and one English climber have fallen to their deaths" (two)
    re.compile(
        r"\b((?:one|an?)\s+(?:[\w-]+\s+){0,2}?and\s+(?:one|an?))\s+(?:[\w-]+\s+){0,2}?"
        rf"(?:{_PERSON}s?|{_VICTIMS})\s+(?:(?:were|have been|had been|have|had)\s+)?{_DIED}\b",
        re.I,
    ),
    # "killing at least five people", "killed six children", "left 24 people dead"
    re.compile(
        rf"\b(?:kill(?:ed|ing|s)?|claim(?:ed|ing|s)? the lives of)\s+({_QUALIFIED}|{_ONE_VICTIM})"
        rf"(?:\s+(?:\w+\s+)?{_VICTIMS}|\s|[,.]|$)",
        re.I,
    ),
    # "the death toll rose to 24", "bringing the confirmed death toll from the disaster to 11"
    re.compile(
        rf"\bdeath toll\b(?:\s+[\w-]+){{0,6}}?\s+(?:to|at|of|is|was|reached)\s+({_QUALIFIED})\b",
        re.I,
    ),
)


def toll(text: str) -> int | None:
    """The largest number of people a sentence says were killed: "killing at least five
    people", "leaving 24 dead", "the death toll rose to 11", "killed a child" (1). None when
    it states no death toll. A part ("10 of them children") is read as a toll of its own: the
    caller compares sentences that open reports, which give the whole."""
    found = []
    for pattern in _TOLLS:
        for m in pattern.finditer(text):
            words = m.group(1)
            if re.fullmatch(_ONE_VICTIM, words, re.I):
                found.append(1)
                continue
            if " and " in words.lower():
                found.append(2)  # "one Australian and one English climber"
                continue
            value = number_value(words)
            if value is not None and value == int(value) and not 1900 <= value <= 2100:
                found.append(int(value))
    return max(found, default=None)


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_LONE_DEATH = re.compile(
    rf"^\W*(?:an?|one)\s+((?:[\w'-]+\s+){{0,4}}?){_PERSON}\s+"
    r"(?:(?:has|had|is|was)\s+(?:been\s+)?)?"
    r"(?:died|dead|killed|drowned|(?:fallen|fell|plunged) to (?:his|her) death)\b",
    re.I,
)


def lone_death(text: str) -> int | None:
    """How many have died by a sentence that tells one person's death as its news: "A
    36-year-old Australian climber is dead after falling …" (1), "A second man has fallen
    to his death" (2). None for any other sentence.

    One person's death is no count of an event's dead (:func:`toll`): a later report of a
    second death adds to it; it does not correct it."""
    m = _LONE_DEATH.match(text)
    if m is None:
        return None
    for word in m.group(1).lower().split():
        if word in _ORDINALS:
            return _ORDINALS[word]
    return 1


# Situations that news resolves, each with the words of its resolution: an escapee is
# captured, the accused are convicted, the trapped are rescued, the critically hurt die.
DEVELOPMENTS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    name: (re.compile(before, re.I), re.compile(after, re.I))
    for name, before, after in (
        (
            "capture",
            r"\b(?:escap(?:e|ed|es|ing|ee)|on the (?:run|loose)|at large|manhunt|fugitive|"
            r"broke out of)\b",
            r"\b(?:captured|recaptured|caught|apprehended|surrendered|taken into custody|"
            r"turned (?:himself|herself|themselves) in)\b",
        ),
        (
            "verdict",
            r"\b(?:charged with|accused of|indicted|on trial|stand trial|pleaded not guilty)\b",
            # "was convicted", not "a convicted sex offender"
            r"\b(?:(?:was|were|been|is|are) convicted|convicted (?:him|her|them)|acquitted|"
            r"found (?:\w+ )?(?:not )?guilty|sentenced|cleared of)\b",
        ),
        (
            "rescue",
            r"\b(?:trapped|missing|kidnapped|abducted|held hostage|taken hostage|stranded)\b",
            r"\b(?:rescued|freed|found (?:alive|dead|safe)|released (?:unharmed|safely))\b",
        ),
        (
            "death",
            r"\b(?:critical condition|critically (?:injured|wounded|ill)|life support|in a coma)\b",
            r"\b(?:died|has died|succumbed)\b",
        ),
    )
}


def developments(text: str) -> dict[str, str]:
    """For each situation of :data:`DEVELOPMENTS` a sentence tells, "after" when it tells
    the resolution, else "before"."""
    out = {}
    for name, (before, after) in DEVELOPMENTS.items():
        if after.search(text):
            out[name] = "after"
        elif before.search(text):
            out[name] = "before"
    return out


@dataclass(slots=True)
class FoundNumber:
    value: float
    text: str
    counts: str
    exact: bool


def numbers(doc: Any) -> list[FoundNumber]:
    """Counts a sentence gives, each with what it counts ("12 people killed", "$5 million")."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("CARDINAL", "MONEY", "QUANTITY"):
            continue
        value = number_value(ent.text)
        if value is None:
            continue
        if ent.label_ == "MONEY":
            counts = "money"
        else:
            nouns = []
            for tok in doc[ent.end : ent.end + 4]:
                if tok.pos_ in ("NOUN", "PROPN") and not tok.is_punct:
                    nouns.append(tok.text.lower())
                elif nouns or tok.pos_ not in ("ADJ", "ADV", "NUM"):
                    break
            if not nouns or "year" in nouns[-1]:
                continue  # "33-year-old", or a bare number with nothing counted
            counts = " ".join(nouns[-2:])
            tail = doc.text[doc[ent.end + len(nouns) - 1].idx + len(nouns[-1]) :]
            outcome = _OUTCOME.match(tail)
            if outcome:
                counts = f"{counts} {outcome.group(1).lower()}"
        before = doc.text[max(0, ent.start_char - 16) : ent.start_char]
        exact = not (_QUALIFIER.search(ent.text) or _QUALIFIER.search(before))
        out.append(FoundNumber(value, ent.text, counts, exact))
    return out


@dataclass(frozen=True, slots=True)
class NumberRole:
    """What a count is the count of, in a parsed sentence: "the tsunami killed 230,000
    people" gives verb "kill", relation "dobj", subject "tsunami"."""

    verb: str
    relation: str  # the counted noun's tie to the verb: "nsubj", "dobj", "prep:in" …
    subject: str  # the verb's subject, lower case ("" when it has none)


_RELATIVE = {"that", "which", "who", "whom"}
_SUBJECTS = ("nsubj", "nsubjpass")


def number_role(parsed: Any, text: str) -> NumberRole | None:
    """The role of the count written ``text`` in ``parsed`` (a spaCy doc with a parse),
    or None when it is not the plain count of something a verb does or undergoes: the
    whole in "28 of his 68 punches" or "28 of 41 passes", a part followed by "and
    thousands more", a count in a clause with no verb."""
    span = _span(parsed, text)
    if span is None:
        return None
    noun = span.root
    if any(c.lower_ == "of" for c in noun.children):
        return None  # the whole in "28 of 41 passes"
    while noun.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NUM", "PRON"):
        return None  # the whole a part is taken from
    relation = f"prep:{noun.head.lower_}" if noun.dep_ == "pobj" else noun.dep_
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if any(
        c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX") and any(_more(t) for t in c.subtree)
        for c in (*noun.children, *verb.children)
    ):
        return None  # a part: "170,000 people in the province and tens of thousands more"
    return NumberRole(verb.lemma_.lower() or verb.lower_, relation, _subject(verb))


def _span(parsed: Any, text: str) -> Any:
    """The tokens of ``parsed`` that cover the first occurrence of ``text``, or None."""
    start = parsed.text.find(text)
    if start < 0:
        return None
    return parsed.char_span(start, start + len(text), alignment_mode="expand")


def _more(token: Any) -> bool:
    return token.pos_ == "NUM" or token.lower_ in _MORE


_MORE = {"more", "others", "tens", "dozens", "hundreds", "thousands", "millions"}


def _subject(verb: Any) -> str:
    for _ in range(4):
        subjects = [t for t in verb.children if t.dep_ in _SUBJECTS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
                subject = verb.head  # "a tsunami that killed …": the tsunami
            return str(subject.lemma_ or subject.text).lower()
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head.i == verb.i:
            break
        verb = verb.head  # "… and missed nine games": the first verb's subject
    return ""


def tells_when(parsed: Any, expression: str) -> bool:
    """The date ``expression`` says when something in ``parsed`` happened: it hangs from a
    verb ("In 2004 a tremor sparked a tsunami", "was named coach on May 23, 2005"), not
    from a noun it only tells apart ("a region devastated by the tsunami of 2004", "the
    2004 tsunami")."""
    span = _span(parsed, expression)
    if span is None:
        return True  # not found as written: no grounds to doubt it
    return _date_verb(span.root) is not None


def _date_verb(token: Any) -> Any | None:
    """The verb a date phrase hangs from (its first verb or noun up the parse, if a verb),
    from the phrase's root ``token``; None when it hangs from a noun it tells apart."""
    while token.head.i != token.i:
        token = token.head
        if _origin(token):
            return None
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            return None
    return None


_SPAN_ON = {"to", "until", "till", "through", "-", "\u2013"}


def _origin(prep: Any) -> bool:
    """A "from" phrase right after a noun tells where the thing comes from ("video footage
    from 2007", "a photo from Tuesday's rally"), whatever verb the parser hangs it on: the
    footage is of 2007, its release is not. "From 2001 to 2005" is a span, and stays."""
    if prep.lower_ != "from" or prep.i == 0:
        return False
    doc = prep.doc
    after = prep.right_edge.i + 1
    if any(t.lower_ in _SPAN_ON for t in prep.subtree) or (
        after < len(doc) and doc[after].lower_ in _SPAN_ON
    ):
        return False
    return bool(doc[prep.i - 1].pos_ in ("NOUN", "PROPN"))


def dated_verb(parsed: Any, expression: str) -> str | None:
    """The verb the date ``expression`` hangs from, as written ("named" in "DiLeo … was
    named coach of the year in 1987"); None when it is not found or hangs from no verb."""
    span = _span(parsed, expression)
    verb = _date_verb(span.root) if span is not None else None
    return str(verb.text) if verb is not None else None


_SAYING = {
    "say", "tell", "add", "announce", "confirm", "report", "state", "write", "explain",
    "note", "warn", "declare", "insist", "argue", "claim", "believe", "think", "expect",
}  # fmt: skip


def tells_when_main(parsed: Any, expression: str) -> bool:
    """The date ``expression`` says when the sentence's main event happened: the first verb
    it hangs from is the sentence's root (or one joined to it by "and"), or the root is a
    plain "is": "In 2004 a tremor sparked a tsunami", "Cheeks, who was fired March 2, is the
    fourth head coach since …", "The stadium will open in 2026, the council said" (what a
    source says is the main event). Not so when it dates only a clause within: "Prosecutors
    have released new video in the trial of two men accused of killing a mother in Oct.
    2011"."""
    span = _span(parsed, expression)
    if span is None:
        return True  # not found as written: no grounds to doubt it
    verb = _date_verb(span.root)
    if verb is None:
        return False
    root = verb.sent.root
    if root.lemma_ == "be":
        return True
    # What a source said is the news, not its saying it: "The stadium will open in 2026, the
    # council said."
    main = {root.i}
    if root.lemma_ in _SAYING:
        main |= {t.i for t in root.children if t.dep_ == "ccomp"}
    return verb.i in main or (verb.dep_ == "conj" and verb.head.i in main)


# --- places --------------------------------------------------------------------------------

_DIRECTIONS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south",
    "east": "east", "eastern": "east", "west": "west", "western": "west",
    "central": "central", "northeast": "northeast", "northeastern": "northeast",
    "northwest": "northwest", "northwestern": "northwest", "southeast": "southeast",
    "southeastern": "southeast", "southwest": "southwest", "southwestern": "southwest",
}  # fmt: skip
_NAME = r"[A-Z][\w'\u2019]*(?:[ -](?:al|el|ad|as|ash|ar|de|del|la|le|bin|ibn|[A-Z][\w'\u2019]*))*"
_COMPASS = re.compile(rf"\b((?i:{'|'.join(_DIRECTIONS)}))\s+({_NAME})")
_AREA = "district|neighbou?rhood|province|village|town|suburb|camp|county|region|quarter|area"
_AREA_AFTER = re.compile(rf"\b(?:the\s+)?({_NAME})\s+(?:{_AREA})\b")
_AREA_OF = re.compile(rf"\b(?:{_AREA})\s+of\s+({_NAME})")
# A named venue, where a fight, a match or a concert takes place: "SAP Arena", "the Mercedes-Benz
# Stadium", "Stade de Suisse", "Estadio Azteca". One event has one; spaCy's small model often
# tags it an organisation ("Stade de Suisse"), so it is read from the words. The generic word
# and the articles say nothing of which venue it is. ("Dome" is left out: Israel's Iron Dome is
# no place.)
_VENUE_AFTER = "Stadium|Arena|Coliseum|Colosseum|Ballpark|Speedway|Velodrome|Fieldhouse"
_VENUE_BEFORE = "Stade|Stadion|Estadio|Stadio|Estadi"
_VENUE_ARTICLE = "de|du|des|da|do|del|della|di|la|le|los|las|of|the"
_VENUE = re.compile(
    rf"(?<![\w-])(?:(?:[A-Z0-9][\w'\u2019.&]*[ -]){{1,3}}(?:{_VENUE_AFTER})\b"
    rf"|(?:{_VENUE_BEFORE})\s+(?:(?:{_VENUE_ARTICLE})\s+)*[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)"
)
_NOT_A_VENUE_NAME = re.compile(r"^(?:(?:The|At|In|On|A|An|From|Inside|Outside|Near|To)\s+)+")
_VENUE_GENERIC = {w.lower() for w in f"{_VENUE_AFTER}|{_VENUE_BEFORE}|{_VENUE_ARTICLE}".split("|")}
# A wire dateline in title case counts only with the outlet in parentheses ("Mannheim, Germany
# (Sports Network) -"); the place is its first group. Shared with the writer's dateline strip.
TITLE_CASE_DATELINE = (
    r"([A-Z][a-z]+(?: [A-Z][a-z]+){0,3})(?:,\s*[A-Z][\w. ]{1,30}?)?\s*\([A-Z][^)]{1,40}\)"
)
_DATELINE = re.compile(
    r"^([A-Z][A-Z.'\u2019 -]{2,40}?)(?:,\s*[A-Z][\w. ]{1,30}?)?\s*(?:\([^)]*\))?\s*[-\u2014\u2013]"
    rf"|^{TITLE_CASE_DATELINE}\s*[-\u2014\u2013]"
)


@dataclass(frozen=True, slots=True)
class Place:
    """A specific place as a source names it: a direction ("western") and a name."""

    direction: str | None
    name: str
    surface: str = ""  # as the source wrote it: "the western Baghdad"

    def __str__(self) -> str:
        return self.surface or (f"{self.direction} {self.name}" if self.direction else self.name)

    def tokens(self) -> set[str]:
        generic = _VENUE_GENERIC if self.venue() else {"al", "el", "the"}
        return {t for t in re.split(r"[\s-]+", self.name.lower()) if t and t not in generic}

    def venue(self) -> bool:
        """A named venue (:data:`_VENUE`): one event is held at one."""
        return self.direction is None and _VENUE.fullmatch(self.name) is not None

    def compatible(self, other: Place) -> bool:
        if not self.tokens() & other.tokens():
            return False
        return (
            self.direction is None or other.direction is None or (self.direction == other.direction)
        )


def fine_places(text: str, ents: list[tuple[str, str, int, int]]) -> list[Place]:
    """Places finer than a city or a country: "east Baghdad", "the Jurf al-Sakhar
    district", "the neighborhood of Al-Ghadeer", a named facility."""
    found: list[Place] = []
    for m in _COMPASS.finditer(text):
        if m.group(1)[0].isupper():
            continue  # "West Bank", "South Sudan(ese)": a name, not a direction
        found.append(Place(_DIRECTIONS[m.group(1).lower()], m.group(2), m.group(0)))
    for pattern in (_AREA_AFTER, _AREA_OF):
        for m in pattern.finditer(text):
            name = m.group(1)
            before = text[: m.start(1)].split()[-1:]
            if before and before[0].lower() in _DIRECTIONS:
                continue  # "the western Baghdad neighborhood": the compass form has it
            if name.lower() not in _DIRECTIONS and name.lower() != "the":
                found.append(Place(None, name, name))
    for name, _start, _end in _spans(ents, {"FAC"}):
        name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
        found.append(Place(None, name, name))
    for m in _VENUE.finditer(text):
        name = _NOT_A_VENUE_NAME.sub("", m.group(0))
        if _VENUE.fullmatch(name):
            found.append(Place(None, name, name))
    seen: set[str] = set()
    out = []
    for p in found:
        if str(p).lower() not in seen:
            seen.add(str(p).lower())
            out.append(p)
    return out


def parse_place(surface: str) -> Place:
    """A place back from the words a source used for it."""
    head, _, rest = surface.partition(" ")
    if head in _DIRECTIONS and rest:
        return Place(_DIRECTIONS[head.lower()], rest, surface)
    return Place(None, surface, surface)


def dateline(text: str) -> str | None:
    """The place of a wire dateline ("BAGHDAD (Reuters) —"), as a name."""
    m = _DATELINE.match(text)
    if not m:
        return None
    place = (m.group(1) or m.group(2)).strip(" .")
    if len(place) < 3 or not place.replace(" ", "").replace(".", "").isalpha():
        return None
    return place.title()
