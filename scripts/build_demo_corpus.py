#!/usr/bin/env python3
"""Build newsdesk's bundled demo corpus from the ECB+ articles (CC BY 3.0).

    python scripts/build_demo_corpus.py ../shared/data/clustering/ecbplus_dev.jsonl

writes newsdesk/data/demo/ecbplus.jsonl.gz: one article per line with a clean
text (ECB+'s tokenization undone: "co - workers", "`` …''", "1: 30 p. m.",
"U. S.", "$ 1", "n't", "5. 3"), and the URL, outlet, title and publication
time that the article's own first lines carry (ECB+ 'ecbplus' documents start
with their URL, title and dateline). Where ECB+ carries none (the older 'ecb'
documents), url is an ``urn:ecbplus:`` name, outlet and published are null:
unknown, never guessed. Gold labels (topic, event_label) are kept so the demo
can be scored; newsdesk itself never reads them.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import dateparser

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "newsdesk" / "data" / "demo" / "ecbplus.jsonl.gz"

_FIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(https?): / / "), r"\1://"),  # inline links: "http: / / bit. ly / x"
    (re.compile(r"(?<=://)((?:[\w-]+\. )+[\w-]+)"), ""),  # host "bit. ly" -> "bit.ly"
    (re.compile(r"``\s*"), "\u201c"),
    (re.compile(r"\s*''"), "\u201d"),
    (re.compile(r"(\w) n't\b"), r"\1n't"),
    (re.compile(r"(\w) ([\u2019']) (s|m|t|re|ll|ve|d)\b"), r"\1\2\3"),  # "NFL ’ s", "don ’ t"
    (re.compile(r"(\ws) \u2019 (?=\w)"), "\\1\u2019 "),  # "the Chargers ’ player"
    (re.compile(r"\u201c[ \t]+"), "\u201c"),  # curly quotes: "“ The “ Mean Girls ” star"
    (re.compile(r"[ \t]+\u201d"), "\u201d"),
    (re.compile(r"(?<!\d)(\d{1,2}): (?=\d\d(?!\d))"), r"\1:"),  # "10: 50AM", "5: 59: 13"
    (re.compile(r"\b([ap])\. m\."), r"\1.m."),
    (re.compile(r"\b([A-Z])\. ([A-Z])\.(?: ([A-Z])\.)?"), ""),  # U. S. -> U.S.
    (re.compile(r"\$ (\d)"), r"$\1"),
    (re.compile(r"(\d)\. (\d)"), r"\1.\2"),
    (re.compile(r"(\d), (\d{3})(?!\d)"), r"\1,\2"),  # "2, 000ft" too
    (re.compile(r"\b(a|an|the)\. (\d{2,3})\b"), r"\1 .\2"),  # "had a. 38 caliber"
    (re.compile(r"(\w) - (?=\w)"), r"\1-"),
    (re.compile(r"(\w)- (?!and\b|or\b|to\b)(?=\w)"), r"\1-"),  # "one- yard"; "oil- and gas-"
    (re.compile(r"(\w) / (?=\w)"), r"\1/"),
]


def _fixup(m: re.Match[str]) -> str:
    """The two rules that need code: hosts in links, and initials (U. S. -> U.S.)."""
    if m.group(0).count(". ") and "://" not in m.string[max(0, m.start() - 3) : m.start()]:
        return ".".join(g for g in m.groups() if g) + "."
    return m.group(0).replace(". ", ".")


def clean(text: str) -> str:
    for pattern, repl in _FIXES:
        text = pattern.sub(_fixup if repl == "" else repl, text)
    return re.sub(r"[ \t]+", " ", text).strip()


def url_of(line: str) -> str | None:
    compact = re.sub(r"\s+", "", line)
    return compact if re.match(r"https?://[\w.-]+\.\w+", compact) else None


def outlet_of(url: str) -> str:
    host = re.sub(r"^https?://", "", url).split("/")[0].lower()
    for prefix in ("www.", "articles.", "edition.", "m.", "news."):
        host = host.removeprefix(prefix)
    return host


def date_of(line: str) -> str | None:
    """An ISO time if the line is a dateline ("May 03, 2013", "Posted: …")."""
    line = clean(line)
    line = re.sub(
        r"^(posted( on)?|published( time)?|updated|last updated( at)?)[:\s]+", "", line, flags=re.I
    )
    if len(line) > 60 or not re.search(r"\b(19|20)\d\d\b|\b\d\d\b", line):
        return None
    when = dateparser.parse(
        line,
        languages=["en"],
        settings={
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TO_TIMEZONE": "UTC",
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    return when.isoformat() if when else None


def convert(doc: dict[str, object]) -> dict[str, object]:
    lines = [str(s) for s in doc["sentences"]]  # type: ignore[attr-defined]
    url = url_of(lines[0]) if lines else None
    title = None
    published = None
    if url:
        lines = lines[1:]
        # Title and dateline come first, in either order.
        for _ in range(2):
            if lines and published is None and (when := date_of(lines[0])):
                published = when
                lines = lines[1:]
            elif lines and title is None and len(lines[0]) < 200:
                title = clean(lines[0])
                lines = lines[1:]
        # Or a dateline a few lines down ("PUBLISHED: THURSDAY, MAY 2, 2013, 1:32 PM").
        for i, line in enumerate(lines[:4]):
            if published is None and (when := date_of(line)):
                published = when
                del lines[i]
                break
    doc_id = str(doc["doc_id"]).removesuffix(".xml")
    return {
        "doc_id": doc_id,
        "url": url or f"urn:ecbplus:{doc_id}",
        "outlet": outlet_of(url) if url else None,
        "title": title,
        "published": published,
        "text": "\n".join(clean(line) for line in lines),
        "topic": doc["topic"],
        "event_label": doc["event_label"],
    }


def main() -> None:
    source = Path(
        sys.argv[1]
        if len(sys.argv) > 1
        else ROOT.parent / "shared/data/clustering/ecbplus_dev.jsonl"
    )
    docs = [json.loads(line) for line in source.open(encoding="utf-8")]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    rows = [convert(d) for d in docs]
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        for row in rows:
            fh.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    dated = sum(1 for r in rows if r["published"])
    print(
        f"{len(rows)} articles ({dated} dated, {sum(1 for r in rows if r['outlet'])} "
        f"with an outlet) -> {OUT}"
    )


if __name__ == "__main__":
    main()
