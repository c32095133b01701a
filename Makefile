# SPDX-License-Identifier: GPL-2.0-or-later
# Thin wrapper around meson.  `make run` and `make check` first install
# missing Debian packages (scripts/install-deps.sh).

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
TSAN_BUILD ?= build-tsan
BENCH_BUILD ?= build-bench
FUZZ_TIME  ?= 1800
FUZZ_CHECK_TIME ?= 30
MESON_OPTS ?= -Dwerror=true
# Tests at once: one more than the cores, so that a short test reports
# (a line at least every 30 s) while the longest run side by side.
TEST_JOBS  ?= $(shell echo $$(( $$(nproc) + 1 )))

.PHONY: all deps build run check check-unit check-asan format-check \
        layer-check install-check matrix-docs check-fuzz fuzz fuzz-seeds clean \
        check-tsan

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) $(MESON_OPTS)
	ninja -C $(BUILD)

# The main demo: the default machine (dual) on the best host there is, 4
# vCPUs, a Linux guest: CAS, the switch and why, a burst of interrupts,
# info pic, a summary, and a reboot back on XICS before CAS.
run: build
	./$(BUILD)/spapr-irq -smp 4

# The benchmark (docs/specs/performance.md): every figure of issue 20 beside
# its goal, as ratios within one run; `make check` runs it with --quick.
.PHONY: bench bench-build
bench-build: deps
	@test -f $(BENCH_BUILD)/build.ninja || meson setup $(BENCH_BUILD) \
	    $(MESON_OPTS) -Dbuildtype=release
	ninja -C $(BENCH_BUILD) tests/bench/spapr-irq-bench

bench: bench-build
	./$(BENCH_BUILD)/tests/bench/spapr-irq-bench

# Instructions per delivery round trip, under callgrind (needs valgrind):
# the load-independent companion of the bench's times.
.PHONY: bench-instructions
bench-instructions: bench-build
	scripts/bench-instructions.sh $(BENCH_BUILD)/tests/bench/spapr-irq-bench

check: build format-check layer-check install-check
	meson test -C $(BUILD) --print-errorlogs --num-processes $(TEST_JOBS)
	$(MAKE) check-asan
	$(MAKE) check-tsan
	$(MAKE) check-fuzz
	@scripts/test-summary.sh $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)

# The same tests built with AddressSanitizer (and LeakSanitizer) and
# UndefinedBehaviorSanitizer; any report fails the test.
check-asan: deps
	@test -f $(ASAN_BUILD)/build.ninja || meson setup $(ASAN_BUILD) \
	    $(MESON_OPTS) -Dbuildtype=debug -Db_sanitize=address,undefined \
	    -Dc_args=-fno-sanitize-recover=all
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    meson test -C $(ASAN_BUILD) --print-errorlogs --num-processes $(TEST_JOBS)

# Many machines at once under ThreadSanitizer (gcc's, libtsan2): 32
# machines in 8 threads (tests/unit/test-threads.c); any report fails.  Only
# that test: the library starts no thread, so every other test runs one
# thread.  G_SLICE=always-malloc: GLib 2.74's slice allocator recycles
# memory between threads under its own locks, which TSan cannot see.
# About 25 s from scratch on a loaded 2-core machine (the build), 3 s to run.
check-tsan: deps
	@test -f $(TSAN_BUILD)/build.ninja || meson setup $(TSAN_BUILD) \
	    $(MESON_OPTS) -Dbuildtype=debug -Db_sanitize=thread
	ninja -C $(TSAN_BUILD) tests/test-threads
	G_SLICE=always-malloc TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	    meson test -C $(TSAN_BUILD) --no-rebuild --print-errorlogs test-threads

# The libFuzzer harnesses of tests/fuzz/ (guest-op sequences, the state
# loader and migration stream, the -qtest protocol, option parsing, the
# -replay trace reader), each for 30 s (FUZZ_CHECK_TIME) on a scratch copy
# of its corpus in tests/fuzz/corpus/, built with clang in $(FUZZ_BUILD)/;
# fails on any finding; skipped with the reason when there is no clang
# (tests/fuzz/README.md).  About 3 minutes once built.
check-fuzz: deps
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_TIME=$(FUZZ_CHECK_TIME) \
	    scripts/check-fuzz.sh

