/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the option parser (include/spapr-irq/config.h).
 *
 * Expectations come from the header, docs/specs/policy.md and the facts
 * (section 1): every value below is written out by hand.
 */
#include <string.h>

#include <glib.h>

#include "spapr-irq/config.h"
#include "spapr-irq/error.h"
#include "spapr-irq/plan.h"
#include "sim/sim.h"

#define ACCEPTED_MACHINE_PROPS                                                 \
    "ic-mode", "kernel-irqchip", "max-cpu-compat", "vsmt", "dumpdtb",          \
        "confidential-guest-support", "cas-switch"

/* Parses -machine @arg into @cfg and requires success. */
static void machine_ok(SpaprIrqConfig *cfg, const char *arg)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_config_parse_machine(cfg, arg, &err)) {
        g_test_message("-machine %s: %s", arg, err ? err->message : "?");
        g_assert_not_reached();
    }
    g_assert_no_error(err);
}

/* Parses -machine @arg into a fresh configuration and requires failure
 * with INVALID_OPTION; returns the message (caller frees). */
static char *machine_bad(const char *arg)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_config_parse_machine(cfg, arg, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_assert_nonnull(err->message);
    return g_strdup(err->message);
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle)) {
        g_test_message("\"%s\" does not contain \"%s\"", haystack, needle);
    }
    g_assert_nonnull(strstr(haystack, needle));
}

/* ------------------------------------------------------------------ */

static void test_defaults(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    g_assert_nonnull(cfg);
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ALLOWED);
    g_assert_cmpint(cfg->max_cpu_compat, ==, SPAPR_CPU_NONE);
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_NONE);
    g_assert_cmpuint(cfg->vsmt, ==, 0);
    g_assert_cmpuint(cfg->smp_cpus, ==, 0);
    g_assert_cmpuint(cfg->max_cpus, ==, 0);
    g_assert_cmpuint(cfg->sockets, ==, 0);
    g_assert_cmpuint(cfg->cores, ==, 0);
    g_assert_cmpuint(cfg->threads, ==, 0);
    g_assert_null(cfg->dumpdtb);
    g_assert_null(cfg->confidential_guest_support);
    g_assert_nonnull(cfg->pef_guests);
    g_assert_cmpuint(cfg->pef_guests->len, ==, 0);
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_TCG);
    g_assert_null(cfg->accel_host);
    g_assert_cmpstr(cfg->kvm_device, ==, "/dev/kvm");
}

static void test_free_null(void)
{
    /* The header promises that NULL is accepted (a crash fails). */
    spapr_irq_config_free(NULL);
}

static void test_names(void)
{
    g_assert_cmpstr(spapr_ic_mode_name(SPAPR_IC_MODE_XICS), ==, "xics");
    g_assert_cmpstr(spapr_ic_mode_name(SPAPR_IC_MODE_XIVE), ==, "xive");
    g_assert_cmpstr(spapr_ic_mode_name(SPAPR_IC_MODE_DUAL), ==, "dual");

    g_assert_cmpstr(spapr_kernel_irqchip_name(SPAPR_KERNEL_IRQCHIP_ALLOWED), ==,
                    "allowed");
    g_assert_cmpstr(spapr_kernel_irqchip_name(SPAPR_KERNEL_IRQCHIP_ON), ==,
                    "on");
    g_assert_cmpstr(spapr_kernel_irqchip_name(SPAPR_KERNEL_IRQCHIP_OFF), ==,
                    "off");
    g_assert_cmpstr(spapr_kernel_irqchip_name(SPAPR_KERNEL_IRQCHIP_SPLIT), ==,
                    "split");

    g_assert_cmpstr(spapr_cpu_model_name(SPAPR_CPU_NONE), ==, "none");
    g_assert_cmpstr(spapr_cpu_model_name(SPAPR_CPU_POWER8), ==, "power8");
    g_assert_cmpstr(spapr_cpu_model_name(SPAPR_CPU_POWER9), ==, "power9");
    g_assert_cmpstr(spapr_cpu_model_name(SPAPR_CPU_POWER10), ==, "power10");

    g_assert_cmpstr(spapr_accel_name(SPAPR_ACCEL_TCG), ==, "tcg");
    g_assert_cmpstr(spapr_accel_name(SPAPR_ACCEL_KVM), ==, "kvm");
    g_assert_cmpstr(spapr_accel_name(SPAPR_ACCEL_KVM_SIM), ==, "kvm-sim");
}

/* ------------------------------------------------------------------ */
/* -machine                                                            */
/* ------------------------------------------------------------------ */

static void test_machine_ic_mode(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries,ic-mode=xics");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XICS);
    machine_ok(cfg, "pseries,ic-mode=xive");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XIVE);
    machine_ok(cfg, "pseries,ic-mode=dual");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);
    /* Without the machine type. */
    machine_ok(cfg, "ic-mode=xics");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XICS);
    /* Other fields are untouched. */
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ALLOWED);
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_TCG);
}

