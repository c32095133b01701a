/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq tool: replay of a QEMU trace log of a real guest against our
 * model (docs/specs/replay.md).
 *
 * This file reads the trace, compares it with the trace events our model
 * emits, handles the machine-level events (claims, CAS), gives the guest
 * its memory, performs reads ahead of their lines, and hands the guest
 * operations to the controllers' tables (tools/replay_xics.c,
 * tools/replay_xive.c).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tools/replay.h"
#include "tools/guest.h"
#include "tools/replay_internal.h"
#include "tools/vmm.h"

#define QUOTE_MAX 160 /* longest piece of a trace line quoted */

/* ---- messages and checks ---- */

/* @s as printable text, cut after QUOTE_MAX bytes.  Caller frees. */
static char *quote(const char *s)
{
    g_autofree char *cut = g_strndup(s, QUOTE_MAX);
    char *esc = g_strescape(cut, NULL);

    if (strlen(s) > QUOTE_MAX) {
        char *longer = g_strconcat(esc, "...", NULL);

        g_free(esc);
        return longer;
    }
    return esc;
}

/* Messages of a read performed ahead wait for its line (ahead_msgs). */
void replay_mismatch(ReplayState *st, const char *fmt, ...)
{
    GString *msg = g_string_new(NULL);
    va_list ap;

    g_string_printf(msg, "line %" PRIu64 ": ", st->lineno);
    va_start(ap, fmt);
    g_string_append_vprintf(msg, fmt, ap);
    va_end(ap);
    if (st->cause) {
        g_string_append_printf(st->ahead_msgs, "%s\n", msg->str);
    } else {
        puts(msg->str);
    }
    g_string_free(msg, TRUE);
    st->mismatches++;
}

/* The messages of the read performed ahead, at its line. */
static void print_ahead_msgs(ReplayState *st)
{
    if (st->ahead_msgs) {
        fputs(st->ahead_msgs->str, stdout);
        g_string_free(st->ahead_msgs, TRUE);
        st->ahead_msgs = NULL;
    }
}

bool replay_check(ReplayState *st, const char *what, uint64_t expected,
                  uint64_t actual)
{
    st->checked++;
    if (expected != actual) {
        replay_mismatch(st, "%s: expected 0x%" PRIx64 ", got 0x%" PRIx64, what,
                        expected, actual);
        return false;
    }
    return true;
}

bool replay_check_rc(ReplayState *st, const char *what, int64_t rc)
{
    st->checked++;
    if (rc != 0) {
        replay_mismatch(st, "%s: expected 0, got %" PRId64, what, rc);
        return false;
    }
    return true;
}

void replay_expect_model_line(ReplayState *st)
{
    g_autofree char *ours = g_queue_pop_head(&st->model);
    g_autofree char *want = quote(st->line);

    st->checked++;
    if (!ours) {
        replay_mismatch(st, "expected '%s', our model produced nothing", want);
    } else if (!g_str_equal(ours, st->line)) {
        g_autofree char *got = quote(ours);

        replay_mismatch(st, "expected '%s', got '%s'", want, got);
    }
}

/* Every line our model emitted that the trace did not show, at @where. */
static void flush_model(ReplayState *st, const char *where)
{
    char *ours;

    while ((ours = g_queue_pop_head(&st->model))) {
        g_autofree char *q = quote(ours);

        printf("%s: our model emitted '%s', which the trace does not show\n",
               where, q);
        st->mismatches++;
        g_free(ours);
    }
}

static void not_understood(ReplayState *st, const char *what, const char *args)
{
    g_autofree char *q = quote(what);

    if (args) {
        g_autofree char *qa = quote(args);

        printf("line %" PRIu64 ": event '%s' not understood (arguments '%s')\n",
               st->lineno, q, qa);
    } else {
        printf("line %" PRIu64 ": event '%s' not understood\n", st->lineno, q);
    }
    st->not_understood++;
}

/* ---- CPUs, hcalls, RTAS ---- */

bool replay_cpu_exists(const ReplayState *st, uint64_t cpu)
{
    return cpu < st->max_cpus && st->present[cpu];
}

bool replay_cpu_present(ReplayState *st, uint64_t cpu)
{
    if (!replay_cpu_exists(st, cpu)) {
        replay_mismatch(st, "CPU %" PRIu64 " is not present (%u CPUs)", cpu,
                        st->nr_cpus);
        return false;
    }
    return true;
}

int64_t replay_cpu_of_server(const ReplayState *st, uint64_t server)
{
    for (uint32_t i = 0; i < st->max_cpus; i++) {
        if (replay_server(st, i) == server) {
            return i;
        }
    }
    return -1;
}

void replay_name_cpu(ReplayState *st, uint32_t cpu)
{
    if (cpu >= st->max_cpus) {
        return; /* no such CPU: its line's handler reports it */
    }
    st->last_cpu = cpu;
    st->last_cpu_lineno = st->lineno;
}

uint32_t replay_latest_cpu(const ReplayState *st)
{
    return st->last_cpu >= 0 ? st->last_cpu : 0;
}

uint32_t replay_interrupted_cpu(const ReplayState *st)
{
    int64_t first = -1;

    if (st->last_cpu >= 0 && st->cpu_level[st->last_cpu]) {
        return st->last_cpu;
    }
    for (uint32_t i = 0; i < st->max_cpus && first < 0; i++) {
        if (st->present[i] && st->cpu_level[i]) {
            first = i;
        }
    }
    if (first >= 0) {
        return first;
    }
    return st->last_cpu >= 0 ? st->last_cpu : 0;
}

uint32_t replay_server(const ReplayState *st, uint32_t cpu)
{
    return spapr_irq_topology_vcpu_id(&st->plan->topo, cpu);
}

int64_t replay_hcall(ReplayState *st, uint32_t cpu, uint64_t opcode,
                     size_t nargs, uint64_t a0, uint64_t a1, uint64_t *ret0)
{
    uint64_t args[2] = {a0, a1};
    uint64_t rets[SPAPR_IRQ_HCALL_MAX_RETS] = {0};
    int64_t rc = vmm_hcall(st->irq, cpu, opcode, args, nargs, rets);

    if (ret0) {
        *ret0 = rets[0];
    }
    return rc;
}

