/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the qtest server's extensions, beside QEMU's commands
 * (tools/qtest_qemu.c) in the same style ("OK ..." / "FAIL ..."): hcalls,
 * the vCPU context of memory accesses, device lines, CAS, reset, the
 * polled interrupt lines, the simulated host's counters, the guest
 * profile's steps, migration, comments, quit.  docs/specs/qtest.md.
 */
#include <stdio.h>
#include <string.h>

#include "sim/sim.h"
#include "tools/qtest_internal.h"
#include "tools/vmm.h"

static bool qtest_hcall(Qtest *q, int argc, char **argv)
{
    uint64_t args[QTEST_MAX_ARGS] = {0}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    uint64_t op;
    uint32_t cpu;
    int64_t rc;

    if (!qtest_cpu(q, argv[1], &cpu) ||
        !qtest_num(q, argv[2], UINT64_MAX, &op, "opcode")) {
        return false;
    }
    for (int i = 3; i < argc; i++) {
        if (!qtest_num(q, argv[i], UINT64_MAX, &args[i - 3], "argument")) {
            return false;
        }
    }
    rc = vmm_hcall(q->irq, cpu, op, args, argc - 3, rets);
    fprintf(q->out, "OK %" G_GINT64_FORMAT, rc);
    for (int i = 0; i < SPAPR_IRQ_HCALL_MAX_RETS; i++) {
        fprintf(q->out, " 0x%" G_GINT64_MODIFIER "x", rets[i]);
    }
    fputc('\n', q->out);
    return true;
}

