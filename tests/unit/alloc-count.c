/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The allocation counter of alloc-count.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "alloc-count.h"

#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

/* A sanitizer's runtime allocates (through these) while it starts, before
 * its shadow memory exists: nothing here is instrumented. */
#if defined(__has_attribute)
#if __has_attribute(no_sanitize)
#define NO_SANITIZE __attribute__((no_sanitize("address", "undefined")))
#endif
#endif
#ifndef NO_SANITIZE
#define NO_SANITIZE
#endif

/* The next definitions (the C library's or the sanitizer's), found on
 * first use. */
static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static int (*next_posix_memalign)(void **, size_t, size_t);
static void *(*next_aligned_alloc)(size_t, size_t);
static void *(*next_memalign)(size_t, size_t);
static void *(*next_valloc)(size_t);
static void *(*next_pvalloc)(size_t);

/* The counter of the thread, and whether it counts. */
static __thread bool counting;
static __thread size_t count;

/* dlsym() may allocate while the pointers are being found: it gets
 * memory from here, which is never freed. */
static _Alignas(16) unsigned char boot_arena[4096];
static size_t boot_used;
/* volatile: glibc declares dlsym() a leaf (it "calls nothing of this
 * file"), so a plain store would be sunk past the calls that allocate. */
static __thread volatile bool resolving;
static bool resolved;

NO_SANITIZE static void *boot_alloc(size_t size)
{
    size_t at = (boot_used + 15) & ~(size_t)15;

    if (at + size > sizeof(boot_arena)) {
        return NULL;
    }
    boot_used = at + size;
    return boot_arena + at; /* zero: never handed out before */
}

NO_SANITIZE static bool in_boot_arena(const void *p)
{
    return (const unsigned char *)p >= boot_arena &&
           (const unsigned char *)p < boot_arena + sizeof(boot_arena);
}

/* The next @name: a sanitizer runtime linked into the executable (clang's
 * static ASan) has its allocator as __interceptor_<name>, which this file's
 * definitions hide; else the next object's (a shared sanitizer runtime's,
 * or the C library's). */
NO_SANITIZE static void *next(const char *name)
{
    /* By hand: a sanitizer's string interceptors refuse to run while it
     * starts. */
    static const char prefix[] = "__interceptor_";
    char buf[64];
    size_t n = 0;
    void *f;

    for (size_t i = 0; prefix[i]; i++) {
        buf[n++] = prefix[i];
    }
    for (size_t i = 0; name[i] && n < sizeof(buf) - 1; i++) {
        buf[n++] = name[i];
    }
    buf[n] = '\0';
    f = dlsym(RTLD_DEFAULT, buf);
    return f ? f : dlsym(RTLD_NEXT, name);
}

NO_SANITIZE static void resolve(void)
{
    if (resolved || resolving) {
        return;
    }
    resolving = true;
    /* free first: dlsym() frees the error string of a missing name. */
    next_free = (void (*)(void *))next("free");
    next_malloc = (void *(*)(size_t))next("malloc");
    next_calloc = (void *(*)(size_t, size_t))next("calloc");
    next_realloc = (void *(*)(void *, size_t))next("realloc");
    next_posix_memalign =
        (int (*)(void **, size_t, size_t))next("posix_memalign");
    next_aligned_alloc = (void *(*)(size_t, size_t))next("aligned_alloc");
    next_memalign = (void *(*)(size_t, size_t))next("memalign");
    next_valloc = (void *(*)(size_t))next("valloc");
    next_pvalloc = (void *(*)(size_t))next("pvalloc");
    resolved = true;
    resolving = false;
}

NO_SANITIZE static void counted(void)
{
    if (counting) {
        count++;
    }
}

NO_SANITIZE void *malloc(size_t size)
{
    resolve();
    if (!next_malloc) {
        return boot_alloc(size);
    }
    counted();
    return next_malloc(size);
}

NO_SANITIZE void *calloc(size_t n, size_t size)
{
    resolve();
    if (!next_calloc) {
        return n && size > SIZE_MAX / n ? NULL : boot_alloc(n * size);
    }
    counted();
    return next_calloc(n, size);
}

NO_SANITIZE void *realloc(void *p, size_t size)
{
    resolve();
    if (in_boot_arena(p) || !next_realloc) {
        void *q = malloc(size);

        if (q && p) {
            size_t room =
                (size_t)(boot_arena + sizeof(boot_arena) - (unsigned char *)p);

            for (size_t i = 0; i < size && i < room; i++) {
                ((unsigned char *)q)[i] = ((const unsigned char *)p)[i];
            }
        }
        return q;
    }
    counted();
    return next_realloc(p, size);
}

NO_SANITIZE void free(void *p)
{
    if (!p || in_boot_arena(p)) {
        return;
    }
    resolve();
    if (next_free) {
        next_free(p);
    }
}

NO_SANITIZE int posix_memalign(void **pp, size_t align, size_t size)
{
    resolve();
    if (!next_posix_memalign) {
        return ENOMEM;
    }
    counted();
    return next_posix_memalign(pp, align, size);
}

NO_SANITIZE void *aligned_alloc(size_t align, size_t size)
{
    resolve();
    if (!next_aligned_alloc) {
        return NULL;
    }
    counted();
    return next_aligned_alloc(align, size);
}

NO_SANITIZE void *memalign(size_t align, size_t size)
{
    resolve();
    if (!next_memalign) {
        return NULL;
    }
    counted();
    return next_memalign(align, size);
}

NO_SANITIZE void *valloc(size_t size)
{
    resolve();
    if (!next_valloc) {
        return NULL;
    }
    counted();
    return next_valloc(size);
}

NO_SANITIZE void *pvalloc(size_t size)
{
    resolve();
    if (!next_pvalloc) {
        return NULL;
    }
    counted();
    return next_pvalloc(size);
}

NO_SANITIZE void alloc_count_start(void)
{
    resolve();
    count = 0;
    counting = true;
}

NO_SANITIZE size_t alloc_count_stop(void)
{
    counting = false;
    return count;
}

NO_SANITIZE bool alloc_count_works(void)
{
    /* Through a volatile pointer: the compiler may drop a malloc() whose
     * memory is only freed. */
    void *(*volatile m)(size_t) = malloc;
    void *p;
    size_t n;

    alloc_count_start();
    p = m(16);
    n = alloc_count_stop();
    free(p);
    return n == 1;
}
