/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: sparse guest RAM (tools/guest_ram.h). */
#include <string.h>

#include "spapr-irq/error.h"
#include "tools/guest_ram.h"
#include "tools/wire.h"

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

/* ---- the migration section (guest_ram.h) ---- */

#define RAM_RUN_GAP 16 /* zero bytes that end a run */

static gint key_cmp(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

    return x < y ? -1 : x > y;
}

void guest_ram_save(GuestRam *ram, GByteArray *out)
{
    GList *keys = g_list_sort(g_hash_table_get_keys(ram->pages), key_cmp);
    guint count_at = out->len;
    uint32_t count = 0;

    state_put_u32(out, 0);
    for (GList *k = keys; k; k = k->next) {
        gint64 key = *(gint64 *)k->data;
        const uint8_t *page = g_hash_table_lookup(ram->pages, &key);
        size_t i = 0;

        while (i < PAGE_SIZE) {
            size_t start, end, zeros = 0;

            while (i < PAGE_SIZE && !page[i]) {
                i++;
            }
            if (i == PAGE_SIZE) {
                break;
            }
            start = end = i;
            for (; i < PAGE_SIZE && zeros < RAM_RUN_GAP; i++) {
                if (page[i]) {
                    end = i + 1;
                    zeros = 0;
                } else {
                    zeros++;
                }
            }
            state_put_u64(out, ((uint64_t)key << PAGE_SHIFT) + start);
            state_put_u32(out, (uint32_t)(end - start));
            g_byte_array_append(out, page + start, (guint)(end - start));
            count++;
            i = end;
        }
    }
    g_list_free(keys);
    for (int b = 0; b < 4; b++) {
        out->data[count_at + b] = (uint8_t)(count >> (24 - 8 * b));
    }
}

bool guest_ram_check(const GuestRam *ram, const uint8_t *buf, size_t len,
                     GError **errp)
{
    WireReader r = wire_reader(buf, len);
    uint32_t count = wire_get_u32(&r);
    uint64_t next = 0;

    for (uint32_t i = 0; i < count && !r.short_read; i++) {
        uint64_t gpa = wire_get_u64(&r);
        uint32_t n = wire_get_u32(&r);

        if (r.short_read) {
            break;
        }
        if (n == 0 || gpa < next || !in_ram(ram, gpa, n)) {
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                        "vmm-ram: run %u (0x%" G_GINT64_MODIFIER
                        "x, %u bytes) is %s",
                        i, gpa, n,
                        n == 0       ? "empty"
                        : gpa < next ? "out of order or overlapping"
                                     : "outside the guest's RAM");
            return false;
        }
        if (!wire_get_bytes(&r, n)) {
            break;
        }
        next = gpa + n;
    }
    if (!wire_done(&r)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "vmm-ram: %s (%u runs in %zu bytes)",
                    r.short_read ? "truncated" : "trailing bytes", count, len);
        return false;
    }
    return true;
}

bool guest_ram_load(GuestRam *ram, const uint8_t *buf, size_t len,
                    GError **errp)
{
    WireReader r = wire_reader(buf, len);
    uint32_t count;

    if (!guest_ram_check(ram, buf, len, errp)) {
        return false;
    }
    g_hash_table_remove_all(ram->pages);
    count = wire_get_u32(&r);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t gpa = wire_get_u64(&r);
        uint32_t n = wire_get_u32(&r);

        guest_ram_write(ram, gpa, wire_get_bytes(&r, n), n);
    }
    return true;
}
