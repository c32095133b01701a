/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the library's one error domain.
 *
 * Every fallible function of the library has the shape
 *     bool fn(..., GError **errp);
 * It returns true on success and leaves *errp untouched; on failure it
 * returns false and sets *errp (if errp is not NULL) to an error of the
 * SPAPR_IRQ_ERROR domain with one of the codes below.  The message is meant
 * for a person: it names the option, capability or object at fault.
 */
#ifndef SPAPR_IRQ_ERROR_H
#define SPAPR_IRQ_ERROR_H

#include "spapr-irq/types.h"

G_BEGIN_DECLS

#define SPAPR_IRQ_ERROR (spapr_irq_error_quark())
/* The domain's quark, "spapr-irq-error-quark". */
SPAPR_IRQ_API GQuark spapr_irq_error_quark(void);

typedef enum SpaprIrqErrorCode {
    /* A command-line option or property value is malformed or unknown. */
    SPAPR_IRQ_ERROR_INVALID_OPTION = 1,
    /* The options are well formed but the machine refuses the combination. */
    SPAPR_IRQ_ERROR_UNSUPPORTED,
    /* The host lacks something required (device node, capability). */
    SPAPR_IRQ_ERROR_HOST,
    /* The guest asked at CAS for something the machine does not offer. */
    SPAPR_IRQ_ERROR_CAS,
    /* An IRQ number is already claimed (EBUSY in QEMU). */
    SPAPR_IRQ_ERROR_BUSY,
    /* A number (IRQ, vCPU index, ...) is outside its valid range. */
    SPAPR_IRQ_ERROR_RANGE,
    /* An allocator has no room left. */
    SPAPR_IRQ_ERROR_NO_SPACE,
    /* (8 is retired: it meant "not implemented yet".) */
    /* Saved state is malformed, of another version or inconsistent. */
    SPAPR_IRQ_ERROR_STATE = 9,
    /* A file could not be read or written. */
    SPAPR_IRQ_ERROR_IO,
} SpaprIrqErrorCode;

G_END_DECLS

#endif
