/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: CPU topology and interrupt server numbers (facts section 2).
 *
 * -smp is completed as QEMU 7.2 does for pseries (cores are preferred over
 * sockets when one must be derived), then:
 *   vsmt       = the option, else threads (TCG) or max(8, threads) (KVM)
 *   nr_servers = ceil(max_cpus * vsmt / threads)
 *   vcpu_id(i) = (i / threads) * vsmt + i % threads
 */
#include "hw/core/fail.h"
#include "spapr-irq/plan.h"

/* Every topology error is of one kind. */
#define topo_error(errp, ...)                                                  \
    spapr_irq_fail(errp, SPAPR_IRQ_ERROR_UNSUPPORTED, __VA_ARGS__)

/* Fills the -smp values the user left out (all given values are >= 1), in
 * QEMU 7.2's order: cores before sockets, threads last. */
static bool smp_complete(SpaprIrqTopology *t, const SpaprIrqConfig *cfg,
                         GError **errp)
{
    uint64_t sockets = cfg->sockets, cores = cfg->cores;
    uint64_t threads = cfg->threads, cpus = cfg->smp_cpus;
    uint64_t maxcpus = cfg->max_cpus;

    if (!cpus && !maxcpus) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (!cores) {
            sockets = sockets ? sockets : 1;
            threads = threads ? threads : 1;
            cores = maxcpus / (sockets * threads);
        } else if (!sockets) {
            threads = threads ? threads : 1;
            sockets = maxcpus / (cores * threads);
        }
        if (!threads) {
            threads = maxcpus / (sockets * cores);
        }
    }
    maxcpus = maxcpus ? maxcpus : sockets * cores * threads;
    cpus = cpus ? cpus : maxcpus;
    if (sockets * cores * threads != maxcpus) {
        return topo_error(errp,
                          "Invalid CPU topology: product of the hierarchy "
                          "must match maxcpus: sockets (%" G_GUINT64_FORMAT
                          ") * cores (%" G_GUINT64_FORMAT
                          ") * threads (%" G_GUINT64_FORMAT
                          ") != maxcpus (%" G_GUINT64_FORMAT ")",
                          sockets, cores, threads, maxcpus);
    }
    if (maxcpus < cpus) {
        return topo_error(errp,
                          "Invalid CPU topology: maxcpus must be equal to or "
                          "greater than smp: cpus (%" G_GUINT64_FORMAT
                          ") > maxcpus (%" G_GUINT64_FORMAT ")",
                          cpus, maxcpus);
    }
    t->smp_cpus = (uint32_t)cpus;
    t->max_cpus = (uint32_t)maxcpus;
    t->sockets = (uint32_t)sockets;
    t->cores = (uint32_t)cores;
    t->threads = (uint32_t)threads;
    return true;
}

bool spapr_irq_topology_init(SpaprIrqTopology *topo, const SpaprIrqConfig *cfg,
                             bool kvm, GError **errp)
{
    SpaprIrqTopology t = {0};
    uint64_t servers;

    if (!smp_complete(&t, cfg, errp)) {
        return false;
    }
    if (!kvm && t.threads > 1) {
        return topo_error(errp, "TCG cannot support more than 1 thread/core "
                                "on a pseries machine");
    }
    if (t.threads & (t.threads - 1)) {
        return topo_error(errp,
                          "Cannot support %u threads/core on a pseries "
                          "machine because it must be a power of 2",
                          t.threads);
    }
    if (cfg->vsmt) {
        if (cfg->vsmt < t.threads) {
            return topo_error(errp,
                              "Cannot support VSMT mode %u because it must "
                              "be >= threads/core (%u)",
                              cfg->vsmt, t.threads);
        }
        t.vsmt = cfg->vsmt;
    } else {
        t.vsmt = kvm ? MAX(8, t.threads) : t.threads;
    }
    servers = ((uint64_t)t.max_cpus * t.vsmt + t.threads - 1) / t.threads;
    if (servers > SPAPR_MAX_SERVERS) {
        return topo_error(errp,
                          "maxcpus (%u) and vsmt (%u) need %" G_GUINT64_FORMAT
                          " interrupt servers; at most %u are supported",
                          t.max_cpus, t.vsmt, servers, SPAPR_MAX_SERVERS);
    }
    t.nr_servers = (uint32_t)servers;
    *topo = t;
    return true;
}

uint32_t spapr_irq_topology_vcpu_id(const SpaprIrqTopology *topo,
                                    uint32_t cpu_index)
{
    return (cpu_index / topo->threads) * topo->vsmt + cpu_index % topo->threads;
}
