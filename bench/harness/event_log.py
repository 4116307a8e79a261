"""Benchmark 5: event log appends during the end-to-end runs, and `imgpipe audit verify`."""

import hashlib
import json
import sqlite3
import subprocess
from pathlib import Path

from . import inputs
from .measure import median, run_measured, spread

# A real run whose events are the template of the large log: ingest, metadata and resize write
# the discovery, stage and run events a pipeline writes, with payloads of the usual sizes.
TEMPLATE_DEFINITION = """\
name: bench-audit
stages:
  - type: ingest
    path: {folder}
  - type: metadata
  - type: resize
    max_width: 64
    max_height: 64
"""
TEMPLATE_FILES = 200


def run(context, report):
    report.section("5. Event log", "appends during a real run; audit verify over many events")
    appends = report.recalled("event_append_rates")
    if appends:
        report.figure("events appended per second, end-to-end run", median(appends), "events/s", spread(appends))
    else:
        report.note("events appended per second: run benchmark 1 (end-to-end) in the same pass to measure it")
    share = report.recalled("event_log_cpu_share")
    if share is not None:
        report.figure("event log share of imgpipe's CPU samples (perf)", 100 * share, "%", summary="one profiled run")
        report.goal("logging under 10% of run time (measured as CPU share)", share < 0.10)
    elif appends:
        report.note("event log share of run time: not measured, because perf cannot record here")

    if not _has_audit_verify(context):
        report.note("audit verify: this imgpipe build has no `audit verify` command, so it is not measured")
        return
    _measure_verify(context, report)


def _measure_verify(context, report):
    state = _large_log(context, context.sizes.audit_events)
    events = _verified_event_count(context, state)
    rates = [events / run_measured(context.imgpipe(state, "audit", "verify")).seconds for _ in range(context.runs)]
    report.figure(f"audit verify over {events:,} events", median(rates), "events/s", spread(rates))
    report.goal("audit verify at least 200,000 events/s", median(rates) >= 200_000)


def _large_log(context, count):
    """Build a state folder whose event log contains `count` chained events, and return it.

    One real `imgpipe run` writes the template events. Copies of them are then appended in
    sequence order with their chain columns computed as imgpipe computes them, and
    `audit verify` must find the result intact, which checks that the copies were chained
    correctly.
    """
    folder = inputs.small_files(context.samples, context.work / "inputs", context.work / "inputs" / f"small-{TEMPLATE_FILES}",
                                TEMPLATE_FILES)
    state = context.fresh_directory("audit")
    definition = context.write_definition(state, TEMPLATE_DEFINITION.format(folder=folder))
    run_measured(context.imgpipe(state, "run", definition))

    database_path = Path(state) / "events.sqlite"
    with sqlite3.connect(database_path) as database:
        _extend_chain(database, count)
    for suffix in ("-wal", "-shm"):
        Path(f"{database_path}{suffix}").unlink(missing_ok=True)
    return state


def _extend_chain(database, count):
    columns = "run_id, item_id, stage, type, payload, time"
    template = database.execute(f"SELECT {columns} FROM events ORDER BY seq").fetchall()
    if not template:
        raise RuntimeError("the template run wrote no events")
    head = database.execute("SELECT hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()[0]

    # One transaction without a journal: the file is thrown away if the build fails.
    database.execute("PRAGMA journal_mode = OFF")
    database.execute("PRAGMA synchronous = OFF")
    database.executemany(
        f"INSERT INTO events ({columns}, content_sha256, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        _chained_copies(template, count - len(template), head))
    database.commit()
    database.execute("PRAGMA journal_mode = WAL")


def _chained_copies(template, count, head):
    """Yield `count` copies of the template events, each with its content digest, the hash
    of the event before it and its own hash."""
    previous = head
    for index in range(count):
        row = template[index % len(template)]
        content = content_digest(row)
        current = hashlib.sha256((previous + content).encode()).hexdigest()
        yield (*row, content, previous, current)
        previous = current


def content_digest(row):
    """SHA-256 of an event's canonical encoding, as imgpipe's event chain defines it: run id,
    item id, stage, type, payload and time in that order, each as its UTF-8 byte count, a
    colon and its bytes, or `~` when NULL."""
    encoding = bytearray()
    for field in row:
        if field is None:
            encoding += b"~"
            continue
        data = str(field).encode()
        encoding += f"{len(data)}:".encode() + data
    return hashlib.sha256(encoding).hexdigest()


def _verified_event_count(context, state):
    """Run `audit verify --json` once more and return its event count; raise unless intact."""
    result = subprocess.run(context.imgpipe(state, "audit", "verify", "--json"), capture_output=True, text=True)
    document = json.loads(result.stdout) if result.stdout.strip() else {}
    if result.returncode != 0 or not document.get("intact"):
        raise RuntimeError(f"audit verify found the generated log altered: {result.stdout or result.stderr}")
    return document["events"]


def _has_audit_verify(context):
    result = subprocess.run([context.binary, "audit", "verify", "--help"], capture_output=True, text=True)
    return result.returncode == 0
