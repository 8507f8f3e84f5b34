"""The figures issue 16 asks for: does the bot stay up under abuse and faults?
Prints numbers; asserts nothing (exit status 0 whatever they are).

    .venv/bin/python benchmarks/abuse_bench.py [--quick] [--part limits|sessions|shield|redis ...]

Four parts, all in one run unless ``--part`` picks some (it may be repeated):

``limits``   cost of one rate-limit count (``ConversationLimits.hit``, what the
             views call) with 10k, 100k and 1M live counters in the in-process
             store, on counters that exist and on fresh ones. Goal: flat within 2x.
``sessions`` throughput of POST /api/v1/messages in one conversation under
             gunicorn (wrk), before and after a flood of 200k requests that
             each start a new conversation (a new session id each: new counters,
             new state rows). Goal: within 20%.
``shield``   time per 2,000-character message, ordinary prose against messages
             built to make the personal-data patterns backtrack (and a few
             shapes that are dear to the matching after the shield): the
             shield alone, the engine, the API and the no-JavaScript page
             in-process. Goal: the worst under 5x ordinary.
``redis``    latency under a steady load while the Redis server is paused
             (SIGSTOP) for 10 s. Goal: p99 < 500 ms, no 500.

``--quick`` floods 20k sessions instead of 200k and measures for less time.
Needs wrk and redis-server (Debian packages; ``make bench`` installs them).
Everything listens on 127.0.0.1 only; every process started here is stopped.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.engine_bench import percentile  # noqa: E402
from benchmarks.http_bench import free_port  # noqa: E402
from benchmarks.http_bench import workers_pss_mb  # noqa: E402

UNLIMITED = "100000000/minute;100000000/hour"  # two windows per key, like the default
FIXED_SESSION = "abusebenchfixedsession01"
QUESTION = "what is an ITIN"


# -- processes ----------------------------------------------------------------


def serve(env: dict, log: Path, workers: int = 2, threads: int = 4) -> tuple[subprocess.Popen, int]:
    """The real app under gunicorn gthread on 127.0.0.1, in a process group of its own."""
    port = free_port()
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", str(threads),
             "-b", f"127.0.0.1:{port}", "app:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            return proc, port
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(f"gunicorn did not start; see {log}:\n{log.read_text()[-2000:]}")
        time.sleep(0.05)


def stop(proc: subprocess.Popen | None) -> None:
    """Stop a process started with start_new_session=True, and its children."""
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGCONT, 0), (signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        if wait:
            try:
                proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


def redis_server(tmp: Path) -> tuple[subprocess.Popen, int]:
    """A throwaway redis-server without persistence (as tests/hardening/test_redis.py starts it)."""
    exe = shutil.which("redis-server")
    if not exe:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return proc, port
        except OSError:
            time.sleep(0.05)
    stop(proc)
    raise RuntimeError("redis-server did not start")


def app_env(tmp: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "OPTOUT_REDIS_URL", "OPTOUT_STORE")}
    env.update(
        SECRET_KEY="abuse-bench",
        STATE_DB=str(tmp / "state.sqlite3"),
        STATS_DB=str(tmp / "stats.sqlite3"),
        OPTOUT_DB=str(tmp / "optouts.sqlite3"),
        RATE_LIMIT=UNLIMITED,
    )
    env.update(extra)
    return env


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# -- 1. rate-limit counts ------------------------------------------------------


class _LaterClock:
    """``time`` as the limits store sees it ``ahead`` seconds from now."""

    def __init__(self, real, ahead: float):
        self.real, self.ahead = real, ahead

    def time(self) -> float:
        return self.real.time() + self.ahead

    def __getattr__(self, name):
        return getattr(self.real, name)


def part_limits(quick: bool) -> None:
    import app.store.limits as store
    from app.config import load_settings

    ops = 5_000 if quick else 20_000
    rate = load_settings()["RATE_LIMIT"]
    print("\n== 1. rate-limit count cost against live counters (in-process store, one thread) ==")
    print(f"ConversationLimits.hit('session', id), the call every web turn makes; RATE_LIMIT {rate!r}")
    print("(two counters per session), filled through hit() with distinct sessions. µs per count:")
    print(f"'existing': {ops:,} sessions already counted (all of them when fewer); 'fresh': sessions")
    print(f"never seen, a tenth of the table or {ops:,}, 5 rounds, median, their counters dropped after")
    print("each; 'ended': fresh sessions 61 s later (the store's clock moved on), when every 1-minute")
    print("window has ended and each count also drops a few of them.")
    print(f"  {'live keys':>10} {'existing':>9} {'fresh':>7} {'ended':>7} {'fill':>7} {'process RSS':>12}")
    rows = []
    for size in (10_000, 100_000, 1_000_000):
        gc.collect()
        limits = store.ConversationLimits(rate, b"abuse-bench")
        storage = limits.memory.storage
        clock = time.perf_counter_ns
        start, filled = clock(), 0
        while len(storage) < size:
            limits.hit("session", f"fill{filled:09d}")
            filled += 1
        fill = (clock() - start) / filled / 1000
        live = len(storage)
        sample = [f"fill{i:09d}" for i in random.Random(16).sample(range(filled), min(ops, filled))]
        start = clock()
        for ident in sample:
            limits.hit("session", ident)
        existing = (clock() - start) / len(sample) / 1000
        fresh_runs = []
        count = min(ops, size // 10)
        for round_ in range(5):
            idents = [f"fresh{round_}x{i:09d}" for i in range(count)]
            start = clock()
            for ident in idents:
                limits.hit("session", ident)
            fresh_runs.append((clock() - start) / count / 1000)
            for ident in idents:  # back to `size` live counters
                for item in limits.items:
                    storage.clear(item.key_for(store.PREFIX, limits.key("session", ident)))
        fresh = statistics.median(fresh_runs)
        real, store.time = store.time, _LaterClock(store.time, 61)
        try:
            idents = [f"later{i:09d}" for i in range(count)]
            start = clock()
            for ident in idents:
                limits.hit("session", ident)
            ended = (clock() - start) / count / 1000
        finally:
            store.time = real
        rows.append((size, existing, fresh, ended))
        print(f"  {live:>10,} {existing:>9.2f} {fresh:>7.2f} {ended:>7.2f} {fill:>7.2f} {rss_mb():>9.0f} MB")
        del limits, storage
    for i, name in ((1, "existing"), (2, "fresh"), (3, "ended")):
        values = [r[i] for r in rows]
        print(f"  {name:>8}: max/min over the three sizes {max(values) / min(values):.2f}x (goal: within 2x)")


# -- 2. throughput before and after a flood of new sessions -------------------

FIXED_LUA = f"""
wrk.method = "POST"
wrk.body = '{{"text": "{QUESTION}", "session": "{FIXED_SESSION}"}}'
wrk.headers["Content-Type"] = "application/json"
"""

# Each request a session id never used before ("flood<thread><counter>", which
# SESSION_RE accepts): every one is a new conversation. Each thread stops after
# its share of responses and leaves a marker file (wrk itself runs for its
# whole duration otherwise: the script interrupts it once every thread is
# done); done() prints the status counts of every thread.
FLOOD_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local threads = {}
local share = %(share)d

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   sent, got, ok, limited, other = 0, 0, 0, 0, 0
end

function request()
   sent = sent + 1
   local body = string.format('{"text": "%(text)s", "session": "flood%%02dx%%012d"}', id, sent)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   got = got + 1
   if status == 200 then ok = ok + 1
   elseif status == 429 then limited = limited + 1
   else other = other + 1 end
   if got == share then
      -- thread:stop() ends this thread only; the marker tells the script to stop wrk
      local marker = io.open(string.format("%(markers)s/done-%%d", id), "w")
      marker:close()
      wrk.thread:stop()
   end
end

function done(summary, latency, requests)
   for _, t in ipairs(threads) do
      io.write(string.format("FLOOD sent=%%d got=%%d ok=%%d limited=%%d other=%%d\\n",
         t:get("sent"), t:get("got"), t:get("ok"), t:get("limited"), t:get("other")))
   end
end
"""


