"""Benchmark 4: peak memory with many queued small files and an upload endpoint that never
replies, so items pile up in front of the upload stage until SIGTERM stops the run."""

import os

from . import inputs
from .measure import median, run_measured, spread
from .services import StalledEndpoint

DEFINITION = """\
name: bench-scale
stages:
  - type: ingest
    path: {folder}
  - type: metadata
  - type: authenticate
    anonymous: true
  - type: upload
"""


def run(context, report):
    endpoint = StalledEndpoint()
    peaks = {}
    try:
        for count in context.sizes.scale_counts:
            folder = inputs.small_files(context.samples, context.work / "inputs", context.work / "inputs" / f"small-{count}", count)
            peaks[count] = [_peak_once(context, folder, endpoint) for _ in range(context.runs)]
    finally:
        endpoint.stop()

    seconds = context.sizes.scale_seconds
    report.section("4. Scale", f"queued small files, stalled upload endpoint, SIGTERM after {seconds:.0f} s, peak resident memory")
    for count, values in peaks.items():
        report.figure(f"imgpipe run, {count} files", median(values), "MB", spread(values))
    medians = [median(values) for values in peaks.values()]
    report.goal("peak at most 100 MB", max(medians) <= 100)
    report.goal("the same for every file count (within 10%)", max(medians) <= 1.1 * min(medians))


def _peak_once(context, folder, endpoint):
    state = context.fresh_directory("scale")
    definition = context.write_definition(state, DEFINITION.format(folder=folder))
    environment = {**os.environ, "IMGUR_API_URL": endpoint.url, "IMGUR_CLIENT_ID": "imgpipe-sandbox"}
    command = context.imgpipe(state, "run", "--drain-timeout", "2s", definition)
    sample = run_measured(command, env=environment, stop_after=context.sizes.scale_seconds)
    return sample.max_rss_kib / 1024
