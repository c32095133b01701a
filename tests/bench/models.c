/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "models.h"

#include <glib.h>
#include <string.h>

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

void model_round_trips(Model *m, uint32_t src, uint32_t cpu, unsigned n)
{
    /* Through a volatile pointer: the compiler neither inlines the ops nor
     * hoists a load out of the loop. */
    const ModelOps *volatile ops = m->ops;

    for (unsigned i = 0; i < n; i++) {
        uint32_t x;

        ops->trigger(m, src);
        x = ops->ack(m, cpu);
        if ((x & XISR_MASK) != src) {
            g_error("model: acked 0x%x, not source %u", x, src);
        }
        ops->eoi(m, cpu, x);
    }
}