def run_wrk(port: int, seconds: int, script: Path, done=None) -> dict:
    """wrk -t2 -c50 against POST /api/v1/messages; with ``done`` (a function
    polled every 0.1 s), interrupted as soon as it returns true."""
    wrk = subprocess.Popen(
        ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", "-s", str(script),
         f"http://127.0.0.1:{port}/api/v1/messages"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + seconds + 60
        while done is not None and wrk.poll() is None and time.monotonic() < deadline:
            if done():
                wrk.send_signal(signal.SIGINT)  # wrk prints its results and runs done()
                break
            time.sleep(0.1)
        out, err = wrk.communicate(timeout=max(1, deadline - time.monotonic()))
    finally:
        if wrk.poll() is None:
            wrk.kill()
            wrk.wait()
    if wrk.returncode:
        raise RuntimeError(f"wrk failed: {err}")
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)],
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "none",
        "out": out,
    }


def throughput(port: int, seconds: int, script: Path, rounds: int) -> dict:
    """``rounds`` wrk runs in one session: the best and the median. The best
    is the figure to compare: wrk keeps its 50 connections open, and in some
    runs one gunicorn worker accepts all of them while the other idles (about
    1,000 req/s instead of 2,800 on the 2-core machine, with or without a
    flood); others sharing the machine also lower single runs."""
    runs = [run_wrk(port, seconds, script) for _ in range(rounds)]
    return {
        "best": max(r["rps"] for r in runs),
        "median": statistics.median(r["rps"] for r in runs),
        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
        "non2xx": sum(r["non2xx"] for r in runs),
    }


