/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the host layer, common part.  Opens the host of an
 * accelerator (the real KVM, or the simulator a program registered) and
 * probes what it can do through its ops (policy.md, "Host capabilities").
 */
#include "hw/host/host.h"
#include "hw/host/kvm.h"
#include "hw/host/kvm_ppc_uapi.h"
#include "hw/core/fail.h"

#include <string.h>

const SpaprHostSimulator *spapr_host_registered_sim(const SpaprIrqConfig *cfg,
                                                    const char *name,
                                                    GError **errp)
{
    const SpaprHostSimulator *sim = cfg->simulator;

    if (!sim) {
        /* A configuration made without the parser: the parser itself
         * refuses kvm-sim without a simulator (config.c). */
        spapr_irq_fail(errp, SPAPR_IRQ_ERROR_INVALID_OPTION,
                       "accelerator kvm-sim needs a simulated host registered "
                       "on the configuration "
                       "(spapr_irq_config_set_simulator())");
        return NULL;
    }
    if (name && !sim->has_profile(name)) {
        g_autofree char *names = sim->profile_names();

        spapr_irq_bad_value(errp, "host", name, names);
        return NULL;
    }
    return sim;
}

static bool open_sim(const SpaprIrqConfig *cfg, SpaprHost **hostp,
                     GError **errp)
{
    const SpaprHostSimulator *sim =
        spapr_host_registered_sim(cfg, cfg->accel_host, errp);

    if (!sim) {
        return false;
    }
    *hostp = sim->open(cfg->accel_host ? cfg->accel_host : sim->default_profile,
                       cfg->accel_fail_nth, cfg->accel_fail_errno);
    return true;
}

bool spapr_host_open(const SpaprIrqConfig *cfg, int vm_fd, SpaprHost **hostp,
                     GError **errp)
{
    g_assert(cfg);
    g_assert(hostp);

    *hostp = NULL;
    switch (cfg->accel) {
    case SPAPR_ACCEL_TCG:
        return true;
    case SPAPR_ACCEL_KVM:
        return spapr_host_kvm_open(cfg, vm_fd, hostp, errp);
    case SPAPR_ACCEL_KVM_SIM:
        return open_sim(cfg, hostp, errp);
    }
    g_assert_not_reached();
}

void spapr_host_close(SpaprHost **hostp)
{
    g_assert(hostp);

    if (*hostp) {
        SpaprHost *h = *hostp;

        *hostp = NULL;
        h->ops->destroy(h);
    }
}

/* Whether an irqchip type is there: the capability and a TEST create. */
static bool probe_irqchip(SpaprHost *h, uint32_t cap, uint32_t type)
{
    return h->ops->check_extension(h, cap) > 0 &&
           h->ops->create_device(h, type, true) == 0;
}

bool spapr_host_probe(SpaprHost *h, const SpaprIrqConfig *cfg,
                      SpaprHostCaps *caps, GError **errp)
{
    SpaprHostCaps c;

    g_assert(caps);

    if (!h) {
        spapr_host_caps_tcg(caps);
        return true;
    }

    memset(&c, 0, sizeof(c));
    c.kvm = true;
    c.xics = probe_irqchip(h, SPAPR_KVM_CAP_IRQ_XICS, SPAPR_KVM_DEV_TYPE_XICS);
    c.xive =
        probe_irqchip(h, SPAPR_KVM_CAP_PPC_IRQ_XIVE, SPAPR_KVM_DEV_TYPE_XIVE);
    c.secure = h->ops->check_extension(h, SPAPR_KVM_CAP_PPC_SECURE_GUEST) > 0;
    if (!h->ops->probe(h, &c, errp)) {
        return false;
    }
    *caps = c;
    return true;
}

void spapr_host_caps_tcg(SpaprHostCaps *caps)
{
    g_assert(caps);

    memset(caps, 0, sizeof(*caps));
    g_strlcpy(caps->name, "tcg", sizeof(caps->name));
    caps->cpu = SPAPR_CPU_NONE;
}
