"""The event log's writer: lines wait, warnings go at once, quiet periods are
flushed in the background and nothing is lost at exit."""

import io
import logging
import re
import time

from app import events
from app.events import EventWriter

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARNING) event=\w+( \w+=\S+)*$")


def test_information_waits_and_a_warning_writes_everything_in_order():
    stream = io.StringIO()
    writer = EventWriter(stream, interval=3600)
    writer.write("INFO", "event=one")
    writer.write("INFO", "event=two a=1")
    assert stream.getvalue() == ""
    writer.write("WARNING", "event=three")
    lines = stream.getvalue().splitlines()
    assert [line.split(" ", 2)[2] for line in lines] == ["INFO event=one", "INFO event=two a=1", "WARNING event=three"]
    assert all(LINE.match(line) for line in lines), lines


def test_a_quiet_period_is_flushed_in_the_background():
    stream = io.StringIO()
    writer = EventWriter(stream, interval=0.05)
    writer.write("INFO", "event=alone")
    deadline = time.monotonic() + 10
    while "event=alone" not in stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert stream.getvalue().endswith(" INFO event=alone\n")


def test_flush_at_exit_writes_what_waits():
    stream = io.StringIO()
    writer = EventWriter(stream, interval=3600)
    writer.write("INFO", "event=last")
    writer.flush()  # registered with atexit by events.setup()
    assert stream.getvalue().endswith(" INFO event=last\n")


def test_event_formats_fields_and_levels(events_log):
    events.event("rate_limited", kind="session")
    events.event("sms_error", logging.ERROR, gateway="twilio", error="KeyError")
    assert events_log[-2:] == [
        "INFO event=rate_limited kind=session",
        "ERROR event=sms_error gateway=twilio error=KeyError",
    ]


def test_a_forked_child_starts_clean():
    import os

    events.setup()
    writer = events._writer
    read, write = os.pipe()
    # Holding the writer's lock keeps its flushing thread from emptying the
    # parent's pending lines while the test looks at them.
    with writer._lock:
        writer._pending.append("INFO event=before_fork\n")
        pid = os.fork()
        if pid == 0:  # child: nothing inherited is waiting, and the writer still works
            ok = writer._pending == [] and events._forks >= 1
            writer.write("INFO", "event=in_child")
            ok = ok and writer._pending[-1].endswith("event=in_child\n")
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        kept = list(writer._pending)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert kept[-1].endswith("event=before_fork\n")
