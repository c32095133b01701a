/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "vm.h"

#include <string.h>

#include "spapr-irq/sim.h"
#include "tools/vmm.h"

/* The PAPR and XIVE numbers of the guest's side (docs/specs/xive.md). */
#define SRC_SET_EISN    0x2ull
#define Q_ALWAYS_NOTIFY 0x1ull
#define ESB_TRIG(lisn)  (SPAPR_XIVE_ESB_BASE + ((uint64_t)(lisn) << 17))
#define ESB_MGMT(lisn)  (ESB_TRIG(lisn) + 0x10000)
#define ESB_EOI         0x000
#define ESB_SET_PQ_00   0xc00
#define TIMA_OS         (SPAPR_XIVE_TIMA_BASE + 0x20000)
#define TM_OS_CPPR      (TIMA_OS + 0x11)
#define TM_ACK_OS       (TIMA_OS + 0x810)
#define XISR_IPI        0x2
#define XISR_MASK       0x00ffffffu

/* The one queue: 64 KiB at 64 KiB. */
#define QPAGE     UINT64_C(0x10000)
#define QSIZE_64K 16
#define QENTRIES  (0x10000 / 4)
#define RAM_SIZE  (2 * QPAGE)

static void cb_set_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    Vm *vm = opaque;

    if (cpu_index == vm->cpu) {
        vm->line = level;
    }
}

/* The guest's RAM at @gpa for @len bytes, or NULL outside it. */
static uint8_t *ram_at(void *opaque, uint64_t gpa, size_t len)
{
    Vm *vm = opaque;

    return len <= RAM_SIZE && gpa <= RAM_SIZE - len ? vm->ram + gpa : NULL;
}

static bool cb_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    uint8_t *p = ram_at(opaque, gpa, len);

    return p && memcpy(buf, p, len);
}

static bool cb_mem_write(void *opaque, uint64_t gpa, const void *buf,
                         size_t len)
{
    uint8_t *p = ram_at(opaque, gpa, len);

    return p && memcpy(p, buf, len);
}

static void check(bool ok, GError *err, const char *what)
{
    if (!ok) {
        g_error("spapr-irq-bench: %s: %s", what, err ? err->message : "failed");
    }
}

Vm *vm_new(const char *accel, const char *mode, const char *extra,
           uint32_t ncpus, GError **errp)
{
    g_autoptr(SpaprIrqConfig) cfg = spapr_host_sim_config_new();
    bool kvm = g_str_has_prefix(accel, "kvm");
    g_autofree char *machine = g_strdup_printf(
        "pseries,ic-mode=%s%s%s", mode, extra ? "," : "", extra ? extra : "");
    g_autofree char *smp = kvm ? g_strdup_printf("%u,maxcpus=%u,threads=8",
                                                 ncpus, (ncpus + 7) / 8 * 8)
                               : g_strdup_printf("%u", ncpus);
    Vm *vm = g_new0(Vm, 1);

    vm->ram = g_malloc0(RAM_SIZE);
    vm->ncpus = ncpus;
    vm->qgen = 1;
    vm->cb = (SpaprIrqCallbacks){
        .opaque = vm,
        .set_cpu_irq = cb_set_cpu_irq,
        .mem_read = cb_mem_read,
        .mem_write = cb_mem_write,
        .map_region = vmm_map_region,
    };
    if (!spapr_irq_config_parse_option(cfg, "-machine", machine, errp) ||
        !spapr_irq_config_parse_option(cfg, "-cpu", "power9", errp) ||
        !spapr_irq_config_parse_option(cfg, "-smp", smp, errp) ||
        !spapr_irq_config_parse_option(cfg, "-accel", accel, errp)) {
        vm_free(vm);
        return NULL;
    }
    vm->irq = spapr_irq_create(cfg, &vm->cb, -1, errp);
    if (!vm->irq) {
        vm_free(vm);
        return NULL;
    }
    for (uint32_t c = 0; c < ncpus; c++) {
        if (!spapr_irq_cpu_add(vm->irq, c, -1, errp)) {
            vm_free(vm);
            return NULL;
        }
    }
    vm->sim = spapr_host_is_sim(spapr_irq_get_host(vm->irq));
    if (!vmm_reset(vm->irq, errp) || !vmm_vm_resume(vm->irq, errp)) {
        vm_free(vm);
        return NULL;
    }
    return vm;
}