int32_t replay_rtas(ReplayState *st, uint32_t cpu, const char *name,
                    uint32_t nargs, const uint32_t *args, uint32_t nret,
                    uint32_t *rets)
{
    uint32_t token = spapr_irq_rtas_token(name);

    if (!token || !vmm_rtas(st->irq, cpu, token, nargs, args, nret, rets)) {
        replay_mismatch(st, "the layer does not handle RTAS call %s", name);
        return SPAPR_RTAS_OUT_HW_ERROR;
    }
    return (int32_t)rets[0];
}

/* ---- parsing ---- */

static bool take_number(const char **sp, unsigned base, uint64_t *v)
{
    const char *s = *sp;
    uint64_t n = 0;

    if (!g_ascii_isxdigit(*s) || (base == 10 && !g_ascii_isdigit(*s))) {
        return false;
    }
    for (; base == 16 ? g_ascii_isxdigit(*s) : g_ascii_isdigit(*s); s++) {
        unsigned d = g_ascii_xdigit_value(*s);

        if (n > (UINT64_MAX - d) / base) {
            return false;
        }
        n = n * base + d;
    }
    *v = n;
    *sp = s;
    return true;
}

bool replay_scan(const char *s, const char *fmt, ...)
{
    va_list ap;
    bool ok = true;

    va_start(ap, fmt);
    while (ok && *fmt) {
        if (fmt[0] == '%' && (fmt[1] == 'u' || fmt[1] == 'x')) {
            ok = take_number(&s, fmt[1] == 'x' ? 16 : 10,
                             va_arg(ap, uint64_t *));
            fmt += 2;
        } else {
            ok = *s == *fmt;
            s++;
            fmt++;
        }
    }
    va_end(ap);
    return ok && *s == '\0';
}

/* Skips QEMU's optional "pid@seconds.micros:" prefix (-msg timestamp=on). */
static const char *skip_timestamp(const char *s)
{
    const char *p = s;
    static const char seps[] = "@.:";

    for (int i = 0; i < 3; i++) {
        if (!g_ascii_isdigit(*p)) {
            return s;
        }
        while (g_ascii_isdigit(*p)) {
            p++;
        }
        if (*p++ != seps[i]) {
            return s;
        }
    }
    return p;
}

/* Copies the event name of @line into @name; *argsp: the text after it.
 * False if the line does not start with a name. */
static bool split_event(const char *line, char name[REPLAY_NAME_MAX + 1],
                        const char **argsp)
{
    size_t n = 0;

    while (g_ascii_isalnum(line[n]) || line[n] == '_') {
        if (n == REPLAY_NAME_MAX) {
            return false;
        }
        name[n] = line[n];
        n++;
    }
    name[n] = '\0';
    if (n == 0 || (line[n] != ' ' && line[n] != '\0')) {
        return false;
    }
    *argsp = line[n] ? line + n + 1 : line + n;
    return true;
}

/* Iterates over the lines of a buffer: the next line, without its
 * newline and a trailing CR.  False at the end. */
static bool next_line(const char **pp, const char *end, const char **linep,
                      size_t *lenp)
{
    const char *p = *pp, *nl;
    size_t len;

    if (p >= end) {
        return false;
    }
    nl = memchr(p, '\n', end - p);
    len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    *pp = nl ? nl + 1 : end;
    while (len && p[len - 1] == '\r') {
        len--;
    }
    *linep = p;
    *lenp = len;
    return true;
}

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isspace(s[i])) {
            return false;
        }
    }
    return true;
}

/* ---- look-ahead ---- */

void replay_cursor_init(const ReplayState *st, ReplayCursor *c)
{
    *c = (ReplayCursor){.p = st->rest, .end = st->end, .lineno = st->lineno};
}

bool replay_cursor_next(ReplayCursor *c)
{
    const char *raw;
    size_t len;

    g_clear_pointer(&c->copy, g_free);
    while (next_line(&c->p, c->end, &raw, &len)) {
        c->lineno++;
        if (is_blank(raw, len)) {
            continue;
        }
        c->copy = g_strndup(raw, len);
        c->line = skip_timestamp(c->copy);
        if (memchr(raw, '\0', len) ||
            !split_event(c->line, c->name, &c->args)) {
            c->name[0] = '\0';
            c->args = "";
        }
        return true;
    }
    return false;
}

void replay_cursor_clear(ReplayCursor *c)
{
    g_clear_pointer(&c->copy, g_free);
}

/* ---- controllers ---- */

static const ReplayController *const controllers[] = {
    &replay_xics_controller,
    &replay_xive_controller,
};

static const ReplayController *controller_of(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(controllers); i++) {
        for (const char *const *p = controllers[i]->prefixes; *p; p++) {
            if (g_str_has_prefix(name, *p)) {
                return controllers[i];
            }
        }
    }
    return NULL;
}

static const ReplayEvent *find_event(const ReplayEvent *table, const char *name)
{
    for (; table && table->name; table++) {
        if (g_str_equal(table->name, name)) {
            return table;
        }
    }
    return NULL;
}

/* A guest operation of @ctl: an event or a read; *is_read says which. */
static const ReplayEvent *find_op(const ReplayController *ctl, const char *name,
                                  bool *is_read)
{
    const ReplayEvent *ev = find_event(ctl->events, name);

    *is_read = !ev && (ev = find_event(ctl->reads, name));
    return ev;
}

/* One of the model's own steps: an event of a controller our model emits
 * that is not a guest operation. */
static bool is_step(const char *name)
{
    const ReplayController *ctl = controller_of(name);
    bool is_read;

    return ctl && !find_op(ctl, name, &is_read) &&
           spapr_irq_trace_lookup(name) != SPAPR_TRACE_COUNT;
}

/* The CPU a line names, through its controller's line_cpu; -1 if none. */
static int64_t line_cpu(const char *name, const char *args)
{
    const ReplayController *ctl = controller_of(name);

    return ctl && ctl->line_cpu ? ctl->line_cpu(name, args) : -1;
}

uint32_t replay_nearest_cpu(const ReplayState *st)
{
    uint64_t back =
        st->last_cpu_lineno ? st->lineno - st->last_cpu_lineno : UINT64_MAX;
    ReplayCursor c;
    int64_t cpu = -1;

    replay_cursor_init(st, &c);
    while (cpu < 0 && replay_cursor_next(&c) &&
           c.lineno - st->lineno <= REPLAY_NEAR_LINES &&
           c.lineno - st->lineno < back) {
        cpu = line_cpu(c.name, c.args);
    }
    replay_cursor_clear(&c);
    return cpu >= 0 ? (uint32_t)cpu : replay_latest_cpu(st);
}

