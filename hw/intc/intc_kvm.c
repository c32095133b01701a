/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the parts the two in-kernel backends share (internal). */
#include <stdarg.h>
#include <string.h>

#include "hw/intc/intc_kvm.h"
#include "hw/core/fail.h"

void spapr_intc_kvm_init(SpaprIntcKvm *k, const SpaprIntcContext *ctx)
{
    uint32_t n = ctx->max_cpus;

    k->ctx = ctx;
    k->muted = false;
    k->fd = -1;
    k->vcpu_fd = g_new(int, n);
    k->connected = g_new0(bool, n);
    for (uint32_t c = 0; c < n; c++) {
        k->vcpu_fd[c] = -1;
    }
}

void spapr_intc_kvm_fini(SpaprIntcKvm *k)
{
    g_clear_pointer(&k->vcpu_fd, g_free);
    g_clear_pointer(&k->connected, g_free);
}

bool spapr_intc_kvm_fail(GError **errp, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    spapr_irq_fail_errno_valist(errp, SPAPR_IRQ_ERROR_HOST, -rc, fmt, ap);
    va_end(ap);
    return false;
}

bool spapr_intc_kvm_create(SpaprIntcKvm *k, uint32_t type, uint32_t group,
                           uint64_t attr, const char *who, GError **errp)
{
    SpaprHost *h = spapr_intc_kvm_host(k);
    uint32_t nr_servers = k->ctx->nr_servers;
    int rc;

    if (!h) {
        return spapr_irq_fail(errp, SPAPR_IRQ_ERROR_HOST,
                              "%s: in-kernel %s needs KVM", who, who);
    }
    rc = h->ops->create_device(h, type, false);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "%s: creating the KVM device "
                                   "failed",
                                   who);
    }
    k->fd = rc;
    /* Size the server space when the kernel can (Linux 5.5). */
    if (h->ops->has_device_attr(h, k->fd, group, attr) == 0) {
        rc = h->ops->set_device_attr(h, k->fd, group, attr, &nr_servers);
        if (rc < 0) {
            spapr_intc_kvm_close(k);
            return spapr_intc_kvm_fail(errp, rc,
                                       "%s: setting NR_SERVERS "
                                       "failed",
                                       who);
        }
    }
    return true;
}

bool spapr_intc_kvm_connect_vcpu(SpaprIntcKvm *k, uint32_t cpu, uint32_t cap,
                                 uint32_t server, const char *who,
                                 GError **errp)
{
    SpaprHost *h = spapr_intc_kvm_host(k);
    int rc;

    if (k->connected[cpu]) {
        return true;
    }
    rc = h->ops->enable_cap_vcpu(h, k->vcpu_fd[cpu], cap, (uint64_t)k->fd,
                                 server);
    if (rc < 0) {
        return spapr_intc_kvm_fail(errp, rc,
                                   "%s: unable to connect CPU %u (server %u) "
                                   "to the kernel %s",
                                   who, cpu, server, who);
    }
    k->connected[cpu] = true;
    return true;
}

void spapr_intc_kvm_close(SpaprIntcKvm *k)
{
    SpaprHost *h = spapr_intc_kvm_host(k);

    if (k->fd >= 0) {
        h->ops->close_fd(h, k->fd);
        k->fd = -1;
    }
    if (k->connected) {
        memset(k->connected, 0, sizeof(bool) * k->ctx->max_cpus);
    }
}
