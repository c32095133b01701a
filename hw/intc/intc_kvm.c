/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the parts the two in-kernel backends share (internal). */
#include <stdarg.h>
#include <string.h>

#include "hw/intc/intc_kvm.h"
#include "hw/core/fail.h"

static SpaprIntcKvm *link_of(void *opaque)
{
    return opaque;
}

static void model_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    SpaprIntcKvm *k = link_of(opaque);

    if (!k->muted) {
        k->ctx->cb->set_cpu_irq(k->ctx->cb->opaque, cpu_index, level);
    }
}

static bool model_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    const SpaprIrqCallbacks *cb = link_of(opaque)->ctx->cb;

    return cb->mem_read(cb->opaque, gpa, buf, len);
}

static bool model_mem_write(void *opaque, uint64_t gpa, const void *buf,
                            size_t len)
{
    const SpaprIrqCallbacks *cb = link_of(opaque)->ctx->cb;

    return cb->mem_write(cb->opaque, gpa, buf, len);
}

static uint64_t model_get_timebase(void *opaque)
{
    const SpaprIrqCallbacks *cb = link_of(opaque)->ctx->cb;

    return cb->get_timebase(cb->opaque);
}

static void model_trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    const SpaprIrqCallbacks *cb = link_of(opaque)->ctx->cb;

    cb->trace(cb->opaque, ev);
}

void spapr_intc_kvm_init(SpaprIntcKvm *k, const SpaprIntcContext *ctx)
{
    const SpaprIrqCallbacks *cb = ctx->cb;
    uint32_t n = ctx->max_cpus;

    k->ctx = ctx;
    k->muted = false;
    k->fd = -1;
    k->vcpu_fd = g_new(int, n);
    k->connected = g_new0(bool, n);
    for (uint32_t c = 0; c < n; c++) {
        k->vcpu_fd[c] = -1;
    }
    k->model_cb = (SpaprIrqCallbacks){
        .opaque = k,
        .set_cpu_irq = model_set_cpu_irq,
        .mem_read = cb->mem_read ? model_mem_read : NULL,
        .mem_write = cb->mem_write ? model_mem_write : NULL,
        .get_timebase = cb->get_timebase ? model_get_timebase : NULL,
        .trace = cb->trace ? model_trace : NULL,
    };
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
