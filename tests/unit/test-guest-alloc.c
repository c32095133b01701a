/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest-facing calls allocate nothing (include/spapr-irq/spapr-irq.h:
 * hcall, RTAS, MMIO and set_irq), even when the in-kernel controller's
 * host call fails and even with glib's caches cold (issue 18): counted by
 * the interposed allocator of alloc-count.c, each case in a fresh process
 * (g_test_trap_subprocess()).
 *
 * For each guest call on an in-kernel backend of kvm-sim, the parent runs
 * the machine once to count the host calls of its setup (C) and of the
 * guest call (D); the case then runs once per k = 1 .. D with -accel
 * kvm-sim,fail=C+k (the k-th host call of the guest call fails), and once
 * without a failure.  Before the fix a failed H_INT_SET_SOURCE_CONFIG
 * called g_strerror() for an error nobody asked for, and the first error
 * of spapr_irq_set_irq(..., NULL) registered the error quark.
 */
#include <string.h>

#include <glib.h>

#include "alloc-count.h"
#include "sim/sim.h"
#include "spapr-irq/spapr-irq.h"
#include "tools/vmm.h"

#define MAX_FAILS 8 /* the k of the most host calls a guest call makes */
#define LSI       0x1200
#define MSI       0x1300
#define UNCLAIMED 0x1301

typedef struct GuestCall {
    const char *name;
    const char *machine; /* -machine */
    const char *host;    /* kvm-sim profile; NULL: tcg */
    void (*call)(SpaprIrq *irq);
} GuestCall;

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
}

/* The guest's RAM (the XIVE queue page at 0x10000), one per process: a
 * flat array, not tools/guest_ram.h's GuestRam, which allocates a page on
 * its first write, an allocation the count would see. */
#define RAM_SIZE 0x20000u
static uint8_t ram[RAM_SIZE];

static bool cb_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    if (gpa > RAM_SIZE || len > RAM_SIZE - gpa) {
        return false;
    }
    memcpy(buf, ram + gpa, len);
    return true;
}

static bool cb_mem_write(void *opaque, uint64_t gpa, const void *buf,
                         size_t len)
{
    if (gpa > RAM_SIZE || len > RAM_SIZE - gpa) {
        return false;
    }
    memcpy(ram + gpa, buf, len);
    return true;
}

static const SpaprIrqCallbacks callbacks = {
    .set_cpu_irq = cb_set_cpu_irq,
    .mem_read = cb_mem_read,
    .mem_write = cb_mem_write,
    .map_region = vmm_map_region,
};

/* ---- the guest calls ---- */

static void hcall(SpaprIrq *irq, uint64_t op, uint64_t a0, uint64_t a1,
                  uint64_t a2, uint64_t a3, uint64_t a4)
{
    const uint64_t args[] = {a0, a1, a2, a3, a4};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS];

    (void)spapr_irq_hcall(irq, 0, op, args, G_N_ELEMENTS(args), rets);
}

static void rtas(SpaprIrq *irq, const char *name, uint32_t a0, uint32_t a1,
                 uint32_t a2)
{
    const uint32_t args[] = {a0, a1, a2};
    uint32_t rets[4];

    (void)spapr_irq_rtas(irq, 0, spapr_irq_rtas_token(name), 3, args, 4, rets);
}

static void set_irq_unclaimed(SpaprIrq *irq)
{
    (void)spapr_irq_set_irq(irq, UNCLAIMED, 1, NULL);
    (void)spapr_irq_set_irq(irq, 0x0fff, 1, NULL);
}

static void set_irq_msi(SpaprIrq *irq)
{
    (void)spapr_irq_set_irq(irq, MSI, 1, NULL);
}

static void set_irq_lsi(SpaprIrq *irq)
{
    (void)spapr_irq_set_irq(irq, LSI, 1, NULL);
    (void)spapr_irq_set_irq(irq, LSI, 0, NULL);
}

static void xive_set_source_config(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_INT_SET_SOURCE_CONFIG, 0x2 /* SET_EISN */, MSI, 0, 5,
          MSI);
}

static void xive_get_source_config(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_INT_GET_SOURCE_CONFIG, 0, MSI, 0, 0, 0);
}

static void xive_set_queue_config(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_INT_SET_QUEUE_CONFIG, 0, 0, 5, 0x10000, 16);
}

static void xive_get_queue_config(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_INT_GET_QUEUE_CONFIG, 0x1 /* DEBUG */, 0, 5, 0, 0);
}

