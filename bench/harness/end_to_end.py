"""Benchmark 1: ingest, metadata, upload to the sandbox and notify, without resizing, against a
requests + Pillow script and against the sandbox's ceiling (curl with nothing else to do)."""

import os
from pathlib import Path

from . import inputs, profile
from .context import event_count
from .measure import median, run_measured, spread
from .services import Sandbox, WebhookListener, new_webhook_secret

DEFINITION = """\
name: bench-end-to-end
stages:
  - type: ingest
    path: {folder}
  - type: metadata
  - type: authenticate
    account: default
  - type: upload
    concurrency: {concurrency}
  - type: notify
    concurrency: {concurrency}
    url: ${{WEBHOOK_URL}}
    secret: ${{WEBHOOK_SECRET}}
"""


def run(context, report):
    folder = inputs.varied_jpegs(context.samples, context.work / "inputs" / f"varied-{context.sizes.end_to_end_images}",
                                 context.sizes.end_to_end_images)
    count = context.sizes.end_to_end_images
    secret = new_webhook_secret()
    sandbox = Sandbox(context.binary, context.fresh_directory("sandbox-data"), context.fresh_directory("sandbox-state"))
    listener = WebhookListener(context.binary, secret)
    try:
        rates = {"imgpipe": [], "peer": [], "ceiling": []}
        appends = []
        for _ in range(context.runs):
            imgpipe_rate, append_rate = _imgpipe_once(context, folder, sandbox, listener, secret)
            rates["imgpipe"].append(imgpipe_rate)
            appends.append(append_rate)
            sandbox.clear_uploads()
            rates["peer"].append(count / _peer_once(context, folder, sandbox, listener, secret))
            sandbox.clear_uploads()
            rates["ceiling"].append(count / _ceiling_once(context, folder, sandbox))
            sandbox.clear_uploads()
        share = _event_log_share(context, folder, sandbox, listener, secret)
    finally:
        listener.stop()
        sandbox.stop()

    imgpipe, peer, ceiling = (median(rates[key]) for key in ("imgpipe", "peer", "ceiling"))
    goal = min(10 * peer, 0.9 * ceiling)
    report.section("1. End to end", f"{count} JPEGs, concurrency {context.concurrency}, items per second")
    report.figure("imgpipe run", imgpipe, "items/s", spread(rates["imgpipe"]))
    report.figure("requests + Pillow script", peer, "items/s", spread(rates["peer"]))
    report.figure("sandbox ceiling (curl --parallel)", ceiling, "uploads/s", spread(rates["ceiling"]))
    report.ratio("imgpipe / script", imgpipe / peer)
    report.ratio("imgpipe / ceiling", imgpipe / ceiling)
    report.goal(f"at least min(10 x script, 0.9 x ceiling) = {goal:.1f} items/s", imgpipe >= goal)
    report.remember("event_append_rates", appends)
    report.remember("event_log_cpu_share", share)


def _imgpipe_once(context, folder, sandbox, listener, secret):
    state = context.fresh_directory("e2e-imgpipe")
    definition = context.write_definition(state, DEFINITION.format(folder=folder, concurrency=context.concurrency))
    environment = {**os.environ, **sandbox.environment, "WEBHOOK_URL": listener.url, "WEBHOOK_SECRET": secret}
    sample = run_measured(context.imgpipe(state, "run", definition), env=environment)
    count = context.sizes.end_to_end_images
    return count / sample.seconds, event_count(state) / sample.seconds


def _event_log_share(context, folder, sandbox, listener, secret):
    """Profile one more imgpipe run with perf; None where perf cannot record."""
    if not profile.perf_available():
        return None
    state = context.fresh_directory("e2e-profile")
    definition = context.write_definition(state, DEFINITION.format(folder=folder, concurrency=context.concurrency))
    environment = {**os.environ, **sandbox.environment, "WEBHOOK_URL": listener.url, "WEBHOOK_SECRET": secret}
    perf_data = os.path.join(state, "perf.data")
    profile.record(context.imgpipe(state, "run", definition), environment, perf_data)
    sandbox.clear_uploads()
    return profile.event_log_share(perf_data)


def _peer_once(context, folder, sandbox, listener, secret):
    command = [context.python(), context.peer("imgur_upload.py"), str(folder), "--api", sandbox.url,
               "--token", sandbox.environment["IMGUR_ACCESS_TOKEN"], "--webhook", listener.url,
               "--secret", secret, "--concurrency", str(context.concurrency)]
    return run_measured(command).seconds


def _ceiling_once(context, folder, sandbox):
    """Upload the same files with curl, which only sends each file and discards the reply."""
    config = Path(context.fresh_directory("curl")) / "uploads.curl"
    token = sandbox.environment["IMGUR_ACCESS_TOKEN"]
    entries = []
    for path in sorted(Path(folder).glob("*.jpg")):
        entries.append(f'url = "{sandbox.url}/3/image"\nform = "image=@{path}"\n'
                       f'header = "Authorization: Bearer {token}"\noutput = "/dev/null"\nfail\n')
    config.write_text("next\n".join(entries))
    command = ["curl", "--silent", "--show-error", "--parallel", "--parallel-immediate",
               "--parallel-max", str(context.concurrency), "--config", str(config)]
    return run_measured(command).seconds