def idle_latency_ms(port: int, n: int = 50) -> float:
    """Median of single requests one after another on a quiet server."""
    body = json.dumps({"text": QUESTION, "session": FIXED_SESSION})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    try:
        for _ in range(n):
            start = time.perf_counter()
            conn.request("POST", "/api/v1/messages", body, {"Content-Type": "application/json"})
            conn.getresponse().read()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        conn.close()
    return statistics.median(times)


def live_state_rows(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return conn.execute("SELECT count(*) FROM state WHERE expires > ?", (time.time(),)).fetchone()[0]


def part_sessions(quick: bool, tmp: Path) -> None:
    flood = 20_000 if quick else 200_000
    seconds, rounds = (5, 3) if quick else (10, 5)
    print(f"\n== 2. throughput before and after {flood:,} new sessions (gunicorn, wrk) ==")
    if not shutil.which("wrk"):
        print("  skipped: wrk is not installed (apt-get install wrk)")
        return
    fixed, flooder, markers = tmp / "fixed.lua", tmp / "flood.lua", tmp / "flood-done"
    markers.mkdir()
    fixed.write_text(FIXED_LUA)
    flooder.write_text(FLOOD_LUA % {"share": flood // 2, "text": QUESTION, "markers": markers})
    env = app_env(tmp, NEW_CONVERSATION_LIMIT=UNLIMITED)
    print("gunicorn -w 2 -k gthread --threads 4, embedded defaults (SQLite state, counters in memory);")
    print(f"RATE_LIMIT and NEW_CONVERSATION_LIMIT raised to {UNLIMITED!r}. With the default")
    print("NEW_CONVERSATION_LIMIT (30/minute;300/hour per address) all but the first 30 flood requests")
    print("from 127.0.0.1 would get 429 at the client-address count, before any session counter or")
    print("state row is made: the flood would leave one counter behind, not 200k. Raised, every flood")
    print("request is a new conversation (a new session id each, wrk -t2 -c50). Measured before and")
    print(f"after: POST /api/v1/messages {QUESTION!r} in one session, wrk -t2 -c50, {rounds} runs of")
    print(f"{seconds} s after a 2 s warm-up; then 50 single requests one after another. Compare the")
    print("best runs: in some runs one worker holds all 50 keep-alive connections (~1/3 the rate).",
          flush=True)
    proc, port = serve(env, tmp / "gunicorn-sessions.log")
    try:
        run_wrk(port, 2, fixed)
        before = throughput(port, seconds, fixed, rounds)
        idle_before = idle_latency_ms(port)
        rows_before = live_state_rows(tmp / "state.sqlite3")
        started = time.perf_counter()
        result = run_wrk(port, 3600, flooder, done=lambda: len(list(markers.iterdir())) >= 2)
        took = time.perf_counter() - started
        counts = Counter()
        for line in re.findall(r"FLOOD (.*)", result["out"]):
            counts.update({k: int(v) for k, v in (kv.split("=") for kv in line.split())})
        after = throughput(port, seconds, fixed, rounds)
        idle_after = idle_latency_ms(port)
        rows_after = live_state_rows(tmp / "state.sqlite3")
        memory = workers_pss_mb(proc.pid)
    finally:
        stop(proc)
    print(f"flood: {counts['sent']:,} requests sent, {counts['got']:,} answered in {took:.0f} s "
          f"({counts['got'] / took:.0f} req/s): {counts['ok']:,} x 200, {counts['limited']:,} x 429, "
          f"{counts['other']:,} other; socket errors: {result['socket_errors']}")
    print(f"  live state rows {rows_before:,} -> {rows_after:,}; rate-limit counters made: about "
          f"{2 * counts['ok']:,} (two per new session, split between the 2 workers)")
    print(f"  worker memory after (PSS): {', '.join(f'{m:.0f} MB' for m in memory)}")
    print(f"  {'':>8} {'best req/s':>11} {'median':>8} {'p99 ms':>8} {'non-2xx':>8} "
          f"{'one request alone, ms':>22}")
    for name, r, idle in (("before", before, idle_before), ("after", after, idle_after)):
        print(f"  {name:>8} {r['best']:>11.0f} {r['median']:>8.0f} {r['p99_ms']:>8.1f} {r['non2xx']:>8} "
              f"{idle:>22.2f}")
    print(f"  after/before throughput: best {after['best'] / before['best']:.0%} (goal: within 20%, "
          f"i.e. at least 80%); median {after['median'] / before['median']:.0%}")


# -- 3. the personal-data shield ----------------------------------------------

PROSE = (
    "Hello, I have some questions about my situation and I hope someone can help me understand my "
    "rights. My husband and I came to this country several years ago and we have two children who go "
    "to the public school near our apartment. Last week some men in vests came to the building and "
    "knocked on many doors asking for people by name. They did not show any paper from a judge. My "
    "neighbor told me that I do not have to open the door, but I am afraid that if I do not open they "
    "will come back with more people. What should I say if they come again? Can they enter without a "
    "warrant signed by a judge? Also, I work cleaning offices and my employer pays me in cash. I want "
    "to file taxes so that I have a record, but I do not have a social security number. Can the tax "
    "office share my information with immigration? I also heard that I can get a lawyer for free in "
    "some places, is that true, and how do I find one who speaks Spanish? "
)
NUMBERS = (
    "We moved here in 2019 and our ZIP code is 60629. The rent is $1,250 a month and the hearing is "
    "on 3/14/2025 at 9:30. "
)


def fit(text: str, size: int = 2000) -> str:
    return (text * (size // max(1, len(text)) + 1))[:size]


def messages() -> dict[str, str]:
    ordinary = {
        "ordinary prose": fit(PROSE),
        "ordinary prose with numbers": fit(PROSE[:900] + NUMBERS + PROSE[900:]),
    }
    adversarial = {
        "digits and dashes 1-1-1-": fit("1-"),
        "digits and spaced dashes 1 - 1 - ": fit("1 - "),
        "near-SSN 123-45-678 ": fit("123-45-678 "),
        "near-SSN 123 45 678 ": fit("123 45 678 "),
        "one run of 2000 digits": fit("1"),
        "8-digit runs 12345678 ": fit("12345678 "),
        "A- repeated": fit("A-"),
        "A-number near miss A-123-456-7 ": fit("A-123-456-7 "),
        "A number 1234567 ": fit("A number 1234567 "),
        "a@a@a@": fit("a@"),
        "local part only aaaa…@": "a" * 1999 + "@",
        "dots a.a.a.…@": fit("a.")[:1999] + "@",
        "a@a.a@a.": fit("a@a."),
        "domain labels a@a.a.a.a…": "a@" + fit("a.", 1998),
        "+ signs a+a+…@": fit("a+")[:1999] + "@",
        "full-width digits １２３－": fit("１２３－"),
        "full-width run １１１…": fit("１"),
        "phone +1 +1 +1": fit("+1 "),
        "phone (123) (123)": fit("(123) "),
        "international +52 (1 (1": fit("+52 (1 "),
        "plus digits +1234567 ": fit("+1234567 "),
        "mixed 1-a@A-+1 (": fit("1-a@A-+1 (１"),
        # Shapes that cost the matching after the shield, not the shield itself.
        "clauses a,a,a,": fit("a,"),
        "clauses a, a, a, ": fit("a, "),
        "sentences a. a. a. ": fit("a. "),
        "one word a a a ": fit("a "),
    }
    return ordinary | adversarial


def variant(text: str, i: int, salt: int) -> str:
    """The message with a different first word each time (and for each
    ``salt``: the API and the page share one app), so that no cache of the
    engine (matching results by normalized text) answers it again."""
    tag = "zq" + chr(97 + salt) + "".join(chr(97 + (i // 26**k) % 26) for k in range(4)) + " "
    return tag + text[len(tag):]


def per_call_ms(call, text: str, budget: float, fresh: bool, salt: int) -> float:
    """Median of batch means; each batch ~budget/5 seconds (at least 3 calls)."""
    call(variant(text, 0, salt) if fresh else text)  # warm-up
    batches, n, i, rounds = [], 1, 1, 5
    while len(batches) < rounds:
        start = time.perf_counter()
        for _ in range(n):
            call(variant(text, i, salt) if fresh else text)
            i += 1
        took = time.perf_counter() - start
        if took < budget / 5 and n < 10_000 and not batches:
            n *= 4
            continue
        if took > 0.25:  # a slow message: three single calls are enough
            rounds = 3
        batches.append(took / n * 1000)
    return statistics.median(batches)


def part_shield(quick: bool, tmp: Path) -> None:
    from app import create_app
    from app import events
    from app.build import build_engine
    from app.config import load_settings
    from app.engine import Inbound
    from app.engine import State
    from app.engine.pii import shield

    budget = 0.1 if quick else 0.4
    texts = messages()
    assert all(len(t) == 2000 for t in texts.values()), {k: len(t) for k, t in texts.items()}
    events.setup(open(os.devnull, "w"))  # the app's event lines would flood the output
    engine = build_engine(load_settings({"STATE_STORE": "memory"}))
    app = create_app({
        "STATE_STORE": "memory", "SECRET_KEY": "abuse-bench", "RATE_LIMIT": UNLIMITED,
        "NEW_CONVERSATION_LIMIT": UNLIMITED, "STATS_DB": str(tmp / "stats-inproc.sqlite3"),
        "OPTOUT_DB": str(tmp / "optouts-inproc.sqlite3"), "REDIS_URL": "",
    })
    client = app.test_client()

    def api(text):
        r = client.post("/api/v1/messages", json={"text": text})
        assert r.status_code == 200, r.status_code

    refused: dict[str, int] = {}  # message -> status, when the page refuses it

    def page(text):
        r = client.post("/", data={"text": text})
        if r.status_code != 200:
            refused[current] = r.status_code

    layers = (
        ("shield()", lambda t: shield(t), False),
        ("engine", lambda t: engine.respond(Inbound(t, "web", None), State()), True),
        ("API", api, True),
        ("page /", page, True),
    )
    print("\n== 3. personal-data shield: 2,000-character messages, ms per message (in-process) ==")
    print("shield(): app.engine.pii.shield alone. engine: Engine.respond, new conversation. API: POST")
    print("/api/v1/messages, no session (new conversation), Flask test client, memory store. page /: the")
    print("no-JavaScript form. Engine, API and page get a new first word per call (no cache hit).")
    print(f"  {'message':<36}" + "".join(f"{name:>11}" for name, _, _ in layers) + "   found")
    results: dict[str, list[float]] = {}
    for current, text in texts.items():
        results[current] = [
            per_call_ms(call, text, budget, fresh, salt) for salt, (_, call, fresh) in enumerate(layers)
        ]
        kinds = ",".join(sorted(shield(text).kinds)) or "-"
        if current in refused:
            kinds += f" (page: {refused[current]}, not answered)"
        print(f"  {current:<36}" + "".join(f"{ms:>11.3f}" for ms in results[current]) + f"   {kinds}")
    ordinary = [name for name in texts if name.startswith("ordinary")]
    for col, (layer, _, _) in enumerate(layers):
        answered = [n for n in texts if n not in ordinary and not (layer == "page /" and n in refused)]
        worst = max(answered, key=lambda n: results[n][col])
        base = max(results[n][col] for n in ordinary)
        low = min(results[n][col] for n in ordinary)
        print(f"  {layer:<9} worst: {worst!r} {results[worst][col]:.3f} ms = "
              f"{results[worst][col] / base:.1f}x the dearer ordinary message, "
              f"{results[worst][col] / low:.1f}x the cheaper (goal < 5x)")


# -- 4. Redis paused under load -------------------------------------------------

TURNS = ("what is an ITIN", "I need a lawyer", "60629", "menu", "can the irs share my info with ice?")


def load_thread(port: int, until: float, record: list, stop_flag: threading.Event) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    session = None
    i = 0
    while time.monotonic() < until and not stop_flag.is_set():
        body = {"text": TURNS[i % len(TURNS)]}
        if session:
            body["session"] = session
        i += 1
        start = time.monotonic()
        try:
            conn.request("POST", "/api/v1/messages", json.dumps(body), {"Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            status, notices = resp.status, ()
            if status == 200:
                reply = json.loads(data)
                session = reply["session"]
                notices = tuple(n["code"] for n in reply["notices"])
        except (OSError, http.client.HTTPException) as exc:
            status, notices = type(exc).__name__, ()
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        record.append((start, time.monotonic() - start, status, notices))
    conn.close()


def summarize(label: str, rows: list, seconds: float) -> None:
    if not rows:
        print(f"  {label:<22} no requests")
        return
    ms = [r[1] * 1000 for r in rows]
    statuses = Counter(str(r[2]) for r in rows)
    forgot = sum("state-unavailable" in r[3] for r in rows)
    print(f"  {label:<22} {len(rows):>6} {len(rows) / seconds:>7.0f} {percentile(ms, 0.5):>8.1f} "
          f"{percentile(ms, 0.99):>8.1f} {max(ms):>8.1f}   "
          f"{' '.join(f'{s}:{n}' for s, n in sorted(statuses.items()))}   no-memory notice: {forgot}")


def part_redis(quick: bool, tmp: Path) -> None:
    clients, warm, paused, recover = 8, 5.0, 10.0, 5.0
    print(f"\n== 4. Redis paused (SIGSTOP) for {paused:.0f} s under load ==")
    print("gunicorn -w 2 -k gthread --threads 4 with REDIS_URL (state, limits, stats, opt-outs in Redis);")
    print(f"{clients} client threads, each one conversation on a keep-alive connection, back to back;")
    print(f"{warm:.0f} s of load, Redis paused {paused:.0f} s, {recover:.0f} s after SIGCONT. RATE_LIMIT and")
    print("NEW_CONVERSATION_LIMIT raised, so that the latency of answers is measured, not refusals")
    print("(eight clients on one address start their conversations together).", flush=True)
    redis_proc = gunicorn = None
    try:
        redis_proc, redis_port = redis_server(tmp)
        env = app_env(tmp, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0", NEW_CONVERSATION_LIMIT=UNLIMITED)
        gunicorn, port = serve(env, tmp / "gunicorn-redis.log")
        idle_latency_ms(port, 20)  # warm the workers
        record: list = []
        stop_flag = threading.Event()
        began = time.monotonic()
        until = began + warm + paused + recover
        threads = [threading.Thread(target=load_thread, args=(port, until, record, stop_flag), daemon=True)
                   for _ in range(clients)]
        for t in threads:
            t.start()
        try:
            time.sleep(warm)
            pause_at = time.monotonic()
            os.kill(redis_proc.pid, signal.SIGSTOP)
            time.sleep(paused)
        finally:
            os.kill(redis_proc.pid, signal.SIGCONT)
        resume_at = time.monotonic()
        for t in threads:
            t.join(until - time.monotonic() + 40)
        stop_flag.set()
        end = max(r[0] + r[1] for r in record)
    finally:
        stop(gunicorn)
        stop(redis_proc)
    print(f"  {'requests started':<22} {'n':>6} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
          "   statuses")
    summarize("whole run", record, end - began)
    summarize("before the pause", [r for r in record if r[0] < pause_at], pause_at - began)
    summarize("while paused", [r for r in record if pause_at <= r[0] < resume_at], resume_at - pause_at)
    summarize("after SIGCONT", [r for r in record if r[0] >= resume_at], end - resume_at)
    log = (tmp / "gunicorn-redis.log").read_text(errors="replace")
    warnings = Counter(re.findall(r"(?:WARNING|ERROR) event=(\S+)", log))
    print(f"  warnings in the server log: {dict(warnings) or 'none'}; "
          f"tracebacks: {log.count('Traceback')}")
    print("  (goal: p99 < 500 ms while paused; no 500)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="20k sessions instead of 200k, shorter measurements")
    parser.add_argument("--part", action="append", choices=("limits", "sessions", "shield", "redis"),
                        help="run only this part (may be repeated)")
    args = parser.parse_args()
    parts = args.part or ["limits", "sessions", "shield", "redis"]
    print(f"abuse_bench ({'quick' if args.quick else 'full'} run), {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; timings on a shared machine are noisy")
    tmp = Path(tempfile.mkdtemp(prefix="abuse-bench-"))
    atexit.register(shutil.rmtree, tmp, True)  # registered first, so it runs after the app's own flush
    for part in parts:
        started = time.perf_counter()
        if part == "limits":
            part_limits(args.quick)
        elif part == "sessions":
            part_sessions(args.quick, tmp)
        elif part == "shield":
            part_shield(args.quick, tmp)
        else:
            part_redis(args.quick, tmp)
        print(f"  ({part}: {time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
