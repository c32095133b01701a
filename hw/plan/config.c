/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spapr-irq: the option parser (QEMU spelling).
 *
 * An option argument is a comma-separated list of key=value pairs; ",,"
 * stands for a literal comma inside a value, as in QEMU.  The first item
 * may be a bare value (the machine type, the CPU count, the accelerator,
 * the object type); a bare key elsewhere means key=on, as in QEMU.
 */
#include <errno.h>
#include <string.h>

#include "hw/core/fail.h"
#include "hw/host/host.h"
#include "spapr-irq/config.h"

/* The most CPUs of a pseries machine, QEMU's mc->max_cpus: each CPU needs
 * an interrupt server (vsmt >= threads), and the servers' IPIs must stay
 * below SPAPR_XIRQ_BASE (the plan checks the servers of a whole topology).
 * No -smp value can exceed it, so it also bounds every product. */
#define SMP_CPUS_MAX SPAPR_MAX_SERVERS
#define VSMT_MAX     4096

typedef struct NamedValue {
    const char *name;
    int value;
} NamedValue;

static const NamedValue ic_modes[] = {
    {"xics", SPAPR_IC_MODE_XICS},
    {"xive", SPAPR_IC_MODE_XIVE},
    {"dual", SPAPR_IC_MODE_DUAL},
    {NULL, 0},
};

static const NamedValue kernel_irqchips[] = {
    {"on", SPAPR_KERNEL_IRQCHIP_ON},
    {"off", SPAPR_KERNEL_IRQCHIP_OFF},
    {"split", SPAPR_KERNEL_IRQCHIP_SPLIT},
    {NULL, 0},
};

static const NamedValue cpu_models[] = {
    {"power8", SPAPR_CPU_POWER8},
    {"power9", SPAPR_CPU_POWER9},
    {"power10", SPAPR_CPU_POWER10},
    {NULL, 0},
};

static const NamedValue accels[] = {
    {"tcg", SPAPR_ACCEL_TCG},
    {"kvm", SPAPR_ACCEL_KVM},
    {"kvm-sim", SPAPR_ACCEL_KVM_SIM},
    {NULL, 0},
};

static const NamedValue cas_switches[] = {
    {"at-reset", SPAPR_CAS_SWITCH_AT_RESET},
    {"at-cas", SPAPR_CAS_SWITCH_AT_CAS},
    {NULL, 0},
};

static const char *const smp_props[] = {
    "cpus", "maxcpus", "sockets", "cores", "threads", NULL,
};

/* No value of a table is hidden: lookup_hiding()'s @hidden. */
#define NONE_HIDDEN (-1)

static char *join_names(const NamedValue *table, int hidden)
{
    GString *s = g_string_new(NULL);

    for (const NamedValue *nv = table; nv->name; nv++) {
        if (nv->value != hidden) {
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", nv->name);
        }
    }
    return g_string_free(s, FALSE);
}

static char *join_strv(const char *const *names)
{
    return g_strjoinv(", ", (char **)names);
}

/* The value named @value in @table, but @hidden, which is neither accepted
 * nor listed as accepted. */
static bool lookup_hiding(const NamedValue *table, int hidden, const char *prop,
                          const char *value, int *out, GError **errp)
{
    for (const NamedValue *nv = table; nv->name; nv++) {
        if (nv->value != hidden && g_ascii_strcasecmp(nv->name, value) == 0) {
            *out = nv->value;
            return true;
        }
    }
    g_autofree char *accepted = join_names(table, hidden);
    return spapr_irq_bad_value(errp, prop, value, accepted);
}

static bool lookup(const NamedValue *table, const char *prop, const char *value,
                   int *out, GError **errp)
{
    return lookup_hiding(table, NONE_HIDDEN, prop, value, out, errp);
}

static const char *reverse_lookup(const NamedValue *table, int value)
{
    for (const NamedValue *nv = table; nv->name; nv++) {
        if (nv->value == value) {
            return nv->name;
        }
    }
    return "?";
}

