# Two entry points that work on a fresh Debian 12 machine with only the Swift toolchain:
# `make demo` runs the main job end to end, `make test` runs the test suite. Both install
# the Debian packages they need first (as root; otherwise they print the apt-get line).
# `make bench` runs the benchmarks against exiftool, Pillow, vipsthumbnail and ImageMagick;
# pass driver options with BENCH_FLAGS, such as BENCH_FLAGS=--quick (docs/benchmarks.md).
# `make release` builds .build/release/imgpipe with the Swift runtime linked statically.

SWIFT ?= swift
BUILD_FLAGS ?=
BENCH_FLAGS ?=

.PHONY: demo test build release bench packages clean

packages:
	@scripts/ensure-packages.sh

build: packages
	$(SWIFT) build $(BUILD_FLAGS)

# Linking the Swift runtime and Foundation statically makes the binary about 80 MB instead of
# 7 MB, and cuts start-up (docs/benchmarks.md, benchmark 6).
release: packages
	$(SWIFT) build -c release --static-swift-stdlib --product imgpipe $(BUILD_FLAGS)

demo: build
	$(SWIFT) run $(BUILD_FLAGS) --skip-build imgpipe demo

test: packages
	$(SWIFT) test $(BUILD_FLAGS)

bench: packages
	bench/run.sh $(BENCH_FLAGS)

clean:
	rm -rf .build
