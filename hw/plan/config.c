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

/* The most of any -smp value (keeps every product far from overflow). */
#define SMP_VALUE_MAX 16384
#define VSMT_MAX      4096

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

static const char *const machine_props[] = {
    "ic-mode",        "kernel-irqchip",
    "max-cpu-compat", "vsmt",
    "dumpdtb",        "confidential-guest-support",
    "cas-switch",     NULL,
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

static bool machine_prop(SpaprIrqConfig *cfg, const OptItem *it, GError **errp)
{
    int v;

    if (!it->key || g_str_equal(it->key, "type")) {
        if (!g_str_equal(it->value, "pseries")) {
            return spapr_irq_bad_value(errp, "type", it->value, "pseries");
        }
        return true;
    }
    if (g_str_equal(it->key, "ic-mode")) {
        if (!lookup(ic_modes, it->key, it->value, &v, errp)) {
            return false;
        }
        cfg->ic_mode = v;
        return true;
    }
    if (g_str_equal(it->key, "kernel-irqchip")) {
        return parse_kernel_irqchip(cfg, it->value, errp);
    }
    if (g_str_equal(it->key, "max-cpu-compat")) {
        if (!lookup(cpu_models, it->key, it->value, &v, errp)) {
            return false;
        }
        cfg->max_cpu_compat = v;
        return true;
    }
    if (g_str_equal(it->key, "vsmt")) {
        return parse_uint(it->key, it->value, 1, VSMT_MAX, &cfg->vsmt, errp);
    }
    if (g_str_equal(it->key, "dumpdtb")) {
        if (!*it->value) {
            return spapr_irq_bad_value(errp, it->key, it->value, "a file name");
        }
        g_free(cfg->dumpdtb);
        cfg->dumpdtb = g_strdup(it->value);
        return true;
    }
    if (g_str_equal(it->key, "confidential-guest-support")) {
        if (!*it->value) {
            return spapr_irq_bad_value(errp, it->key, it->value,
                                       "an object id");
        }
        g_free(cfg->confidential_guest_support);
        cfg->confidential_guest_support = g_strdup(it->value);
        return true;
    }
    if (g_str_equal(it->key, "cas-switch")) {
        if (!lookup(cas_switches, it->key, it->value, &v, errp)) {
            return false;
        }
        cfg->cas_switch = v;
        return true;
    }
    return unknown_prop("machine pseries", it->key, machine_props, errp);
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
        if (!parse_uint(key, it->value, 1, SMP_VALUE_MAX, slot, errp)) {
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
    uint32_t nth, err = EIO;

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
