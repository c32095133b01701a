/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the host layer, common part.  Opens the host of an
 * accelerator and probes what it can do through its ops (policy.md,
 * "Host capabilities").
 */
#include "hw/ppc/spapr_host.h"
#include "hw/ppc/kvm_ppc_uapi.h"
#include "hw/ppc/spapr_host_internal.h"
#include "hw/ppc/spapr_irq_error.h"

#include <string.h>

static bool open_sim(const SpaprIrqConfig *cfg, SpaprHost **hostp,
                     GError **errp)
{
    const char *name =
        cfg->accel_host ? cfg->accel_host : spapr_host_profile_default();
    const SpaprHostProfile *p = spapr_host_profile_find(name);

    if (!p) {
        g_autofree char *names = spapr_host_profile_names();

        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "Bad value for \"host\" property: \"%s\" (accepted: %s)",
                    name, names);
        return false;
    }
    *hostp = spapr_host_sim_new(p);
    if (cfg->accel_fail_nth) {
        spapr_host_sim_fail_after(*hostp, cfg->accel_fail_nth,
                                  cfg->accel_fail_errno);
    }
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

    if (h->ops == &spapr_host_sim_ops) {
        const SpaprHostProfile *p = spapr_host_sim_profile(h);

        g_snprintf(c.name, sizeof(c.name), "kvm-sim:%s", p->name);
        c.cpu = p->cpu;
        /* The simulator answers without creating a device, so the probe
         * leaves no stale irqchip behind on a host without release. */
        c.release = c.xics && h->ops->probe_release(h) == 1;
        c.nr_servers = c.xics && p->nr_servers;
    } else if (h->ops == &spapr_host_kvm_ops) {
        g_strlcpy(c.name, "kvm", sizeof(c.name));
        c.cpu = spapr_host_kvm_cpu(h);
        if (c.xics) {
            int release;
            bool nr_servers;

            if (!spapr_host_kvm_probe_scratch(h, &release, &nr_servers, errp)) {
                return false;
            }
            c.release = release == 1;
            c.nr_servers = nr_servers;
        }
    } else {
        g_strlcpy(c.name, h->ops->name, sizeof(c.name));
        c.cpu = SPAPR_CPU_NONE;
        c.release = c.xics && h->ops->probe_release(h) == 1;
    }

    *caps = c;
    return true;
}

void spapr_host_caps_from_profile(const SpaprHostProfile *p,
                                  SpaprHostCaps *caps)
{
    g_assert(p);
    g_assert(caps);

    memset(caps, 0, sizeof(*caps));
    g_snprintf(caps->name, sizeof(caps->name), "kvm-sim:%s", p->name);
    caps->kvm = true;
    caps->cpu = p->cpu;
    caps->xics = p->xics;
    caps->xive = p->xive;
    /* Both are probed on an XICS device: without one they are unknown. */
    caps->release = p->xics && p->release;
    caps->nr_servers = p->xics && p->nr_servers;
    caps->secure = p->secure;
}

void spapr_host_caps_tcg(SpaprHostCaps *caps)
{
    g_assert(caps);

    memset(caps, 0, sizeof(*caps));
    g_strlcpy(caps->name, "tcg", sizeof(caps->name));
    caps->cpu = SPAPR_CPU_NONE;
}

bool spapr_host_sim_stats(SpaprHost *h, SpaprHostSimStats *stats)
{
    g_assert(stats);

    if (!h || h->ops != &spapr_host_sim_ops) {
        return false;
    }
    spapr_host_sim_get_stats(h, stats);
    return true;
}

bool spapr_host_sim_fail(SpaprHost *h, unsigned nth, int err)
{
    if (!h || h->ops != &spapr_host_sim_ops) {
        return false;
    }
    return spapr_host_sim_fail_after(h, nth, err);
}
