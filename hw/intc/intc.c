/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: what every controller shares (intc.h): the check of an ops
 * table, the lookups in the tables of the guest's calls, and the defaults
 * of the optional ops members, each written once.
 */
#include <string.h>

#include "hw/intc/intc.h"

const SpaprIntcOps *const spapr_intc_ops_by_kind[SPAPR_INTC_COUNT] = {
    [SPAPR_INTC_XICS] = &spapr_xics_ops,
    [SPAPR_INTC_XIVE] = &spapr_xive_ops,
};

SpaprIntc *spapr_intc_create(const SpaprIntcOps *ops,
                             const SpaprIntcContext *ctx, GError **errp)
{
    g_assert(ops->name && ops->create && ops->hcalls && ops->claim &&
             ops->free && ops->cpu_create && ops->cpu_destroy && ops->save &&
             ops->check && ops->load && ops->destroy && ops->activate &&
             ops->deactivate && ops->set_irq && ops->hcall && ops->dt &&
             ops->print_info && ops->reset && ops->pre_save && ops->post_load);
    g_assert(!ops->rtas_calls == !ops->rtas);
    g_assert(!ops->mmio_read == !ops->mmio_write);
    g_assert(spapr_intc_ops_by_kind[ops->kind] == ops);
    g_assert(ops->hcall_inactive < 0);
    for (const SpaprHcall *h = ops->hcalls; h->fn; h++) {
        g_assert(h->nargs <= SPAPR_HCALL_MAX_ARGS);
    }
    return ops->create(ctx, errp);
}

const SpaprHcall *spapr_hcall_find(const SpaprHcall *table, uint64_t opcode)
{
    for (const SpaprHcall *h = table; h->fn; h++) {
        if (h->opcode == opcode) {
            return h;
        }
    }
    return NULL;
}

void spapr_model_out_init(SpaprModelOut *o, const SpaprIrqCallbacks *cb)
{
    *o = (SpaprModelOut){.cb = cb, .tracing = cb && cb->trace};
}

void spapr_model_trace_emit(const SpaprModelOut *o, SpaprIrqTraceId id,
                            uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                            uint64_t a4, uint64_t a5)
{
    SpaprIrqTraceEvent ev = {.id = id, .a = {a0, a1, a2, a3, a4, a5}};

    o->cb->trace(o->cb->opaque, &ev);
}

void spapr_hcall_index_init(SpaprHcallIndex *idx)
{
    memset(idx, 0, sizeof(*idx));
    for (int k = 0; k < SPAPR_INTC_COUNT; k++) {
        for (const SpaprHcall *h = spapr_intc_ops_by_kind[k]->hcalls; h->fn;
             h++) {
            g_assert(h->opcode < SPAPR_HCALL_INDEX_LIMIT && h->opcode % 4 == 0);
            g_assert(!idx->call[h->opcode / 4]); /* one owner per opcode */
            idx->call[h->opcode / 4] = h;
            idx->kind[h->opcode / 4] = k;
        }
    }
}

const SpaprRtasCall *spapr_rtas_find_token(const SpaprRtasCall *table,
                                           uint32_t token)
{
    for (const SpaprRtasCall *c = table; c && c->name; c++) {
        if (c->token == token) {
            return c;
        }
    }
    return NULL;
}

const SpaprRtasCall *spapr_rtas_find_name(const SpaprRtasCall *table,
                                          const char *name)
{
    for (const SpaprRtasCall *c = table; c && c->name; c++) {
        if (g_str_equal(c->name, name)) {
            return c;
        }
    }
    return NULL;
}

void spapr_rtas_run(const SpaprRtasCall *call, void *model, uint32_t nargs,
                    const uint32_t *args, uint32_t nret, uint32_t *rets)
{
    if (nret == 0) {
        return; /* nowhere to put a status */
    }
    if (nargs != call->nargs || nret != call->nret) {
        rets[0] = (uint32_t)SPAPR_RTAS_OUT_PARAM_ERROR;
        return;
    }
    rets[0] = (uint32_t)call->fn(model, args, rets);
}

bool spapr_intc_vm_stop(SpaprIntc *intc, GError **errp)
{
    return !intc->ops->vm_stop || intc->ops->vm_stop(intc, errp);
}

void spapr_intc_vm_resume(SpaprIntc *intc)
{
    if (intc->ops->vm_resume) {
        intc->ops->vm_resume(intc);
    }
}

bool spapr_intc_cpu_synchronize(SpaprIntc *intc, uint32_t cpu_index,
                                GError **errp)
{
    return !intc->ops->cpu_synchronize ||
           intc->ops->cpu_synchronize(intc, cpu_index, errp);
}

bool spapr_intc_pre_deactivate(SpaprIntc *intc, GError **errp)
{
    return !intc->ops->pre_deactivate || intc->ops->pre_deactivate(intc, errp);
}