static bool parse_uint(const char *prop, const char *value, uint32_t min,
                       uint32_t max, uint32_t *out, GError **errp)
{
    guint64 v;

    if (!g_ascii_string_to_unsigned(value, 10, min, max, &v, NULL)) {
        g_autofree char *accepted =
            g_strdup_printf("an integer from %u to %u", min, max);
        return spapr_irq_bad_value(errp, prop, value, accepted);
    }
    *out = (uint32_t)v;
    return true;
}

/* One item of an option argument. */
typedef struct OptItem {
    char *key;   /* NULL for a bare first item */
    char *value; /* never NULL */
} OptItem;

static void opt_item_clear(gpointer p)
{
    OptItem *it = p;

    g_free(it->key);
    g_free(it->value);
}

/*
 * Splits @arg into items; ",," is a literal comma.  A bare item is kept
 * with key NULL if it comes first, else as key=on.  An empty item or key is
 * an error naming @opt.
 */
static GArray *split_items(const char *opt, const char *arg, GError **errp)
{
    g_autoptr(GArray) items = g_array_new(FALSE, TRUE, sizeof(OptItem));
    g_autoptr(GString) cur = g_string_new(NULL);
    const char *p = arg;

    g_array_set_clear_func(items, opt_item_clear);
    for (;;) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p += 2;
            continue;
        }
        if (*p != ',' && *p != '\0') {
            g_string_append_c(cur, *p++);
            continue;
        }
        if (cur->len == 0) {
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                        "Empty item in %s argument \"%s\"", opt, arg);
            return NULL;
        }
        OptItem it = {0};
        char *eq = strchr(cur->str, '=');
        if (eq) {
            if (eq == cur->str) {
                g_set_error(errp, SPAPR_IRQ_ERROR,
                            SPAPR_IRQ_ERROR_INVALID_OPTION,
                            "Missing property name before \"=\" in %s "
                            "argument \"%s\"",
                            opt, arg);
                return NULL;
            }
            it.key = g_strndup(cur->str, eq - cur->str);
            it.value = g_strdup(eq + 1);
        } else if (items->len == 0) {
            it.value = g_strdup(cur->str);
        } else {
            it.key = g_strdup(cur->str);
            it.value = g_strdup("on");
        }
        g_array_append_val(items, it);
        g_string_truncate(cur, 0);
        if (*p == '\0') {
            break;
        }
        p++;
    }
    return g_steal_pointer(&items);
}

static bool unknown_prop(const char *what, const char *key,
                         const char *const *accepted, GError **errp)
{
    g_autofree char *list = join_strv(accepted);

    g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                "Property \"%s\" not found for %s (accepted: %s)", key, what,
                list);
    return false;
}

SpaprIrqConfig *spapr_irq_config_new(void)
{
    SpaprIrqConfig *cfg = g_new0(SpaprIrqConfig, 1);

    cfg->ic_mode = SPAPR_IC_MODE_DUAL;
    cfg->kernel_irqchip = SPAPR_KERNEL_IRQCHIP_ALLOWED;
    cfg->accel = SPAPR_ACCEL_TCG;
    cfg->pef_guests = g_ptr_array_new_with_free_func(g_free);
    cfg->kvm_device = g_strdup(SPAPR_IRQ_DEFAULT_KVM_DEVICE);
    return cfg;
}

void spapr_irq_config_set_simulator(SpaprIrqConfig *cfg,
                                    const SpaprHostSimulator *sim)
{
    cfg->simulator = sim;
}

void spapr_irq_config_free(SpaprIrqConfig *cfg)
{
    if (!cfg) {
        return;
    }
    g_free(cfg->dumpdtb);
    g_free(cfg->confidential_guest_support);
    g_ptr_array_unref(cfg->pef_guests);
    g_free(cfg->accel_host);
    g_free(cfg->kvm_device);
    g_free(cfg);
}

