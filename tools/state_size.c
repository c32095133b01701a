/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tools/state_size.h"

uint64_t state_visible_size(const SpaprIrqPlan *plan, uint32_t nclaimed)
{
    return (uint64_t)plan->topo.max_cpus * (6 + 4) +
           (uint64_t)nclaimed * (7 + 9) + (uint64_t)plan->topo.nr_servers * 9;
}