/* The XIVE NVT of a server in QEMU's sPAPR XIVE (SPAPR_XIVE_NVT_BASE). */
#define REPLAY_XIVE_NVT_BASE 0x400

/* The CPU whose NVT an xive_presenter_notify line found; -1 if none. */
static int64_t notified_cpu(const ReplayState *st, const char *name,
                            const char *args)
{
    uint64_t blk, nvt;

    if (g_str_equal(name, "xive_presenter_notify") &&
        replay_scan(args, "found NVT 0x%x/0x%x ring=0x10", &blk, &nvt) &&
        nvt >= REPLAY_XIVE_NVT_BASE) {
        return replay_cpu_of_server(st, nvt - REPLAY_XIVE_NVT_BASE);
    }
    return -1;
}

uint32_t replay_uneffected_cpu(const ReplayState *st)
{
    if (st->notified_cpu >= 0 && st->notified_lineno + 1 == st->lineno) {
        return (uint32_t)st->notified_cpu;
    }
    return replay_nearest_cpu(st);
}

/* ---- vCPUs added and removed (docs/specs/replay.md) ---- */

/* The CPU a line proves to exist: the CPU its controller's line names, the
 * target server of a sPAPR XIVE hcall, the NVT an xive_presenter_notify
 * found; -1 if none. */
static int64_t cpu_proved(const ReplayState *st, const char *name,
                          const char *args)
{
    int64_t cpu = line_cpu(name, args);
    const char *t;
    uint64_t server;

    if (cpu >= 0 || (cpu = notified_cpu(st, name, args)) >= 0) {
        return cpu;
    }
    if (g_str_has_prefix(name, "spapr_xive_") &&
        (t = strstr(args, "target=0x")) != NULL &&
        (t == args || t[-1] == ' ')) {
        server = g_ascii_strtoull(t + strlen("target=0x"), NULL, 16);
        return replay_cpu_of_server(st, server);
    }
    return -1;
}

/* Scans the trace for the CPUs above -smp that it proves: each is added
 * before the first line naming it and, if @unplugged says the host
 * unplugged it, removed after the last one. */
static void plan_hotplug(ReplayState *st, const char *buf, const char *end,
                         const bool *unplugged)
{
    const char *p = buf, *line, *args;
    char name[REPLAY_NAME_MAX + 1];
    uint64_t lineno = 0;
    size_t len;

    while (next_line(&p, end, &line, &len)) {
        g_autofree char *s = g_strndup(line, len);
        int64_t cpu;

        lineno++;
        if (!split_event(skip_timestamp(s), name, &args)) {
            continue;
        }
        cpu = cpu_proved(st, name, args);
        if (cpu < 0 || (uint64_t)cpu >= st->max_cpus || st->present[cpu]) {
            continue;
        }
        if (!st->cpu_add_line[cpu]) {
            st->cpu_add_line[cpu] = lineno;
        }
        if (unplugged && unplugged[cpu]) {
            st->cpu_remove_line[cpu] = lineno;
        }
    }
}

/* The guest driver's untraced setup of a CPU that came up while its
 * controller is in use (after the driver's setup since the last reset). */
static void cpu_setup(ReplayState *st, uint32_t cpu)
{
    SpaprIntcKind active = spapr_irq_active(st->irq);

    for (size_t k = 0; st->setup_done && k < G_N_ELEMENTS(controllers); k++) {
        if (controllers[k]->kind == active && controllers[k]->guest_cpu_setup) {
            printf("replay: supplied the %s driver's untraced setup of CPU "
                   "%u\n",
                   controllers[k]->name, cpu);
            controllers[k]->guest_cpu_setup(st, cpu);
        }
    }
}

/* Hot-plug before the current line. */
static void hotplug_before_line(ReplayState *st)
{
    for (uint32_t i = 0; i < st->max_cpus; i++) {
        g_autoptr(GError) err = NULL;

        if (st->cpu_add_line[i] != st->lineno || st->present[i]) {
            continue;
        }
        if (!vmm_cpu_add(st->irq, i, &err)) {
            replay_mismatch(st, "cannot add CPU %u: %s", i, err->message);
            continue;
        }
        st->present[i] = true;
        st->nr_cpus++;
        printf("replay: CPU %u added (server %u) at line %" PRIu64
               ", the first line naming it\n",
               i, replay_server(st, i), st->lineno);
        cpu_setup(st, i);
    }
}

/* Unplug after the current line. */
static void unplug_after_line(ReplayState *st)
{
    for (uint32_t i = 0; i < st->max_cpus; i++) {
        if (st->cpu_remove_line[i] != st->lineno || !st->present[i]) {
            continue;
        }
        vmm_cpu_remove(st->irq, i);
        st->present[i] = false;
        st->cpu_level[i] = false;
        st->nr_cpus--;
        printf("replay: CPU %u removed after line %" PRIu64
               ", the last line naming it (the .cmd file shows its unplug)\n",
               i, st->lineno);
    }
}

/* ---- machine-level events ---- */

static bool ev_claim(ReplayState *st, const char *args);
static bool ev_cas_pvr(ReplayState *st, const char *args);
static bool ev_cas_continue(ReplayState *st, const char *args);
static bool ev_free(ReplayState *st, const char *args);
static bool ev_change_msi(ReplayState *st, const char *args);
static bool ev_query_msi(ReplayState *st, const char *args);

static const ReplayEvent machine_events[] = {
    {"spapr_xive_claim_irq", ev_claim},
    {"spapr_xive_free_irq", ev_free},
    {"spapr_pci_rtas_ibm_change_msi", ev_change_msi},
    {"spapr_pci_rtas_ibm_query_interrupt_source_number", ev_query_msi},
    {"spapr_cas_pvr", ev_cas_pvr},
    {"spapr_cas_continue", ev_cas_continue},
    {NULL, NULL},
};

static void stop(ReplayState *st)
{
    printf("replay: the machine stops at line %" PRIu64 ", as QEMU's would\n",
           st->lineno);
    st->stopped = true;
}

/* The machine's first reset, after the claims, before the guest runs. */
static void machine_start(ReplayState *st)
{
    GError *err = NULL;

    st->started = true;
    if (!vmm_reset(st->irq, &err)) {
        replay_mismatch(st, "machine reset failed: %s", err->message);
        g_error_free(err);
        stop(st);
    }
}