static bool parse_kernel_irqchip(SpaprIrqConfig *cfg, const char *value,
                                 GError **errp)
{
    int v;

    if (!lookup(kernel_irqchips, "kernel-irqchip", value, &v, errp)) {
        return false;
    }
    cfg->kernel_irqchip = v;
    return true;
}

static bool set_ic_mode(SpaprIrqConfig *cfg, const char *key, const char *value,
                        GError **errp)
{
    int v;

    if (!lookup(ic_modes, key, value, &v, errp)) {
        return false;
    }
    cfg->ic_mode = v;
    return true;
}

static bool set_kernel_irqchip(SpaprIrqConfig *cfg, const char *key,
                               const char *value, GError **errp)
{
    return parse_kernel_irqchip(cfg, value, errp);
}

static bool set_max_cpu_compat(SpaprIrqConfig *cfg, const char *key,
                               const char *value, GError **errp)
{
    int v;

    if (!lookup(cpu_models, key, value, &v, errp)) {
        return false;
    }
    cfg->max_cpu_compat = v;
    return true;
}

static bool set_vsmt(SpaprIrqConfig *cfg, const char *key, const char *value,
                     GError **errp)
{
    return parse_uint(key, value, 1, VSMT_MAX, &cfg->vsmt, errp);
}

/* A non-empty string: @what names what it must be. */
static bool set_string(char **slot, const char *key, const char *value,
                       const char *what, GError **errp)
{
    if (!*value) {
        return spapr_irq_bad_value(errp, key, value, what);
    }
    g_free(*slot);
    *slot = g_strdup(value);
    return true;
}

static bool set_dumpdtb(SpaprIrqConfig *cfg, const char *key, const char *value,
                        GError **errp)
{
    return set_string(&cfg->dumpdtb, key, value, "a file name", errp);
}

static bool set_cgs(SpaprIrqConfig *cfg, const char *key, const char *value,
                    GError **errp)
{
    return set_string(&cfg->confidential_guest_support, key, value,
                      "an object id", errp);
}

static bool set_cas_switch(SpaprIrqConfig *cfg, const char *key,
                           const char *value, GError **errp)
{
    int v;

    if (!lookup(cas_switches, key, value, &v, errp)) {
        return false;
    }
    cfg->cas_switch = v;
    return true;
}

static const char *get_ic_mode(const SpaprIrqConfig *cfg)
{
    return spapr_ic_mode_name(cfg->ic_mode);
}

static const char *get_cas_switch(const SpaprIrqConfig *cfg)
{
    return spapr_cas_switch_name(cfg->cas_switch);
}

/* The properties of -machine pseries: the parser and the help listing
 * (-machine pseries,help, in QEMU's form) both read this table. */
typedef struct MachineProp {
    const char *name;
    const char *type;         /* QEMU's property type */
    const char *description;  /* QEMU's description */
    const NamedValue *values; /* accepted values; NULL: see the type */
    bool (*set)(SpaprIrqConfig *cfg, const char *key, const char *value,
                GError **errp);
    /* The value of a fresh configuration; NULL: the property is unset. */
    const char *(*get)(const SpaprIrqConfig *cfg);
    const char *unset; /* what an unset property means */
} MachineProp;

static const MachineProp machine_props[] = {
    {"ic-mode", "string", "Specifies the interrupt controller mode", ic_modes,
     set_ic_mode, get_ic_mode, NULL},
    {"kernel-irqchip", "OnOffSplit", "Configure KVM in-kernel irqchip",
     kernel_irqchips, set_kernel_irqchip, NULL,
     "allowed: in the kernel when the host has it, else emulated"},
    {"max-cpu-compat", "string", "Maximum permitted CPU compatibility mode",
     cpu_models, set_max_cpu_compat, NULL, "the CPU model's own"},
    {"vsmt", "uint32",
     "Virtual SMT: KVM behaves as if this were the host's SMT mode", NULL,
     set_vsmt, NULL, "8 under KVM, threads per core under TCG"},
    {"dumpdtb", "string", "Dump current dtb to a file and quit", NULL,
     set_dumpdtb, NULL, NULL},
    {"confidential-guest-support", "link<confidential-guest-support>",
     "Set confidential guest scheme to support", NULL, set_cgs, NULL,
     "none; the id of an -object pef-guest"},
    {"cas-switch", "string",
     "When the interrupt controller changes after CAS: at the reset that "
     "follows (QEMU before 5.0) or during CAS",
     cas_switches, set_cas_switch, get_cas_switch, NULL},
};

