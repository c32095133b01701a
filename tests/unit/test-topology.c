/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the topology: spapr_irq_topology_init() and
 * spapr_irq_topology_vcpu_id() (include/spapr-irq/plan.h).
 *
 * The expected numbers were computed by hand from the facts (section 2)
 * and docs/specs/policy.md ("Defaults", start rules 1 and 7):
 *   vsmt       = the option, else threads (TCG) or max(8, threads) (KVM)
 *   nr_servers = ceil(max_cpus * vsmt / threads)
 *   vcpu_id(i) = (i / threads) * vsmt + i % threads
 */
#include <string.h>

#include <glib.h>

#include "spapr-irq/config.h"
#include "spapr-irq/error.h"
#include "spapr-irq/plan.h"
#include "sim/sim.h"

#define MAX_IDS 16

typedef struct TopoCase {
    const char *name;
    const char *smp; /* NULL: no -smp */
    uint32_t vsmt;   /* 0: default */
    bool kvm;
    /* expected */
    uint32_t smp_cpus, max_cpus, sockets, cores, threads, vsmt_out;
    uint32_t nr_servers;
    uint32_t n_ids;
    uint32_t ids[MAX_IDS]; /* vcpu ids of indexes 0 .. n_ids-1 */
} TopoCase;

static const TopoCase good_cases[] = {
    {
        .name = "tcg default",
        .smp = NULL,
        .kvm = false,
        .smp_cpus = 1,
        .max_cpus = 1,
        .sockets = 1,
        .cores = 1,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 1,
        .n_ids = 1,
        .ids = {0},
    },
    {
        .name = "kvm default",
        .smp = NULL,
        .kvm = true,
        .smp_cpus = 1,
        .max_cpus = 1,
        .sockets = 1,
        .cores = 1,
        .threads = 1,
        .vsmt_out = 8,
        .nr_servers = 8,
        .n_ids = 1,
        .ids = {0},
    },
    {
        .name = "tcg 4",
        .smp = "4",
        .kvm = false,
        .smp_cpus = 4,
        .max_cpus = 4,
        .sockets = 1,
        .cores = 4,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 4,
        .n_ids = 4,
        .ids = {0, 1, 2, 3},
    },
    {
        .name = "kvm 4, threads 1",
        .smp = "4,threads=1",
        .kvm = true,
        .smp_cpus = 4,
        .max_cpus = 4,
        .sockets = 1,
        .cores = 4,
        .threads = 1,
        .vsmt_out = 8,
        .nr_servers = 32,
        .n_ids = 4,
        .ids = {0, 8, 16, 24},
    },
    {
        .name = "kvm 8, sockets 1, cores 2, threads 4",
        .smp = "8,cores=2,threads=4,sockets=1",
        .kvm = true,
        .smp_cpus = 8,
        .max_cpus = 8,
        .sockets = 1,
        .cores = 2,
        .threads = 4,
        .vsmt_out = 8,
        .nr_servers = 16,
        .n_ids = 8,
        .ids = {0, 1, 2, 3, 8, 9, 10, 11},
    },
    {
        .name = "kvm vsmt=4, threads 4, maxcpus 8",
        .smp = "4,maxcpus=8,threads=4",
        .vsmt = 4,
        .kvm = true,
        .smp_cpus = 4,
        .max_cpus = 8,
        .sockets = 1,
        .cores = 2,
        .threads = 4,
        .vsmt_out = 4,
        .nr_servers = 8,
        .n_ids = 8,
        .ids = {0, 1, 2, 3, 4, 5, 6, 7},
    },
    {
        .name = "kvm 6, threads 2",
        .smp = "6,threads=2",
        .kvm = true,
        .smp_cpus = 6,
        .max_cpus = 6,
        .sockets = 1,
        .cores = 3,
        .threads = 2,
        .vsmt_out = 8,
        .nr_servers = 24,
        .n_ids = 6,
        .ids = {0, 1, 8, 9, 16, 17},
    },
    {
        .name = "kvm 16, threads 16 (vsmt above 8)",
        .smp = "16,threads=16",
        .kvm = true,
        .smp_cpus = 16,
        .max_cpus = 16,
        .sockets = 1,
        .cores = 1,
        .threads = 16,
        .vsmt_out = 16,
        .nr_servers = 16,
        .n_ids = 16,
        .ids = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    },
    {
        .name = "kvm 4, threads 2, vsmt 16",
        .smp = "4,threads=2",
        .vsmt = 16,
        .kvm = true,
        .smp_cpus = 4,
        .max_cpus = 4,
        .sockets = 1,
        .cores = 2,
        .threads = 2,
        .vsmt_out = 16,
        .nr_servers = 32,
        .n_ids = 4,
        .ids = {0, 1, 16, 17},
    },
    {
        .name = "tcg 2, explicit vsmt 4",
        .smp = "2",
        .vsmt = 4,
        .kvm = false,
        .smp_cpus = 2,
        .max_cpus = 2,
        .sockets = 1,
        .cores = 2,
        .threads = 1,
        .vsmt_out = 4,
        .nr_servers = 8,
        .n_ids = 2,
        .ids = {0, 4},
    },
    {
        .name = "kvm 2 of 8, 2 sockets",
        .smp = "2,maxcpus=8,sockets=2,cores=2,threads=2",
        .kvm = true,
        .smp_cpus = 2,
        .max_cpus = 8,
        .sockets = 2,
        .cores = 2,
        .threads = 2,
        .vsmt_out = 8,
        .nr_servers = 32,
        .n_ids = 8,
        .ids = {0, 1, 8, 9, 16, 17, 24, 25},
    },
    {
        .name = "derive cores: 8,threads=1",
        .smp = "8,threads=1",
        .kvm = false,
        .smp_cpus = 8,
        .max_cpus = 8,
        .sockets = 1,
        .cores = 8,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 8,
        .n_ids = 3,
        .ids = {0, 1, 2},
    },
    {
        .name = "derive cpus: sockets=2,cores=2",
        .smp = "sockets=2,cores=2",
        .kvm = false,
        .smp_cpus = 4,
        .max_cpus = 4,
        .sockets = 2,
        .cores = 2,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 4,
        .n_ids = 4,
        .ids = {0, 1, 2, 3},
    },
    {
        .name = "derive cpus from maxcpus",
        .smp = "maxcpus=6",
        .kvm = false,
        .smp_cpus = 6,
        .max_cpus = 6,
        .sockets = 1,
        .cores = 6,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 6,
        .n_ids = 1,
        .ids = {0},
    },
    {
        .name = "derive cores from maxcpus",
        .smp = "2,maxcpus=8",
        .kvm = false,
        .smp_cpus = 2,
        .max_cpus = 8,
        .sockets = 1,
        .cores = 8,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 8,
        .n_ids = 1,
        .ids = {0},
    },
    {
        .name = "derive cores with sockets",
        .smp = "8,sockets=2",
        .kvm = false,
        .smp_cpus = 8,
        .max_cpus = 8,
        .sockets = 2,
        .cores = 4,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 8,
        .n_ids = 1,
        .ids = {0},
    },
    {
        .name = "derive sockets when cores are given",
        .smp = "8,cores=2",
        .kvm = false,
        .smp_cpus = 8,
        .max_cpus = 8,
        .sockets = 4,
        .cores = 2,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 8,
        .n_ids = 1,
        .ids = {0},
    },
    {
        .name = "derive cpus from the product with threads (kvm)",
        .smp = "sockets=2,cores=2,threads=2",
        .kvm = true,
        .smp_cpus = 8,
        .max_cpus = 8,
        .sockets = 2,
        .cores = 2,
        .threads = 2,
        .vsmt_out = 8,
        .nr_servers = 32,
        .n_ids = 1,
        .ids = {0},
    },
    {
        .name = "most servers (kvm 512 x vsmt 8 = 4096)",
        .smp = "512",
        .kvm = true,
        .smp_cpus = 512,
        .max_cpus = 512,
        .sockets = 1,
        .cores = 512,
        .threads = 1,
        .vsmt_out = 8,
        .nr_servers = 4096,
        .n_ids = 2,
        .ids = {0, 8},
    },
    {
        .name = "most servers (tcg 4096)",
        .smp = "1,maxcpus=4096",
        .kvm = false,
        .smp_cpus = 1,
        .max_cpus = 4096,
        .sockets = 1,
        .cores = 4096,
        .threads = 1,
        .vsmt_out = 1,
        .nr_servers = 4096,
        .n_ids = 1,
        .ids = {0},
    },
};

