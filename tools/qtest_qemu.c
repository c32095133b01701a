/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: QEMU's qtest commands, with QEMU's syntax and answers
 * (QEMU 7.2 softmmu/qtest.c, and the "rtas" command of hw/ppc/
 * spapr_rtas.c): a client written for QEMU drives the tool unchanged.
 * Memory accesses go to the interrupt controller's regions (ESB pages,
 * TIMA) as vCPU 0 would make them, or the "cpu N" context (ours), else to
 * guest RAM, big-endian as on a pseries guest.  docs/specs/qtest.md.
 */
#include <string.h>

#include "tools/qtest_internal.h"
#include "tools/vmm.h"

/* At most this many bytes in one read/write/b64read/b64write/memset. */
#define QTEST_MAX_BYTES (UINT64_C(16) << 20)

/* QEMU answers H_PARAMETER (as an unsigned 64-bit decimal) to an RTAS call
 * the machine does not define, H_SUCCESS (0) otherwise. */
#define QTEST_H_PARAMETER ((uint64_t)-4)

/* The QOM path whose gpio-in lines are the vCPUs' external interrupt
 * lines (NUM = CPU index), and the one set_irq_in drives (NUM = IRQ). */
#define QTEST_QOM_MACHINE "/machine"

static unsigned qtest__size(char c)
{
    return c == 'b' ? 1 : c == 'w' ? 2 : c == 'l' ? 4 : 8;
}

/* A guest access of @size bytes: the active controller's region as the
 * context CPU makes it, else RAM (big-endian), else unassigned memory,
 * which reads as 0 and ignores stores, as QEMU 7.2's qtest answers it
 * (memory_region_dispatch_read() of no region: unassigned_mem_read()). */
static void qtest__load(Qtest *q, uint64_t addr, unsigned size, uint64_t *v)
{
    uint8_t b[8];

    if (vmm_mmio_read(q->irq, q->cpu, addr, size, v)) {
        return;
    }
    *v = 0;
    if (!guest_ram_read(&q->ram, addr, b, size)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        *v = *v << 8 | b[i];
    }
}

static void qtest__store(Qtest *q, uint64_t addr, unsigned size, uint64_t v)
{
    uint8_t b[8];

    if (vmm_mmio_write(q->irq, q->cpu, addr, size, v)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        b[i] = v >> (8 * (size - 1 - i));
    }
    guest_ram_write(&q->ram, addr, b, size);
}

/* readb/w/l/q ADDR: "OK 0x%016x" whatever the size, as QEMU. */
static bool qtest_read(Qtest *q, int argc, char **argv)
{
    unsigned size = qtest__size(argv[0][4]);
    uint64_t addr, val;

    if (!qtest_num(q, argv[1], UINT64_MAX, &addr, "address")) {
        return false;
    }
    qtest__load(q, addr, size, &val);
    fprintf(q->out, "OK 0x%016" G_GINT64_MODIFIER "x\n", val);
    return true;
}

/* writeb/w/l/q ADDR VALUE: the value truncated to the size, as QEMU. */
static bool qtest_write(Qtest *q, int argc, char **argv)
{
    unsigned size = qtest__size(argv[0][5]);
    uint64_t addr, val;

    if (!qtest_num(q, argv[1], UINT64_MAX, &addr, "address") ||
        !qtest_num(q, argv[2], UINT64_MAX, &val, "value")) {
        return false;
    }
    if (size < 8) {
        val &= (UINT64_C(1) << (size * 8)) - 1;
    }
    qtest__store(q, addr, size, val);
    return qtest_ok(q);
}

/* ADDR SIZE of the bulk commands (guest RAM only). */
static bool qtest__range(Qtest *q, char **argv, bool zero_ok, uint64_t *addr,
                         uint64_t *len)
{
    if (!qtest_num(q, argv[1], UINT64_MAX, addr, "address") ||
        !qtest_num(q, argv[2], QTEST_MAX_BYTES, len, "size")) {
        return false;
    }
    if (!zero_ok && !*len) {
        return qtest_fail(q, "bad size \"%s\"", argv[2]);
    }
    if (*addr >= q->ram.size || *len > q->ram.size - *addr) {
        return qtest_fail(q, "not guest RAM");
    }
    return true;
}

static bool qtest__ram_write(Qtest *q, uint64_t addr, const void *buf,
                             uint64_t len)
{
    if (len && !guest_ram_write(&q->ram, addr, buf, len)) {
        return qtest_fail(q, "not guest RAM");
    }
    return qtest_ok(q);
}

/* read ADDR SIZE: "OK 0x<hex bytes>". */
static bool qtest_read_bytes(Qtest *q, int argc, char **argv)
{
    g_autofree uint8_t *buf = NULL;
    uint64_t addr, len;
    GString *hex;

    if (!qtest__range(q, argv, false, &addr, &len)) {
        return false;
    }
    buf = g_malloc(len);
    guest_ram_read(&q->ram, addr, buf, len);
    hex = g_string_sized_new(2 * len + 8);
    g_string_append(hex, "OK 0x");
    for (uint64_t i = 0; i < len; i++) {
        g_string_append_printf(hex, "%02x", buf[i]);
    }
    fprintf(q->out, "%s\n", hex->str);
    g_string_free(hex, TRUE);
    return true;
}

