/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: the decision table of one host, `spapr-irq matrix`
 * (docs/specs/matrix.md): the library's policy (spapr_irq_plan_resolve(),
 * spapr_irq_plan_cas()) run on every combination of options, with the CAS
 * choice of each guest kind (tools/guest.h).
 */
#ifndef TOOLS_MATRIX_H
#define TOOLS_MATRIX_H

#include "spapr-irq/plan.h"
#include "tools/guest.h"

/* One cell of the table. */
typedef struct MatrixCell {
    char *host;
    SpaprIcMode ic_mode;
    SpaprKernelIrqchip kernel_irqchip; /* allowed, on or off */
    SpaprCpuModel compat;
    GuestKind guest; /* the guest that runs CAS */
    bool secure;     /* a pef-guest is attached */
    bool start_ok;
    char *start_error;   /* NULL when start_ok */
    SpaprIcMode offered; /* valid when start_ok */
    uint8_t platform_byte23;
    SpaprIntcKind start_active;
    SpaprIntcImpl start_impl;
    bool cas_ok; /* valid when start_ok */
    char *cas_error;
    SpaprIntcKind cas_active; /* valid when cas_ok */
    SpaprIntcImpl cas_impl;
    GPtrArray *warnings; /* start warnings, then CAS warnings */
} MatrixCell;

/*
 * Every cell for one host (108): ic-mode {xics, xive, dual} x
 * kernel-irqchip {allowed, on, off} x compat {power8, power9} x guest
 * {linux, linux,xive=off, legacy} x secure {off, on}, with -cpu at the
 * host's default and -smp 1.  @accel and @accel_host name the host as on the
 * command line.  Returns an array of MatrixCell * (free with
 * g_ptr_array_unref()).
 */
GPtrArray *matrix_compute(const SpaprHostCaps *caps, SpaprAccel accel,
                          const char *accel_host);
/* Renders the cells as a readable table (headed by what @caps says of the
 * host, if not NULL) or as the JSON array of docs/specs/matrix.md.  Caller
 * frees. */
char *matrix_to_text(GPtrArray *cells, const SpaprHostCaps *caps);
char *matrix_to_json(GPtrArray *cells);

/* One host's cells with what the host offers, for the HTML page. */
typedef struct MatrixTable {
    SpaprHostCaps caps;
    GPtrArray *cells; /* of matrix_compute() */
} MatrixTable;

/* Frees @t's cells (idempotent). */
void matrix_table_clear(MatrixTable *t);
/* The table of every host the tool knows without a real one: TCG, then
 * each kvm-sim profile, in the order of `matrix -accel kvm-sim,host=help`.
 * An array of MatrixTable that clears its elements (g_array_unref()). */
GArray *matrix_tables_all(GError **errp);
/* The page of `matrix --html` (tools/matrix_html.c): one coloured grid per
 * table, side by side, with a legend, the messages on hover and a script
 * that checks the page (docs/specs/matrix.md).  Caller frees. */
char *matrix_to_html(const MatrixTable *tables, size_t n);

#endif