static bool machine_prop(SpaprIrqConfig *cfg, const OptItem *it, GError **errp)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    if (!it->key || g_str_equal(it->key, "type")) {
        if (!g_str_equal(it->value, "pseries")) {
            return spapr_irq_bad_value(errp, "type", it->value, "pseries");
        }
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(machine_props); i++) {
        const MachineProp *mp = &machine_props[i];

        if (g_str_equal(it->key, mp->name)) {
            return mp->set(cfg, it->key, it->value, errp);
        }
        g_ptr_array_add(names, (gpointer)mp->name);
    }
    g_ptr_array_add(names, NULL);
    return unknown_prop("machine pseries", it->key,
                        (const char *const *)names->pdata, errp);
}

bool spapr_irq_config_parse_machine(SpaprIrqConfig *cfg, const char *arg,
                                    GError **errp)
{
    g_autoptr(GArray) items = split_items("-machine", arg, errp);

    if (!items) {
        return false;
    }
    for (guint i = 0; i < items->len; i++) {
        if (!machine_prop(cfg, &g_array_index(items, OptItem, i), errp)) {
            return false;
        }
    }
    return true;
}

bool spapr_irq_config_parse_cpu(SpaprIrqConfig *cfg, const char *arg,
                                GError **errp)
{
    int v;

    if (!lookup(cpu_models, "cpu", arg, &v, errp)) {
        return false;
    }
    cfg->cpu = v;
    return true;
}

/* A CPU count above the machine's maximum gets QEMU's message
 * (machine_parse_smp_config()); any other value the integer range. */
static bool parse_smp_value(const char *key, const char *value, uint32_t *out,
                            GError **errp)
{
    bool cpus = g_str_equal(key, "cpus") || g_str_equal(key, "maxcpus");
    uint32_t v = 0;

    if (!parse_uint(key, value, 1, cpus ? G_MAXUINT32 : SMP_CPUS_MAX, &v,
                    errp)) {
        return false;
    }
    if (v > SMP_CPUS_MAX) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "Invalid SMP CPUs %u. The max CPUs supported by machine "
                    "'pseries' is %u",
                    v, SMP_CPUS_MAX);
        return false;
    }
    *out = v;
    return true;
}

bool spapr_irq_config_parse_smp(SpaprIrqConfig *cfg, const char *arg,
                                GError **errp)
{
    g_autoptr(GArray) items = split_items("-smp", arg, errp);

    if (!items) {
        return false;
    }
    for (guint i = 0; i < items->len; i++) {
        const OptItem *it = &g_array_index(items, OptItem, i);
        const char *key = it->key ? it->key : "cpus";
        uint32_t *slot;

        if (g_str_equal(key, "cpus")) {
            slot = &cfg->smp_cpus;
        } else if (g_str_equal(key, "maxcpus")) {
            slot = &cfg->max_cpus;
        } else if (g_str_equal(key, "sockets")) {
            slot = &cfg->sockets;
        } else if (g_str_equal(key, "cores")) {
            slot = &cfg->cores;
        } else if (g_str_equal(key, "threads")) {
            slot = &cfg->threads;
        } else {
            return unknown_prop("-smp", key, smp_props, errp);
        }
        if (!parse_smp_value(key, it->value, slot, errp)) {
            return false;
        }
    }
    return true;
}

/* The errnos fail= accepts by name (any positive number is accepted). */
static const struct {
    const char *name;
    int value;
} fail_errnos[] = {
    {"EPERM", EPERM},   {"ENOENT", ENOENT}, {"EIO", EIO},
    {"ENXIO", ENXIO},   {"EBADF", EBADF},   {"ENOMEM", ENOMEM},
    {"EFAULT", EFAULT}, {"EBUSY", EBUSY},   {"EEXIST", EEXIST},
    {"ENODEV", ENODEV}, {"EINVAL", EINVAL}, {"ENOSPC", ENOSPC},
    {"E2BIG", E2BIG},
};