/* Claims device IRQ @lisn; false (with a mismatch) if the layer refuses. */
static bool claim_device(ReplayState *st, uint64_t lisn, bool lsi)
{
    GError *err = NULL;

    if (lisn > UINT32_MAX || !spapr_irq_claim(st->irq, lisn, lsi, &err)) {
        replay_mismatch(st, "claim of IRQ 0x%" PRIx64 " failed: %s", lisn,
                        err ? err->message : "out of range");
        g_clear_error(&err);
        return false;
    }
    return true;
}

/*
 * A claim line that came while our model had nothing queued.  A device
 * IRQ (0x1000 and up) is claimed now; a per-server IPI (below 0x1000) is
 * the layer's own, claimed at create, where a XIVE controller emitted its
 * line already.  A machine with a XIVE controller must then show the line.
 */
static bool ev_claim(ReplayState *st, const char *args)
{
    uint64_t lisn, lsi;
    bool ok = true;

    if (!replay_scan(args, "lisn=0x%x lsi=%u", &lisn, &lsi) || lsi > 1) {
        return false;
    }
    if (lisn >= SPAPR_XIRQ_BASE) {
        ok = claim_device(st, lisn, lsi);
    } else if (lisn >= st->plan->topo.nr_servers) {
        replay_mismatch(st,
                        "IPI 0x%" PRIx64 " claimed, but the machine has "
                        "%u interrupt servers",
                        lisn, st->plan->topo.nr_servers);
        ok = false;
    }
    if (ok && st->plan->has[SPAPR_INTC_XIVE]) {
        replay_expect_model_line(st);
    } else {
        st->checked++;
    }
    return true;
}

/* The machine freed IRQ L (at reset, the MSIs of the PCI devices). */
static bool ev_free(ReplayState *st, const char *args)
{
    uint64_t lisn;

    if (!replay_scan(args, "lisn=0x%x", &lisn) || lisn > UINT32_MAX) {
        return false;
    }
    if (!spapr_irq_is_claimed(st->irq, lisn, NULL)) {
        replay_mismatch(st, "IRQ 0x%" PRIx64 " freed, but it is not claimed",
                        lisn);
    }
    spapr_irq_free(st->irq, lisn, 1);
    if (st->plan->has[SPAPR_INTC_XIVE]) {
        replay_expect_model_line(st);
    } else {
        st->checked++;
    }
    return true;
}

static bool is_claim_line_early(const char *line)
{
    return g_str_has_prefix(line, "spapr_xive_claim_irq ");
}

/* Drops the claim lines our model queued since it held @n lines. */
static void drop_claim_lines_after(ReplayState *st, guint n)
{
    while (g_queue_get_length(&st->model) > n) {
        char *l = g_queue_pop_nth(&st->model, n);

        g_assert(is_claim_line_early(l));
        g_free(l);
    }
}

/*
 * ibm,change-msi: the guest allocated @req MSIs from @first (0 in the line
 * QEMU prints before the allocation, and for a release).  A XIVE trace
 * shows their claims before the line with the first number; a XICS trace
 * never does: the numbers not claimed yet are claimed here, as MSIs, and
 * the claim lines our model emits for them (dual) are dropped.
 */
static bool ev_change_msi(ReplayState *st, const char *args)
{
    uint64_t cfg, func, req, first;
    guint n = g_queue_get_length(&st->model);
    uint32_t claimed = 0;

    if (!replay_scan(args, "cfgaddr 0x%x func %u, requested %u, first irq %u",
                     &cfg, &func, &req, &first)) {
        return false;
    }
    st->checked++;
    if (!req || !first) {
        return true;
    }
    if (first < SPAPR_XIRQ_BASE || first + req > SPAPR_XIRQ_BASE + 0x1000) {
        replay_mismatch(st, "MSIs %" PRIu64 "..%" PRIu64 " out of range", first,
                        first + req - 1);
        return true;
    }
    for (uint64_t i = first; i < first + req; i++) {
        if (!spapr_irq_is_claimed(st->irq, i, NULL)) {
            if (!claim_device(st, i, false)) {
                break;
            }
            claimed++;
        }
    }
    drop_claim_lines_after(st, n);
    if (claimed) {
        printf("replay: line %" PRIu64 ": claimed %u MSIs of 0x%" PRIx64
               "..0x%" PRIx64 " that ibm,change-msi allocated (the trace "
               "shows no claim for them)\n",
               st->lineno, claimed, first, first + req - 1);
    }
    return true;
}

/* ibm,query-interrupt-source-number: the IRQ must be claimed. */
static bool ev_query_msi(ReplayState *st, const char *args)
{
    uint64_t n, irq;

    if (!replay_scan(args, "queries for #%u, IRQ%u", &n, &irq)) {
        return false;
    }
    st->checked++;
    if (irq > UINT32_MAX || !spapr_irq_is_claimed(st->irq, irq, NULL)) {
        replay_mismatch(st,
                        "ibm,query-interrupt-source-number gave IRQ %" PRIu64
                        ", which is not claimed",
                        irq);
    }
    return true;
}

/* A device raised or lowered IRQ @irq: the input to reproduce. */
void replay_set_irq(ReplayState *st, uint64_t irq, int level)
{
    GError *err = NULL;

    if (irq > UINT32_MAX || !spapr_irq_set_irq(st->irq, irq, level, &err)) {
        replay_mismatch(st, "set_irq(0x%" PRIx64 ", %d) failed: %s", irq, level,
                        err ? err->message : "out of range");
        g_clear_error(&err);
        return;
    }
    replay_expect_model_line(st);
}

/* QEMU 7.2's pseries devices of the traced machine (the XIVE traces show
 * them): EPOW and hot-plug events, two VIO devices, four PCI LSIs. */
static bool claim_defaults(ReplayState *st, GError **errp)
{
    static const struct {
        uint32_t irq;
        bool lsi;
    } defaults[] = {
        {SPAPR_IRQ_EPOW, false},       {SPAPR_IRQ_HOTPLUG, false},
        {SPAPR_IRQ_VIO, false},        {SPAPR_IRQ_VIO + 1, false},
        {SPAPR_IRQ_PCI_LSI, true},     {SPAPR_IRQ_PCI_LSI + 1, true},
        {SPAPR_IRQ_PCI_LSI + 2, true}, {SPAPR_IRQ_PCI_LSI + 3, true},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++) {
        if (!spapr_irq_claim(st->irq, defaults[i].irq, defaults[i].lsi, errp)) {
            return false;
        }
    }
    printf("replay: the trace shows no claims: claimed QEMU 7.2's default "
           "pseries set (MSI 0x1000 0x1001 0x1100 0x1101, LSI "
           "0x1200..0x1203)\n");
    return true;
}

