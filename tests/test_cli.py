"""The command line, as a user types it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from tests.conftest import shared_data
from tests.helpers import article_html, rfc822, rss
from tests.httpserver import Reply, TestServer

runner = CliRunner()


def nd(home: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--home", str(home), *args], env={"NEWSDESK_DB": ""})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "command", ["add-feed", "import-opml", "ingest", "status", "extract", "run", "group"]
)
def test_every_command_teaches_by_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "newsdesk " + command.split()[0] in result.stdout


def test_add_feed_and_opml(tmp_path: Path) -> None:
    code, out, _ = nd(tmp_path, "add-feed", "https://example.com/rss.xml")
    assert code == 0
    assert "added" in out
    code, out, _ = nd(tmp_path, "add-feed", "https://example.com/rss.xml")
    assert "already subscribed" in out
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
        '<outline text="A" xmlUrl="https://a.example/feed"/>'
        '<outline text="B" xmlUrl="https://example.com/rss.xml"/></outline></body></opml>'
    )
    code, out, _ = nd(tmp_path, "import-opml", str(opml))
    assert code == 0
    assert "2 feeds" in out
    assert "1 new" in out
    code, out, _ = nd(tmp_path, "status", "--json")
    status = json.loads(out)
    assert status["counts"]["feeds"] == 2
    assert {f["url"] for f in status["feeds"]} == {
        "https://a.example/feed",
        "https://example.com/rss.xml",
    }


def test_bad_input_gets_a_clear_error(tmp_path: Path) -> None:
    code, _, err = nd(tmp_path, "add-feed", "ftp://example.com/x")
    assert code == 1
    assert "not an http(s) URL" in err
    bad = tmp_path / "bad.opml"
    bad.write_text("<html>nope</html>")
    code, _, err = nd(tmp_path, "import-opml", str(bad))
    assert code == 1
    assert "not an OPML file" in err
    code, _, err = nd(tmp_path, "run")
    assert code == 1
    assert "newsdesk add-feed" in err
    (tmp_path / "newsdesk.toml").write_text("[fetch]\nconcurrencyy = 3\n")
    code, _, err = nd(tmp_path, "status")
    assert code != 0


def test_extract_files(tmp_path: Path) -> None:
    page = tmp_path / "p.html.gz"
    page.write_bytes(gzip.compress(article_html("Extracted headline").encode()))
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav>menu</nav></body></html>")
    code, out, err = nd(tmp_path, "extract", str(page), str(empty))
    assert code == 1  # one page failed, and says so
    assert "no article text" in err
    (line,) = out.splitlines()
    record = json.loads(line)
    assert set(record) == {"url", "title", "byline", "outlet", "published", "language", "text"}
    assert record["title"] == "Extracted headline"
    assert record["published"].startswith("2024-03-05")
    assert record["language"] == "en"


def test_extract_a_url_refuses_private_hosts_by_default(tmp_path: Path, server: TestServer) -> None:
    server.routes["/a"] = Reply(
        body=article_html("x").encode(), headers={"Content-Type": "text/html"}
    )
    code, _, err = nd(tmp_path, "extract", server.url("/a"))
    assert code == 1
    assert "private, loopback" in err
    assert server.hits["/a"] == 0


def test_ingest_once_from_a_feed(tmp_path: Path, server: TestServer) -> None:
    server.routes["/n/1"] = Reply(
        body=article_html("One").encode(), headers={"Content-Type": "text/html"}
    )
    server.routes["/feed"] = Reply(
        body=rss([{"link": server.url("/n/1"), "guid": "1", "date": rfc822()}]),
        headers={"Content-Type": "application/rss+xml"},
    )
    (tmp_path / "newsdesk.toml").write_text("[fetch]\nallow_private = true\nhost_interval = 0\n")
    nd(tmp_path, "add-feed", server.url("/feed"))
    code, _, err = nd(tmp_path, "ingest", "--once")
    assert code == 0, err
    assert "1 articles added" in err
    code, out, _ = nd(tmp_path, "status")
    assert "articles" in out


@pytest.mark.timeout(900)  # may be the test that runs the demo pipeline (`demo_run`)
def test_run_demo_says_where_the_results_are(demo_run: tuple[Path, str]) -> None:
    home, out = demo_run  # `newsdesk run --demo`, once per session (conftest.py)
    assert "495 articles" in out
    assert str(home / "newsdesk.db") in out
    code, out, err = nd(home, "status", "--json")
    assert code == 0, err
    counts = json.loads(out)["counts"]
    assert counts["articles"] == 495
    assert counts["sentences"] > 5000


def test_stories_list_their_written_headlines(demo_run: tuple[Path, str]) -> None:
    home, _ = demo_run
    code, out, err = nd(home, "stories", "--json", "--limit", "5")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 5
    for row in rows:
        code, story, err = nd(home, "story", str(row["id"]), "--format", "json")
        assert code == 0, err
        assert row["headline"] == json.loads(story)["headline"]["text"]
    code, out, err = nd(home, "stories", "--limit", "5")
    assert code == 0, err
    assert "headline" in out
    assert "not written yet" not in out


def test_ingest_the_real_feed_files(tmp_path: Path) -> None:
    folder = shared_data("feeds", "input")
    code, _, err = nd(tmp_path, "ingest", "--from", str(folder), "--allow-undated")
    assert code == 0, err
    assert "articles added" in err
    assert "malformed" in err  # the one broken file, named with its reason


def test_extract_a_url_decodes_with_the_header_charset(tmp_path: Path, server: TestServer) -> None:
    # KOI8-R bytes, short page, no <meta charset>: only the header says how to read it.
    para = (
        "Городской совет во вторник утвердил новый бюджет, который расширяет "
        "общественный транспорт и увеличивает расходы на школы на четыре процента."
    )
    more = (
        "Мэр заявил, что план сократит время ожидания на самых загруженных "
        "автобусных маршрутах, а оппозиция предупредила о росте налогов."
    )
    html = (
        f"<html><head><title>Бюджет</title></head><body><article><p>{para}</p>"
        f"<p>{more}</p></article></body></html>"
    )
    server.routes["/ru"] = Reply(
        body=html.encode("koi8-r"), headers={"Content-Type": "text/html; charset=koi8-r"}
    )
    (tmp_path / "newsdesk.toml").write_text("[fetch]\nallow_private = true\nhost_interval = 0\n")
    code, out, err = nd(tmp_path, "extract", server.url("/ru"))
    assert code == 0, err
    record = json.loads(out)
    assert para in record["text"]
    assert record["language"] == "ru"