static SpaprIrqConfig *make_cfg(const char *smp, uint32_t vsmt)
{
    SpaprIrqConfig *cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;

    if (smp) {
        if (!spapr_irq_config_parse_smp(cfg, smp, &err)) {
            g_test_message("-smp %s: %s", smp, err ? err->message : "?");
        }
        g_assert_no_error(err);
    }
    cfg->vsmt = vsmt;
    return cfg;
}

static void check_case(const TopoCase *c)
{
    g_autoptr(SpaprIrqConfig) cfg = make_cfg(c->smp, c->vsmt);
    g_autoptr(GError) err = NULL;
    SpaprIrqTopology topo;

    g_test_message("case: %s", c->name);
    memset(&topo, 0xa5, sizeof(topo));
    if (!spapr_irq_topology_init(&topo, cfg, c->kvm, &err)) {
        g_test_message("%s: %s", c->name, err ? err->message : "?");
    }
    g_assert_no_error(err);
    g_assert_cmpuint(topo.smp_cpus, ==, c->smp_cpus);
    g_assert_cmpuint(topo.max_cpus, ==, c->max_cpus);
    g_assert_cmpuint(topo.sockets, ==, c->sockets);
    g_assert_cmpuint(topo.cores, ==, c->cores);
    g_assert_cmpuint(topo.threads, ==, c->threads);
    g_assert_cmpuint(topo.vsmt, ==, c->vsmt_out);
    g_assert_cmpuint(topo.nr_servers, ==, c->nr_servers);
    for (uint32_t i = 0; i < c->n_ids; i++) {
        g_assert_cmpuint(spapr_irq_topology_vcpu_id(&topo, i), ==, c->ids[i]);
    }
}

