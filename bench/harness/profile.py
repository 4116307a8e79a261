"""The event log's share of imgpipe's CPU time, from a `perf record` of one real run."""

import shutil
import subprocess

# Frames that belong to the event log: SQLite itself and imgpipe's EventLog types, whose
# mangled Swift names contain the type name.
EVENT_LOG_FRAMES = ("libsqlite3", "EventLog")


def perf_available():
    if shutil.which("perf") is None:
        return False
    probe = subprocess.run(["perf", "record", "-q", "-o", "/dev/null", "true"], capture_output=True)
    return probe.returncode == 0


def record(command, env, output):
    """Run `command` under `perf record` with call graphs at 499 samples per second."""
    subprocess.run(["perf", "record", "-q", "-F", "499", "-g", "-o", output, "--", *command],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def event_log_share(perf_data):
    """Return the fraction of samples with an event log frame anywhere on their stack."""
    script = subprocess.run(["perf", "script", "-i", perf_data], capture_output=True, text=True, check=True).stdout
    samples = [block for block in script.split("\n\n") if block.strip()]
    if not samples:
        return None
    hits = sum(1 for block in samples if any(frame in block for frame in EVENT_LOG_FRAMES))
    return hits / len(samples)