static bool is_claim_line(const char *line)
{
    return g_str_has_prefix(line, "spapr_xive_claim_irq ");
}

/* A trace without claims (QEMU's XICS does not trace them) cannot show
 * the claim lines our model emitted at setup (a XIVE controller's IPIs
 * at create, the default claims): they are dropped, not mismatches. */
static void drop_setup_claims(ReplayState *st)
{
    GList *l = st->model.head, *next;
    unsigned n = 0;

    for (; l; l = next) {
        next = l->next;
        if (is_claim_line(l->data)) {
            g_free(l->data);
            g_queue_delete_link(&st->model, l);
            n++;
        }
    }
    if (n) {
        printf("replay: dropped the %u claim lines our model emitted at "
               "setup, which a trace without claims does not show\n",
               n);
    }
}

static bool ev_cas_pvr(ReplayState *st, const char *args)
{
    uint64_t cur, explicit_match, pvr;

    if (!replay_scan(args, "current=0x%x, explicit_match=%u, new=0x%x", &cur,
                     &explicit_match, &pvr)) {
        return false;
    }
    st->cas_pvr = pvr;
    /* A second CAS proves the guest rebooted: with the switch at CAS,
     * the machine reset of that reboot is ours to make (at-reset makes it
     * after CAS, below).  QEMU's reset frees the PCI MSIs first: their
     * lines came before this one, and a reset keeps claims alike. */
    if (st->cas_seen && st->plan->cas_switch == SPAPR_CAS_SWITCH_AT_CAS) {
        GError *err = NULL;

        printf("replay: line %" PRIu64 ": a second CAS: the guest rebooted, "
               "the machine resets\n",
               st->lineno);
        if (!vmm_reset(st->irq, &err)) {
            replay_mismatch(st, "reset at the reboot failed: %s", err->message);
            g_error_free(err);
            stop(st);
            return true;
        }
        st->setup_done = false;
    }
    return true;
}

/* The controller of the first controller event after the current line. */
static const ReplayController *next_controller(const ReplayState *st)
{
    const ReplayController *ctl = NULL;
    ReplayCursor c;

    replay_cursor_init(st, &c);
    while (!ctl && replay_cursor_next(&c)) {
        if (c.name[0] && !find_event(machine_events, c.name)) {
            ctl = controller_of(c.name);
        }
    }
    replay_cursor_clear(&c);
    return ctl;
}

static bool ev_cas_continue(ReplayState *st, const char *args)
{
    const ReplayController *ctl = next_controller(st);
    const char *chosen;
    uint8_t byte23;
    GError *err = NULL;

    if (ctl) {
        byte23 = ctl->ov5_byte23;
        chosen = ctl->name;
    } else {
        byte23 = guest_cas_choice(GUEST_LINUX, st->plan->platform_byte23);
        chosen = byte23 & SPAPR_OV5_XIVE ? "XIVE" : "XICS";
        printf("replay: no controller event follows CAS: assumed a Linux "
               "guest's choice\n");
    }
    printf("replay: guest chose %s at CAS (line %" PRIu64
           ", byte 23 = 0x%02x, compat PVR 0x%" PRIx64 ")\n",
           chosen, st->lineno, byte23, st->cas_pvr);
    st->checked++;
    st->cas_seen = true;
    if (!vmm_cas(st->irq, byte23, &err)) {
        replay_mismatch(st, "CAS refused: %s", err->message);
        g_error_free(err);
        stop(st);
        return true;
    }
    if (st->plan->cas_switch != SPAPR_CAS_SWITCH_AT_CAS &&
        !vmm_reset(st->irq, &err)) {
        replay_mismatch(st, "reset after CAS failed: %s", err->message);
        g_error_free(err);
        stop(st);
        return true;
    }
    st->setup_done = false;
    if (ctl) {
        replay_check(st, "active controller after CAS", ctl->kind,
                     spapr_irq_active(st->irq));
    }
    return true;
}

/* ---- one line ---- */

static bool run_handler(ReplayState *st, const ReplayEvent *ev,
                        const char *args)
{
    bool ok;

    st->event = ev->name;
    ok = ev->fn(st, args);
    st->event = NULL;
    return ok;
}

/* The guest driver's untraced setup, before its first operation on the
 * controller after a reset. */
static void ensure_setup(ReplayState *st, const ReplayController *ctl)
{
    if (!st->setup_done) {
        st->setup_done = true;
        if (ctl->guest_setup) {
            ctl->guest_setup(st);
        }
    }
}

/* Performs the read at the cursor's line now, caused by the current
 * (step) line; its checks are reported with its own line number. */
static void run_ahead(ReplayState *st, const ReplayEvent *rd,
                      const ReplayCursor *c)
{
    const char *line = st->line, *rest = st->rest;
    uint64_t lineno = st->lineno;

    print_ahead_msgs(st); /* (one read ahead at a time: none pending) */
    st->cause = line;
    st->line = c->line;
    st->lineno = c->lineno;
    st->rest = c->p;
    st->ahead_msgs = g_string_new(NULL);
    if (run_handler(st, rd, c->args)) {
        st->ahead_lineno = c->lineno;
    } else {
        /* Not understood: reported when the replay reaches it. */
        g_string_free(st->ahead_msgs, TRUE);
        st->ahead_msgs = NULL;
    }
    st->cause = NULL;
    st->line = line;
    st->lineno = lineno;
    st->rest = rest;
}

/*
 * A step line of @ctl came while our model had emitted nothing.  QEMU
 * prints a read after its effects: if the first line after the step lines
 * that follow is a read of @ctl, the guest made that read, which caused
 * this step.  Perform it now (once).
 */
static void read_ahead(ReplayState *st, const ReplayController *ctl)
{
    const ReplayEvent *rd = NULL;
    ReplayCursor c;

    replay_cursor_init(st, &c);
    while (replay_cursor_next(&c) && is_step(c.name)) {
    }
    if (c.copy && controller_of(c.name) == ctl) {
        rd = find_event(ctl->reads, c.name);
    }
    if (rd && c.lineno != st->ahead_lineno) {
        ensure_setup(st, ctl);
        run_ahead(st, rd, &c);
    }
    replay_cursor_clear(&c);
}

