/*
 * prog_selftest.c - a miniature unit-test harness (registration table,
 * assertion helpers, varargs logging, fixtures) exercising a small
 * inventory/ledger domain model defined in this file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------- harness ---------------- */

typedef struct {
    int checks;
    int failures;
    const char *current;
    int verbose;
} test_state;

static test_state TS;

static void logf_(int level, const char *fmt, ...)
{
    static const char *const tags[] = {"debug", "info", "FAIL"};
    va_list ap;
    if (level == 0 && !TS.verbose)
        return;
    fprintf(level == 2 ? stderr : stdout, "[%s] %s: ", tags[level], TS.current ? TS.current : "-");
    va_start(ap, fmt);
    vfprintf(level == 2 ? stderr : stdout, fmt, ap);
    va_end(ap);
    fputc('\n', level == 2 ? stderr : stdout);
}

static int check_true(int cond, const char *what, int line)
{
    TS.checks++;
    if (!cond) {
        TS.failures++;
        logf_(2, "line %d: expected %s", line, what);
    }
    return cond;
}

static int check_long(long got, long want, const char *what, int line)
{
    TS.checks++;
    if (got != want) {
        TS.failures++;
        logf_(2, "line %d: %s: got %ld want %ld", line, what, got, want);
        return 0;
    }
    return 1;
}

static int check_str(const char *got, const char *want, int line)
{
    TS.checks++;
    if (strcmp(got, want) != 0) {
        TS.failures++;
        logf_(2, "line %d: got \"%s\" want \"%s\"", line, got, want);
        return 0;
    }
    return 1;
}

#define CHECK(c) check_true((c), #c, __LINE__)
#define CHECK_EQ(a, b) check_long((long)(a), (long)(b), #a, __LINE__)
#define CHECK_STR(a, b) check_str((a), (b), __LINE__)

/* ---------------- domain: inventory + ledger ---------------- */

typedef struct {
    char sku[12];
    int qty;
    long price_cents;
} item;

typedef struct {
    item items[32];
    int n;
    long ledger_cents;
    int txn_count;
} inventory;

typedef enum { INV_OK = 0, INV_NOT_FOUND, INV_INSUFFICIENT, INV_FULL, INV_BAD_ARG } inv_status;

static inline long clamp_long(long v, long lo, long hi) { return v < lo ? lo : v > hi ? hi : v; }

static item *inv_find(inventory *inv, const char *sku)
{
    for (int i = 0; i < inv->n; i++)
        if (strcmp(inv->items[i].sku, sku) == 0)
            return &inv->items[i];
    return NULL;
}

static inv_status inv_add(inventory *inv, const char *sku, int qty, long price)
{
    if (qty <= 0 || price < 0 || strlen(sku) >= sizeof inv->items[0].sku)
        return INV_BAD_ARG;
    item *it = inv_find(inv, sku);
    if (!it) {
        if (inv->n >= 32)
            return INV_FULL;
        it = &inv->items[inv->n++];
        strcpy(it->sku, sku);
        it->qty = 0;
    }
    it->qty += qty;
    it->price_cents = price;
    inv->ledger_cents -= (long)qty * price / 2; /* wholesale at half price */
    inv->txn_count++;
    return INV_OK;
}

static inv_status inv_sell(inventory *inv, const char *sku, int qty, int discount_pct)
{
    item *it = inv_find(inv, sku);
    if (!it)
        return INV_NOT_FOUND;
    if (qty <= 0)
        return INV_BAD_ARG;
    if (it->qty < qty)
        return INV_INSUFFICIENT;
    long pct = clamp_long(discount_pct, 0, 90);
    it->qty -= qty;
    inv->ledger_cents += (long)qty * it->price_cents * (100 - pct) / 100;
    inv->txn_count++;
    return INV_OK;
}

static long inv_value(const inventory *inv)
{
    long v = 0;
    for (int i = 0; i < inv->n; i++)
        v += (long)inv->items[i].qty * inv->items[i].price_cents;
    return v;
}

static int by_value_desc(const void *a, const void *b)
{
    const item *x = a, *y = b;
    long vx = (long)x->qty * x->price_cents, vy = (long)y->qty * y->price_cents;
    if (vx != vy)
        return (vx < vy) - (vx > vy);
    return strcmp(x->sku, y->sku);
}

static void inv_sort(inventory *inv) { qsort(inv->items, (size_t)inv->n, sizeof(item), by_value_desc); }

