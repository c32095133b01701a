/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Counting the heap allocations a stretch of code makes: alloc-count.c
 * defines malloc, calloc, realloc, free and the aligned allocators in the
 * test binary that links it, each forwarding to the next definition
 * (dlsym(RTLD_NEXT): the C library's, or the sanitizer's), and counting
 * the allocations the calling thread makes while counting is on.  For the
 * "guest-facing calls never allocate" invariant (hcall, RTAS, MMIO,
 * set_irq): the unit tests, and the fuzz harnesses that want it too.
 *
 * What it sees: every allocation through the C allocator, glib's
 * (g_malloc() and its slices use malloc) included.  What it does not: mmap,
 * and memory a sanitizer's runtime takes for itself.  glib caches (the
 * quark table, g_strerror()'s strings) allocate only the first time: to
 * catch those, count in a fresh process (g_test_trap_subprocess()).
 */
#ifndef TESTS_UNIT_ALLOC_COUNT_H
#define TESTS_UNIT_ALLOC_COUNT_H

#include <stdbool.h>
#include <stddef.h>

/* Starts counting on this thread, from zero. */
void alloc_count_start(void);
/* Stops counting; the number of allocations (malloc, calloc, realloc,
 * posix_memalign, aligned_alloc, memalign, valloc, pvalloc calls) made on
 * this thread since alloc_count_start(). */
size_t alloc_count_stop(void);
/* Whether the interposition works in this binary: an allocation made while
 * counting is counted. */
bool alloc_count_works(void);

#endif
