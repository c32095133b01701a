/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spapr-irq: the library's error domain. */
#include "hw/ppc/spapr_irq_error.h"

G_DEFINE_QUARK(spapr - irq - error - quark, spapr_irq_error)
