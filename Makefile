# SPDX-License-Identifier: GPL-2.0-or-later
# Thin wrapper around meson.  `make run` and `make check` first install
# missing Debian packages (scripts/install-deps.sh).

BUILD      ?= build
ASAN_BUILD ?= build-asan
MESON_OPTS ?= -Dwerror=true

.PHONY: all deps build run check check-unit check-asan format-check \
        layer-check install-check matrix-docs clean

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

check: build format-check layer-check install-check
	meson test -C $(BUILD) --print-errorlogs
	$(MAKE) check-asan
	@scripts/test-summary.sh $(BUILD) $(ASAN_BUILD)

# The same tests built with AddressSanitizer (and LeakSanitizer) and
# UndefinedBehaviorSanitizer; any report fails the test.
check-asan: deps
	@test -f $(ASAN_BUILD)/build.ninja || meson setup $(ASAN_BUILD) \
	    $(MESON_OPTS) -Dbuildtype=debug -Db_sanitize=address,undefined \
	    -Dc_args=-fno-sanitize-recover=all
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    meson test -C $(ASAN_BUILD) --print-errorlogs

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

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