/* fail=N[:ERRNO]: N >= 1; ERRNO a name above or a number, default EIO. */
static bool parse_fail(SpaprIrqConfig *cfg, const char *value, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(value, ":", 2);
    uint32_t nth = 0, err = EIO;

    /* g_strsplit() gives no part at all for "" (fail=): refused as an
     * empty N, not passed on as NULL. */
    if (!parse_uint("fail", parts[0] ? parts[0] : "", 1, G_MAXUINT32, &nth,
                    errp)) {
        return false;
    }
    if (parts[1]) {
        size_t i;

        for (i = 0; i < G_N_ELEMENTS(fail_errnos); i++) {
            if (g_ascii_strcasecmp(parts[1], fail_errnos[i].name) == 0) {
                err = fail_errnos[i].value;
                break;
            }
        }
        if (i == G_N_ELEMENTS(fail_errnos) &&
            !parse_uint("fail", parts[1], 1, 4095, &err, errp)) {
            return false;
        }
    }
    cfg->accel_fail_nth = nth;
    cfg->accel_fail_errno = (int)err;
    return true;
}

bool spapr_irq_config_parse_accel(SpaprIrqConfig *cfg, const char *arg,
                                  GError **errp)
{
    static const char *const accel_props[] = {"host", "fail", "kernel-irqchip",
                                              NULL};
    g_autoptr(GArray) items = split_items("-accel", arg, errp);
    int v;

    if (!items) {
        return false;
    }
    const OptItem *first = &g_array_index(items, OptItem, 0);
    /* kvm-sim is a value only with a registered simulator. */
    int hidden = cfg->simulator ? NONE_HIDDEN : SPAPR_ACCEL_KVM_SIM;
    if (first->key) {
        g_autofree char *accepted = join_names(accels, hidden);

        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "-accel needs the accelerator first (accepted: %s)",
                    accepted);
        return false;
    }
    if (!lookup_hiding(accels, hidden, "accel", first->value, &v, errp)) {
        return false;
    }
    cfg->accel = v;
    g_clear_pointer(&cfg->accel_host, g_free);
    cfg->accel_fail_nth = 0;
    cfg->accel_fail_errno = 0;
    for (guint i = 1; i < items->len; i++) {
        const OptItem *it = &g_array_index(items, OptItem, i);

        if (g_str_equal(it->key, "kernel-irqchip")) {
            if (!parse_kernel_irqchip(cfg, it->value, errp)) {
                return false;
            }
        } else if (g_str_equal(it->key, "host") &&
                   cfg->accel == SPAPR_ACCEL_KVM_SIM) {
            if (!g_str_equal(it->value, "help") &&
                !spapr_host_registered_sim(cfg, it->value, errp)) {
                return false;
            }
            g_free(cfg->accel_host);
            cfg->accel_host = g_strdup(it->value);
        } else if (g_str_equal(it->key, "fail") &&
                   cfg->accel == SPAPR_ACCEL_KVM_SIM) {
            if (!parse_fail(cfg, it->value, errp)) {
                return false;
            }
        } else {
            g_autofree char *what =
                g_strdup_printf("accelerator %s", first->value);
            return unknown_prop(what, it->key,
                                cfg->accel == SPAPR_ACCEL_KVM_SIM
                                    ? accel_props
                                    : accel_props + 2,
                                errp);
        }
    }
    return true;
}

