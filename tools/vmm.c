/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq tool: what a VMM does around the layer (vmm.h). */
#include <errno.h>

#include "sim/sim.h"
#include "tools/vmm.h"

int vmm_map_region(void *opaque, const SpaprIrqRegion *region, bool map)
{
    (void)opaque;
    if (!spapr_host_is_sim(region->host)) {
        return -EOPNOTSUPP;
    }
    return spapr_host_sim_map_region(region, map);
}

/* The simulated host of @irq, or NULL (tcg, real KVM). */
static SpaprHost *sim_of(SpaprIrq *irq)
{
    SpaprHost *h = spapr_irq_get_host(irq);

    return spapr_host_is_sim(h) ? h : NULL;
}

/* The vCPU leaves KVM_RUN for the exit and enters it again after: the
 * layer is called on the vCPU's own thread. */
typedef struct Exit {
    SpaprHost *h;
    int fd;
    bool in_run;
} Exit;

static Exit exit_begin(SpaprHost *h, int fd)
{
    Exit e = {h, fd, h && spapr_host_sim_vcpu_in_run(h, fd)};

    if (e.in_run) {
        spapr_host_sim_vcpu_run(h, fd, false);
    }
    return e;
}

static void exit_end(const Exit *e)
{
    if (e->in_run) {
        spapr_host_sim_vcpu_run(e->h, e->fd, true);
    }
}

int64_t vmm_hcall(SpaprIrq *irq, uint32_t cpu_index, uint64_t opcode,
                  const uint64_t *args, size_t nargs,
                  uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS])
{
    SpaprHost *h = sim_of(irq);
    int fd = spapr_irq_cpu_vcpu_fd(irq, cpu_index);
    int64_t ret;
    Exit e;

    if (h && spapr_host_sim_guest_hcall(h, fd, opcode, args, nargs, rets,
                                        &ret) == 0) {
        return ret;
    }
    e = exit_begin(h, fd);
    ret = spapr_irq_hcall(irq, cpu_index, opcode, args, nargs, rets);
    exit_end(&e);
    return ret;
}

bool vmm_rtas(SpaprIrq *irq, uint32_t cpu_index, uint32_t token, uint32_t nargs,
              const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    SpaprHost *h = sim_of(irq);
    int fd = spapr_irq_cpu_vcpu_fd(irq, cpu_index);
    bool ok;
    Exit e;

    if (h &&
        spapr_host_sim_guest_rtas(h, fd, token, nargs, args, nret, rets) == 0) {
        return true;
    }
    e = exit_begin(h, fd);
    ok = spapr_irq_rtas(irq, cpu_index, token, nargs, args, nret, rets);
    exit_end(&e);
    return ok;
}

/* A load or store of the guest: through a memory slot if one backs @addr,
 * else an exit.  A faulting slot access reads all ones. */
static bool mmio(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                 unsigned size, bool write, uint64_t *val)
{
    SpaprHost *h = sim_of(irq);
    int fd = spapr_irq_cpu_vcpu_fd(irq, cpu_index);
    bool ok;
    Exit e;
    int rc;

    if (h) {
        rc = spapr_host_sim_guest_mmio(h, fd, addr, size, write, val);
        if (rc != -ENOENT) {
            if (rc < 0 && !write) {
                *val = UINT64_MAX;
            }
            return true;
        }
    }
    e = exit_begin(h, fd);
    ok = write ? spapr_irq_mmio_write(irq, cpu_index, addr, size, *val)
               : spapr_irq_mmio_read(irq, cpu_index, addr, size, val);
    exit_end(&e);
    return ok;
}

bool vmm_mmio_read(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                   unsigned size, uint64_t *valp)
{
    return mmio(irq, cpu_index, addr, size, false, valp);
}

bool vmm_mmio_write(SpaprIrq *irq, uint32_t cpu_index, uint64_t addr,
                    unsigned size, uint64_t val)
{
    return mmio(irq, cpu_index, addr, size, true, &val);
}

/* Every present vCPU enters (@in_run) or leaves KVM_RUN. */
static void run_all(SpaprIrq *irq, bool in_run)
{
    SpaprHost *h = sim_of(irq);
    uint32_t max_cpus = spapr_irq_get_plan(irq)->topo.max_cpus;

    for (uint32_t c = 0; h && c < max_cpus; c++) {
        int fd = spapr_irq_cpu_vcpu_fd(irq, c);

        if (fd >= 0) {
            spapr_host_sim_vcpu_run(h, fd, in_run);
        }
    }
}

