"""Load on the website and feeds: p50/p99 latency and requests/s at 100 concurrent.

    python -m benchmarks.serve_load [--home DIR] [--workers 2] [--seconds 15]

Publishes the demo corpus (`newsdesk run --demo`) into DIR unless it is there already,
starts `newsdesk serve` on loopback, and drives it with wrk (Debian's `wrk`: 2 threads,
100 connections) for each path: a story page, the front page, the Atom feed and one API
call. Only loopback is ever targeted; each run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

PATHS = ("/story/{story}", "/", "/feeds/atom.xml", "/api/stories/{story}")


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def parse_wrk(text: str) -> dict[str, float]:
    """p50/p99 (ms), requests/s and non-2xx/errors from `wrk --latency` output."""
    out: dict[str, float] = {}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", text, re.M)
        if m:
            out[f"p{pct}_ms"] = round(_seconds(m.group(1)) * 1000, 1)
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["requests_per_s"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non_2xx"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Socket errors: (.*)", text)
    out["socket_errors"] = float(sum(int(n) for n in re.findall(r"\d+", m.group(1)))) if m else 0.0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=Path("benchmarks/out/serve-home"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/serve_load.json"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    env = os.environ | {"NEWSDESK_HOME": str(args.home.resolve())}
    if not (args.home / "newsdesk.db").exists():
        subprocess.run([sys.executable, "-m", "newsdesk", "run", "--demo"], env=env, check=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    results: dict[str, dict[str, float]] = {}
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        story = httpx.get(base + "/api/stories", params={"limit": 1}).json()[0]["id"]
        for template in PATHS:
            path = template.format(story=story)
            for _ in range(2 * args.workers):  # warm each worker's cache, as readers before would
                httpx.get(base + path, timeout=30)
            run = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{args.connections}",
                    f"-d{args.seconds}s",
                    "--latency",
                    "--timeout",
                    "10s",
                    base + path,
                ],
                capture_output=True,
                text=True,
                timeout=args.seconds + 60,
                check=True,
            )
            results[template] = parse_wrk(run.stdout)
            print(template, results[template], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "workers": args.workers,
                "connections": args.connections,
                "seconds": args.seconds,
                "results": results,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