static bool controller_active(ReplayState *st, const ReplayController *ctl,
                              const char *name)
{
    SpaprIntcKind active = spapr_irq_active(st->irq);

    if (active != ctl->kind) {
        replay_mismatch(st,
                        "'%s' is an event of %s, but the active "
                        "controller is %s",
                        name, ctl->name, spapr_intc_kind_name(active));
        return false;
    }
    return true;
}

static void dispatch(ReplayState *st, const char *name, const char *args)
{
    const ReplayEvent *ev = find_event(machine_events, name);
    const ReplayController *ctl;
    bool is_read = false;

    if (ev) {
        if (!run_handler(st, ev, args)) {
            not_understood(st, name, args);
        }
        return;
    }
    ctl = controller_of(name);
    ev = ctl ? find_op(ctl, name, &is_read) : NULL;
    if (!ev && !is_step(name)) {
        not_understood(st, name, NULL);
        return;
    }
    if (!controller_active(st, ctl, name)) {
        return;
    }
    if (!ev) {
        /* One of the model's own steps: caused by a read printed after
         * it, or a step our model did not take. */
        read_ahead(st, ctl);
        replay_expect_model_line(st);
        return;
    }
    ensure_setup(st, ctl);
    if (!run_handler(st, ev, args)) {
        not_understood(st, name, args);
    } else if (is_read) {
        replay_expect_model_line(st);
    }
}

/* Whether the model's pending lines are out of step with a guest
 * operation on this line: then they are reported and dropped. */
static bool model_out_of_step(ReplayState *st, const char *name)
{
    const char *head = g_queue_peek_head(&st->model);
    const ReplayController *ctl = controller_of(name);
    size_t n = strlen(name);
    bool is_read;

    if (!head || !ctl || !find_op(ctl, name, &is_read)) {
        return false;
    }
    return strncmp(head, name, n) != 0 || (head[n] != ' ' && head[n] != '\0');
}

static void flush_model_here(ReplayState *st)
{
    g_autofree char *where = g_strdup_printf("line %" PRIu64, st->lineno);

    flush_model(st, where);
}

/* A line with an event name. */
static void replay_event(ReplayState *st, const char *name, const char *args)
{
    int64_t cpu;

    if (st->ahead_lineno == st->lineno) {
        /* A read performed ahead: only its line is left to compare. */
        st->ahead_lineno = 0;
        print_ahead_msgs(st);
        if (model_out_of_step(st, name)) {
            flush_model_here(st);
        }
        replay_expect_model_line(st);
    } else if (!g_queue_is_empty(&st->model) && !model_out_of_step(st, name)) {
        replay_expect_model_line(st);
    } else {
        flush_model_here(st);
        dispatch(st, name, args);
    }
    cpu = line_cpu(name, args);
    if (cpu >= 0) {
        replay_name_cpu(st, cpu);
    }
    cpu = notified_cpu(st, name, args);
    if (cpu >= 0) {
        st->notified_cpu = cpu;
        st->notified_lineno = st->lineno;
    }
}

static void replay_line(ReplayState *st, const char *raw, size_t len)
{
    g_autofree char *copy = NULL;
    char name[REPLAY_NAME_MAX + 1];
    const char *args;
    bool named;

    if (memchr(raw, '\0', len)) {
        printf("line %" PRIu64 ": binary data, not understood\n", st->lineno);
        st->not_understood++;
        return;
    }
    copy = g_strndup(raw, len);
    st->line = skip_timestamp(copy);
    named = split_event(st->line, name, &args);
    if (!st->started && !(named && g_str_equal(name, "spapr_xive_claim_irq"))) {
        machine_start(st);
        if (st->stopped) {
            return;
        }
    }
    if (named) {
        replay_event(st, name, args);
    } else if (!g_queue_is_empty(&st->model)) {
        replay_expect_model_line(st);
    } else {
        not_understood(st, st->line, NULL);
    }
}

/* ---- the whole replay ---- */

static void on_cpu_irq(void *opaque, uint32_t cpu_index, bool level)
{
    ReplayState *st = opaque;

    if (cpu_index < st->max_cpus) {
        st->cpu_level[cpu_index] = level;
    }
}

/* The guest's RAM (REPLAY_RAM_SIZE, sparse): the XIVE event queues. */
static bool on_mem_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
    ReplayState *st = opaque;

    return guest_ram_read(&st->ram, gpa, buf, len);
}

static bool on_mem_write(void *opaque, uint64_t gpa, const void *buf,
                         size_t len)
{
    ReplayState *st = opaque;

    return guest_ram_write(&st->ram, gpa, buf, len);
}

static void on_trace(void *opaque, const SpaprIrqTraceEvent *ev)
{
    ReplayState *st = opaque;
    GString *s = g_string_new(NULL);

    trace_log_event(st->log, ev);
    spapr_irq_trace_format(ev, s);
    g_queue_push_tail(&st->model, g_string_free(s, FALSE));
}

static bool trace_has_claims(const char *buf, const char *end)
{
    const char *p = buf, *line, *args;
    char name[REPLAY_NAME_MAX + 1];
    size_t len;

    while (next_line(&p, end, &line, &len)) {
        g_autofree char *s = g_strndup(line, len);

        if (split_event(skip_timestamp(s), name, &args) &&
            g_str_equal(name, "spapr_xive_claim_irq")) {
            return true;
        }
    }
    return false;
}

/*
 * When the trace's QEMU switched controllers: what follows its first CAS
 * says.  A guest operation on a controller means the switch was made
 * during CAS (QEMU 5.0 and later, cas-switch=at-cas); another CAS first
 * means CAS rebooted the guest (QEMU 4.x, at-reset).  False if the trace
 * does not say (no CAS, or nothing after it).
 */
