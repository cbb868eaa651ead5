/*
 * hash_table.c - open-addressing hash map from C strings to intptr_t values
 * using linear probing with tombstones and automatic resizing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SLOT_EMPTY = 0, SLOT_FULL, SLOT_DELETED } slot_state;

typedef struct {
    char *key;
    intptr_t value;
    uint32_t hash;
    slot_state state;
} hm_slot;

typedef struct {
    hm_slot *slots;
    size_t cap;
    size_t count;
    size_t tombstones;
    unsigned long probes;
} hashmap;

typedef void (*hm_visit_fn)(const char *key, intptr_t value, void *ctx);

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h ? h : 1;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static inline size_t slot_index(const hashmap *m, uint32_t h)
{
    return (size_t)h & (m->cap - 1);
}

static inline size_t next_index(const hashmap *m, size_t i)
{
    return (i + 1) & (m->cap - 1);
}

static inline int slot_matches(const hm_slot *s, uint32_t h, const char *key)
{
    return s->state == SLOT_FULL && s->hash == h && strcmp(s->key, key) == 0;
}

static inline int needs_grow(const hashmap *m)
{
    return (m->count + m->tombstones + 1) * 4 > m->cap * 3;
}

int hm_init(hashmap *m, size_t initial)
{
    size_t cap = 8;
    while (cap < initial)
        cap <<= 1;
    m->slots = calloc(cap, sizeof(hm_slot));
    if (!m->slots)
        return -1;
    m->cap = cap;
    m->count = m->tombstones = 0;
    m->probes = 0;
    return 0;
}

void hm_destroy(hashmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].state == SLOT_FULL)
            free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = m->tombstones = 0;
}

static hm_slot *find_slot(hashmap *m, const char *key, uint32_t h)
{
    size_t i = slot_index(m, h);
    for (size_t n = 0; n < m->cap; n++) {
        hm_slot *s = &m->slots[i];
        m->probes++;
        if (s->state == SLOT_EMPTY)
            return NULL;
        if (slot_matches(s, h, key))
            return s;
        i = next_index(m, i);
    }
    return NULL;
}

static hm_slot *find_insert_slot(hashmap *m, uint32_t h)
{
    size_t i = slot_index(m, h);
    for (;;) {
        hm_slot *s = &m->slots[i];
        if (s->state != SLOT_FULL)
            return s;
        i = next_index(m, i);
    }
}

static int rehash(hashmap *m, size_t new_cap)
{
    hm_slot *old = m->slots;
    size_t old_cap = m->cap;
    hm_slot *fresh = calloc(new_cap, sizeof(hm_slot));
    if (!fresh)
        return -1;
    m->slots = fresh;
    m->cap = new_cap;
    m->tombstones = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].state != SLOT_FULL)
            continue;
        hm_slot *dst = find_insert_slot(m, old[i].hash);
        *dst = old[i];
    }
    free(old);
    return 0;
}

int hm_put(hashmap *m, const char *key, intptr_t value)
{
    uint32_t h = hash_str(key);
    hm_slot *s = find_slot(m, key, h);
    if (s) {
        s->value = value;
        return 0;
    }
    if (needs_grow(m) && rehash(m, m->cap * 2) != 0)
        return -1;
    s = find_insert_slot(m, h);
    char *k = dup_str(key);
    if (!k)
        return -1;
    if (s->state == SLOT_DELETED)
        m->tombstones--;
    s->key = k;
    s->value = value;
    s->hash = h;
    s->state = SLOT_FULL;
    m->count++;
    return 1;
}

int hm_get(hashmap *m, const char *key, intptr_t *out)
{
    hm_slot *s = find_slot(m, key, hash_str(key));
    if (!s)
        return 0;
    if (out)
        *out = s->value;
    return 1;
}

intptr_t hm_get_or(hashmap *m, const char *key, intptr_t dflt)
{
    intptr_t v;
    return hm_get(m, key, &v) ? v : dflt;
}

int hm_contains(hashmap *m, const char *key)
{
    return hm_get(m, key, NULL);
}

int hm_remove(hashmap *m, const char *key)
{
    hm_slot *s = find_slot(m, key, hash_str(key));
    if (!s)
        return 0;
    free(s->key);
    s->key = NULL;
    s->state = SLOT_DELETED;
    m->count--;
    m->tombstones++;
    return 1;
}

intptr_t hm_increment(hashmap *m, const char *key, intptr_t delta)
{
    intptr_t v = hm_get_or(m, key, 0) + delta;
    hm_put(m, key, v);
    return v;
}

size_t hm_count(const hashmap *m) { return m->count; }
size_t hm_capacity(const hashmap *m) { return m->cap; }
unsigned long hm_probe_count(const hashmap *m) { return m->probes; }

void hm_foreach(const hashmap *m, hm_visit_fn fn, void *ctx)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].state == SLOT_FULL)
            fn(m->slots[i].key, m->slots[i].value, ctx);
}

static void sum_cb(const char *key, intptr_t value, void *ctx)
{
    (void)key;
    *(intptr_t *)ctx += value;
}

typedef struct {
    const char *best_key;
    intptr_t best;
} max_ctx;

static void max_cb(const char *key, intptr_t value, void *ctx)
{
    max_ctx *mc = ctx;
    if (!mc->best_key || value > mc->best ||
        (value == mc->best && strcmp(key, mc->best_key) < 0)) {
        mc->best_key = key;
        mc->best = value;
    }
}

intptr_t hm_sum_values(const hashmap *m)
{
    intptr_t acc = 0;
    hm_foreach(m, sum_cb, &acc);
    return acc;
}

const char *hm_max_key(const hashmap *m, intptr_t *value)
{
    max_ctx mc = {NULL, 0};
    hm_foreach(m, max_cb, &mc);
    if (value)
        *value = mc.best;
    return mc.best_key;
}

static int cmp_keys(const void *a, const void *b)
{
    const char *const *x = a;
    const char *const *y = b;
    return strcmp(*x, *y);
}

/* Returns a malloc'd, sorted array of borrowed key pointers. */
const char **hm_sorted_keys(const hashmap *m, size_t *n_out)
{
    const char **keys = malloc((m->count ? m->count : 1) * sizeof(*keys));
    size_t n = 0;
    if (!keys)
        return NULL;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].state == SLOT_FULL)
            keys[n++] = m->slots[i].key;
    qsort(keys, n, sizeof(*keys), cmp_keys);
    *n_out = n;
    return keys;
}

double hm_load_factor(const hashmap *m)
{
    return m->cap ? (double)m->count / (double)m->cap : 0.0;
}

/* Average probe-sequence length over all present keys. */
double hm_avg_displacement(const hashmap *m)
{
    size_t total = 0;
    if (!m->count)
        return 0.0;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].state != SLOT_FULL)
            continue;
        size_t home = slot_index(m, m->slots[i].hash);
        total += (i + m->cap - home) & (m->cap - 1);
    }
    return (double)total / (double)m->count;
}
