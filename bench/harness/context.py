"""What every benchmark needs: the binary, folders, sizes and repetition count."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Sizes:
    """Input sizes; `quick` shrinks the large ones so a whole pass takes a few minutes."""

    end_to_end_images: int
    header_files: int
    scale_counts: tuple
    scale_seconds: float
    audit_events: int

    @staticmethod
    def choose(quick):
        if quick:
            return Sizes(200, 2_000, (2_000, 20_000), 10.0, 100_000)
        return Sizes(1_000, 10_000, (10_000, 100_000), 20.0, 1_000_000)


@dataclass
class Context:
    repository: Path
    binary: str
    work: Path
    runs: int
    concurrency: int
    sizes: Sizes
    samples: list

    def fresh_directory(self, name):
        """An empty folder under the work folder, for one run's state or output."""
        path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.work / "runs"))
        return str(path)

    def python(self):
        return str(self.repository / "bench" / ".venv" / "bin" / "python")

    def peer(self, name):
        return str(self.repository / "bench" / "peers" / name)

    def imgpipe(self, state_directory, *arguments):
        """The imgpipe command line with its own state and config folders, quiet on stderr."""
        config_directory = os.path.join(state_directory, "config")
        return [self.binary, "--state-dir", state_directory, "--config-dir", config_directory, "--quiet", *arguments]

    def write_definition(self, folder, text):
        path = Path(folder) / "bench.yaml"
        path.write_text(text)
        return str(path)

    def clean_runs(self):
        shutil.rmtree(self.work / "runs", ignore_errors=True)
        (self.work / "runs").mkdir(parents=True)


def event_count(state_directory):
    with sqlite3.connect(os.path.join(state_directory, "events.sqlite")) as database:
        return database.execute("SELECT count(*) FROM events").fetchone()[0]


def tool_version(command):
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return output.strip().splitlines()[0] if output.strip() else "unknown"