static void xive_sync(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_INT_SYNC, 0, MSI, 0, 0, 0);
}

static void xive_reset(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_INT_RESET, 0, 0, 0, 0, 0);
}

static void xive_esb(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_INT_ESB, 0, MSI, 0x10000 + 0x800 /* GET */, 0, 0);
}

static void xive_mmio(SpaprIrq *irq)
{
    uint64_t v;

    (void)spapr_irq_mmio_read(irq, 0, SPAPR_XIVE_ESB_BASE, 8, &v);
    (void)spapr_irq_mmio_write(irq, 0, SPAPR_XIVE_TIMA_BASE, 3, 0);
}

static void xics_rtas_set_xive(SpaprIrq *irq)
{
    rtas(irq, "ibm,set-xive", MSI, 0, 5);
}

static void xics_rtas_get_xive(SpaprIrq *irq)
{
    rtas(irq, "ibm,get-xive", MSI, 0, 0);
}

static void xics_rtas_int_off_on(SpaprIrq *irq)
{
    rtas(irq, "ibm,int-off", MSI, 0, 0);
    rtas(irq, "ibm,int-on", MSI, 0, 0);
}

static void xics_hcalls(SpaprIrq *irq)
{
    hcall(irq, SPAPR_H_CPPR, 0xff, 0, 0, 0, 0);
    hcall(irq, SPAPR_H_IPI, 0, 5, 0, 0, 0);
    hcall(irq, SPAPR_H_XIRR, 0, 0, 0, 0, 0);
    hcall(irq, SPAPR_H_EOI, 2, 0, 0, 0, 0);
}

#define XIVE_KVM "pseries,ic-mode=xive", "power9-6.1"
#define XICS_KVM "pseries,ic-mode=xics", "power9-6.1"
#define XICS_P8  "pseries,ic-mode=xics", "power8-5.10"

static const GuestCall calls[] = {
    {"tcg/set-irq-unclaimed", "pseries", NULL, set_irq_unclaimed},
    {"tcg/xive-mmio", "pseries,ic-mode=xive", NULL, xive_mmio},
    {"xive-kvm/set-irq-unclaimed", XIVE_KVM, set_irq_unclaimed},
    {"xive-kvm/set-irq-msi", XIVE_KVM, set_irq_msi},
    {"xive-kvm/set-irq-lsi", XIVE_KVM, set_irq_lsi},
    {"xive-kvm/set-source-config", XIVE_KVM, xive_set_source_config},
    {"xive-kvm/get-source-config", XIVE_KVM, xive_get_source_config},
    {"xive-kvm/set-queue-config", XIVE_KVM, xive_set_queue_config},
    {"xive-kvm/get-queue-config", XIVE_KVM, xive_get_queue_config},
    {"xive-kvm/sync", XIVE_KVM, xive_sync},
    {"xive-kvm/reset", XIVE_KVM, xive_reset},
    {"xive-kvm/esb", XIVE_KVM, xive_esb},
    {"xive-kvm/mmio", XIVE_KVM, xive_mmio},
    {"xics-kvm/set-irq-unclaimed", XICS_KVM, set_irq_unclaimed},
    {"xics-kvm/set-irq-msi", XICS_KVM, set_irq_msi},
    {"xics-kvm/set-irq-lsi", XICS_KVM, set_irq_lsi},
    {"xics-kvm/rtas-set-xive", XICS_KVM, xics_rtas_set_xive},
    {"xics-kvm/rtas-get-xive", XICS_KVM, xics_rtas_get_xive},
    {"xics-kvm/rtas-int-off-on", XICS_KVM, xics_rtas_int_off_on},
    {"xics-kvm/hcalls", XICS_KVM, xics_hcalls},
    {"xics-kvm-p8/set-irq-msi", XICS_P8, set_irq_msi},
    {"xics-kvm-p8/rtas-set-xive", XICS_P8, xics_rtas_set_xive},
};

/* ---- the machine ---- */

/* The machine of @c with host call @fail failing (0: none), CPU 0 added,
 * an LSI and an MSI claimed, reset; NULL if refused. */
