/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the libFuzzer harnesses share (tests/fuzz/README.md): a reader of
 * the input's bytes, the allocation counter of the guest-facing calls and
 * the switch of the known-finding guards.
 */
#ifndef TESTS_FUZZ_COMMON_H
#define TESTS_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The input, consumed from the front; past its end every read is 0. */
typedef struct FuzzIn {
    const uint8_t *p;
    size_t n;
} FuzzIn;

uint8_t fuzz_u8(FuzzIn *in);
uint16_t fuzz_u16(FuzzIn *in);
uint32_t fuzz_u32(FuzzIn *in);
uint64_t fuzz_u64(FuzzIn *in);

/*
 * The allocation counter: ASan's malloc/free hooks
 * (__sanitizer_install_malloc_and_free_hooks(), which every allocation of
 * the process reaches: malloc, calloc, realloc, posix_memalign,
 * aligned_alloc, free) count, on the calling thread only, between
 * fuzz_alloc_begin() and fuzz_alloc_end(), which returns the number of
 * allocations and frees made in between.  fuzz_alloc_init() installs the
 * hooks and sets G_SLICE=always-malloc (so that GLib's slices are
 * mallocs too); call it from LLVMFuzzerInitialize(), before GLib runs.
 */
void fuzz_alloc_init(void);
void fuzz_alloc_begin(void);
unsigned fuzz_alloc_end(void);

/*
 * Known findings (tests/fuzz/README.md, "Known findings"): defects found by
 * the harnesses and reported, whose fix lands separately.  Until then the
 * harnesses step around them, each at one place marked KNOWN_FINDING, so
 * that `make check-fuzz` keeps looking for new ones.  FUZZ_STRICT=1 in the
 * environment turns every guard off (to check a fix; then delete the
 * guard).
 */
bool fuzz_strict(void);

#endif
