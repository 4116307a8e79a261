"""Timing and peak-memory measurement of child processes, and the medians reported."""

import os
import re
import signal
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass

GNU_TIME = "/usr/bin/time"


@dataclass
class Sample:
    """One measured process: wall seconds, CPU seconds (user + system), peak resident memory
    in KiB and exit status."""

    seconds: float
    cpu_seconds: float
    max_rss_kib: int
    returncode: int


def run_measured(command, env=None, cwd=None, stop_after=None, kill_after=30.0, stdout=None):
    """Run `command` under GNU time and return its wall time and peak resident memory.

    With `stop_after` (seconds), the command gets SIGTERM at that time, and SIGKILL when it
    is still running `kill_after` seconds later.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        timed = [GNU_TIME, "-v", "-o", report.name, *command]
        started = time.perf_counter()
        process = subprocess.Popen(timed, env=env, cwd=cwd, stdout=stdout or subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        if stop_after is not None:
            _stop_child_after(process, stop_after, kill_after)
        _, stderr = process.communicate()
        seconds = time.perf_counter() - started
        text = report.read()

    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if match is None:
        raise RuntimeError(f"GNU time printed no peak memory for {command[0]}: {text or stderr}")
    status = re.search(r"Exit status: (\d+)", text)
    returncode = int(status.group(1)) if status else process.returncode
    if stop_after is None and returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed with status {returncode}:\n{stderr[-2000:]}")
    cpu_seconds = sum(float(value) for value in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    return Sample(seconds, cpu_seconds, int(match.group(1)), returncode)


def _stop_child_after(process, stop_after, kill_after):
    """Send SIGTERM to the command GNU time runs (not to time, which must live to report)."""
    try:
        process.wait(timeout=stop_after)
        return
    except subprocess.TimeoutExpired:
        pass
    child = _only_child(process.pid)
    os.kill(child, signal.SIGTERM)
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.kill(child, signal.SIGKILL)


def _only_child(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return int(children.read().split()[0])


def median(values):
    return statistics.median(values)


def spread(values):
    """Return the smallest and largest value, as printed beside each median."""
    return f"[{min(values):.3g} .. {max(values):.3g}]"