static void test_machine_kernel_irqchip(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries,kernel-irqchip=on");
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ON);
    machine_ok(cfg, "pseries,kernel-irqchip=off");
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_OFF);
    machine_ok(cfg, "pseries,kernel-irqchip=split");
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_SPLIT);
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);
}

static void test_machine_max_cpu_compat(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries,max-cpu-compat=power8");
    g_assert_cmpint(cfg->max_cpu_compat, ==, SPAPR_CPU_POWER8);
    g_assert_cmpint(cfg->max_cpu_compat, ==, 8);
    machine_ok(cfg, "pseries,max-cpu-compat=power9");
    g_assert_cmpint(cfg->max_cpu_compat, ==, SPAPR_CPU_POWER9);
    machine_ok(cfg, "pseries,max-cpu-compat=power10");
    g_assert_cmpint(cfg->max_cpu_compat, ==, SPAPR_CPU_POWER10);
    g_assert_cmpint(cfg->max_cpu_compat, ==, 10);
    /* -cpu is a different field. */
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_NONE);
}

static void test_machine_vsmt(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries,vsmt=8");
    g_assert_cmpuint(cfg->vsmt, ==, 8);
    machine_ok(cfg, "pseries,vsmt=1");
    g_assert_cmpuint(cfg->vsmt, ==, 1);
    machine_ok(cfg, "vsmt=4");
    g_assert_cmpuint(cfg->vsmt, ==, 4);
}

static void test_machine_dumpdtb(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries,dumpdtb=/tmp/guest.dtb");
    g_assert_cmpstr(cfg->dumpdtb, ==, "/tmp/guest.dtb");
    /* ",," is a literal comma inside a value. */
    machine_ok(cfg, "pseries,dumpdtb=/tmp/a,,b.dtb");
    g_assert_cmpstr(cfg->dumpdtb, ==, "/tmp/a,b.dtb");
    /* Followed by another property. */
    machine_ok(cfg, "pseries,dumpdtb=x,,,,y,ic-mode=xive");
    g_assert_cmpstr(cfg->dumpdtb, ==, "x,,y");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XIVE);
    /* A value may contain '='. */
    machine_ok(cfg, "dumpdtb=k=v.dtb");
    g_assert_cmpstr(cfg->dumpdtb, ==, "k=v.dtb");
}

static void test_machine_cgs(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries,confidential-guest-support=pef0");
    g_assert_cmpstr(cfg->confidential_guest_support, ==, "pef0");
    /* Parsing does not require the object to exist (checked at resolve). */
    g_assert_cmpuint(cfg->pef_guests->len, ==, 0);
    machine_ok(cfg, "confidential-guest-support=other");
    g_assert_cmpstr(cfg->confidential_guest_support, ==, "other");
}

static void test_machine_type(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries");
    machine_ok(cfg, "type=pseries");
    machine_ok(cfg, "type=pseries,ic-mode=xics");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XICS);
    /* Nothing else changed. */
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ALLOWED);
    g_assert_null(cfg->dumpdtb);
}

static void test_machine_all_props(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    machine_ok(cfg, "pseries,ic-mode=xive,kernel-irqchip=off,"
                    "max-cpu-compat=power9,vsmt=2,dumpdtb=out.dtb,"
                    "confidential-guest-support=sec");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XIVE);
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_OFF);
    g_assert_cmpint(cfg->max_cpu_compat, ==, SPAPR_CPU_POWER9);
    g_assert_cmpuint(cfg->vsmt, ==, 2);
    g_assert_cmpstr(cfg->dumpdtb, ==, "out.dtb");
    g_assert_cmpstr(cfg->confidential_guest_support, ==, "sec");
}

static void test_machine_last_wins(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    /* Within one argument. */
    machine_ok(cfg, "pseries,ic-mode=xics,ic-mode=xive");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XIVE);
    machine_ok(cfg, "vsmt=2,vsmt=16");
    g_assert_cmpuint(cfg->vsmt, ==, 16);
    machine_ok(cfg, "dumpdtb=a.dtb,dumpdtb=b.dtb");
    g_assert_cmpstr(cfg->dumpdtb, ==, "b.dtb");

    /* Across repeated options. */
    machine_ok(cfg, "pseries,kernel-irqchip=on");
    machine_ok(cfg, "pseries,kernel-irqchip=off");
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_OFF);
    machine_ok(cfg, "pseries,ic-mode=dual");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);
    /* A later option without the property keeps the earlier value. */
    machine_ok(cfg, "pseries");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);
    g_assert_cmpuint(cfg->vsmt, ==, 16);
    g_assert_cmpstr(cfg->dumpdtb, ==, "b.dtb");
}

static void test_machine_bad_values(void)
{
    g_autofree char *m1 = machine_bad("pseries,ic-mode=bogus");
    g_autofree char *m2 = machine_bad("pseries,kernel-irqchip=maybe");
    g_autofree char *m3 = machine_bad("pseries,max-cpu-compat=power7");
    g_autofree char *m4 = machine_bad("pseries,ic-mode=");

    g_assert_cmpstr(m1, ==,
                    "Bad value for \"ic-mode\" property: \"bogus\" "
                    "(accepted: xics, xive, dual)");
    g_assert_cmpstr(m2, ==,
                    "Bad value for \"kernel-irqchip\" property: \"maybe\" "
                    "(accepted: on, off, split)");
    g_assert_cmpstr(m3, ==,
                    "Bad value for \"max-cpu-compat\" property: \"power7\" "
                    "(accepted: power8, power9, power10)");
    g_assert_cmpstr(m4, ==,
                    "Bad value for \"ic-mode\" property: \"\" "
                    "(accepted: xics, xive, dual)");
}