static bool trace_cas_switch(const char *buf, const char *end,
                             SpaprCasSwitch *when, uint64_t *linep)
{
    const char *p = buf, *raw, *args;
    char name[REPLAY_NAME_MAX + 1];
    bool after_cas = false;
    uint64_t lineno = 0;
    size_t len;

    while (next_line(&p, end, &raw, &len)) {
        g_autofree char *line = g_strndup(raw, len);

        lineno++;
        if (memchr(raw, '\0', len) ||
            !split_event(skip_timestamp(line), name, &args)) {
            continue;
        }
        if (g_str_equal(name, "spapr_cas_continue")) {
            after_cas = true;
        } else if (after_cas && g_str_equal(name, "spapr_cas_pvr")) {
            *when = SPAPR_CAS_SWITCH_AT_RESET;
            *linep = lineno;
            return true;
        } else if (after_cas && !find_event(machine_events, name) &&
                   controller_of(name)) {
            *when = SPAPR_CAS_SWITCH_AT_CAS;
            *linep = lineno;
            return true;
        }
    }
    return false;
}

static bool machine_setup(ReplayState *st, const SpaprIrqConfig *cfg,
                          GError **errp)
{
    guest_ram_init(&st->ram, REPLAY_RAM_SIZE);
    st->cb = (SpaprIrqCallbacks){
        .opaque = st,
        .set_cpu_irq = on_cpu_irq,
        .map_region = vmm_map_region,
        .mem_read = on_mem_read,
        .mem_write = on_mem_write,
        .trace = on_trace,
    };
    st->irq = spapr_irq_create(cfg, &st->cb, -1, errp);
    if (!st->irq) {
        return false;
    }
    st->plan = spapr_irq_get_plan(st->irq);
    st->nr_cpus = st->plan->topo.smp_cpus;
    st->max_cpus = st->plan->topo.max_cpus;
    st->cpu_level = g_new0(bool, st->max_cpus);
    st->xics_ipi_taken = g_new0(bool, st->max_cpus);
    st->present = g_new0(bool, st->max_cpus);
    st->cpu_add_line = g_new0(uint64_t, st->max_cpus);
    st->cpu_remove_line = g_new0(uint64_t, st->max_cpus);
    for (uint32_t i = 0; i < st->nr_cpus; i++) {
        if (!vmm_cpu_add(st->irq, i, errp)) {
            return false;
        }
        st->present[i] = true;
    }
    return vmm_vm_resume(st->irq, errp);
}

static void replay_buffer(ReplayState *st, const char *buf, const char *end)
{
    const char *p = buf, *raw;
    uint64_t skipped = 0;
    size_t len;

    st->end = end;
    while (next_line(&p, end, &raw, &len)) {
        st->lineno++;
        st->rest = p;
        if (is_blank(raw, len)) {
            continue;
        }
        st->events++;
        if (st->stopped) {
            skipped++;
            continue;
        }
        hotplug_before_line(st);
        replay_line(st, raw, len);
        unplug_after_line(st);
    }
    print_ahead_msgs(st); /* none unless the read's line was not reached */
    if (skipped) {
        printf("replay: %" PRIu64 " events after the stop not replayed\n",
               skipped);
    }
    if (!st->stopped) {
        flush_model(st, "end of trace");
    }
}

/* ---- the trace's .cmd file (docs/specs/replay.md) ---- */

/* The .cmd file beside @path (TRACE.trace -> TRACE.cmd), or NULL. */
static char *read_cmd_file(const char *path)
{
    g_autofree char *base = g_str_has_suffix(path, ".trace")
                                ? g_strndup(path, strlen(path) - 6)
                                : g_strdup(path);
    g_autofree char *cmd = g_strconcat(base, ".cmd", NULL);
    char *text = NULL;

    return g_file_get_contents(cmd, &text, NULL, NULL) ? text : NULL;
}

/* The words of the qemu-system command line in @text, shell backslash
 * escapes undone; NULL if there is none. */
static GPtrArray *cmd_words(const char *text)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (char **l = lines; *l; l++) {
        GPtrArray *words;
        GString *w;

        if (**l == '#' || !strstr(*l, "qemu-system")) {
            continue;
        }
        words = g_ptr_array_new_with_free_func(g_free);
        w = g_string_new(NULL);
        for (const char *c = *l;; c++) {
            if (*c == '\\' && c[1]) {
                g_string_append_c(w, *++c);
            } else if (*c == ' ' || *c == '\t' || *c == '\0' || *c == '\r') {
                if (w->len) {
                    g_ptr_array_add(words, g_strdup(w->str));
                    g_string_truncate(w, 0);
                }
                if (*c == '\0') {
                    break;
                }
            } else {
                g_string_append_c(w, *c);
            }
        }
        g_string_free(w, TRUE);
        return words;
    }
    return NULL;
}

/* Parses the trace's -machine value into @tcfg, item by item: the machine
 * type (pseries or a versioned pseries-X.Y) and the properties we do not
 * have (QEMU's cap-*, ...) are skipped, and a line names each of those. */
static void parse_cmd_machine(SpaprIrqConfig *tcfg, const char *machine)
{
    g_auto(GStrv) items = g_strsplit(machine, ",", -1);

    for (char **it = items; *it; it++) {
        if (**it == '\0' || (it == items && !strchr(*it, '='))) {
            continue;
        }
        if (!spapr_irq_config_parse_machine(tcfg, *it, NULL)) {
            printf("replay: the trace's -machine property '%s' is not one "
                   "of ours: ignored\n",
                   *it);
        }
    }
}

/* Compares the -cpu, -smp and -machine of the trace's command line with
 * ours; the options the trace needs are printed ("replay: this trace needs
 * -smp 2,maxcpus=4").  The topology is compared as each accelerator
 * resolves it (vsmt's default differs under KVM).  -machine's ic-mode may
 * differ (a trace replays on ic-mode=dual too) and its cas-switch comes
 * from the trace itself (trace_cas_switch()); -accel is ours to choose.
 * False if they differ. */