bool vmm_vm_resume(SpaprIrq *irq, GError **errp)
{
    if (!spapr_irq_vm_resume(irq, errp)) {
        return false;
    }
    run_all(irq, true);
    return true;
}

bool vmm_vm_stop(SpaprIrq *irq, GError **errp)
{
    run_all(irq, false);
    return spapr_irq_vm_stop(irq, errp);
}

bool vmm_cpu_add(SpaprIrq *irq, uint32_t cpu_index, GError **errp)
{
    SpaprHost *h = sim_of(irq);

    if (!spapr_irq_cpu_add(irq, cpu_index, -1, errp)) {
        return false;
    }
    if (h && spapr_irq_vm_running(irq)) {
        spapr_host_sim_vcpu_run(h, spapr_irq_cpu_vcpu_fd(irq, cpu_index), true);
    }
    return true;
}

void vmm_cpu_remove(SpaprIrq *irq, uint32_t cpu_index)
{
    SpaprHost *h = sim_of(irq);

    if (h && spapr_irq_vm_running(irq) &&
        spapr_irq_cpu_vcpu_fd(irq, cpu_index) >= 0) {
        spapr_host_sim_vcpu_run(h, spapr_irq_cpu_vcpu_fd(irq, cpu_index),
                                false);
    }
    spapr_irq_cpu_remove(irq, cpu_index);
}

/* What runs with the VM stopped; @arg is the call's. */
typedef struct Paused {
    int what; /* 0 reset, 1 save, 2 load, 3 CAS */
    uint8_t byte23;
    GByteArray *out;
    const uint8_t *buf;
    size_t len;
} Paused;

static bool paused_call(SpaprIrq *irq, const Paused *p, GError **errp)
{
    switch (p->what) {
    case 0:
        return spapr_irq_reset(irq, errp);
    case 1:
        return spapr_irq_save(irq, p->out, errp);
    case 3:
        return spapr_irq_cas(irq, p->byte23, errp);
    default:
        return spapr_irq_load(irq, p->buf, p->len, errp);
    }
}

/* Stops the VM around the call if it ran, and resumes it after whatever
 * the call answered. */
static bool paused(SpaprIrq *irq, const Paused *p, GError **errp)
{
    bool ran = spapr_irq_vm_running(irq);
    bool ok = !ran || vmm_vm_stop(irq, errp);

    ok = ok && paused_call(irq, p, errp);
    if (ran) {
        ok = vmm_vm_resume(irq, ok ? errp : NULL) && ok;
    }
    return ok;
}

bool vmm_reset(SpaprIrq *irq, GError **errp)
{
    return paused(irq, &(Paused){.what = 0}, errp);
}

/* QEMU makes CAS on the vCPU thread that exited, the others halted: with
 * cas-switch=at-cas the switch's vCPU ioctls need them all out of KVM_RUN
 * (docs/specs/vmm.md); at-reset CAS only records. */
bool vmm_cas(SpaprIrq *irq, uint8_t byte23, GError **errp)
{
    if (spapr_irq_get_plan(irq)->cas_switch != SPAPR_CAS_SWITCH_AT_CAS) {
        return spapr_irq_cas(irq, byte23, errp);
    }
    return paused(irq, &(Paused){.what = 3, .byte23 = byte23}, errp);
}

bool vmm_save(SpaprIrq *irq, GByteArray *out, GError **errp)
{
    return paused(irq, &(Paused){.what = 1, .out = out}, errp);
}

bool vmm_load(SpaprIrq *irq, const uint8_t *buf, size_t len, GError **errp)
{
    return paused(irq, &(Paused){.what = 2, .buf = buf, .len = len}, errp);
}

void vmm_print_info(SpaprIrq *irq, GString *out)
{
    SpaprHost *h = sim_of(irq);
    uint32_t max_cpus = spapr_irq_get_plan(irq)->topo.max_cpus;

    for (uint32_t c = 0; spapr_irq_vm_running(irq) && c < max_cpus; c++) {
        int fd = spapr_irq_cpu_vcpu_fd(irq, c);
        Exit e;

        if (fd < 0) {
            continue;
        }
        e = exit_begin(h, fd);
        spapr_irq_cpu_synchronize(irq, c, NULL);
        exit_end(&e);
    }
    spapr_irq_print_info(irq, out);
}