static bool qtest_irq_set(Qtest *q, int argc, char **argv)
{
    uint64_t irqn, level;
    GError *err = NULL;

    if (!qtest_num(q, argv[1], UINT32_MAX, &irqn, "IRQ number") ||
        !qtest_num(q, argv[2], 1, &level, "level")) {
        return false;
    }
    if (!spapr_irq_set_irq(q->irq, irqn, level, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

static bool qtest_claim(Qtest *q, int argc, char **argv)
{
    uint64_t irqn;
    GError *err = NULL;
    bool lsi = g_str_equal(argv[2], "lsi");

    if (!qtest_num(q, argv[1], UINT32_MAX, &irqn, "IRQ number")) {
        return false;
    }
    if (!lsi && !g_str_equal(argv[2], "msi")) {
        return qtest_fail(q, "bad kind \"%s\" (msi or lsi)", argv[2]);
    }
    if (!spapr_irq_claim(q->irq, irqn, lsi, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

static bool qtest_cas(Qtest *q, int argc, char **argv)
{
    uint64_t byte23;
    GError *err = NULL;

    if (!qtest_num(q, argv[1], 0xff, &byte23, "byte 23")) {
        return false;
    }
    if (!vmm_cas(q->irq, byte23, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

static bool qtest_reset(Qtest *q, int argc, char **argv)
{
    GError *err = NULL;

    if (!vmm_reset(q->irq, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

static bool qtest_active(Qtest *q, int argc, char **argv)
{
    fprintf(q->out, "OK %s %s\n",
            spapr_intc_kind_name(spapr_irq_active(q->irq)),
            spapr_intc_impl_name(spapr_irq_active_impl(q->irq)));
    return true;
}

static bool qtest_info(Qtest *q, int argc, char **argv)
{
    g_autoptr(GString) text = g_string_new(NULL);
    bool comments;

    if (!g_str_equal(argv[1], "pic")) {
        return qtest_fail(q, "unknown info \"%s\" (pic)", argv[1]);
    }
    vmm_print_info(q->irq, text);
    /* The text is the answer's: sent as comments even without
     * "comments on" (only the tool's clients ask for it). */
    comments = q->comments;
    q->comments = true;
    qtest_comment(q, text->str);
    q->comments = comments;
    return qtest_ok(q);
}

static bool qtest_lines(Qtest *q, int argc, char **argv)
{
    bool raises = g_str_equal(argv[0], "raises");

    fputs("OK", q->out);
    for (uint32_t i = 0; i < q->max_cpus; i++) {
        if (raises) {
            fprintf(q->out, " %u", q->raises[i]);
        } else {
            fprintf(q->out, " %d", q->line[i]);
        }
    }
    fputc('\n', q->out);
    return true;
}

static bool qtest_host(Qtest *q, int argc, char **argv)
{
    SpaprHostSimStats st;

    if (!spapr_host_sim_stats(spapr_irq_get_host(q->irq), &st)) {
        fputs("OK none\n", q->out);
        return true;
    }
    fprintf(q->out,
            "OK kvm-sim devices=%u vcpus=%u mappings=%u connected=%u "
            "tokens=%u stale=%u slots=%u mapped=%u exits=%u violations=%u\n",
            st.open_devices, st.open_vcpus, st.mappings, st.connected_vcpus,
            st.rtas_tokens, st.stale_irqchips, st.memory_slots,
            st.mapped_accesses, st.mmio_exits, st.running_violations);
    return true;
}

/* ---- the guest profile ---- */

static bool qtest_guest_cas(Qtest *q, int argc, char **argv)
{
    GError *err = NULL;
    uint8_t sent = 0;

    if (!guest_cas(q->guest, &sent, &err)) {
        return qtest_fail_gerror(q, err);
    }
    fprintf(q->out, "OK 0x%02x\n", sent);
    return true;
}

static bool qtest_guest_setup(Qtest *q, int argc, char **argv)
{
    GError *err = NULL;

    if (!guest_setup(q->guest, &err)) {
        return qtest_fail_gerror(q, err);
    }
    fprintf(q->out, "OK %s\n", spapr_intc_kind_name(spapr_irq_active(q->irq)));
    return true;
}

static bool qtest_guest_enable(Qtest *q, int argc, char **argv)
{
    uint64_t num;
    uint32_t cpu;
    GError *err = NULL;

    if (!qtest_num(q, argv[2], UINT32_MAX, &num, "IRQ number") ||
        !qtest_cpu(q, argv[3], &cpu)) {
        return false;
    }
    if (!guest_enable(q->guest, num, cpu, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

static bool qtest_guest_ipi(Qtest *q, int argc, char **argv)
{
    uint32_t from, to;
    GError *err = NULL;

    if (!qtest_cpu(q, argv[2], &from) || !qtest_cpu(q, argv[3], &to)) {
        return false;
    }
    if (!guest_ipi(q->guest, from, to, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

static bool qtest_guest_take(Qtest *q, int argc, char **argv)
{
    uint32_t cpu, value;
    GuestTaken taken;
    GError *err = NULL;

    if (!qtest_cpu(q, argv[2], &cpu)) {
        return false;
    }
    if (!guest_take(q->guest, cpu, &taken, &value, &err)) {
        return qtest_fail_gerror(q, err);
    }
    switch (taken) {
    case GUEST_TAKEN_NONE:
        fputs("OK none\n", q->out);
        break;
    case GUEST_TAKEN_XIRR:
        fprintf(q->out, "OK xirr 0x%08x\n", value);
        break;
    case GUEST_TAKEN_EISN:
        fprintf(q->out, "OK eisn 0x%x\n", value);
        break;
    }
    return true;
}

static bool qtest_guest_use(Qtest *q, int argc, char **argv)
{
    GuestProfile p;
    GError *err = NULL;

    if (!guest_profile_parse(argv[2], &p, &err) ||
        !guest_set_profile(q->guest, &p, &err)) {
        return qtest_fail_gerror(q, err);
    }
    return qtest_ok(q);
}

/* The guest's subcommands. */
static const QtestCmd qtest_guest_cmds[] = {
    {"cas", 2, 2, qtest_guest_cas},       {"setup", 2, 2, qtest_guest_setup},
    {"enable", 4, 4, qtest_guest_enable}, {"ipi", 4, 4, qtest_guest_ipi},
    {"take", 3, 3, qtest_guest_take},     {"use", 3, 3, qtest_guest_use},
};

static bool qtest_guest(Qtest *q, int argc, char **argv)
{
    if (qtest_dispatch(q, qtest_guest_cmds, G_N_ELEMENTS(qtest_guest_cmds), 1,
                       argc, argv)) {
        return true;
    }
    return qtest_fail(q,
                      "unknown guest command \"%s\" (cas, setup, enable, "
                      "ipi, take, use)",
                      argv[1]);
}

static bool qtest_migrate(Qtest *q, int argc, char **argv)
{
    MigrationVm vm = {.irq = q->irq, .ram = &q->ram, .guest = q->guest};
    g_autofree char *line = NULL;
    GError *err = NULL;

    if (q->migrated) {
        return qtest_fail(q, "already migrated: the VM is stopped");
    }
    q->migrated = migration_migrate(&vm, argv[1], &q->mig, &err);
    line = migration_status_line(&q->mig);
    qtest_comment(q, line);
    if (!q->migrated) {
        qtest_fail(q, "migration failed: %s; the VM runs on", err->message);
        g_clear_error(&err);
        return false;
    }
    fprintf(q->out, "OK %s\n", line);
    return true;
}

static bool qtest_migrate_status(Qtest *q, int argc, char **argv)
{
    g_autofree char *line = migration_status_line(&q->mig);

    fprintf(q->out, "OK %s\n", line);
    return true;
}

static bool qtest_quit(Qtest *q, int argc, char **argv)
{
    return qtest_ok(q);
}

/* cpu N: the vCPU whose accesses readX/writeX make from now on (the TIMA
 * is per vCPU); CPU 0 until then, as QEMU's first_cpu. */
static bool qtest_cpu_ctx(Qtest *q, int argc, char **argv)
{
    if (!qtest_cpu(q, argv[1], &q->cpu)) {
        return false;
    }
    return qtest_ok(q);
}

/* comments on|off: "# " lines (the banner, info pic, warnings, the
 * guest's messages) to the client or not (the default: a QEMU client
 * expects none; warnings then go to stderr). */
static bool qtest_comments(Qtest *q, int argc, char **argv)
{
    if (!g_str_equal(argv[1], "on") && !g_str_equal(argv[1], "off")) {
        return qtest_fail(q, "bad comments \"%s\" (on or off)", argv[1]);
    }
    q->comments = g_str_equal(argv[1], "on");
    return qtest_ok(q);
}

const QtestCmd qtest_ext_cmds[] = {
    {"hcall", 3, 3 + QTEST_MAX_ARGS, qtest_hcall},
    {"cpu", 2, 2, qtest_cpu_ctx},
    {"irq_set", 3, 3, qtest_irq_set},
    {"claim", 3, 3, qtest_claim},
    {"cas", 2, 2, qtest_cas},
    {"reset", 1, 1, qtest_reset},
    {"active", 1, 1, qtest_active},
    {"info", 2, 2, qtest_info},
    {"lines", 1, 1, qtest_lines},
    {"raises", 1, 1, qtest_lines},
    {"host", 1, 1, qtest_host},
    {"guest", 2, 4, qtest_guest},
    {"migrate", 2, 2, qtest_migrate},
    {"migrate-status", 1, 1, qtest_migrate_status},
    {"comments", 2, 2, qtest_comments},
    {"quit", 1, 1, qtest_quit},
};
const size_t qtest_ext_ncmds = G_N_ELEMENTS(qtest_ext_cmds);
