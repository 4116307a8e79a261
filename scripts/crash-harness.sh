#!/bin/sh
# Runs the crash harness for longer than the test suite does: TRIALS independent runs of
# FILES small images (default 100 and 200), each killed with SIGKILL at a random moment and
# then continued, plus the suite's 20-kill run and SIGTERM trial.
#
#   scripts/crash-harness.sh [TRIALS] [FILES]
set -eu

cd "$(dirname "$0")/.."
IMGPIPE_CRASH_TRIALS="${1:-100}"
IMGPIPE_CRASH_FILES="${2:-200}"
export IMGPIPE_CRASH_TRIALS IMGPIPE_CRASH_FILES

swift build --build-tests
swift test --skip-build --filter "Crash harness|CrashHarnessTests"