void vm_free(Vm *vm)
{
    if (vm) {
        spapr_irq_destroy(&vm->irq);
        g_free(vm->ram);
        g_free(vm);
    }
}

uint32_t vm_server(Vm *vm, uint32_t cpu)
{
    return spapr_irq_topology_vcpu_id(&spapr_irq_get_plan(vm->irq)->topo, cpu);
}

void vm_claim_msis(Vm *vm, uint32_t first, uint32_t n)
{
    for (uint32_t i = 0; i < n && first + i < SPAPR_XIRQ_BASE + SPAPR_NR_XIRQS;
         i++) {
        g_autoptr(GError) err = NULL;

        check(spapr_irq_claim(vm->irq, first + i, false, &err), err, "claim");
    }
}

/* An hcall with @nargs arguments at @args, the returns in @rets; as a
 * VMM's exit handler passes the guest's registers (the floor model's
 * harness passes its arrays the same way). */
static uint64_t hcall_regs(Vm *vm, uint32_t cpu, uint64_t op,
                           const uint64_t *args, size_t nargs, uint64_t *rets)
{
    int64_t ret = vm->sim
                      ? vmm_hcall(vm->irq, cpu, op, args, nargs, rets)
                      : spapr_irq_hcall(vm->irq, cpu, op, args, nargs, rets);

    if (ret != SPAPR_H_SUCCESS) {
        g_error("spapr-irq-bench: hcall 0x%" G_GINT64_MODIFIER "x on CPU %u: "
                "%" G_GINT64_FORMAT,
                op, cpu, ret);
    }
    return rets[0];
}

static uint64_t hcall(Vm *vm, uint32_t cpu, uint64_t op, uint64_t a0,
                      uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
    const uint64_t args[] = {a0, a1, a2, a3, a4};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

    return hcall_regs(vm, cpu, op, args, G_N_ELEMENTS(args), rets);
}

void vm_xics_route(Vm *vm, uint32_t irqn, uint32_t cpu, uint8_t prio)
{
    const uint32_t args[] = {irqn, vm_server(vm, cpu), prio};
    uint32_t rets[1] = {1};

    if (!vmm_rtas(vm->irq, cpu, spapr_irq_rtas_token("ibm,set-xive"), 3, args,
                  1, rets) ||
        rets[0] != SPAPR_RTAS_OUT_SUCCESS) {
        g_error("spapr-irq-bench: set-xive 0x%x: status %d", irqn,
                (int)rets[0]);
    }
}

void vm_xics_cppr(Vm *vm, uint32_t cpu, uint8_t cppr)
{
    hcall(vm, cpu, SPAPR_H_CPPR, cppr, 0, 0, 0, 0);
}

void vm_xics_msi(void *opaque, unsigned n)
{
    Vm *vm = opaque;

    for (unsigned i = 0; i < n; i++) {
        uint64_t args[1] = {0}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

        spapr_irq_set_irq(vm->irq, vm->src, 1, NULL);
        args[0] = hcall_regs(vm, vm->cpu, SPAPR_H_XIRR, args, 0, rets);
        if ((args[0] & XISR_MASK) != vm->src) {
            g_error("spapr-irq-bench: XIRR 0x%" G_GINT64_MODIFIER "x, not 0x%x",
                    args[0], vm->src);
        }
        hcall_regs(vm, vm->cpu, SPAPR_H_EOI, args, 1, rets);
    }
}