static void test_good_cases(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(good_cases); i++) {
        check_case(&good_cases[i]);
    }
}

static void test_default_smp(void)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    g_autoptr(GError) err = NULL;
    SpaprIrqTopology topo;

    g_assert_true(spapr_irq_topology_init(&topo, cfg, false, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(topo.smp_cpus, ==, 1);
    g_assert_cmpuint(topo.max_cpus, ==, 1);
    g_assert_cmpuint(topo.sockets, ==, 1);
    g_assert_cmpuint(topo.cores, ==, 1);
    g_assert_cmpuint(topo.threads, ==, 1);
    g_assert_cmpuint(topo.vsmt, ==, 1);
    g_assert_cmpuint(topo.nr_servers, ==, 1);
    /* The configuration is not modified by the derivation. */
    g_assert_cmpuint(cfg->smp_cpus, ==, 0);
    g_assert_cmpuint(cfg->max_cpus, ==, 0);
    g_assert_cmpuint(cfg->cores, ==, 0);
}

static void test_vsmt_default(void)
{
    /* TCG: vsmt = threads (1, the only value TCG accepts). */
    {
        g_autoptr(SpaprIrqConfig) cfg = make_cfg("2", 0);
        SpaprIrqTopology topo;

        g_assert_true(spapr_irq_topology_init(&topo, cfg, false, NULL));
        g_assert_cmpuint(topo.vsmt, ==, 1);
        g_assert_cmpuint(topo.nr_servers, ==, 2);
        g_assert_cmpuint(spapr_irq_topology_vcpu_id(&topo, 1), ==, 1);
    }
    /* KVM: max(8, threads) for threads 1, 2, 4, 8, 16, 32. */
    static const uint32_t threads[] = {1, 2, 4, 8, 16, 32};
    static const uint32_t vsmt[] = {8, 8, 8, 8, 16, 32};
    /* maxcpus = 2 * threads: nr = 2 * vsmt. */
    static const uint32_t nr[] = {16, 16, 16, 16, 32, 64};
    for (size_t i = 0; i < G_N_ELEMENTS(threads); i++) {
        g_autofree char *smp =
            g_strdup_printf("%u,threads=%u", 2 * threads[i], threads[i]);
        g_autoptr(SpaprIrqConfig) cfg = make_cfg(smp, 0);
        g_autoptr(GError) err = NULL;
        SpaprIrqTopology topo;

        g_assert_true(spapr_irq_topology_init(&topo, cfg, true, &err));
        g_assert_no_error(err);
        g_assert_cmpuint(topo.threads, ==, threads[i]);
        g_assert_cmpuint(topo.cores, ==, 2);
        g_assert_cmpuint(topo.vsmt, ==, vsmt[i]);
        g_assert_cmpuint(topo.nr_servers, ==, nr[i]);
        /* First thread of the second core. */
        g_assert_cmpuint(spapr_irq_topology_vcpu_id(&topo, threads[i]), ==,
                         vsmt[i]);
    }
}

static void test_vcpu_id_formula(void)
{
    /* A topology filled by hand: threads 4, vsmt 8. */
    SpaprIrqTopology t = {
        .smp_cpus = 12,
        .max_cpus = 12,
        .sockets = 1,
        .cores = 3,
        .threads = 4,
        .vsmt = 8,
        .nr_servers = 24,
    };
    static const uint32_t ids[12] = {0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19};

    for (uint32_t i = 0; i < 12; i++) {
        g_assert_cmpuint(spapr_irq_topology_vcpu_id(&t, i), ==, ids[i]);
    }
    /* threads 1, vsmt 2. */
    SpaprIrqTopology u = {
        .smp_cpus = 3,
        .max_cpus = 3,
        .sockets = 1,
        .cores = 3,
        .threads = 1,
        .vsmt = 2,
        .nr_servers = 6,
    };
    g_assert_cmpuint(spapr_irq_topology_vcpu_id(&u, 0), ==, 0);
    g_assert_cmpuint(spapr_irq_topology_vcpu_id(&u, 1), ==, 2);
    g_assert_cmpuint(spapr_irq_topology_vcpu_id(&u, 2), ==, 4);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Requires failure with UNSUPPORTED; @exact or else @needle must match. */
static void check_error(const char *smp, uint32_t vsmt, bool kvm,
                        const char *exact, const char *needle)
{
    g_autoptr(SpaprIrqConfig) cfg = make_cfg(smp, vsmt);
    g_autoptr(GError) err = NULL;
    SpaprIrqTopology topo;

    g_assert_false(spapr_irq_topology_init(&topo, cfg, kvm, &err));
    g_assert_error(err, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_UNSUPPORTED);
    g_test_message("-smp %s vsmt %u %s: %s", smp ? smp : "(none)", vsmt,
                   kvm ? "kvm" : "tcg", err->message);
    if (exact) {
        g_assert_cmpstr(err->message, ==, exact);
    }
    if (needle) {
        g_assert_nonnull(strstr(err->message, needle));
    }
    /* errp may be NULL. */
    g_assert_false(spapr_irq_topology_init(&topo, cfg, kvm, NULL));
}

static void test_error_tcg_threads(void)
{
    check_error("2,threads=2", 0, false,
                "TCG cannot support more than 1 thread/core on a pseries "
                "machine",
                NULL);
    check_error("8,threads=4", 4, false,
                "TCG cannot support more than 1 thread/core on a pseries "
                "machine",
                NULL);
}

static void test_error_threads_power_of_2(void)
{
    check_error("3,threads=3", 0, true,
                "Cannot support 3 threads/core on a pseries machine because "
                "it must be a power of 2",
                NULL);
    check_error("12,threads=6", 0, true,
                "Cannot support 6 threads/core on a pseries machine because "
                "it must be a power of 2",
                NULL);
}

static void test_error_vsmt_below_threads(void)
{
    check_error("2,threads=2", 1, true,
                "Cannot support VSMT mode 1 because it must be >= "
                "threads/core (2)",
                NULL);
    check_error("8,threads=8", 4, true,
                "Cannot support VSMT mode 4 because it must be >= "
                "threads/core (8)",
                NULL);
}

static void test_error_product(void)
{
    check_error("4,sockets=1,cores=2,threads=1", 0, false,
                "Invalid CPU topology: product of the hierarchy must match "
                "maxcpus: sockets (1) * cores (2) * threads (1) != maxcpus "
                "(4)",
                NULL);
    check_error("cpus=2,maxcpus=8,sockets=2,cores=2,threads=1", 0, true,
                "Invalid CPU topology: product of the hierarchy must match "
                "maxcpus: sockets (2) * cores (2) * threads (1) != maxcpus "
                "(8)",
                NULL);
    /* 6 CPUs cannot be split into cores of 4 threads. */
    check_error("6,threads=4", 0, true, NULL,
                "Invalid CPU topology: product of the hierarchy must match "
                "maxcpus: sockets (1) * cores (1) * threads (4) != maxcpus "
                "(6)");
}

static void test_error_cpus_above_maxcpus(void)
{
    check_error("4,maxcpus=2", 0, false, NULL, "maxcpus");
    check_error("8,maxcpus=4,threads=1", 0, true, NULL, "maxcpus");
}

static void test_error_too_many_servers(void)
{
    check_error("600", 0, true,
                "maxcpus (600) and vsmt (8) need 4800 interrupt servers; at "
                "most 4096 are supported",
                "need 4800 interrupt servers; at most 4096");
    /* Two more than the most, from a product (a single -smp value above
     * 4096 is refused by the parser: test-config's /config/smp/limit). */
    check_error("sockets=2,cores=2049", 0, false,
                "maxcpus (4098) and vsmt (1) need 4098 interrupt servers; at "
                "most 4096 are supported",
                NULL);
    check_error("513", 0, true, NULL,
                "need 4104 interrupt servers; at most 4096");
    /* An explicit vsmt counts too: 1024 * 8 / 1 = 8192. */
    check_error("1024", 8, false, NULL,
                "need 8192 interrupt servers; at most 4096");
}

/*
 * KNOWN FAILURE against hw/plan/topology.c (smp_complete): it
 * never derives threads, so this case fails there with "product of the
 * hierarchy must match maxcpus: sockets (2) * cores (2) * threads (1) !=
 * maxcpus (8)".  The test follows the spec.
 *
 * policy.md, "Defaults": missing sockets, cores, threads default to 1 except
 * the one derived from maxcpus (cores first, then sockets, then threads).
 * With sockets and cores given and threads missing, threads is the one
 * derived: 8 / (2 * 2) = 2 (QEMU 7.2 does the same).
 */
static void test_derive_threads(void)
{
    g_autoptr(SpaprIrqConfig) cfg = make_cfg("8,sockets=2,cores=2", 0);
    g_autoptr(GError) err = NULL;
    SpaprIrqTopology topo = {0};

    /* SPEC: expected to succeed (see the comment above). */
    bool ok = spapr_irq_topology_init(&topo, cfg, true, &err);
    g_assert_no_error(err);
    g_assert_true(ok);
    g_assert_cmpuint(topo.smp_cpus, ==, 8);
    g_assert_cmpuint(topo.max_cpus, ==, 8);
    g_assert_cmpuint(topo.sockets, ==, 2);
    g_assert_cmpuint(topo.cores, ==, 2);
    g_assert_cmpuint(topo.threads, ==, 2);
    g_assert_cmpuint(topo.vsmt, ==, 8);
    g_assert_cmpuint(topo.nr_servers, ==, 32);
    g_assert_cmpuint(spapr_irq_topology_vcpu_id(&topo, 2), ==, 8);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/topology/default-smp", test_default_smp);
    g_test_add_func("/topology/cases", test_good_cases);
    g_test_add_func("/topology/vsmt-default", test_vsmt_default);
    g_test_add_func("/topology/vcpu-id-formula", test_vcpu_id_formula);
    g_test_add_func("/topology/error/tcg-threads", test_error_tcg_threads);
    g_test_add_func("/topology/error/threads-power-of-2",
                    test_error_threads_power_of_2);
    g_test_add_func("/topology/error/vsmt-below-threads",
                    test_error_vsmt_below_threads);
    g_test_add_func("/topology/error/product", test_error_product);
    g_test_add_func("/topology/error/cpus-above-maxcpus",
                    test_error_cpus_above_maxcpus);
    g_test_add_func("/topology/error/too-many-servers",
                    test_error_too_many_servers);
    /* Registered last: it fails against the current library (see the
     * comment above test_derive_threads) and must not hide the others. */
    g_test_add_func("/topology/spec/derive-threads", test_derive_threads);

    return g_test_run();
}
