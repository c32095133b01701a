/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fuzz harness's machines and seed scenarios: small machines (2 vCPUs
 * of 4), a few claimed sources, on tcg and on the simulated POWER KVM host.
 */
#include "fuzz-machines.h"

#include "sim/sim.h"
#include "tools/vmm.h"

#define MSI 0x1000
#define LSI 0x1200

static void set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
}

static const SpaprIrqCallbacks callbacks = {
    .set_cpu_irq = set_cpu_irq,
    .map_region = vmm_map_region,
};

/* Two vCPUs, an MSI and an LSI claimed, then reset: what every scenario
 * starts from. */
static bool base(SpaprIrq *irq, GError **errp)
{
    return spapr_irq_cpu_add(irq, 0, -1, errp) &&
           spapr_irq_cpu_add(irq, 1, -1, errp) &&
           spapr_irq_claim(irq, MSI, false, errp) &&
           spapr_irq_claim(irq, LSI, true, errp) && spapr_irq_reset(irq, errp);
}

/* A dual machine whose guest chose XIVE at CAS, applied by the reset. */
static bool cas_xive_applied(SpaprIrq *irq, GError **errp)
{
    return base(irq, errp) && spapr_irq_cas(irq, 0x40, errp) &&
           spapr_irq_reset(irq, errp);
}

/* The guest chose XIVE at CAS; the reset that applies it has not come. */
static bool cas_xive_pending(SpaprIrq *irq, GError **errp)
{
    return base(irq, errp) && spapr_irq_cas(irq, 0x40, errp);
}

/* XICS: the MSI routed to server 1 at priority 5, then raised (presented,
 * not accepted); the LSI asserted while masked. */
static bool xics_pending(SpaprIrq *irq, GError **errp)
{
    uint32_t args[3] = {MSI, 1, 5}, rets[1] = {0};

    if (!base(irq, errp)) {
        return false;
    }
    if (!spapr_irq_rtas(irq, 0, spapr_irq_rtas_token("ibm,set-xive"), 3, args,
                        1, rets) ||
        rets[0] != 0) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_STATE,
                    "ibm,set-xive failed");
        return false;
    }
    return spapr_irq_set_irq(irq, MSI, 1, errp) &&
           spapr_irq_set_irq(irq, LSI, 1, errp);
}

/* XIVE: both sources raised while masked (their PQ bits set). */
static bool xive_pending(SpaprIrq *irq, GError **errp)
{
    return base(irq, errp) && spapr_irq_set_irq(irq, MSI, 1, errp) &&
           spapr_irq_set_irq(irq, LSI, 1, errp);
}

static bool dual_xive_pending(SpaprIrq *irq, GError **errp)
{
    return cas_xive_applied(irq, errp) &&
           spapr_irq_set_irq(irq, MSI, 1, errp) &&
           spapr_irq_set_irq(irq, LSI, 1, errp);
}

#define SMP "-smp", "2,maxcpus=4"

static const char *const tcg_xics[] = {"-machine", "ic-mode=xics", SMP, NULL};
static const char *const tcg_xive[] = {"-machine", "ic-mode=xive", SMP, NULL};
static const char *const tcg_dual[] = {"-machine", "ic-mode=dual", SMP, NULL};
static const char *const sim_xive[] = {
    "-accel",   "kvm-sim,host=power9-6.1",
    "-machine", "ic-mode=xive,kernel-irqchip=on",
    SMP,        NULL};
static const char *const sim_xics[] = {
    "-accel",   "kvm-sim,host=power9-6.1",
    "-machine", "ic-mode=xics,kernel-irqchip=on",
    SMP,        NULL};
static const char *const sim_dual[] = {
    "-accel",   "kvm-sim,host=power9-6.1",
    "-machine", "ic-mode=dual,kernel-irqchip=on",
    SMP,        NULL};

const FuzzScenario fuzz_targets[] = {
    {"tcg-xics", tcg_xics, base},
    {"tcg-xive", tcg_xive, base},
    {"tcg-dual-cas-xive", tcg_dual, cas_xive_applied},
    {"kvm-sim-p9-xive-kernel", sim_xive, base},
};
const size_t fuzz_n_targets = G_N_ELEMENTS(fuzz_targets);

const FuzzScenario fuzz_seeds[] = {
    {"tcg-xics", tcg_xics, base},
    {"tcg-xics-pending", tcg_xics, xics_pending},
    {"tcg-xive", tcg_xive, base},
    {"tcg-xive-pending", tcg_xive, xive_pending},
    {"tcg-dual", tcg_dual, base},
    {"tcg-dual-cas-xive", tcg_dual, cas_xive_applied},
    {"tcg-dual-cas-xive-pending-reset", tcg_dual, cas_xive_pending},
    {"tcg-dual-cas-xive-irqs", tcg_dual, dual_xive_pending},
    {"kvm-sim-p9-xive-kernel", sim_xive, base},
    {"kvm-sim-p9-xive-kernel-pending", sim_xive, xive_pending},
    {"kvm-sim-p9-xics-kernel", sim_xics, base},
    {"kvm-sim-p9-dual-cas-xive", sim_dual, cas_xive_applied},
};
const size_t fuzz_n_seeds = G_N_ELEMENTS(fuzz_seeds);

SpaprIrq *fuzz_machine_new(const FuzzScenario *sc, GError **errp)
{
    SpaprIrqConfig *cfg = spapr_host_sim_config_new();
    SpaprIrq *irq = NULL;

    for (const char *const *o = sc->opts; o[0]; o += 2) {
        if (!spapr_irq_config_parse_option(cfg, o[0], o[1], errp)) {
            goto out;
        }
    }
    irq = spapr_irq_create(cfg, &callbacks, -1, errp);
    if (irq && sc->setup && !sc->setup(irq, errp)) {
        spapr_irq_destroy(&irq);
    }
out:
    spapr_irq_config_free(cfg);
    return irq;
}
