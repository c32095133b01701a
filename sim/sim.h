/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq-sim: the simulator's public header lives in
 * include/spapr-irq/sim.h (installed as <spapr-irq/sim.h>); this name
 * keeps the source tree's includes working.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include "spapr-irq/sim.h"

#endif