static const char *status_name(inv_status s)
{
    switch (s) {
    case INV_OK: return "ok";
    case INV_NOT_FOUND: return "not-found";
    case INV_INSUFFICIENT: return "insufficient";
    case INV_FULL: return "full";
    case INV_BAD_ARG: return "bad-arg";
    }
    return "?";
}

static void format_cents(long cents, char *buf, size_t cap)
{
    const char *sign = cents < 0 ? "-" : "";
    long a = cents < 0 ? -cents : cents;
    snprintf(buf, cap, "%s%ld.%02ld", sign, a / 100, a % 100);
}

/* ---------------- fixtures and tests ---------------- */

static void fixture(inventory *inv)
{
    memset(inv, 0, sizeof *inv);
    inv_add(inv, "APPLE", 10, 50);
    inv_add(inv, "PEAR", 5, 80);
    inv_add(inv, "KIWI", 20, 25);
}

static void test_add_and_find(void)
{
    inventory inv;
    fixture(&inv);
    CHECK_EQ(inv.n, 3);
    CHECK(inv_find(&inv, "PEAR") != NULL);
    CHECK(inv_find(&inv, "MANGO") == NULL);
    CHECK_EQ(inv_add(&inv, "APPLE", 5, 55), INV_OK);
    CHECK_EQ(inv_find(&inv, "APPLE")->qty, 15);
    CHECK_EQ(inv_add(&inv, "WAYTOOLONGSKU", 1, 1), INV_BAD_ARG);
}

static void test_sell(void)
{
    inventory inv;
    fixture(&inv);
    long before = inv.ledger_cents;
    CHECK_EQ(inv_sell(&inv, "KIWI", 4, 0), INV_OK);
    CHECK_EQ(inv.ledger_cents - before, 100);
    CHECK_EQ(inv_sell(&inv, "KIWI", 100, 0), INV_INSUFFICIENT);
    CHECK_EQ(inv_sell(&inv, "LIME", 1, 0), INV_NOT_FOUND);
    CHECK_EQ(inv_sell(&inv, "PEAR", 1, 95), INV_OK); /* clamped to 90% */
    CHECK_STR(status_name(inv_sell(&inv, "PEAR", 0, 0)), "bad-arg");
}

static void test_value_and_sort(void)
{
    inventory inv;
    fixture(&inv);
    CHECK_EQ(inv_value(&inv), 10 * 50 + 5 * 80 + 20 * 25);
    inv_sort(&inv);
    CHECK_STR(inv.items[0].sku, "APPLE");
    CHECK(inv.items[0].qty * inv.items[0].price_cents >= inv.items[2].qty * inv.items[2].price_cents);
}

static void test_format(void)
{
    char buf[32];
    format_cents(12345, buf, sizeof buf);
    CHECK_STR(buf, "123.45");
    format_cents(-7, buf, sizeof buf);
    CHECK_STR(buf, "-0.07");
    format_cents(0, buf, sizeof buf);
    CHECK_STR(buf, "0.00");
}

static void test_capacity(void)
{
    inventory inv;
    char sku[12];
    memset(&inv, 0, sizeof inv);
    for (int i = 0; i < 32; i++) {
        snprintf(sku, sizeof sku, "S%03d", i);
        CHECK_EQ(inv_add(&inv, sku, 1, i), INV_OK);
    }
    CHECK_EQ(inv_add(&inv, "EXTRA", 1, 1), INV_FULL);
    CHECK_EQ(inv.txn_count, 32);
}

typedef void (*test_fn)(void);

static const struct {
    const char *name;
    test_fn fn;
} tests[] = {
    {"add_and_find", test_add_and_find},
    {"sell", test_sell},
    {"value_and_sort", test_value_and_sort},
    {"format", test_format},
    {"capacity", test_capacity},
};

int main(int argc, char **argv)
{
    const char *filter = argc > 1 ? argv[1] : NULL;
    int ran = 0;
    TS.verbose = getenv("SELFTEST_VERBOSE") != NULL;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (filter && !strstr(tests[i].name, filter))
            continue;
        TS.current = tests[i].name;
        int before = TS.failures;
        tests[i].fn();
        logf_(TS.failures == before ? 1 : 2, "%s", TS.failures == before ? "passed" : "failed");
        ran++;
    }
    TS.current = NULL;
    printf("%d tests, %d checks, %d failures\n", ran, TS.checks, TS.failures);
    return TS.failures ? 1 : 0;
}
