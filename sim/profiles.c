/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: the simulated POWER KVM hosts of -accel
 * kvm-sim,host=PROFILE.  Each row is what one kind of host kernel offers
 * (facts section 4; docs/specs/host.md).
 */
#include "sim/engine.h"

#include <string.h>

/* The page size of the POWER hosts' usual kernels (64 KiB pages). */
#define PAGE_64K 0x10000u
#define PAGE_4K  0x1000u

static const SpaprHostProfile profiles[] = {
    {
        .name = "power8-4.19",
        .description = "POWER8, Linux 4.19 KVM-HV: XICS (book3s_xics.c), "
                       "no release on close",
        .cpu = SPAPR_CPU_POWER8,
        .kernel = 419,
        .xics = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "power8-5.10",
        .description = "POWER8, Linux 5.10 KVM-HV: XICS (book3s_xics.c) "
                       "with release on close, no NR_SERVERS",
        .cpu = SPAPR_CPU_POWER8,
        .kernel = 510,
        .xics = true,
        .release = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "power9-4.19",
        .description = "POWER9, Linux 4.19 KVM-HV: XICS-on-XIVE only, no "
                       "release on close",
        .cpu = SPAPR_CPU_POWER9,
        .kernel = 419,
        .xics = true,
        .xics_on_xive = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "power9-5.2",
        .description = "POWER9, Linux 5.2 KVM-HV: XICS-on-XIVE and XIVE "
                       "native, release on close, no NR_SERVERS (5.5); XIVE "
                       "native needs firmware with the OPAL XIVE queue-state "
                       "calls",
        .cpu = SPAPR_CPU_POWER9,
        .kernel = 502,
        .xics = true,
        .xics_on_xive = true,
        .xive = true,
        .release = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "power9-6.1",
        .description = "POWER9, Linux 6.1 KVM-HV: XICS-on-XIVE and XIVE "
                       "native, release on close, NR_SERVERS",
        .cpu = SPAPR_CPU_POWER9,
        .kernel = 601,
        .xics = true,
        .xics_on_xive = true,
        .xive = true,
        .release = true,
        .nr_servers = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "power9-6.1-4k",
        .description = "POWER9, Linux 6.1 KVM-HV built with 4 KiB pages: as "
                       "power9-6.1, but the XIVE native device cannot map "
                       "its 4 x 64 KiB TIMA",
        .cpu = SPAPR_CPU_POWER9,
        .kernel = 601,
        .xics = true,
        .xics_on_xive = true,
        .xive = true,
        .release = true,
        .nr_servers = true,
        .page_size = PAGE_4K,
    },
    {
        .name = "power9-6.1-uv",
        .description = "POWER9, Linux 6.1 KVM-HV under an ultravisor: as "
                       "power9-6.1, plus secure guests",
        .cpu = SPAPR_CPU_POWER9,
        .kernel = 601,
        .xics = true,
        .xics_on_xive = true,
        .xive = true,
        .release = true,
        .nr_servers = true,
        .secure = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "power10-6.1",
        .description = "POWER10, Linux 6.1 KVM-HV: XICS-on-XIVE and XIVE "
                       "native, release on close, NR_SERVERS",
        .cpu = SPAPR_CPU_POWER10,
        .kernel = 601,
        .xics = true,
        .xics_on_xive = true,
        .xive = true,
        .release = true,
        .nr_servers = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "nested-5.10",
        .description = "POWER9, Linux 5.10 nested KVM-HV (guest "
                       "hypervisor): XICS (book3s_xics.c) only, release on "
                       "close, no NR_SERVERS",
        .cpu = SPAPR_CPU_POWER9,
        .kernel = 510,
        .xics = true,
        .release = true,
        .page_size = PAGE_64K,
    },
    {
        .name = "none",
        .description = "POWER9, Linux 6.1 KVM built without CONFIG_KVM_XICS: "
                       "no in-kernel interrupt controller (KVM-PR and nested "
                       "hosts do have XICS)",
        .cpu = SPAPR_CPU_POWER9,
        .kernel = 601,
        .page_size = PAGE_64K,
    },
};

const SpaprHostProfile *spapr_host_profiles(size_t *n)
{
    g_assert(n);
    *n = G_N_ELEMENTS(profiles);
    return profiles;
}

const SpaprHostProfile *spapr_host_profile_find(const char *name)
{
    if (!name) {
        return NULL;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(profiles); i++) {
        if (strcmp(profiles[i].name, name) == 0) {
            return &profiles[i];
        }
    }
    return NULL;
}

const char *spapr_host_profile_default(void)
{
    return SIM_DEFAULT_PROFILE;
}

char *spapr_host_profile_names(void)
{
    GString *s = g_string_new(NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(profiles); i++) {
        if (i) {
            g_string_append(s, ", ");
        }
        g_string_append(s, profiles[i].name);
    }
    return g_string_free(s, FALSE);
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
    caps->page_size = p->page_size;
    caps->secure = p->secure;
}
