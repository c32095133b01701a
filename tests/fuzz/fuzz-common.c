/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the libFuzzer harnesses share (fuzz-common.h). */
#include "fuzz-common.h"

#include <stdlib.h>
#include <string.h>

#include <sanitizer/allocator_interface.h>

uint8_t fuzz_u8(FuzzIn *in)
{
    uint8_t v = 0;

    if (in->n) {
        v = in->p[0];
        in->p++;
        in->n--;
    }
    return v;
}

uint16_t fuzz_u16(FuzzIn *in)
{
    uint16_t v = fuzz_u8(in);

    return v | (uint16_t)fuzz_u8(in) << 8;
}

uint32_t fuzz_u32(FuzzIn *in)
{
    uint32_t v = fuzz_u16(in);

    return v | (uint32_t)fuzz_u16(in) << 16;
}

uint64_t fuzz_u64(FuzzIn *in)
{
    uint64_t v = fuzz_u32(in);

    return v | (uint64_t)fuzz_u32(in) << 32;
}

/* The harness's own statics (the library keeps none): whether this
 * thread counts, and what it counted. */
static _Thread_local bool counting;
static _Thread_local unsigned counted;

static void on_malloc(const volatile void *ptr, size_t size)
{
    (void)ptr;
    (void)size;
    if (counting) {
        counted++;
    }
}

static void on_free(const volatile void *ptr)
{
    if (counting && ptr) {
        counted++;
    }
}

void fuzz_alloc_init(void)
{
    setenv("G_SLICE", "always-malloc", 1);
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
}

void fuzz_alloc_begin(void)
{
    counted = 0;
    counting = true;
}

unsigned fuzz_alloc_end(void)
{
    counting = false;
    return counted;
}

bool fuzz_strict(void)
{
    const char *s = getenv("FUZZ_STRICT");

    return s && strcmp(s, "0") != 0;
}