/* write ADDR SIZE 0xDATA: DATA shorter than SIZE is zero-filled. */
static bool qtest_write_bytes(Qtest *q, int argc, char **argv)
{
    g_autofree uint8_t *buf = NULL;
    const char *hex = argv[3];
    uint64_t addr, len;
    size_t digits;

    if (!qtest__range(q, argv, true, &addr, &len)) {
        return false;
    }
    if (strlen(hex) < 3 || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X')) {
        return qtest_fail(q, "invalid argument size");
    }
    hex += 2;
    digits = strlen(hex);
    buf = g_malloc0(len ? len : 1);
    for (uint64_t i = 0; i < len && 2 * i + 1 < digits; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = g_ascii_xdigit_value(hex[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            return qtest_fail(q, "bad data \"%s\"", argv[3]);
        }
        buf[i] = hi << 4 | lo;
    }
    return qtest__ram_write(q, addr, buf, len);
}

static bool qtest_b64read(Qtest *q, int argc, char **argv)
{
    g_autofree uint8_t *buf = NULL;
    g_autofree char *b64 = NULL;
    uint64_t addr, len;

    if (!qtest__range(q, argv, true, &addr, &len)) {
        return false;
    }
    buf = g_malloc0(len ? len : 1);
    guest_ram_read(&q->ram, addr, buf, len);
    b64 = g_base64_encode(buf, len);
    fprintf(q->out, "OK %s\n", b64);
    return true;
}

/* b64write ADDR SIZE B64DATA: data shorter than SIZE is zero-filled,
 * longer is cut. */
static bool qtest_b64write(Qtest *q, int argc, char **argv)
{
    g_autofree uint8_t *buf = NULL;
    g_autofree uint8_t *data = NULL;
    uint64_t addr, len;
    gsize got;

    if (!qtest__range(q, argv, true, &addr, &len)) {
        return false;
    }
    if (strlen(argv[3]) < 3) {
        return qtest_fail(q, "invalid argument size");
    }
    data = g_base64_decode(argv[3], &got);
    buf = g_malloc0(len ? len : 1);
    memcpy(buf, data, MIN(got, len));
    return qtest__ram_write(q, addr, buf, len);
}

static bool qtest_memset(Qtest *q, int argc, char **argv)
{
    g_autofree uint8_t *buf = NULL;
    uint64_t addr, len, pattern;

    if (!qtest__range(q, argv, true, &addr, &len) ||
        !qtest_num(q, argv[3], UINT64_MAX, &pattern, "value")) {
        return false;
    }
    buf = g_malloc(len ? len : 1);
    memset(buf, (uint8_t)pattern, len);
    return qtest__ram_write(q, addr, buf, len);
}

static bool qtest_endianness(Qtest *q, int argc, char **argv)
{
    fputs("OK big\n", q->out);
    return true;
}

/* clock_step [NS], clock_set NS: the virtual clock in ns.  No timer of the
 * machine waits on it, so clock_step alone changes nothing. */
static bool qtest_clock(Qtest *q, int argc, char **argv)
{
    bool set = g_str_equal(argv[0], "clock_set");
    uint64_t ns = 0;

    if (argc > 1 && !qtest_num(q, argv[1], INT64_MAX, &ns, "clock value")) {
        return false;
    }
    if (set) {
        q->clock_ns = MAX(q->clock_ns, (int64_t)ns);
    } else {
        q->clock_ns =
            (int64_t)MIN((uint64_t)INT64_MAX - q->clock_ns, ns) + q->clock_ns;
    }
    fprintf(q->out, "OK %" G_GINT64_FORMAT "\n", q->clock_ns);
    return true;
}

static bool qtest_pio(Qtest *q, int argc, char **argv)
{
    return qtest_fail(q, "pseries has no I/O ports");
}

static bool qtest__machine_path(Qtest *q, const char *path)
{
    if (!g_str_equal(path, QTEST_QOM_MACHINE)) {
        return qtest_fail(q, "Unknown device");
    }
    return true;
}

/* irq_intercept_in /machine: from now on every change of a vCPU's
 * external interrupt line is sent at once, "IRQ raise|lower CPU"; lines
 * already up are sent before the OK. */
static bool qtest_irq_intercept(Qtest *q, int argc, char **argv)
{
    if (!qtest__machine_path(q, argv[1])) {
        return false;
    }
    if (g_str_equal(argv[0], "irq_intercept_out")) {
        return qtest_fail(q, "%s has no gpio-out lines", argv[1]);
    }
    if (!q->intercept) {
        q->intercept = true;
        for (uint32_t i = 0; i < q->max_cpus; i++) {
            q->sent[i] = q->line[i];
            if (q->line[i]) {
                fprintf(q->out, "IRQ raise %u\n", i);
            }
        }
    }
    return qtest_ok(q);
}

/* set_irq_in /machine unnamed-gpio-in NUM LEVEL: the device line of IRQ
 * NUM (a claimed IRQ number), as our irq_set. */
static bool qtest_set_irq_in(Qtest *q, int argc, char **argv)
{
    uint64_t irqn;
    int64_t level;
    char *end = NULL;
    GError *err = NULL;

    if (!qtest__machine_path(q, argv[1])) {
        return false;
    }
    if (!g_str_equal(argv[2], "unnamed-gpio-in")) {
        return qtest_fail(q, "no gpio-in list \"%s\" (unnamed-gpio-in)",
                          argv[2]);
    }
    if (!qtest_num(q, argv[3], UINT32_MAX, &irqn, "IRQ number")) {
        return false;
    }
    level = g_ascii_strtoll(argv[4], &end, 0);
    if (!argv[4][0] || *end) {
        return qtest_fail(q, "bad level \"%s\"", argv[4]);
    }
    if (!spapr_irq_set_irq(q->irq, irqn, level != 0, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

/* rtas NAME NARGS ARGS NRET RETS: ARGS and RETS are the guest addresses of
 * the big-endian 32-bit arguments and results; run on CPU 0 as QEMU's
 * qtest_rtas_call().  "OK 0" once the call ran (its status is RETS[0]),
 * "OK 18446744073709551612" (H_PARAMETER) for a call the machine does not
 * define, as QEMU. */
static bool qtest_rtas(Qtest *q, int argc, char **argv)
{
    uint32_t args[QTEST_MAX_ARGS], rets[QTEST_MAX_ARGS], token;
    uint64_t nargs, nret, args_gpa, rets_gpa;

    if (!qtest_num(q, argv[2], QTEST_MAX_ARGS, &nargs, "NARGS") ||
        !qtest_num(q, argv[3], UINT64_MAX, &args_gpa, "ARGS address") ||
        !qtest_num(q, argv[4], QTEST_MAX_ARGS, &nret, "NRET") ||
        !qtest_num(q, argv[5], UINT64_MAX, &rets_gpa, "RETS address")) {
        return false;
    }
    for (uint64_t i = 0; i < nargs; i++) {
        uint8_t be[4];

        if (!guest_ram_read(&q->ram, args_gpa + 4 * i, be, 4)) {
            return qtest_fail(q, "ARGS not in guest RAM");
        }
        args[i] = (uint32_t)be[0] << 24 | be[1] << 16 | be[2] << 8 | be[3];
    }
    memset(rets, 0, sizeof(rets));
    if (!spapr_irq_rtas_describe(argv[1], &token, NULL, NULL) ||
        !vmm_rtas(q->irq, 0, token, nargs, args, nret, rets)) {
        fprintf(q->out, "OK %" G_GUINT64_FORMAT "\n", QTEST_H_PARAMETER);
        return true;
    }
    /* Only the words QEMU's handler stores (the status alone after a
     * failure), as spapr_irq_rtas_guest(). */
    nret = spapr_irq_rtas_stored(nret, rets);
    for (uint64_t i = 0; i < nret; i++) {
        uint8_t be[4] = {rets[i] >> 24, rets[i] >> 16, rets[i] >> 8, rets[i]};

        if (!guest_ram_write(&q->ram, rets_gpa + 4 * i, be, 4)) {
            return qtest_fail(q, "RETS not in guest RAM");
        }
    }
    fputs("OK 0\n", q->out);
    return true;
}

const QtestCmd qtest_qemu_cmds[] = {
    {"readb", 2, 2, qtest_read},
    {"readw", 2, 2, qtest_read},
    {"readl", 2, 2, qtest_read},
    {"readq", 2, 2, qtest_read},
    {"writeb", 3, 3, qtest_write},
    {"writew", 3, 3, qtest_write},
    {"writel", 3, 3, qtest_write},
    {"writeq", 3, 3, qtest_write},
    {"read", 3, 3, qtest_read_bytes},
    {"write", 4, 4, qtest_write_bytes},
    {"b64read", 3, 3, qtest_b64read},
    {"b64write", 4, 4, qtest_b64write},
    {"memset", 4, 4, qtest_memset},
    {"endianness", 1, 1, qtest_endianness},
    {"clock_step", 1, 2, qtest_clock},
    {"clock_set", 2, 2, qtest_clock},
    {"outb", 3, 3, qtest_pio},
    {"outw", 3, 3, qtest_pio},
    {"outl", 3, 3, qtest_pio},
    {"inb", 2, 2, qtest_pio},
    {"inw", 2, 2, qtest_pio},
    {"inl", 2, 2, qtest_pio},
    {"irq_intercept_in", 2, 2, qtest_irq_intercept},
    {"irq_intercept_out", 2, 2, qtest_irq_intercept},
    {"set_irq_in", 5, 5, qtest_set_irq_in},
    {"rtas", 6, 6, qtest_rtas},
};
const size_t qtest_qemu_ncmds = G_N_ELEMENTS(qtest_qemu_cmds);