static void test_machine_bad_vsmt(void)
{
    static const char *const bad[] = {"0",           "-1", "abc",
                                      "99999999999", "",   "4x"};

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *arg = g_strdup_printf("pseries,vsmt=%s", bad[i]);
        g_autofree char *msg = machine_bad(arg);
        g_autofree char *prefix =
            g_strdup_printf("Bad value for \"vsmt\" property: \"%s\"", bad[i]);

        g_test_message("vsmt=%s: %s", bad[i], msg);
        g_assert_true(g_str_has_prefix(msg, prefix));
        assert_contains(msg, "accepted");
    }
}

static void test_machine_bad_value_keeps_cfg(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    machine_ok(cfg, "pseries,ic-mode=xive");
    g_assert_false(
        spapr_irq_config_parse_machine(cfg, "pseries,ic-mode=nope", &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    /* The bad value itself is not stored. */
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XIVE);

    /* NULL errp is accepted and still reports failure. */
    g_assert_false(
        spapr_irq_config_parse_machine(cfg, "pseries,ic-mode=nope", NULL));
}

static void test_machine_unknown_type(void)
{
    g_autofree char *m1 = machine_bad("q35");
    g_autofree char *m2 = machine_bad("type=powernv");
    g_autofree char *m3 = machine_bad("q35,ic-mode=xics");

    assert_contains(m1, "\"q35\"");
    assert_contains(m1, "pseries");
    assert_contains(m2, "\"powernv\"");
    assert_contains(m2, "pseries");
    assert_contains(m3, "\"q35\"");
}

static void test_machine_unknown_prop(void)
{
    static const char *const accepted[] = {ACCEPTED_MACHINE_PROPS};
    g_autofree char *msg = machine_bad("pseries,foo=bar");

    assert_contains(msg, "\"foo\"");
    for (size_t i = 0; i < G_N_ELEMENTS(accepted); i++) {
        assert_contains(msg, accepted[i]);
    }

    /* A property name is case-sensitive. */
    g_autofree char *m2 = machine_bad("pseries,IC-MODE=xics");
    assert_contains(m2, "\"IC-MODE\"");
    assert_contains(m2, "ic-mode");
}

static void test_machine_bare_key(void)
{
    /* A bare key after the first item means key=on (QEMU). */
    g_autofree char *msg = machine_bad("pseries,ic-mode");

    g_assert_cmpstr(msg, ==,
                    "Bad value for \"ic-mode\" property: \"on\" "
                    "(accepted: xics, xive, dual)");

    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    machine_ok(cfg, "pseries,kernel-irqchip");
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ON);
}

static void test_machine_empty_items(void)
{
    /* A leading empty item. */
    g_autofree char *m1 = machine_bad(",ic-mode=xics");
    /* A trailing empty item. */
    g_autofree char *m2 = machine_bad("pseries,ic-mode=xics,");
    /* An empty argument. */
    g_autofree char *m3 = machine_bad("");
    /* An empty item in the middle: ",,," is a literal comma followed by a
     * separator, so "pseries,,,ic-mode=xics" has the first item
     * "pseries," (not the machine type). */
    g_autofree char *m4 = machine_bad("pseries,,,ic-mode=xics");

    g_test_message("m1: %s", m1);
    g_test_message("m2: %s", m2);
    g_test_message("m3: %s", m3);
    g_test_message("m4: %s", m4);
    assert_contains(m1, "-machine");
    assert_contains(m2, "-machine");
    assert_contains(m4, "\"pseries,\"");
}

