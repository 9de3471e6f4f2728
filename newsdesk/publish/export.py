"""`newsdesk export`: the published stories as files — a static site (HTML with feeds),
Markdown, or JSON — for hosting anywhere or reading offline.

Each file is written to a temporary name and renamed into place, so an export that is
interrupted leaves the previous files whole; stories no longer published are not removed
(an export directory is append-and-update, like the store).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdesk.errors import NewsdeskError
from newsdesk.publish.app import templates
from newsdesk.publish.catalog import Card, Catalog
from newsdesk.publish.feeds import atom_feed, json_feed
from newsdesk.write.render import md_escape, to_html, to_markdown

FORMATS = ("html", "md", "json")


class ExportError(NewsdeskError):
    """The export directory cannot be written, or the format is unknown."""


@dataclass(slots=True)
class ExportReport:
    stories: int = 0
    files: int = 0


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(store: Any, out_dir: Path, fmt: str, *, base_url: str = "") -> ExportReport:
    """Write every published story (its newest publishable version) under ``out_dir``."""
    if fmt not in FORMATS:
        raise ExportError(f"format {fmt!r}: choose {', '.join(FORMATS)}")
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir} exists and is not a directory")
    catalog = Catalog(store)
    cards = catalog.cards()
    report = ExportReport()

    def put(rel: str, data: str | bytes) -> None:
        _write(out_dir / rel, data)
        report.files += 1

    for card in cards:
        view = catalog.story(card.story_id, card.version)
        if view is None:
            continue
        report.stories += 1
        sid = card.story_id
        if fmt == "json":
            doc = {
                "card": card.to_json(),
                "version": view.version,
                "writer": view.writer,
                "drafts": {s: d.to_json() for s, d in view.drafts.items()},
                "reports": view.reports,
                "versions": [v.to_json() for v in catalog.versions(sid)],
            }
            put(f"{sid}.json", json.dumps(doc, ensure_ascii=False, indent=1))
            continue
        for style in view.styles():
            draft = view.draft(style)
            if fmt == "md":
                put(f"{sid}/{style}.md", to_markdown(draft))
            else:
                put(f"{sid}/{style}.html", to_html(draft, view.evidence_text))
    if fmt == "json":
        put("index.json", json.dumps([c.to_json() for c in cards], ensure_ascii=False, indent=1))
    elif fmt == "md":
        put("index.md", _index_md(cards))
    else:
        base = base_url.rstrip("/")
        page = templates().get_template("export_index.html.j2")
        put("index.html", page.render(cards=cards, now=datetime.now(UTC), feeds=bool(base)))
        if base:
            put("atom.xml", atom_feed(cards, base_url=base, self_url=f"{base}/atom.xml"))
            put("feed.json", json_feed(cards, base_url=base, self_url=f"{base}/feed.json"))
    return report


def _index_md(cards: list[Card]) -> str:
    lines = ["# newsdesk", ""]
    for c in cards:
        outlets = md_escape(", ".join(c.outlets))
        lines += [
            f"## [{md_escape(c.headline)}]({c.story_id}/standard.md)",
            "",
            f"*Updated {c.updated.isoformat(timespec='minutes')}; "
            f"{c.independent_sources} independent sources: {outlets}*",
            "",
        ]
        if c.lede:
            lines += [md_escape(c.lede), ""]
    return "\n".join(lines)
