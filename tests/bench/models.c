/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "models.h"

#include <string.h>

#include "spapr-irq/types.h"

#define XISR_MASK 0x00ffffffu
#define CPPR(c)   ((uint8_t)((c)->xirr >> 24))
#define XISR(c)   ((c)->xirr & XISR_MASK)

/* The VMM's side, never inlined. */
static __attribute__((noinline)) void vmm_set_line(Model *m, uint32_t cpu,
                                                   bool level)
{
    m->line[cpu] = level;
}

/* ---- the floor ---- */

static void floor_trigger(Model *m, uint32_t src)
{
    ModelCpu *c = &m->cpu[m->src[src].server];

    c->xirr = src;
    m->set_line(m, m->src[src].server, true);
}

static uint32_t floor_ack(Model *m, uint32_t cpu)
{
    ModelCpu *c = &m->cpu[cpu];
    uint32_t x = c->xirr;

    c->xirr = 0;
    m->set_line(m, cpu, false);
    return x;
}

static void floor_eoi(Model *m, uint32_t cpu, uint32_t xirr)
{
    m->src[xirr & XISR_MASK].rejected = false;
}

static void floor_set_cppr(Model *m, uint32_t cpu, uint8_t cppr)
{
    m->cpu[cpu].xirr = (uint32_t)cppr << 24;
}

static const ModelOps floor_ops = {
    .trigger = floor_trigger,
    .ack = floor_ack,
    .eoi = floor_eoi,
    .set_cppr = floor_set_cppr,
};

void model_floor_init(Model *m)
{
    memset(m, 0, sizeof(*m));
    m->ops = &floor_ops;
    m->set_line = vmm_set_line;
    for (uint32_t i = 0; i < MODEL_SOURCES; i++) {
        m->src[i].priority = 5;
    }
}

/* ---- kvmtool's XICS ---- */

/* The presenter of @server gets @src at @prio, or refuses it. */
static void kt_present(Model *m, uint32_t server, uint32_t src, uint8_t prio)
{
    ModelCpu *c = &m->cpu[server];

    if (prio >= CPPR(c) || (XISR(c) && c->pending_priority <= prio)) {
        m->src[src].rejected = true;
        return;
    }
    if (XISR(c)) {
        m->src[XISR(c)].rejected = true;
    }
    c->xirr = (c->xirr & ~XISR_MASK) | src;
    c->pending_priority = prio;
    m->set_line(m, server, true);
}

/* Every EOI or CPPR change that leaves the presenter empty: all the
 * sources, each rejected one presented again (to its own server). */
static void kt_resend(Model *m)
{
    for (uint32_t i = 0; i < MODEL_SOURCES; i++) {
        ModelSource *s = &m->src[i];

        if (s->rejected) {
            s->rejected = false;
            if (s->priority != 0xff) {
                kt_present(m, s->server, i, s->priority);
            }
        }
    }
}

static void kt_trigger(Model *m, uint32_t src)
{
    ModelSource *s = &m->src[src];

    if (s->priority != 0xff) {
        kt_present(m, s->server, src, s->priority);
    }
}

static uint32_t kt_ack(Model *m, uint32_t cpu)
{
    ModelCpu *c = &m->cpu[cpu];
    uint32_t x = c->xirr;

    m->set_line(m, cpu, false);
    c->xirr = (uint32_t)c->pending_priority << 24;
    return x;
}

static void kt_eoi(Model *m, uint32_t cpu, uint32_t xirr)
{
    ModelCpu *c = &m->cpu[cpu];

    c->xirr = (c->xirr & XISR_MASK) | (xirr & ~XISR_MASK);
    if (!XISR(c)) {
        kt_resend(m);
    }
}

static void kt_set_cppr(Model *m, uint32_t cpu, uint8_t cppr)
{
    ModelCpu *c = &m->cpu[cpu];
    uint8_t old = CPPR(c);

    c->xirr = (c->xirr & XISR_MASK) | (uint32_t)cppr << 24;
    if (cppr < old) {
        if (XISR(c) && cppr <= c->pending_priority) {
            m->src[XISR(c)].rejected = true;
            c->xirr &= ~XISR_MASK;
            m->set_line(m, cpu, false);
        }
    } else if (!XISR(c)) {
        kt_resend(m);
    }
}

static const ModelOps kvmtool_ops = {
    .trigger = kt_trigger,
    .ack = kt_ack,
    .eoi = kt_eoi,
    .set_cppr = kt_set_cppr,
};

void model_kvmtool_init(Model *m)
{
    memset(m, 0, sizeof(*m));
    m->ops = &kvmtool_ops;
    m->set_line = vmm_set_line;
    for (uint32_t i = 0; i < MODEL_SOURCES; i++) {
        m->src[i].priority = 0xff;
    }
    for (uint32_t c = 0; c < MODEL_CPUS; c++) {
        m->cpu[c].xirr = 0xffu << 24;
    }
}

void model_kvmtool_route(Model *m, uint32_t src, uint32_t server,
                         uint8_t priority)
{
    g_assert(src > 0 && src < MODEL_SOURCES && server < MODEL_CPUS);
    m->src[src].server = server;
    m->src[src].priority = priority;
}

/*
 * The API a VMM calls, shaped as the layer's (spapr_irq_set_irq(),
 * spapr_irq_hcall()): an exported entry that checks its arguments and
 * dispatches to the active model through its ops.  Never inlined.
 */
static __attribute__((noinline)) bool api_set_irq(Model *m, uint32_t src,
                                                  int level)
{
    if (src == 0 || src >= MODEL_SOURCES) {
        return false;
    }
    if (level) {
        m->ops->trigger(m, src);
    }
    return true;
}

static __attribute__((noinline)) int64_t api_hcall(Model *m, uint32_t cpu,
                                                   uint64_t opcode,
                                                   const uint64_t *args,
                                                   size_t nargs, uint64_t *rets)
{
    if (cpu >= MODEL_CPUS) {
        return SPAPR_H_HARDWARE;
    }
    switch (opcode) {
    case SPAPR_H_XIRR:
        rets[0] = m->ops->ack(m, cpu);
        return SPAPR_H_SUCCESS;
    case SPAPR_H_EOI:
        m->ops->eoi(m, cpu, (uint32_t)args[0]);
        return SPAPR_H_SUCCESS;
    case SPAPR_H_CPPR:
        m->ops->set_cppr(m, cpu, (uint8_t)args[0]);
        return SPAPR_H_SUCCESS;
    default:
        return SPAPR_H_FUNCTION;
    }
}

void model_round_trips(Model *m, uint32_t src, uint32_t cpu, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint64_t args[1] = {0}, rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};

        api_set_irq(m, src, 1);
        api_hcall(m, cpu, SPAPR_H_XIRR, args, 1, rets);
        if ((rets[0] & XISR_MASK) != src) {
            g_error("model: acked 0x%" G_GINT64_MODIFIER "x, not source %u",
                    rets[0], src);
        }
        args[0] = rets[0];
        api_hcall(m, cpu, SPAPR_H_EOI, args, 1, rets);
    }
}