static void test_machine_comma_escape(void)
{
    /*
     * ",," is an escape: "pseries,," is ONE item, the machine type
     * "pseries,", which is not pseries.
     */
    g_autofree char *m1 = machine_bad("pseries,,");
    g_assert_cmpstr(m1, ==,
                    "Bad value for \"type\" property: \"pseries,\" "
                    "(accepted: pseries)");

    /*
     * "pseries,,ic-mode=xics" is one item "pseries,ic-mode=xics": the
     * property "pseries,ic-mode" with value "xics", which does not exist.
     */
    g_autofree char *m2 = machine_bad("pseries,,ic-mode=xics");
    g_test_message("m2: %s", m2);
    assert_contains(m2, "\"pseries,ic-mode\"");
    assert_contains(m2, "accepted");
    assert_contains(m2, "ic-mode, kernel-irqchip");

    /* And the mode was not set. */
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    g_assert_false(
        spapr_irq_config_parse_machine(cfg, "pseries,,ic-mode=xics", &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);
}

static void test_machine_missing_key(void)
{
    g_autofree char *m1 = machine_bad("=x");
    g_autofree char *m2 = machine_bad("pseries,=xics");

    g_test_message("m1: %s", m1);
    assert_contains(m1, "=");
    assert_contains(m1, "-machine");
    assert_contains(m2, "-machine");
}

/* ------------------------------------------------------------------ */
/* -cpu                                                                */
/* ------------------------------------------------------------------ */

static void test_cpu(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_config_parse_cpu(cfg, "power8", &err));
    g_assert_no_error(err);
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER8);
    g_assert_true(spapr_irq_config_parse_cpu(cfg, "power10", &err));
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER10);
    g_assert_true(spapr_irq_config_parse_cpu(cfg, "power9", &err));
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER9);
    g_assert_true(spapr_irq_config_parse_cpu(cfg, "POWER8", &err));
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER8);
    /* Case-insensitive, as QEMU's CPU model names. */
    g_assert_true(spapr_irq_config_parse_cpu(cfg, "POWER9", &err));
    g_assert_no_error(err);
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER9);
    g_assert_true(spapr_irq_config_parse_cpu(cfg, "Power10", &err));
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER10);
    /* max-cpu-compat is a different field. */
    g_assert_cmpint(cfg->max_cpu_compat, ==, SPAPR_CPU_NONE);
}

static void test_cpu_bad(void)
{
    static const char *const bad[] = {"bogus", "power7", "", "power9_v2.2"};

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
        g_autoptr(GError) err = NULL;
        g_autofree char *quoted = g_strdup_printf("\"%s\"", bad[i]);

        g_assert_false(spapr_irq_config_parse_cpu(cfg, bad[i], &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
        g_test_message("-cpu %s: %s", bad[i], err->message);
        g_assert_true(g_str_has_prefix(err->message, "Bad value for \""));
        assert_contains(err->message, "cpu");
        assert_contains(err->message, quoted);
        assert_contains(err->message, "(accepted: power8, power9, power10)");
        g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_NONE);
    }
}

/* ------------------------------------------------------------------ */
/* -smp                                                                */
/* ------------------------------------------------------------------ */

static void test_smp(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(SpaprIrqConfig) cfg2 = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_config_parse_smp(cfg, "4", &err));
    g_assert_no_error(err);
    g_assert_cmpuint(cfg->smp_cpus, ==, 4);
    /* Missing values stay 0: they are derived at resolve time. */
    g_assert_cmpuint(cfg->max_cpus, ==, 0);
    g_assert_cmpuint(cfg->sockets, ==, 0);
    g_assert_cmpuint(cfg->cores, ==, 0);
    g_assert_cmpuint(cfg->threads, ==, 0);

    g_assert_true(spapr_irq_config_parse_smp(
        cfg2, "cpus=2,maxcpus=8,sockets=2,cores=2,threads=2", &err));
    g_assert_no_error(err);
    g_assert_cmpuint(cfg2->smp_cpus, ==, 2);
    g_assert_cmpuint(cfg2->max_cpus, ==, 8);
    g_assert_cmpuint(cfg2->sockets, ==, 2);
    g_assert_cmpuint(cfg2->cores, ==, 2);
    g_assert_cmpuint(cfg2->threads, ==, 2);

    /* A bare count first, then keys; last value wins. */
    g_assert_true(spapr_irq_config_parse_smp(cfg2, "6,threads=1", &err));
    g_assert_cmpuint(cfg2->smp_cpus, ==, 6);
    g_assert_cmpuint(cfg2->threads, ==, 1);
    g_assert_cmpuint(cfg2->max_cpus, ==, 8);
    g_assert_true(spapr_irq_config_parse_smp(cfg2, "cpus=3,cpus=5", &err));
    g_assert_cmpuint(cfg2->smp_cpus, ==, 5);
    g_assert_no_error(err);
}

static void smp_bad(const char *arg, const char *const *needles)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_config_parse_smp(cfg, arg, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_test_message("-smp %s: %s", arg, err->message);
    for (; *needles; needles++) {
        assert_contains(err->message, *needles);
    }
}

static void test_smp_bad(void)
{
    static const char *const dies[] = {"\"dies\"", "cpus",  "maxcpus",
                                       "sockets",  "cores", "threads",
                                       "accepted", NULL};
    static const char *const zero[] = {"\"0\"", NULL};
    static const char *const abc[] = {"\"abc\"", NULL};
    static const char *const thr0[] = {"\"threads\"", "\"0\"", NULL};
    static const char *const neg[] = {"\"-2\"", NULL};
    static const char *const empty[] = {"-smp", NULL};

    smp_bad("dies=2", dies);
    smp_bad("4,dies=2", dies);
    smp_bad("0", zero);
    smp_bad("abc", abc);
    smp_bad("4,threads=0", thr0);
    smp_bad("-2", neg);
    smp_bad("", empty);
    smp_bad("4,", empty);
}

/* The limit the parser states is the one the plan enforces: 4096 CPUs
 * parse (and make a plan), 4097 are refused with QEMU's message. */