bool spapr_irq_config_parse_object(SpaprIrqConfig *cfg, const char *arg,
                                   GError **errp)
{
    static const char *const object_props[] = {"id", NULL};
    g_autoptr(GArray) items = split_items("-object", arg, errp);
    const char *type = NULL, *id = NULL;

    if (!items) {
        return false;
    }
    for (guint i = 0; i < items->len; i++) {
        const OptItem *it = &g_array_index(items, OptItem, i);

        if (!it->key || g_str_equal(it->key, "qom-type")) {
            type = it->value;
        } else if (g_str_equal(it->key, "id")) {
            id = it->value;
        } else {
            return unknown_prop("object pef-guest", it->key, object_props,
                                errp);
        }
    }
    if (!type || !g_str_equal(type, "pef-guest")) {
        return spapr_irq_bad_value(errp, "qom-type", type ? type : "",
                                   "pef-guest");
    }
    if (!id || !*id) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "Parameter \"id\" is missing for -object pef-guest");
        return false;
    }
    for (guint i = 0; i < cfg->pef_guests->len; i++) {
        if (g_str_equal(g_ptr_array_index(cfg->pef_guests, i), id)) {
            g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                        "Duplicate object id \"%s\"", id);
            return false;
        }
    }
    g_ptr_array_add(cfg->pef_guests, g_strdup(id));
    return true;
}

static const char *option_name(const char *name)
{
    if (name[0] == '-') {
        name += name[1] == '-' ? 2 : 1;
    }
    return name;
}

bool spapr_irq_config_is_option(const char *name)
{
    static const char *const names[] = {"machine", "M",      "cpu", "smp",
                                        "accel",   "object", NULL};
    const char *n = option_name(name);

    return name[0] == '-' && g_strv_contains(names, n);
}

bool spapr_irq_config_parse_option(SpaprIrqConfig *cfg, const char *name,
                                   const char *arg, GError **errp)
{
    const char *n = option_name(name);

    if (!spapr_irq_config_is_option(name)) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "Unknown option \"%s\" (accepted: -machine, -cpu, -smp, "
                    "-accel, -object)",
                    name);
        return false;
    }
    if (!arg) {
        g_set_error(errp, SPAPR_IRQ_ERROR, SPAPR_IRQ_ERROR_INVALID_OPTION,
                    "Option \"%s\" requires an argument", name);
        return false;
    }
    if (g_str_equal(n, "machine") || g_str_equal(n, "M")) {
        return spapr_irq_config_parse_machine(cfg, arg, errp);
    }
    if (g_str_equal(n, "cpu")) {
        return spapr_irq_config_parse_cpu(cfg, arg, errp);
    }
    if (g_str_equal(n, "smp")) {
        return spapr_irq_config_parse_smp(cfg, arg, errp);
    }
    if (g_str_equal(n, "accel")) {
        return spapr_irq_config_parse_accel(cfg, arg, errp);
    }
    return spapr_irq_config_parse_object(cfg, arg, errp);
}

const char *spapr_ic_mode_name(SpaprIcMode mode)
{
    return reverse_lookup(ic_modes, mode);
}

const char *spapr_kernel_irqchip_name(SpaprKernelIrqchip k)
{
    return k == SPAPR_KERNEL_IRQCHIP_ALLOWED
               ? "allowed"
               : reverse_lookup(kernel_irqchips, k);
}

const char *spapr_cpu_model_name(SpaprCpuModel cpu)
{
    return cpu == SPAPR_CPU_NONE ? "none" : reverse_lookup(cpu_models, cpu);
}

const char *spapr_accel_name(SpaprAccel accel)
{
    return reverse_lookup(accels, accel);
}

const char *spapr_cas_switch_name(SpaprCasSwitch when)
{
    return reverse_lookup(cas_switches, when);
}

/* ---- help listings (QEMU's texts) ---- */

/* QEMU's is_help_option(). */
static bool is_help(const char *s)
{
    return g_str_equal(s, "help") || g_str_equal(s, "?");
}

