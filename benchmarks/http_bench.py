"""HTTP throughput and latency of POST /api/v1/messages under gunicorn, next
to a bare Flask echo on the same server settings, in the same run; memory per
worker (PSS); start-up time. Load goes to 127.0.0.1 only and stops by itself.

    .venv/bin/python benchmarks/http_bench.py [--seconds 10] [--rounds 3]

Needs wrk (Debian package). The bot runs with its embedded defaults (SQLite
state, rate limits in memory) and RATE_LIMIT raised so the load is not
throttled: each request loads and saves the conversation state.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = """
wrk.method = "POST"
wrk.body = '{"text": "can the irs share my info with ice?", "session": "benchmarksession0000001"}'
wrk.headers["Content-Type"] = "application/json"
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(target: str, env: dict, workers: int, threads: int) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", str(threads),
         "-b", f"127.0.0.1:{port}", target],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            return proc, port, time.perf_counter() - started
        except OSError as exc:
            if proc.poll() is not None or time.perf_counter() - started > 60:
                raise RuntimeError(f"{target} did not start") from exc
            time.sleep(0.02)


def wrk(port: int, seconds: int, script: Path) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", "-s", str(script),
         f"http://127.0.0.1:{port}/api/v1/messages"],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{errors.group(1)} non-2xx responses")
    return rps, float(p99.group(1)) * scale


def workers_pss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    out = []
    for pid in children:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        out.append(int(re.search(r"^Pss:\s+(\d+) kB", text, re.M).group(1)) / 1024)
    return out


def bot_reply(env: dict, path: Path) -> None:
    """The bot's answer to the benchmark message, body and headers, for the
    sized bare endpoint to send back unchanged."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from app import create_app

    client = create_app().test_client()
    body = json.loads(re.search(r"wrk.body = '(.*)'", LUA).group(1))
    r = client.post("/api/v1/messages", json=body)
    skip = {"content-length", "content-type"}
    path.write_text(json.dumps({
        "body": r.get_data(as_text=True),
        "headers": [(k, v) for k, v in r.headers.items() if k.lower() not in skip],
    }))


TARGETS = (
    ("bare", "benchmarks.bare_app:app"),
    ("sized", "benchmarks.bare_app:sized_app"),
    ("bot", "app:create_app()"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp())
    script = tmp / "post.lua"
    script.write_text(LUA)
    env = dict(os.environ, RATE_LIMIT="100000000/minute", SECRET_KEY="bench",
               STATE_DB=str(tmp / "state.sqlite3"), BENCH_REPLY_FILE=str(tmp / "reply.json"))
    bot_reply({k: env[k] for k in ("RATE_LIMIT", "SECRET_KEY", "STATE_DB")}, tmp / "reply.json")
    results: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in TARGETS}
    memory, startup = [], []
    for _ in range(args.rounds):  # interleaved, so that drift on the machine hits all three
        for name, target in TARGETS:
            proc, port, took = start(target, env, args.workers, args.threads)
            try:
                wrk(port, 2, script)  # warm-up
                results[name].append(wrk(port, args.seconds, script))
                if name == "bot":
                    startup.append(took)
                    memory.extend(workers_pss_mb(proc.pid))
            finally:
                proc.terminate()
                proc.wait(15)

    def median(name, i):
        return statistics.median(r[i] for r in results[name])

    bot_rps, bare_rps, sized_rps = median("bot", 0), median("bare", 0), median("sized", 0)
    bot_p99, bare_p99, sized_p99 = median("bot", 1), median("bare", 1), median("sized", 1)
    print(f"gunicorn gthread {args.workers} workers x {args.threads} threads, wrk -t2 -c50, "
          f"{args.rounds} rounds of {args.seconds} s, medians:")
    print(f"  bare Flask echo                  {bare_rps:8.0f} req/s   p99 {bare_p99:6.1f} ms")
    print(f"  bare Flask, the bot's reply size {sized_rps:8.0f} req/s   p99 {sized_p99:6.1f} ms")
    print(f"  POST /api/v1/messages            {bot_rps:8.0f} req/s   p99 {bot_p99:6.1f} ms")
    print(f"  throughput ratio to the echo {bot_rps / bare_rps:.0%}   p99 ratio {bot_p99 / bare_p99:.2f}x")
    print(f"  (the echo sending the bot's reply alone reaches {sized_rps / bare_rps:.0%} of the echo)")
    print(f"memory per worker (PSS, after load): max {max(memory):.0f} MB, median {statistics.median(memory):.0f} MB")
    print(f"start-up, gunicorn launch to first 200: median {statistics.median(startup) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