static void test_smp_limit(void)
{
    static const char *const over[] = {
        "4097",
        "100000",
        "1,maxcpus=4097",
        "1,maxcpus=4294967295",
    };
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    SpaprIrqTopology topo;

    g_assert_true(spapr_irq_config_parse_smp(cfg, "4096", &err));
    g_assert_no_error(err);
    g_assert_true(spapr_irq_topology_init(&topo, cfg, false, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(topo.max_cpus, ==, 4096);
    for (size_t i = 0; i < G_N_ELEMENTS(over); i++) {
        g_autoptr(SpaprIrqConfig) c = spapr_host_sim_config_new();
        g_autoptr(GError) e = NULL;

        g_assert_false(spapr_irq_config_parse_smp(c, over[i], &e));
        g_assert_error(e, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
        assert_contains(e->message, "The max CPUs supported by machine "
                                    "'pseries' is 4096");
        /* The bad value is not kept (cpus=1 before it is). */
        g_assert_cmpuint(c->smp_cpus, <=, 1);
        g_assert_cmpuint(c->max_cpus, ==, 0);
    }
    g_clear_error(&err);
    g_assert_false(spapr_irq_config_parse_smp(cfg, "2,threads=4097", &err));
    assert_contains(err->message, "an integer from 1 to 4096");
}

/* ------------------------------------------------------------------ */
/* help listings                                                       */
/* ------------------------------------------------------------------ */

/* Every property -machine pseries,help lists parses with every value it
 * lists, and the parser's "accepted" list of properties is the same. */
static void test_help_machine_props(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autofree char *help =
        spapr_irq_config_help(cfg, "-machine", "pseries,help");
    g_autofree char *also = spapr_irq_config_help(cfg, "-M", "?,x=y");
    g_auto(GStrv) lines = NULL;
    g_autoptr(GError) err = NULL;
    guint n = 0, enums = 0;

    g_assert_nonnull(help);
    g_assert_nonnull(also);
    assert_contains(also, "Supported machines are:\npseries ");
    lines = g_strsplit(help, "\n", -1);
    g_assert_cmpstr(lines[0], ==, "pseries-machine options:");
    for (guint i = 1; lines[i] && *lines[i]; i++, n++) {
        const char *row = lines[i] + 2;
        const char *eq = strchr(row, '=');
        const char *vals = strstr(row, ") (");
        g_autofree char *name = g_strndup(row, eq - row);

        g_assert_true(g_str_has_prefix(lines[i], "  "));
        /* The enumerated ones: "(a, b, c)" before the default or unset. */
        if (vals) {
            const char *open = NULL;

            for (const char *p = row; p < vals; p++) {
                if (*p == '(') {
                    open = p;
                }
            }
            g_assert_nonnull(open);
            enums++;
            g_autofree char *inner = g_strndup(open + 1, vals - open - 1);
            g_auto(GStrv) values = g_strsplit(inner, ", ", -1);

            for (guint v = 0; values[v]; v++) {
                g_autofree char *arg =
                    g_strdup_printf("pseries,%s=%s", name, values[v]);

                g_assert_true(spapr_irq_config_parse_machine(cfg, arg, &err));
                g_assert_no_error(err);
            }
        }
    }
    g_assert_cmpuint(n, ==, 7);
    g_assert_cmpuint(enums, ==, 4); /* ic-mode, kernel-irqchip, compat, cas */
    g_assert_false(spapr_irq_config_parse_machine(cfg, "bogus=1", &err));
    for (guint i = 1; i <= n; i++) {
        g_autofree char *name =
            g_strndup(lines[i] + 2, strchr(lines[i], '=') - lines[i] - 2);

        assert_contains(err->message, name);
    }
    assert_contains(help, "  ic-mode=<string>       - Specifies the interrupt "
                          "controller mode (xics, xive, dual) (default: "
                          "\"dual\")\n");
}

static void test_help_lists(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_irq_config_new();
    g_autoptr(SpaprIrqConfig) sim = spapr_host_sim_config_new();
    g_autofree char *cpu = spapr_irq_config_help(cfg, "-cpu", "help");
    g_autofree char *accel = spapr_irq_config_help(cfg, "--accel", "help");
    g_autofree char *accel_sim = spapr_irq_config_help(sim, "-accel", "?");
    g_autofree char *object = spapr_irq_config_help(cfg, "-object", "help");

    g_assert_cmpstr(cpu, ==,
                    "PowerPC power8\nPowerPC power9\nPowerPC power10\n");
    /* kvm-sim only with a registered simulator, as the parser accepts it */
    g_assert_cmpstr(accel, ==,
                    "Accelerators supported in QEMU binary:\ntcg\nkvm\n");
    g_assert_cmpstr(accel_sim, ==,
                    "Accelerators supported in QEMU binary:\ntcg\nkvm\n"
                    "kvm-sim\n");
    assert_contains(object, "pef-guest");
    /* No help asked: NULL, and the parser goes on as usual. */
    g_assert_null(spapr_irq_config_help(cfg, "-machine", "pseries"));
    g_assert_null(spapr_irq_config_help(cfg, "-cpu", "power9"));
    g_assert_null(spapr_irq_config_help(cfg, "-smp", "help"));
    g_assert_null(spapr_irq_config_help(cfg, "-bogus", "help"));
    g_assert_null(spapr_irq_config_help(cfg, "-machine", NULL));
}

/* ------------------------------------------------------------------ */
/* -accel                                                              */
/* ------------------------------------------------------------------ */

static void accel_ok(SpaprIrqConfig *cfg, const char *arg)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_config_parse_accel(cfg, arg, &err)) {
        g_test_message("-accel %s: %s", arg, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

static char *accel_bad(const char *arg)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_config_parse_accel(cfg, arg, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_test_message("-accel %s: %s", arg, err->message);
    return g_strdup(err->message);
}

static void test_accel(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    accel_ok(cfg, "kvm");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_KVM);
    g_assert_null(cfg->accel_host);
    accel_ok(cfg, "kvm-sim");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_KVM_SIM);
    g_assert_null(cfg->accel_host);
    accel_ok(cfg, "tcg");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_TCG);
    accel_ok(cfg, "kvm-sim,host=power8-4.19");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_KVM_SIM);
    g_assert_cmpstr(cfg->accel_host, ==, "power8-4.19");
    accel_ok(cfg, "kvm-sim,host=power9-6.1");
    g_assert_cmpstr(cfg->accel_host, ==, "power9-6.1");
    /* "help" is stored for the tool to list the profiles. */
    accel_ok(cfg, "kvm-sim,host=help");
    g_assert_cmpstr(cfg->accel_host, ==, "help");
    /* -accel does not touch the kvm device node. */
    g_assert_cmpstr(cfg->kvm_device, ==, "/dev/kvm");
}

