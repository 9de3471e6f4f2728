"""Text clean-up and sentence splitting shared by every stage."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, TextIO

import lxml.html
import pysbd

from newsdesk.models import Sentence

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")
_WORD = re.compile(r"\w+", re.UNICODE)
# A sentence can only end inside a paragraph at terminal punctuation (maybe closed by
# quotes or brackets) followed by a space; a paragraph without one is one sentence.
_INNER_BOUNDARY = re.compile(r"[.!?\u2026\u3002][\"'\u201d\u2019)\]]*\s")
# A title that only ever stands before a name: a piece that ends with one was cut inside a
# name that the segmenter did not see as one ("Aoraki/Mt." | "Cook National Park").
_NAME_TITLE_END = re.compile(
    r"(?:^|[\s/(\[-])(?:Mt|Ft|Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev)\.$"
)
# A clock time goes on past its "a.m."/"p.m." with a time zone, a weekday or lower-case words:
# "during the 8 p.m." | "ET primetime slot on Monday night" and "set for 5 p.m." | "Tuesday,
# officials said" are one sentence each; "at 3 a.m." | "Police said …" are two.
_CLOCK_END = re.compile(r"\b\d{1,2}(?::\d\d)?\s?[ap]\.m\.$", re.I)
_CLOCK_GOES_ON = re.compile(
    r"^(?:(?:[ECMP][SD]?T|GMT|UTC|BST|CES?T|AE[SD]T|Eastern|Pacific|Central|Mountain)\b"
    r"|(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b(?!['\u2019])"
    r"|[a-z])"
)

# A sentence never ends on an article: "Gray had a" | ".38 caliber revolver" was cut at the
# calibre's point.
_ARTICLE_END = re.compile(r"(?:^|\s)(?:a|an|the)\s?\.$")


def normalize_text(text: str) -> str:
    """NFC, one space between words, one newline between paragraphs, no stray ends."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "")  # soft hyphens
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed blurb), paragraphs kept as lines."""
    if "<" not in fragment:
        return normalize_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return normalize_text(re.sub(r"<[^>]+>", " ", fragment))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return normalize_text(root.text_content())


def content_hash(text: str) -> str:
    """Hash of the words of a text, blind to case, spacing and punctuation."""
    words = " ".join(_WORD.findall(text.lower()))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    try:
        return pysbd.Segmenter(language=language, clean=False, char_span=True)
    except ValueError:  # a language pysbd does not know: English rules are a fair default
        return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(article_id: str, text: str, language: str = "en") -> list[Sentence]:
    """Split ``text`` into sentences with character offsets into ``text``.

    Paragraphs (lines) are split separately so a sentence never spans two
    paragraphs; the index of each sentence is its position in the article and,
    with the article id, forms its evidence id.
    """
    segmenter = _segmenter((language or "en")[:2].lower())
    sentences: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            base = offset + (len(line) - len(line.lstrip()))
            if not _INNER_BOUNDARY.search(stripped):
                sentences.append(
                    Sentence(article_id, len(sentences), stripped, base, base + len(stripped))
                )
                offset += len(line) + 1
                continue
            pieces: list[tuple[int, int]] = []  # (start, end) within the line
            for span in segmenter.segment(stripped):
                piece = span.sent.strip()
                if not piece:
                    continue
                start = span.start + (len(span.sent) - len(span.sent.lstrip()))
                before = stripped[pieces[-1][0] : pieces[-1][1]] if pieces else ""
                if pieces and (
                    _NAME_TITLE_END.search(before)
                    or _ARTICLE_END.search(before)
                    or (_CLOCK_END.search(before) and _CLOCK_GOES_ON.match(piece))
                ):
                    pieces[-1] = (pieces[-1][0], start + len(piece))
                else:
                    pieces.append((start, start + len(piece)))
            for start, end in pieces:
                sentences.append(
                    Sentence(
                        article_id, len(sentences), stripped[start:end], base + start, base + end
                    )
                )
        offset += len(line) + 1
    return sentences


def json_objects(
    stream: TextIO, name: str, error: type[Exception]
) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(where, line number, object) per non-blank JSON line; a line that is not a JSON object
    raises ``error`` naming it as ``FILE:LINE``."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise error(f"{where}: expected a JSON object")
        yield where, number, row