static SpaprIrq *machine_new(const GuestCall *c, unsigned fail)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *accel =
        !c->host ? g_strdup("tcg")
        : fail   ? g_strdup_printf("kvm-sim,host=%s,fail=%u:EIO", c->host, fail)
                 : g_strdup_printf("kvm-sim,host=%s", c->host);
    SpaprIrq *irq;

    g_assert_true(
        spapr_irq_config_parse_option(cfg, "-machine", c->machine, &err));
    g_assert_true(spapr_irq_config_parse_option(cfg, "-accel", accel, &err));
    irq = spapr_irq_create(cfg, &callbacks, -1, &err);
    g_assert_no_error(err);
    g_assert_true(spapr_irq_cpu_add(irq, 0, -1, &err));
    g_assert_true(spapr_irq_claim(irq, LSI, true, &err));
    g_assert_true(spapr_irq_claim(irq, MSI, false, &err));
    g_assert_true(spapr_irq_reset(irq, &err));
    g_assert_no_error(err);
    return irq;
}

static unsigned host_calls(SpaprIrq *irq)
{
    SpaprHostSimStats st = {0};

    return spapr_host_sim_stats(spapr_irq_get_host(irq), &st) ? st.calls : 0;
}

/* C: the host calls of the setup; D: those of the guest call. */
static void count_host_calls(const GuestCall *c, unsigned *cp, unsigned *dp)
{
    SpaprIrq *irq = machine_new(c, 0);

    *cp = host_calls(irq);
    c->call(irq);
    *dp = host_calls(irq) - *cp;
    spapr_irq_destroy(&irq);
}

typedef struct Case {
    const GuestCall *call;
    unsigned k; /* 0: no failure */
} Case;

/*
 * GLib's quark table grows by a block of G_QUARK_BLOCK_SIZE (2048,
 * glib/gquark.c) when a new quark's number is a multiple of it: the next
 * quark registered after this allocates.  So a quark registered lazily on a
 * guest path (the library's error quark at the first error of
 * spapr_irq_set_irq(..., NULL)) is counted, whatever the process did
 * before.  The probe names are static strings.
 */
#define QUARK_BLOCK 2048
static char probe_names[QUARK_BLOCK][32];

static void quark_table_full(void)
{
    for (unsigned i = 0; i < QUARK_BLOCK; i++) {
        GQuark q;

        g_snprintf(probe_names[i], sizeof(probe_names[i]),
                   "test-guest-alloc-probe-%u", i);
        q = g_quark_from_static_string(probe_names[i]);
        if (q % QUARK_BLOCK == QUARK_BLOCK - 1) {
            return;
        }
    }
    g_assert_not_reached();
}

/* In the subprocess: the guest call, with the k-th of its host calls
 * failing, allocates nothing. */
static void run_case(const Case *tc)
{
    SpaprIrq *irq = machine_new(tc->call, 0);
    unsigned c = host_calls(irq);
    size_t n;

    /* The guest call is not made before it is counted: its first time in
     * the process is the one measured. */
    spapr_irq_destroy(&irq);
    quark_table_full();
    irq = machine_new(tc->call, tc->k ? c + tc->k : 0);
    g_assert_cmpuint(host_calls(irq), ==, c);
    alloc_count_start();
    tc->call->call(irq);
    n = alloc_count_stop();
    if (tc->k) {
        SpaprHostSimStats st = {0};

        g_assert_true(spapr_host_sim_stats(spapr_irq_get_host(irq), &st));
        g_assert_cmpuint(st.injected, ==, 1);
    }
    g_assert_cmpuint(n, ==, 0);
    spapr_irq_destroy(&irq);
}

static void test_case(gconstpointer data)
{
    const Case *tc = data;
    unsigned c = 0, d = 0;

    if (g_test_subprocess()) {
        run_case(tc);
        return;
    }
    if (!alloc_count_works()) {
        g_test_skip("the allocation counter sees no allocation here");
        return;
    }
    if (tc->call->host) {
        count_host_calls(tc->call, &c, &d);
    }
    if (tc->k > d) {
        g_test_skip("the guest call makes fewer host calls");
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    static Case cases[G_N_ELEMENTS(calls) * (MAX_FAILS + 1)];
    size_t n = 0;

    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++) {
        for (unsigned k = 0; k <= (calls[i].host ? MAX_FAILS : 0); k++) {
            g_autofree char *path =
                k ? g_strdup_printf("/guest-alloc/%s/fail-%u", calls[i].name, k)
                  : g_strdup_printf("/guest-alloc/%s/no-failure",
                                    calls[i].name);

            cases[n] = (Case){&calls[i], k};
            g_test_add_data_func(path, &cases[n++], test_case);
        }
    }
    return g_test_run();
}