static void test_accel_kernel_irqchip(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    accel_ok(cfg, "kvm,kernel-irqchip=on");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_KVM);
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ON);
    accel_ok(cfg, "kvm-sim,kernel-irqchip=off,host=power9-5.2");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_KVM_SIM);
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_OFF);
    g_assert_cmpstr(cfg->accel_host, ==, "power9-5.2");
    accel_ok(cfg, "tcg,kernel-irqchip=split");
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_SPLIT);

    /* The same property through -machine: last wins either way. */
    machine_ok(cfg, "pseries,kernel-irqchip=on");
    g_assert_cmpint(cfg->kernel_irqchip, ==, SPAPR_KERNEL_IRQCHIP_ON);

    g_autofree char *msg = accel_bad("kvm,kernel-irqchip=maybe");
    g_assert_cmpstr(msg, ==,
                    "Bad value for \"kernel-irqchip\" property: \"maybe\" "
                    "(accepted: on, off, split)");
}

static void test_accel_bad(void)
{
    g_autofree char *m1 = accel_bad("hvf");
    g_autofree char *m2 = accel_bad("kvm-sim,host=bogus");
    g_autofree char *m3 = accel_bad("kvm,host=x");
    g_autofree char *m4 = accel_bad("tcg,host=power9-6.1");
    g_autofree char *m5 = accel_bad("kvm-sim,foo=1");
    g_autofree char *m6 = accel_bad("");
    /* Profile names are exact. */
    g_autofree char *m7 = accel_bad("kvm-sim,host=POWER9-6.1");

    assert_contains(m1, "\"hvf\"");
    assert_contains(m1, "tcg");
    assert_contains(m1, "kvm-sim");

    g_assert_true(g_str_has_prefix(m2, "Bad value for \"host\" property: "
                                       "\"bogus\""));
    assert_contains(m2, "power9-6.1");
    assert_contains(m2, "power8-4.19");

    /* host= belongs to kvm-sim only. */
    assert_contains(m3, "\"host\"");
    assert_contains(m4, "\"host\"");
    assert_contains(m5, "\"foo\"");
    assert_contains(m7, "\"POWER9-6.1\"");

    /* Without a registered simulator (the library alone), kvm-sim is not
     * an accelerator. */
    {
        g_autoptr(SpaprIrqConfig) lib = spapr_irq_config_new();
        g_autoptr(GError) err = NULL;

        g_assert_false(spapr_irq_config_parse_accel(lib, "kvm-sim", &err));
        g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
        g_assert_cmpstr(err->message, ==,
                        "Bad value for \"accel\" property: \"kvm-sim\" "
                        "(accepted: tcg, kvm)");
        g_assert_cmpint(lib->accel, ==, SPAPR_ACCEL_TCG);
    }
}

/* Issue 18: an empty value of each -accel kvm-sim property is refused
 * with an error naming the property.  fail= raised a GLib-CRITICAL on a
 * NULL string (fatal under G_DEBUG=fatal-criticals, which the suite sets)
 * and printed "(null)". */