static bool check_cmd_options(const SpaprIrqConfig *cfg, const char *text)
{
    g_autoptr(GPtrArray) words = cmd_words(text);
    g_autoptr(SpaprIrqConfig) tcfg = spapr_irq_config_new();
    const char *smp = NULL, *cpu = NULL, *machine = NULL;
    SpaprIrqTopology ours, theirs;
    g_autoptr(GString) needs = g_string_new(NULL);
    bool their_kvm = false;

    if (!words) {
        return true;
    }
    for (guint i = 0; i + 1 < words->len; i++) {
        const char *o = words->pdata[i], *a = words->pdata[i + 1];

        if (g_str_equal(o, "-smp")) {
            smp = a;
        } else if (g_str_equal(o, "-cpu")) {
            cpu = a;
        } else if (g_str_equal(o, "-M") || g_str_equal(o, "-machine")) {
            machine = a;
        } else if (g_str_equal(o, "-accel")) {
            their_kvm = g_str_has_prefix(a, "kvm");
        } else if (g_str_equal(o, "-enable-kvm")) {
            their_kvm = true;
        }
    }
    if (machine) {
        parse_cmd_machine(tcfg, machine);
    }
    if ((smp && !spapr_irq_config_parse_smp(tcfg, smp, NULL)) ||
        (cpu && !spapr_irq_config_parse_cpu(tcfg, cpu, NULL)) ||
        !spapr_irq_topology_init(&theirs, tcfg, their_kvm, NULL) ||
        !spapr_irq_topology_init(&ours, cfg, cfg->accel != SPAPR_ACCEL_TCG,
                                 NULL)) {
        printf("replay: the trace's .cmd options are not understood\n");
        return true;
    }
    if (cpu && tcfg->cpu != cfg->cpu && cfg->cpu != SPAPR_CPU_NONE) {
        g_string_append_printf(needs, " -cpu %s", cpu);
    }
    if (ours.smp_cpus != theirs.smp_cpus || ours.max_cpus != theirs.max_cpus ||
        ours.threads != theirs.threads) {
        g_string_append_printf(needs, " -smp %s", smp ? smp : "1");
    }
    if (ours.vsmt != theirs.vsmt) {
        g_string_append_printf(needs, " -machine vsmt=%u", theirs.vsmt);
    }
    if (tcfg->max_cpu_compat != cfg->max_cpu_compat) {
        g_string_append_printf(needs, " -machine max-cpu-compat=%s",
                               spapr_cpu_model_name(tcfg->max_cpu_compat));
    }
    if (needs->len) {
        printf("replay: this trace needs%s (its .cmd file: -machine %s)\n",
               needs->str, machine ? machine : "pseries");
        return false;
    }
    return true;
}

/* The CPU indexes whose core the .cmd file shows unplugged: a QMP
 * device_add of a core-id with an id, then a DEVICE_DELETED of that id. */
static bool *cmd_unplugged(const ReplayState *st, const char *text)
{
    bool *unplugged = g_new0(bool, st->max_cpus);
    g_autoptr(GRegex) add = g_regex_new(
        "\"execute\":\"device_add\",\"arguments\":\\{[^}]*\"core-id\":"
        "([0-9]+),\"id\":\"([^\"]+)\"",
        0, 0, NULL);
    g_autoptr(GMatchInfo) m = NULL;
    uint32_t threads = st->plan->topo.threads ? st->plan->topo.threads : 1;

    g_regex_match(add, text, 0, &m);
    while (g_match_info_matches(m)) {
        g_autofree char *core = g_match_info_fetch(m, 1);
        g_autofree char *id = g_match_info_fetch(m, 2);
        g_autofree char *del = g_strdup_printf(
            "\"event\": \"DEVICE_DELETED\", \"data\": {\"device\": \"%s\"", id);
        uint64_t k = g_ascii_strtoull(core, NULL, 10);

        if (strstr(text, del)) {
            for (uint64_t t = 0; t < threads; t++) {
                if (k * threads + t < st->max_cpus) {
                    unplugged[k * threads + t] = true;
                }
            }
        }
        g_match_info_next(m, NULL);
    }
    return unplugged;
}

int replay_main(const SpaprIrqConfig *cfg, const char *path, TraceLog *log)
{
    ReplayState st = {.last_cpu = -1, .notified_cpu = -1, .log = log};
    g_autofree char *buf = NULL;
    g_autofree char *cmd = NULL;
    g_autofree bool *unplugged = NULL;
    /* Our options, with the trace's switch (a shallow copy: @cfg keeps
     * what it owns). */
    SpaprIrqConfig run = *cfg;
    uint64_t switch_line = 0;
    GError *err = NULL;
    gsize len;
    int status = 1;

    g_queue_init(&st.model);
    if (!g_file_get_contents(path, &buf, &len, &err)) {
        fprintf(stderr, "spapr-irq: cannot read trace %s: %s\n", path,
                err->message);
        g_error_free(err);
        return 2;
    }
    cmd = read_cmd_file(path);
    if (cmd && !check_cmd_options(cfg, cmd)) {
        status = 2;
        goto out;
    }
    if (trace_cas_switch(buf, buf + len, &run.cas_switch, &switch_line) &&
        run.cas_switch != cfg->cas_switch) {
        printf("replay: line %" PRIu64 " shows the trace's QEMU switched %s: "
               "replaying with -machine cas-switch=%s\n",
               switch_line,
               run.cas_switch == SPAPR_CAS_SWITCH_AT_CAS
                   ? "during CAS"
                   : "at the reboot CAS asked for",
               spapr_cas_switch_name(run.cas_switch));
    }
    if (!machine_setup(&st, &run, &err)) {
        goto fail;
    }
    unplugged = cmd ? cmd_unplugged(&st, cmd) : NULL;
    plan_hotplug(&st, buf, buf + len, unplugged);
    printf("replay: machine ic-mode=%s, %u CPUs, trace %s\n",
           spapr_ic_mode_name(st.plan->ic_mode), st.nr_cpus, path);
    if (!trace_has_claims(buf, buf + len)) {
        if (!claim_defaults(&st, &err)) {
            goto fail;
        }
        drop_setup_claims(&st);
    }
    replay_buffer(&st, buf, buf + len);
    if (st.not_understood) {
        printf("replay: %" PRIu64 " events not understood\n",
               st.not_understood);
    }
    printf("replay: %" PRIu64 " events, %" PRIu64 " checked, %" PRIu64
           " mismatches\n",
           st.events, st.checked, st.mismatches);
    status = st.mismatches || st.not_understood || !st.checked ? 1 : 0;
    goto out;
fail:
    fprintf(stderr, "spapr-irq: %s\n", err->message);
    g_error_free(err);
out:
    g_queue_clear_full(&st.model, g_free);
    spapr_irq_destroy(&st.irq);
    for (size_t i = 0; i < G_N_ELEMENTS(controllers); i++) {
        if (controllers[i]->cleanup) {
            controllers[i]->cleanup(&st);
        }
    }
    guest_ram_fini(&st.ram);
    g_free(st.cpu_level);
    g_free(st.xics_ipi_taken);
    g_free(st.present);
    g_free(st.cpu_add_line);
    g_free(st.cpu_remove_line);
    return status;
}
