/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: sparse guest RAM (tools/guest_ram.h). */
#include <string.h>

#include "tools/guest_ram.h"

#define PAGE_SHIFT 16
#define PAGE_SIZE  (UINT64_C(1) << PAGE_SHIFT)

void guest_ram_init(GuestRam *ram, uint64_t size)
{
    ram->size = size;
    ram->pages =
        g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
}

void guest_ram_fini(GuestRam *ram)
{
    g_clear_pointer(&ram->pages, g_hash_table_destroy);
}

static bool in_ram(const GuestRam *ram, uint64_t gpa, size_t len)
{
    return gpa < ram->size && len <= ram->size - gpa;
}

/* The page holding @gpa, allocated if @create. */
static uint8_t *page_of(GuestRam *ram, uint64_t gpa, bool create)
{
    gint64 key = (gint64)(gpa >> PAGE_SHIFT);
    uint8_t *page = g_hash_table_lookup(ram->pages, &key);

    if (!page && create) {
        gint64 *k = g_new(gint64, 1);

        *k = key;
        page = g_malloc0(PAGE_SIZE);
        g_hash_table_insert(ram->pages, k, page);
    }
    return page;
}

bool guest_ram_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    GuestRam *ram = opaque;
    uint8_t *out = buf;

    if (!in_ram(ram, gpa, len)) {
        return false;
    }
    while (len) {
        size_t off = gpa & (PAGE_SIZE - 1);
        size_t n = MIN(len, PAGE_SIZE - off);
        const uint8_t *page = page_of(ram, gpa, false);

        if (page) {
            memcpy(out, page + off, n);
        } else {
            memset(out, 0, n);
        }
        out += n;
        gpa += n;
        len -= n;
    }
    return true;
}

bool guest_ram_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
    GuestRam *ram = opaque;
    const uint8_t *in = buf;

    if (!in_ram(ram, gpa, len)) {
        return false;
    }
    while (len) {
        size_t off = gpa & (PAGE_SIZE - 1);
        size_t n = MIN(len, PAGE_SIZE - off);

        memcpy(page_of(ram, gpa, true) + off, in, n);
        in += n;
        gpa += n;
        len -= n;
    }
    return true;
}

uint32_t guest_ram_be32(GuestRam *ram, uint64_t gpa)
{
    uint8_t b[4];

    if (!guest_ram_read(ram, gpa, b, sizeof(b))) {
        return 0;
    }
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
           b[3];
}
