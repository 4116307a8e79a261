"""Run imgpipe's benchmarks beside the tools users run today and print medians and ratios.

Started by bench/run.sh (or `make bench`), which installs the peers and builds imgpipe in
release mode first. Inputs are generated once under bench/work/inputs; results of the last
pass are written to bench/work/results.json.
"""

import argparse
import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import end_to_end, event_log, inputs, scale, single_tool  # noqa: E402
from harness.context import Context, Sizes, tool_version  # noqa: E402
from harness.report import Report  # noqa: E402

BENCHMARKS = {
    "end-to-end": end_to_end.run,
    "headers": single_tool.headers,
    "resize": single_tool.resize,
    "scale": scale.run,
    "event-log": event_log.run,
    "startup": single_tool.startup,
}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="imgpipe executable, built in release mode")
    parser.add_argument("--quick", action="store_true", help="smaller inputs and 3 runs, for a pass of a few minutes")
    parser.add_argument("--runs", type=int, help="runs per measurement, whose median is reported (default 5, 3 with --quick)")
    parser.add_argument("--concurrency", type=int, default=4, help="upload concurrency of imgpipe and of its peers (default 4)")
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS), help="run only this benchmark; repeatable")
    return parser.parse_args()


def machine_description(binary):
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    return {
        "cpu": cpu,
        "cores": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "memory": memory,
        "kernel": platform.release(),
        "imgpipe": tool_version([binary, "--version"]),
        "swift": tool_version(["swift", "--version"]),
        "libvips": tool_version(["vips", "--version"]),
        "exiftool": tool_version(["exiftool", "-ver"]),
        "ImageMagick": tool_version([single_tool.imagemagick_convert(), "-version"]),
        "python": platform.python_version(),
        "Pillow": tool_version([str(Path(__file__).parent / ".venv/bin/python"), "-c", "import PIL; print(PIL.__version__)"]),
        "requests": tool_version([str(Path(__file__).parent / ".venv/bin/python"), "-c", "import requests; print(requests.__version__)"]),
        "curl": tool_version(["curl", "--version"]),
    }


def main():
    arguments = parse_arguments()
    repository = Path(__file__).resolve().parent.parent
    work = repository / "bench" / "work"
    context = Context(
        repository=repository,
        binary=arguments.binary,
        work=work,
        runs=arguments.runs or (3 if arguments.quick else 5),
        concurrency=arguments.concurrency,
        sizes=Sizes.choose(arguments.quick),
        samples=inputs.sample_photographs(repository),
    )
    context.clean_runs()

    machine = machine_description(arguments.binary)
    print("# imgpipe benchmarks")
    for key, value in machine.items():
        print(f"{key}: {value}")
    print(f"runs per figure: {context.runs}, concurrency: {context.concurrency}{', quick sizes' if arguments.quick else ''}")

    report = Report()
    selected = arguments.only or list(BENCHMARKS)
    for name in BENCHMARKS:
        if name in selected:
            BENCHMARKS[name](context, report)
            context.clean_runs()
    report.save(work / "results.json", machine)


if __name__ == "__main__":
    main()
