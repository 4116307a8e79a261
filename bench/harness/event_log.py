"""Benchmark 5: event log appends during the end-to-end runs, and `imgpipe audit verify`."""

import subprocess

from .measure import median, spread


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
    else:
        report.note("event log share of run time: not measured, because perf cannot record here")

    if not _has_audit_verify(context):
        report.note("audit verify: this imgpipe build has no `audit verify` command, so it is not measured")
        return
    # NOTE: `audit verify` exists in this build but its benchmark is not written yet. It needs a
    # log of context.sizes.audit_events events, built the way the command's hash chain expects.
    report.note("audit verify: the command exists; add its measurement in bench/harness/event_log.py")


def _has_audit_verify(context):
    result = subprocess.run([context.binary, "audit", "verify", "--help"], capture_output=True, text=True)
    return result.returncode == 0
