/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the one rule for a controller that KVM was allowed to run and
 * cannot (internal; QEMU's spapr_irq_init_kvm()).  The policy's prediction
 * from the host's capabilities, a failed activation and a kernel call that
 * fails while the controller runs in the kernel all go through it.
 */
#ifndef HW_PLAN_FALLBACK_H
#define HW_PLAN_FALLBACK_H

#include "spapr-irq/types.h"

/*
 * Under kernel-irqchip=on: an error, and false.  Under kernel-irqchip
 * allowed (the option absent): true, the controller is emulated, and
 * *@warningp gets QEMU's warning
 *   kernel_irqchip allowed but unavailable: <why>, Falling back to
 *   kernel-irqchip=off
 * (caller frees).  Why: exactly one of @reason, what the policy predicts
 * from the host's capabilities (under on the error is SPAPR_IRQ_ERROR_HOST
 * "kernel_irqchip requested but unavailable: <reason>"), and @call_error,
 * the error of a failed kernel call, taken (under on it is the error as
 * it is).  Not for kernel-irqchip=off or split, where KVM is not allowed.
 */
bool spapr_irq_fallback(SpaprKernelIrqchip kernel_irqchip, const char *reason,
                        GError *call_error, char **warningp, GError **errp);

#endif