static void test_accel_empty_values(void)
{
    static const struct {
        const char *arg, *message;
    } cases[] = {
        {"kvm-sim,fail=", "Bad value for \"fail\" property: \"\" (accepted: "
                          "an integer from 1 to 4294967295)"},
        {"kvm-sim,fail=:", "Bad value for \"fail\" property: \"\" (accepted: "
                           "an integer from 1 to 4294967295)"},
        {"kvm-sim,fail=1:", "Bad value for \"fail\" property: \"\" (accepted: "
                            "an integer from 1 to 4095)"},
        {"kvm-sim,host=", "Bad value for \"host\" property: \"\""},
        {"kvm-sim,kernel-irqchip=",
         "Bad value for \"kernel-irqchip\" property: \"\""},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *msg = accel_bad(cases[i].arg);

        g_assert_true(g_str_has_prefix(msg, cases[i].message));
        g_assert_null(strstr(msg, "(null)"));
    }
}

static void test_accel_bad_keeps_nothing_wrong(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_false(spapr_irq_config_parse_accel(cfg, "bogus", &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    /* An unknown accelerator does not change the accelerator. */
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_TCG);
}

/* ------------------------------------------------------------------ */
/* -object                                                             */
/* ------------------------------------------------------------------ */

static void test_object(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    g_assert_true(spapr_irq_config_parse_object(cfg, "pef-guest,id=p0", &err));
    g_assert_no_error(err);
    g_assert_cmpuint(cfg->pef_guests->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(cfg->pef_guests, 0), ==, "p0");

    g_assert_true(
        spapr_irq_config_parse_object(cfg, "qom-type=pef-guest,id=p1", &err));
    g_assert_no_error(err);
    g_assert_cmpuint(cfg->pef_guests->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(cfg->pef_guests, 0), ==, "p0");
    g_assert_cmpstr(g_ptr_array_index(cfg->pef_guests, 1), ==, "p1");

    /* id before the type. */
    g_assert_true(
        spapr_irq_config_parse_object(cfg, "id=p2,qom-type=pef-guest", &err));
    g_assert_no_error(err);
    g_assert_cmpuint(cfg->pef_guests->len, ==, 3);
    g_assert_cmpstr(g_ptr_array_index(cfg->pef_guests, 2), ==, "p2");

    /* The object does not select confidential guest support by itself. */
    g_assert_null(cfg->confidential_guest_support);
}

static void object_bad(SpaprIrqConfig *cfg, const char *arg, const char *needle)
{
    g_autoptr(GError) err = NULL;
    guint before = cfg->pef_guests->len;

    g_assert_false(spapr_irq_config_parse_object(cfg, arg, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_test_message("-object %s: %s", arg, err->message);
    assert_contains(err->message, needle);
    g_assert_cmpuint(cfg->pef_guests->len, ==, before);
}

static void test_object_bad(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    object_bad(cfg, "pef-guest", "id");
    object_bad(cfg, "pef-guest,id=", "id");
    object_bad(cfg, "secret,id=s0", "pef-guest");
    object_bad(cfg, "qom-type=memory-backend-ram,id=m0", "pef-guest");
    object_bad(cfg, "id=p9", "pef-guest");
    object_bad(cfg, "pef-guest,id=p0,size=4", "\"size\"");

    g_assert_true(spapr_irq_config_parse_object(cfg, "pef-guest,id=p0", &err));
    g_assert_no_error(err);
    object_bad(cfg, "pef-guest,id=p0", "\"p0\"");
    object_bad(cfg, "qom-type=pef-guest,id=p0", "p0");
    g_assert_cmpuint(cfg->pef_guests->len, ==, 1);
}

/* ------------------------------------------------------------------ */
/* spapr_irq_config_parse_option / is_option                           */
/* ------------------------------------------------------------------ */

static void option_ok(SpaprIrqConfig *cfg, const char *name, const char *arg)
{
    g_autoptr(GError) err = NULL;

    if (!spapr_irq_config_parse_option(cfg, name, arg, &err)) {
        g_test_message("%s %s: %s", name, arg, err ? err->message : "?");
    }
    g_assert_no_error(err);
}

static void test_parse_option(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();

    option_ok(cfg, "-machine", "pseries,ic-mode=xics");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XICS);
    option_ok(cfg, "--machine", "pseries,ic-mode=xive");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XIVE);
    option_ok(cfg, "-M", "pseries,ic-mode=dual");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);
    option_ok(cfg, "--M", "ic-mode=xics");
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_XICS);
    option_ok(cfg, "-cpu", "power8");
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER8);
    option_ok(cfg, "--cpu", "power10");
    g_assert_cmpint(cfg->cpu, ==, SPAPR_CPU_POWER10);
    option_ok(cfg, "-smp", "4,maxcpus=8");
    g_assert_cmpuint(cfg->smp_cpus, ==, 4);
    g_assert_cmpuint(cfg->max_cpus, ==, 8);
    option_ok(cfg, "--smp", "2");
    g_assert_cmpuint(cfg->smp_cpus, ==, 2);
    option_ok(cfg, "-accel", "kvm-sim,host=power9-5.2");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_KVM_SIM);
    g_assert_cmpstr(cfg->accel_host, ==, "power9-5.2");
    option_ok(cfg, "--accel", "tcg");
    g_assert_cmpint(cfg->accel, ==, SPAPR_ACCEL_TCG);
    option_ok(cfg, "-object", "pef-guest,id=a");
    option_ok(cfg, "--object", "pef-guest,id=b");
    g_assert_cmpuint(cfg->pef_guests->len, ==, 2);
}