void vm_xics_ipi(void *opaque, unsigned n)
{
    Vm *vm = opaque;
    uint32_t server = vm_server(vm, vm->cpu);

    for (unsigned i = 0; i < n; i++) {
        uint64_t args[2] = {server, VM_PRIO},
                 rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
        uint64_t xirr;

        hcall_regs(vm, vm->cpu, SPAPR_H_IPI, args, 2, rets);
        xirr = hcall_regs(vm, vm->cpu, SPAPR_H_XIRR, args, 0, rets);
        if ((xirr & XISR_MASK) != XISR_IPI) {
            g_error("spapr-irq-bench: XIRR 0x%" G_GINT64_MODIFIER "x, not "
                    "the IPI",
                    xirr);
        }
        args[1] = 0xff;
        hcall_regs(vm, vm->cpu, SPAPR_H_IPI, args, 2, rets);
        args[0] = xirr;
        hcall_regs(vm, vm->cpu, SPAPR_H_EOI, args, 1, rets);
    }
}

static uint64_t mmio_rd(Vm *vm, uint64_t addr, unsigned size)
{
    uint64_t val = 0;

    if (vm->sim) {
        vmm_mmio_read(vm->irq, vm->cpu, addr, size, &val);
    } else {
        spapr_irq_mmio_read(vm->irq, vm->cpu, addr, size, &val);
    }
    return val;
}

static void mmio_wr(Vm *vm, uint64_t addr, unsigned size, uint64_t val)
{
    if (vm->sim) {
        vmm_mmio_write(vm->irq, vm->cpu, addr, size, val);
    } else {
        spapr_irq_mmio_write(vm->irq, vm->cpu, addr, size, val);
    }
}

void vm_xive_setup(Vm *vm, uint32_t cpu, uint32_t lisn, uint32_t eisn)
{
    uint32_t server = vm_server(vm, cpu);

    vm->cpu = cpu;
    vm->src = lisn;
    vm->eisn = eisn;
    hcall(vm, cpu, SPAPR_H_INT_SET_QUEUE_CONFIG, Q_ALWAYS_NOTIFY, server,
          VM_PRIO, QPAGE, QSIZE_64K);
    mmio_wr(vm, TM_OS_CPPR, 1, 0xff);
    hcall(vm, cpu, SPAPR_H_INT_SET_SOURCE_CONFIG, SRC_SET_EISN, lisn, server,
          VM_PRIO, eisn);
    mmio_rd(vm, ESB_MGMT(lisn) + ESB_SET_PQ_00, 8);
}

/* The guest's interrupt handler from the ack on. */
static void xive_take(Vm *vm)
{
    uint64_t ack = mmio_rd(vm, TM_ACK_OS, 2);
    const uint8_t *p = vm->ram + QPAGE + 4 * (uint64_t)vm->qidx;
    uint32_t e = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
                 (uint32_t)p[2] << 8 | p[3];

    if (ack != (0x8000 | VM_PRIO) || e >> 31 != vm->qgen ||
        (e & 0x7fffffff) != vm->eisn) {
        g_error("spapr-irq-bench: XIVE ack 0x%" G_GINT64_MODIFIER "x, "
                "queue entry 0x%08x (EISN 0x%x)",
                ack, e, vm->eisn);
    }
    if (++vm->qidx == QENTRIES) {
        vm->qidx = 0;
        vm->qgen ^= 1;
    }
    mmio_rd(vm, ESB_MGMT(vm->src) + ESB_EOI, 8);
    mmio_wr(vm, TM_OS_CPPR, 1, 0xff);
}

void vm_xive_set_irq(void *opaque, unsigned n)
{
    Vm *vm = opaque;

    for (unsigned i = 0; i < n; i++) {
        spapr_irq_set_irq(vm->irq, vm->src, 1, NULL);
        xive_take(vm);
    }
}

void vm_xive_esb(void *opaque, unsigned n)
{
    Vm *vm = opaque;

    for (unsigned i = 0; i < n; i++) {
        mmio_wr(vm, ESB_TRIG(vm->src), 8, 0);
        xive_take(vm);
    }
}
