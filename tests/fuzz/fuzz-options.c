/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz-options: the libFuzzer harness of option parsing
 * (tests/fuzz/README.md; include/spapr-irq/config.h).  The input is text,
 * one option a line: "NAME ARGUMENT" (-machine, -M, -cpu, -smp, -accel,
 * -object, any name), each handed to spapr_irq_config_parse_option() on a
 * configuration with the simulator registered.  When every line parses,
 * the host is probed and the plan resolved; a cheap machine (-smp up to
 * 8, max-cpus up to 64, not -accel kvm: the harness touches no real
 * device) is created, its vCPUs added, reset and destroyed.  GLib's
 * criticals and warnings abort.  It aborts when
 *  - a refused option, probe, plan or machine reports no error, or an
 *    option is refused with an error other than INVALID_OPTION;
 *  - spapr_irq_create() accepts what spapr_irq_plan_resolve() refused;
 *  - the created machine's plan differs from the resolved one (ic-mode,
 *    start controller, topology);
 * and the sanitizers abort on any memory error, leak or undefined
 * behaviour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SMP  8
#define MAX_MAX  64
#define MAX_LINE 256

static void set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    (void)opaque;
    (void)cpu_index;
    (void)level;
}

static const SpaprIrqCallbacks callbacks = {.set_cpu_irq = set_cpu_irq};

G_GNUC_NORETURN static void fail(const char *what, const GError *err)
{
    fprintf(stderr, "fuzz-options: %s%s%s\n", what, err ? ": " : "",
            err ? err->message : "");
    abort();
}

static void check_err(const char *what, const GError *err)
{
    if (!err || !err->message || !err->message[0]) {
        fail(what, NULL);
    }
}

static void create(const SpaprIrqConfig *cfg, const SpaprIrqPlan *plan)
{
    g_autoptr(GError) err = NULL;
    SpaprIrq *irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    const SpaprIrqPlan *p;

    if (!irq) {
        check_err("create refused", err);
        return;
    }
    if (!plan) {
        fail("create accepted what the plan refused", NULL);
    }
    p = spapr_irq_get_plan(irq);
    if (p->ic_mode != plan->ic_mode ||
        p->topo.smp_cpus != plan->topo.smp_cpus ||
        p->topo.max_cpus != plan->topo.max_cpus) {
        fail("the machine's plan differs from the resolved one", NULL);
    }
    for (uint32_t i = 0; i < p->topo.smp_cpus; i++) {
        if (!spapr_irq_cpu_add(irq, i, -1, &err)) {
            check_err("cpu_add refused", err);
            g_clear_error(&err);
        }
    }
    if (!spapr_irq_reset(irq, &err)) {
        check_err("reset refused", err);
    }
    spapr_irq_destroy(&irq);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    g_autoptr(SpaprIrqPlan) plan = NULL;
    g_autofree char *text = g_strndup((const char *)data, size);
    g_auto(GStrv) lines = NULL;
    SpaprHostCaps caps;

    if (strlen(text) != size) {
        return 0; /* a NUL inside: no command line holds one */
    }
    lines = g_strsplit(text, "\n", 16);
    for (size_t i = 0; lines[i]; i++) {
        char *arg = strchr(lines[i], ' ');
        bool ok;

        if (!lines[i][0]) {
            continue;
        }
        if (arg) {
            *arg++ = '\0';
        } else {
            arg = lines[i] + strlen(lines[i]);
        }
        if (strlen(arg) > MAX_LINE) {
            return 0;
        }
        ok = spapr_irq_config_parse_option(cfg, lines[i], arg, &err);
        if (ok != spapr_irq_config_is_option(lines[i]) && ok) {
            fail("an option parsed whose name is_option() refuses", NULL);
        }
        if (!ok) {
            check_err("an option refused", err);
            if (!g_error_matches(err, SPAPR_IRQ_ERROR,
                                 SPAPR_IRQ_ERROR_INVALID_OPTION)) {
                fail("an option refused with a code other than "
                     "INVALID_OPTION",
                     err);
            }
            return 0;
        }
    }
    /* Cheap machines only. */
    if (cfg->accel == SPAPR_ACCEL_KVM || cfg->smp_cpus > MAX_SMP ||
        cfg->max_cpus > MAX_MAX || cfg->sockets > MAX_MAX ||
        cfg->cores > MAX_MAX || cfg->threads > MAX_MAX || cfg->vsmt > MAX_MAX) {
        return 0;
    }
    if (!spapr_irq_host_probe(cfg, &caps, &err)) {
        check_err("host probe refused", err);
        g_clear_error(&err);
        create(cfg, NULL);
        return 0;
    }
    if (!spapr_irq_plan_resolve(cfg, &caps, &plan, &err)) {
        check_err("plan refused", err);
        g_clear_error(&err);
        if (!cfg->accel_fail_nth) {
            create(cfg, NULL);
        }
        return 0;
    }
    if (plan->topo.max_cpus > MAX_MAX || plan->topo.smp_cpus > MAX_SMP) {
        return 0;
    }
    create(cfg, plan);
    return 0;
}