# The same harnesses for a long run: each for FUZZ_TIME seconds (default
# 1800) in turn, growing $(FUZZ_BUILD)/corpus/<harness>/ (seeded from the
# repo's corpus) from one run to the next; FUZZ_HARNESSES="fuzz-guest ..."
# picks some.  Findings land in $(FUZZ_BUILD)/crashes/<harness>/.
fuzz: deps
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_TIME=$(FUZZ_TIME) FUZZ_KEEP=1 \
	    scripts/check-fuzz.sh

# Rewrites the fuzz seeds: the state saved from each fixed scenario of
# tests/fuzz/fuzz-machines.c, and tests/data/*.bin if there are any.  Rerun
# it whenever the stream format changes, and commit the result.
fuzz-seeds: build
	rm -f tests/fuzz/corpus/load/*.bin
	./$(BUILD)/tests/fuzz/fuzz-seeds tests/fuzz/corpus/load
	@if [ -d tests/data ]; then \
	    for f in tests/data/*.bin; do \
	        [ -e "$$f" ] || continue; \
	        cp "$$f" "tests/fuzz/corpus/load/golden-$$(basename "$$f")"; \
	        echo "fuzz-seeds: golden-$$(basename "$$f")"; \
	    done; \
	fi

# The whole test suite built for big-endian s390x (CROSS_ARCH=ppc64el for
# POWER little-endian) and run under qemu-user in build-cross-$(CROSS_ARCH)/:
# installs the cross compiler and qemu-user-static, downloads a private
# sysroot once, registers qemu in binfmt_misc (scripts/check-cross.sh).
# Proves the library, the tool and the saved state do not depend on the
# host's byte order.  4 minutes on 2 cores (3 warm), up to 11 when the
# machine is loaded; CI runs it after check.
CROSS_ARCH ?= s390x
.PHONY: check-cross clean-cross
check-cross:
	@CROSS_ARCH=$(CROSS_ARCH) scripts/check-cross.sh
clean-cross:
	rm -rf build-cross-s390x build-cross-ppc64el

format-check:
	@scripts/check-format.sh

# Dependencies point down only: no include of a higher layer, nothing but
# hw/ in the library (docs/design.md).
layer-check: build
	@scripts/check-layers.sh $(BUILD)

# What a VMM gets from `ninja install`: prefixed PAPR names, the public API
# only in the shared library's exports, a VMM built through pkg-config.
install-check: build
	@scripts/check-install.sh $(BUILD)

matrix-docs: build
	scripts/gen-matrix-docs.sh $(BUILD)/spapr-irq

# Installs the libraries, headers, .pc files and the tool under the prefix
# of $(BUILD) (/usr/local unless MESON_OPTS had --prefix=); DESTDIR=
# stages it elsewhere.  What a VMM then writes: README.md, "Use the library".
.PHONY: install help
install: build
	meson install -C $(BUILD)

help:
	@echo 'make [target]  (BUILD=$(BUILD), MESON_OPTS=$(MESON_OPTS))'
	@echo '  build (default)  configure $$(BUILD)/ once, then ninja'
	@echo '  run              the main demo: spapr-irq -smp 4'
	@echo '  bench            the figures of docs/specs/performance.md'
	@echo '  bench-instructions  instructions per round trip (needs valgrind)'
	@echo '  check            format, layers, install, the tests, ASan, TSan, fuzz'
	@echo '  check-asan       the tests under ASan+UBSan in $$(ASAN_BUILD)/'
	@echo '  check-tsan       test-threads under TSan in $$(TSAN_BUILD)/'
	@echo '  check-fuzz       the state loader fuzzed for $$(FUZZ_TIME) s'
	@echo '  format-check layer-check install-check   the checks of make check'
	@echo '  install          meson install (DESTDIR= to stage)'
	@echo '  matrix-docs      regenerate docs/specs/matrix/'
	@echo '  fuzz-seeds       rewrite tests/fuzz/corpus/load/'
	@echo '  deps             install the Debian packages'
	@echo '  clean            remove the build folders'

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(TSAN_BUILD) $(BENCH_BUILD)
