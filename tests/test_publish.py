"""The website, API, feeds and export, over a store the real pipeline published."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import rnc2rng
from fastapi.testclient import TestClient
from lxml import etree

from newsdesk.cli import demo_corpus
from newsdesk.cluster.stage import cluster_store
from newsdesk.ingest.pipeline import Ingestor
from newsdesk.publish.app import create_app
from newsdesk.publish.catalog import Catalog
from newsdesk.publish.export import ExportError, export
from newsdesk.store import Store, open_store
from newsdesk.write.compose import write_stories
from newsdesk.write.draft import STYLES
from tests.conftest import RESOURCES, make_settings
from tests.helpers import run_cli

HOSTILE_TITLE = "<script>alert('title')</script> Tara Reid <img src=x onerror=alert(1)>"
HOSTILE_LINE = "Her publicist said <script>alert('body')</script> the actress was resting."
EVENTS = ("1_ecb", "3_ecb", "13_ecb")


def demo_rows(events: tuple[str, ...] = EVENTS, per_event: int = 5) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    taken: dict[str, int] = {}
    with gzip.open(demo_corpus(), "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            event = row["event_label"]
            if event in events and taken.get(event, 0) < per_event:
                taken[event] = taken.get(event, 0) + 1
                n = sum(taken.values())
                row["url"] = f"https://outlet{n % 4}.example/{row['doc_id']}"
                row["published"] = f"2024-03-{1 + n % 9:02d}T08:00:00+00:00"
                rows.append(row)
    return rows


def publish(store: Store, rows: list[dict[str, Any]], tmp: Path, name: str) -> None:
    settings = make_settings(tmp)
    path = tmp / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    Ingestor(store, settings).ingest_path(path)
    cluster_store(store, settings)
    write_stories(store)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, TestClient]]:
    tmp = tmp_path_factory.mktemp("site")
    store = open_store(f"sqlite:///{tmp / 'site.db'}")
    rows = demo_rows()
    # A hostile report of the Tara Reid story: markup in its title and in its text.
    hostile = dict(rows[0])
    hostile["doc_id"] = "hostile"
    hostile["url"] = "https://evil.example/reid"
    hostile["title"] = HOSTILE_TITLE
    hostile["text"] = HOSTILE_LINE + "\n" + hostile["text"]
    publish(store, [*rows, hostile], tmp, "first")
    client = TestClient(create_app(store, base_url="https://news.example"))
    yield store, client
    store.close()


def test_front_page_lists_stories_with_a_strict_policy(site: tuple[Store, TestClient]) -> None:
    store, client = site
    cards = Catalog(store).cards()
    assert len(cards) >= len(EVENTS)
    page = client.get("/")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src" not in csp  # falls back to 'none': no script runs, inline or not
    assert page.headers["x-content-type-options"] == "nosniff"
    for c in cards:
        assert f'href="/story/{c.story_id}"' in page.text
        assert c.independent_sources >= 1
        assert c.outlets
    assert "<script" not in page.text
    # External assets: none. Every src/href that loads something stays on this site.
    assert not re.search(r'<(link|script|img)[^>]+(src|href)="https?://', page.text)


def test_filters_and_search_narrow_the_list(site: tuple[Store, TestClient]) -> None:
    store, client = site
    cards = Catalog(store).cards()
    reid = next(c for c in cards if "Reid" in " ".join(c.topics) + c.headline + c.lede)
    other = next(c for c in cards if c.story_id != reid.story_id)
    found = client.get("/search", params={"q": "Tara Reid"}).text
    assert f'href="/story/{reid.story_id}"' in found
    assert f'href="/story/{other.story_id}"' not in found
    topic = reid.topics[0]
    by_topic = client.get("/", params={"topic": topic}).text
    assert f'href="/story/{reid.story_id}"' in by_topic
    assert all(topic in c.topics for c in Catalog(store).find(topic=topic))
    outlet = other.outlets[0]
    by_source = client.get("/api/stories", params={"source": outlet}).json()
    assert by_source
    assert all(outlet in c["outlets"] for c in by_source)
    assert client.get("/search", params={"q": "zzzunknownzzz"}).text.count("/story/") == 0


def test_story_page_cites_switches_styles_and_links_its_report(
    site: tuple[Store, TestClient],
) -> None:
    store, client = site
    card = Catalog(store).cards()[0]
    words = {}
    for style in STYLES:
        page = client.get(f"/story/{card.story_id}", params={"style": style})
        assert page.status_code == 200
        html = etree.HTML(page.text)
        article = html.xpath("//article[@class='story']")[0]
        assert article.get("data-style") == style
        words[style] = len(" ".join(article.xpath(".//p//text()")).split())
        # Each citation links to its source and carries the cited sentence for hover/focus.
        cites = html.xpath("//a[@class='cite']")
        assert cites
        for a in cites:
            said = a.xpath("./span[@class='said']")
            assert said
            assert said[0].xpath("string()").strip()
        current = html.xpath("//nav[@class='styles']/a[@aria-current='page']")
        assert [a.text for a in current] == [style.capitalize()]
        assert html.xpath("//section[@class='versions']//li")
    assert words["brief"] < words["standard"] <= words["in-depth"]
    report_href = etree.HTML(client.get(f"/story/{card.story_id}").text).xpath(
        "//a[text()='verification report']/@href"
    )[0]
    report = client.get(report_href).json()
    assert report["version"] == card.version
    sentences = report["standard"]["sentences"]
    assert sentences
    assert all("verdict" in s and "checks" in s for s in sentences)


def _no_active_markup(html: str) -> None:
    """No script element, no event-handler attribute, no image: the markup a hostile
    article carried came through as text, not as elements."""
    tree = etree.HTML(html)
    assert not tree.xpath("//script | //img | //iframe")
    assert not tree.xpath("//@*[starts-with(name(), 'on')]")


def test_article_markup_is_escaped_everywhere(site: tuple[Store, TestClient]) -> None:
    store, client = site
    pages = [client.get("/"), client.get("/sources"), client.get("/source/evil.example")]
    pages += [client.get(f"/story/{c.story_id}") for c in Catalog(store).cards()]
    shown = 0
    for page in pages:
        assert page.status_code == 200, page.url
        _no_active_markup(page.text)
        shown += "&lt;script&gt;" in page.text
    assert shown  # the hostile title is on the site, as text
    source = client.get("/source/evil.example")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in source.text
    # Feed entries carry the story as HTML: it too is inert.
    atom = feedparser.parse(client.get("/feeds/atom.xml").content, sanitize_html=False)
    items = client.get("/feeds/feed.json").json()["items"]
    bodies = [e.content[0].value for e in atom.entries] + [i["content_html"] for i in items]
    assert bodies
    for body in bodies:
        _no_active_markup(body)
    assert any("&lt;script&gt;" in body for body in bodies)


def _atom_schema() -> etree.RelaxNG:
    rng = rnc2rng.dumps(rnc2rng.load(str(RESOURCES / "atom.rnc")))
    return etree.RelaxNG(etree.fromstring(rng.encode()))


def test_feeds_are_valid_and_per_topic(site: tuple[Store, TestClient]) -> None:
    store, client = site
    cards = Catalog(store).cards()
    atom = client.get("/feeds/atom.xml")
    assert atom.headers["content-type"].startswith("application/atom+xml")
    schema = _atom_schema()
    doc = etree.fromstring(atom.content)
    assert schema.validate(doc), schema.error_log
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.id for e in parsed.entries] == [
        f"https://news.example/story/{c.story_id}" for c in cards
    ]
    assert all(e.summary and e.updated for e in parsed.entries)
    feed = client.get("/feeds/feed.json")
    schema_doc = json.loads((RESOURCES / "jsonfeed-1.1.schema.json").read_text())
    body = feed.json()
    jsonschema.validate(
        body, schema_doc, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert len(body["items"]) == len(cards)
    topic = cards[0].topics[0]
    one = feedparser.parse(client.get("/feeds/atom.xml", params={"topic": topic}).content)
    assert 1 <= len(one.entries) <= len(cards)
    assert all(topic in [t.term for t in e.tags] for e in one.entries)
    assert schema.validate(etree.fromstring(client.get(f"/feeds/atom.xml?topic={topic}").content))
    # The schema is able to fail.
    broken = etree.fromstring(
        atom.content.replace(b"<updated>", b"<updatedx>", 1).replace(
            b"</updated>", b"</updatedx>", 1
        )
    )
    assert not schema.validate(broken)


def test_api_is_documented_and_answers(site: tuple[Store, TestClient]) -> None:
    _store, client = site
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/versions",
        "/api/stories/{story_id}/report",
        "/api/articles/{article_id}",
        "/api/sources",
        "/api/sources/{outlet}",
        "/feeds/atom.xml",
    ):
        assert path in spec["paths"], path
    assert "/api/stories" in client.get("/api").text
    stories = client.get("/api/stories", params={"limit": 2}).json()
    assert len(stories) == 2
    sid = stories[0]["id"]
    story = client.get(f"/api/stories/{sid}", params={"style": "brief"}).json()
    assert story["style"] == "brief"
    assert story["draft"]["headline"]["text"]
    assert story["markdown"].startswith("# ")
    assert story["versions"][0]["changes"]["first"] is True
    evidence = story["draft"]["lede"][0]["evidence"][0]
    article = client.get(f"/api/articles/{evidence.rpartition(':')[0]}").json()
    assert article["story"] == sid
    assert any(s["id"] == evidence for s in article["sentences"])
    sources = client.get("/api/sources").json()
    assert {"outlet": "evil.example", "articles": 1} in sources
    assert client.get("/api/stories/999999").status_code == 404
    assert client.get(f"/api/stories/{sid}", params={"style": "haiku"}).status_code == 400
    assert client.get("/story/999999").status_code == 404
    assert "No published story" in client.get("/story/999999").text


def test_export_writes_each_format(site: tuple[Store, TestClient], tmp_path: Path) -> None:
    store, _ = site
    cards = Catalog(store).cards()
    html = export(store, tmp_path / "html", "html", base_url="https://news.example")
    assert html.stories == len(cards)
    index = (tmp_path / "html" / "index.html").read_text()
    for c in cards:
        page = (tmp_path / "html" / str(c.story_id) / "standard.html").read_text()
        assert "Content-Security-Policy" in page
        assert "<script" not in page
        assert f"{c.story_id}/standard.html" in index
    assert _atom_schema().validate(etree.parse(str(tmp_path / "html" / "atom.xml")))
    export(store, tmp_path / "md", "md")
    assert (tmp_path / "md" / str(cards[0].story_id) / "brief.md").read_text().startswith("# ")
    export(store, tmp_path / "json", "json")
    doc = json.loads((tmp_path / "json" / f"{cards[0].story_id}.json").read_text())
    assert set(doc["drafts"]) == set(STYLES)
    assert doc["reports"]
    with pytest.raises(ExportError):
        export(store, tmp_path / "x", "pdf")
    (tmp_path / "file").write_text("")
    with pytest.raises(ExportError):
        export(store, tmp_path / "file", "md")


def test_export_cli(tmp_path: Path, site: tuple[Store, TestClient]) -> None:
    store, _ = site
    db = store.engine.url.render_as_string(hide_password=False)
    done = run_cli("--db", db, "export", "--format", "md", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "index.md").exists()
    bad = run_cli("--db", db, "export", "--format", "pdf", str(tmp_path / "out2"))
    assert bad.returncode != 0
    assert "pdf" in bad.stderr