static void test_parse_option_errors(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(GError) e3 = NULL;
    g_autoptr(GError) e4 = NULL;
    g_autoptr(GError) e5 = NULL;

    g_assert_false(spapr_irq_config_parse_option(cfg, "-foo", "x", &e1));
    g_assert_error(e1, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    assert_contains(e1->message, "-foo");

    g_assert_false(spapr_irq_config_parse_option(cfg, "-machine", NULL, &e2));
    g_assert_error(e2, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    assert_contains(e2->message, "-machine");

    /* Without a dash it is not an option. */
    g_assert_false(
        spapr_irq_config_parse_option(cfg, "machine", "ic-mode=xics", &e3));
    g_assert_error(e3, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_assert_cmpint(cfg->ic_mode, ==, SPAPR_IC_MODE_DUAL);

    /* The errors of the option's parser come through. */
    g_assert_false(
        spapr_irq_config_parse_option(cfg, "-M", "ic-mode=bogus", &e4));
    g_assert_error(e4, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
    g_assert_cmpstr(e4->message, ==,
                    "Bad value for \"ic-mode\" property: \"bogus\" "
                    "(accepted: xics, xive, dual)");

    g_assert_false(spapr_irq_config_parse_option(cfg, "-smp", "0", &e5));
    g_assert_error(e5, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION);
}

static void test_is_option(void)
{
    static const char *const yes[] = {
        "-machine", "--machine", "-M",     "--M",     "-cpu",    "--cpu",
        "-smp",     "--smp",     "-accel", "--accel", "-object", "--object",
    };
    static const char *const no[] = {
        "machine", "M", "-foo",      "--foo", "---machine", "-",
        "--",      "",  "-machinex", "-m",    "-Machine",   "-kernel",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        g_test_message("is_option(%s)", yes[i]);
        g_assert_true(spapr_irq_config_is_option(yes[i]));
    }
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++) {
        g_test_message("!is_option(%s)", no[i]);
        g_assert_false(spapr_irq_config_is_option(no[i]));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/config/defaults", test_defaults);
    g_test_add_func("/config/free-null", test_free_null);
    g_test_add_func("/config/names", test_names);
    g_test_add_func("/config/machine/ic-mode", test_machine_ic_mode);
    g_test_add_func("/config/machine/kernel-irqchip",
                    test_machine_kernel_irqchip);
    g_test_add_func("/config/machine/max-cpu-compat",
                    test_machine_max_cpu_compat);
    g_test_add_func("/config/machine/vsmt", test_machine_vsmt);
    g_test_add_func("/config/machine/dumpdtb", test_machine_dumpdtb);
    g_test_add_func("/config/machine/confidential-guest-support",
                    test_machine_cgs);
    g_test_add_func("/config/machine/type", test_machine_type);
    g_test_add_func("/config/machine/all-props", test_machine_all_props);
    g_test_add_func("/config/machine/last-wins", test_machine_last_wins);
    g_test_add_func("/config/machine/bad-values", test_machine_bad_values);
    g_test_add_func("/config/machine/bad-vsmt", test_machine_bad_vsmt);
    g_test_add_func("/config/machine/bad-value-keeps-cfg",
                    test_machine_bad_value_keeps_cfg);
    g_test_add_func("/config/machine/unknown-type", test_machine_unknown_type);
    g_test_add_func("/config/machine/unknown-prop", test_machine_unknown_prop);
    g_test_add_func("/config/machine/bare-key", test_machine_bare_key);
    g_test_add_func("/config/machine/empty-items", test_machine_empty_items);
    g_test_add_func("/config/machine/comma-escape", test_machine_comma_escape);
    g_test_add_func("/config/machine/missing-key", test_machine_missing_key);
    g_test_add_func("/config/cpu/values", test_cpu);
    g_test_add_func("/config/cpu/bad", test_cpu_bad);
    g_test_add_func("/config/smp/values", test_smp);
    g_test_add_func("/config/smp/bad", test_smp_bad);
    g_test_add_func("/config/smp/limit", test_smp_limit);
    g_test_add_func("/config/help/machine-props", test_help_machine_props);
    g_test_add_func("/config/help/lists", test_help_lists);
    g_test_add_func("/config/accel/values", test_accel);
    g_test_add_func("/config/accel/kernel-irqchip", test_accel_kernel_irqchip);
    g_test_add_func("/config/accel/bad", test_accel_bad);
    g_test_add_func("/config/accel/empty-values", test_accel_empty_values);
    g_test_add_func("/config/accel/bad-keeps-accel",
                    test_accel_bad_keeps_nothing_wrong);
    g_test_add_func("/config/object/values", test_object);
    g_test_add_func("/config/object/bad", test_object_bad);
    g_test_add_func("/config/option/parse", test_parse_option);
    g_test_add_func("/config/option/errors", test_parse_option_errors);
    g_test_add_func("/config/option/is-option", test_is_option);

    return g_test_run();
}