/* object_property_help(): "  name=<type>", padded to 24, " - " text. */
static void append_prop_help(GString *out, const MachineProp *mp,
                             const char *defval)
{
    gsize start = out->len;

    g_string_append_printf(out, "  %s=<%s>", mp->name, mp->type);
    if (out->len - start < 24) {
        g_string_append_printf(out, "%*s", (int)(24 - (out->len - start)), "");
    }
    g_string_append_printf(out, " - %s", mp->description);
    if (mp->values) {
        g_autofree char *values = join_names(mp->values, NONE_HIDDEN);

        g_string_append_printf(out, " (%s)", values);
    }
    if (defval) {
        g_string_append_printf(out, " (default: \"%s\")", defval);
    } else if (mp->unset) {
        g_string_append_printf(out, " (unset: %s)", mp->unset);
    }
    g_string_append_c(out, '\n');
}

static int compare_props(gconstpointer a, gconstpointer b)
{
    return strcmp((*(const MachineProp *const *)a)->name,
                  (*(const MachineProp *const *)b)->name);
}

/* type_print_class_properties(): the properties, sorted, with defaults. */
static char *machine_props_help(void)
{
    g_autoptr(SpaprIrqConfig) fresh = spapr_irq_config_new();
    g_autoptr(GPtrArray) sorted = g_ptr_array_new();
    GString *out = g_string_new("pseries-machine options:\n");

    for (size_t i = 0; i < G_N_ELEMENTS(machine_props); i++) {
        g_ptr_array_add(sorted, (gpointer)&machine_props[i]);
    }
    g_ptr_array_sort(sorted, compare_props);
    for (guint i = 0; i < sorted->len; i++) {
        const MachineProp *mp = g_ptr_array_index(sorted, i);

        append_prop_help(out, mp, mp->get ? mp->get(fresh) : NULL);
    }
    return g_string_free(out, FALSE);
}

static char *names_help(const char *title, const char *prefix,
                        const NamedValue *table, int hidden)
{
    GString *out = g_string_new(title);

    for (const NamedValue *nv = table; nv->name; nv++) {
        if (nv->value != hidden) {
            g_string_append_printf(out, "%s%s\n", prefix, nv->name);
        }
    }
    return g_string_free(out, FALSE);
}

static char *machine_help(const char *arg)
{
    g_autoptr(GArray) items = split_items("-machine", arg, NULL);

    if (!items) {
        return NULL;
    }
    for (guint i = 0; i < items->len; i++) {
        const OptItem *it = &g_array_index(items, OptItem, i);

        if ((!it->key || g_str_equal(it->key, "type")) && is_help(it->value)) {
            /* machine_help_func(): "%-20s %s%s" */
            return g_strdup_printf("Supported machines are:\n"
                                   "%-20s %s (default)\n",
                                   "pseries",
                                   "pSeries Logical Partition (PAPR "
                                   "compliant)");
        }
    }
    for (guint i = 0; i < items->len; i++) {
        const OptItem *it = &g_array_index(items, OptItem, i);

        if (it->key && is_help(it->key)) {
            return machine_props_help();
        }
    }
    return NULL;
}

char *spapr_irq_config_help(const SpaprIrqConfig *cfg, const char *name,
                            const char *arg)
{
    const char *n = option_name(name);
    g_auto(GStrv) first = NULL;

    if (!arg || !spapr_irq_config_is_option(name)) {
        return NULL;
    }
    if (g_str_equal(n, "machine") || g_str_equal(n, "M")) {
        return machine_help(arg);
    }
    first = g_strsplit(arg, ",", 2);
    if (!first[0] || !is_help(first[0])) {
        return NULL;
    }
    if (g_str_equal(n, "cpu")) {
        /* ppc_cpu_list() */
        return names_help("", "PowerPC ", cpu_models, NONE_HIDDEN);
    }
    if (g_str_equal(n, "accel")) {
        /* accel_help(); kvm-sim only with a registered simulator */
        return names_help("Accelerators supported in QEMU binary:\n", "",
                          accels,
                          cfg->simulator ? NONE_HIDDEN : SPAPR_ACCEL_KVM_SIM);
    }
    if (g_str_equal(n, "object")) {
        /* user_creatable_print_types() */
        return g_strdup("List of user creatable objects:\n  pef-guest\n");
    }
    return NULL;
}
