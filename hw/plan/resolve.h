/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the policy as the machine layer asks it (internal).
 */
#ifndef HW_PLAN_RESOLVE_H
#define HW_PLAN_RESOLVE_H

#include "spapr-irq/plan.h"

/*
 * spapr_irq_plan_resolve() for a VMM that can (@vmm_maps_xive) or cannot
 * map the in-kernel XIVE's ESB and TIMA pages into the guest
 * (SpaprIrqCallbacks.map_region).  A VMM that cannot makes the in-kernel
 * XIVE unavailable, as a host without the device does: refused at start
 * under kernel-irqchip=on, emulated with the fallback warning under
 * allowed, so that a dual machine does not fail at the reset after CAS.
 */
bool spapr_plan_resolve(const SpaprIrqConfig *cfg, const SpaprHostCaps *caps,
                        bool vmm_maps_xive, SpaprIrqPlan **planp,
                        GError **errp);

#endif
