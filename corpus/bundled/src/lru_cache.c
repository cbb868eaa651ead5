/*
 * lru_cache.c - fixed-capacity LRU cache mapping uint64 keys to int values.
 * Combines a chained hash index with an intrusive doubly linked recency list.
 * Entries live in a preallocated array; no allocation after init.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

typedef struct {
    uint64_t key;
    int value;
    uint32_t prev, next;   /* recency list */
    uint32_t chain;        /* hash bucket chain */
    int in_use;
} lru_entry;

typedef struct {
    lru_entry *entries;
    uint32_t *buckets;
    uint32_t capacity;
    uint32_t nbuckets;
    uint32_t count;
    uint32_t head, tail;   /* head = most recent */
    uint32_t free_head;
    unsigned long hits, misses, evictions;
    void (*on_evict)(uint64_t key, int value, void *ctx);
    void *evict_ctx;
} lru_cache;

static inline uint32_t mix_key(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return (uint32_t)k;
}

static inline uint32_t bucket_of(const lru_cache *c, uint64_t key)
{
    return mix_key(key) & (c->nbuckets - 1);
}

static inline lru_entry *E(lru_cache *c, uint32_t i) { return &c->entries[i]; }

static void list_unlink(lru_cache *c, uint32_t i)
{
    lru_entry *e = E(c, i);
    if (e->prev != NIL)
        E(c, e->prev)->next = e->next;
    else
        c->head = e->next;
    if (e->next != NIL)
        E(c, e->next)->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NIL;
}

static void list_push_front(lru_cache *c, uint32_t i)
{
    lru_entry *e = E(c, i);
    e->prev = NIL;
    e->next = c->head;
    if (c->head != NIL)
        E(c, c->head)->prev = i;
    c->head = i;
    if (c->tail == NIL)
        c->tail = i;
}

static inline void touch(lru_cache *c, uint32_t i)
{
    if (c->head == i)
        return;
    list_unlink(c, i);
    list_push_front(c, i);
}

static uint32_t index_find(lru_cache *c, uint64_t key)
{
    uint32_t i = c->buckets[bucket_of(c, key)];
    while (i != NIL) {
        if (E(c, i)->key == key)
            return i;
        i = E(c, i)->chain;
    }
    return NIL;
}

static void index_insert(lru_cache *c, uint32_t i)
{
    uint32_t b = bucket_of(c, E(c, i)->key);
    E(c, i)->chain = c->buckets[b];
    c->buckets[b] = i;
}

static void index_remove(lru_cache *c, uint32_t i)
{
    uint32_t *pp = &c->buckets[bucket_of(c, E(c, i)->key)];
    while (*pp != NIL) {
        if (*pp == i) {
            *pp = E(c, i)->chain;
            return;
        }
        pp = &E(c, *pp)->chain;
    }
}

static uint32_t alloc_entry(lru_cache *c)
{
    uint32_t i = c->free_head;
    if (i != NIL)
        c->free_head = E(c, i)->chain;
    return i;
}

static void release_entry(lru_cache *c, uint32_t i)
{
    E(c, i)->in_use = 0;
    E(c, i)->chain = c->free_head;
    c->free_head = i;
}

static void evict_lru(lru_cache *c)
{
    uint32_t victim = c->tail;
    if (victim == NIL)
        return;
    lru_entry *e = E(c, victim);
    if (c->on_evict)
        c->on_evict(e->key, e->value, c->evict_ctx);
    list_unlink(c, victim);
    index_remove(c, victim);
    release_entry(c, victim);
    c->count--;
    c->evictions++;
}

int lru_init(lru_cache *c, uint32_t capacity)
{
    memset(c, 0, sizeof(*c));
    if (capacity == 0)
        return -1;
    c->capacity = capacity;
    c->nbuckets = 1;
    while (c->nbuckets < capacity * 2)
        c->nbuckets <<= 1;
    c->entries = calloc(capacity, sizeof(lru_entry));
    c->buckets = malloc(c->nbuckets * sizeof(uint32_t));
    if (!c->entries || !c->buckets) {
        free(c->entries);
        free(c->buckets);
        return -1;
    }
    for (uint32_t b = 0; b < c->nbuckets; b++)
        c->buckets[b] = NIL;
    for (uint32_t i = 0; i < capacity; i++)
        E(c, i)->chain = (i + 1 < capacity) ? i + 1 : NIL;
    c->free_head = 0;
    c->head = c->tail = NIL;
    return 0;
}

void lru_destroy(lru_cache *c)
{
    free(c->entries);
    free(c->buckets);
    memset(c, 0, sizeof(*c));
}

void lru_set_evict_callback(lru_cache *c, void (*fn)(uint64_t, int, void *), void *ctx)
{
    c->on_evict = fn;
    c->evict_ctx = ctx;
}

int lru_get(lru_cache *c, uint64_t key, int *out)
{
    uint32_t i = index_find(c, key);
    if (i == NIL) {
        c->misses++;
        return 0;
    }
    c->hits++;
    touch(c, i);
    *out = E(c, i)->value;
    return 1;
}

void lru_put(lru_cache *c, uint64_t key, int value)
{
    uint32_t i = index_find(c, key);
    if (i != NIL) {
        E(c, i)->value = value;
        touch(c, i);
        return;
    }
    if (c->count == c->capacity)
        evict_lru(c);
    i = alloc_entry(c);
    lru_entry *e = E(c, i);
    e->key = key;
    e->value = value;
    e->in_use = 1;
    index_insert(c, i);
    list_push_front(c, i);
    c->count++;
}

int lru_erase(lru_cache *c, uint64_t key)
{
    uint32_t i = index_find(c, key);
    if (i == NIL)
        return 0;
    list_unlink(c, i);
    index_remove(c, i);
    release_entry(c, i);
    c->count--;
    return 1;
}

uint32_t lru_count(const lru_cache *c) { return c->count; }
unsigned long lru_hits(const lru_cache *c) { return c->hits; }
unsigned long lru_misses(const lru_cache *c) { return c->misses; }
unsigned long lru_evictions(const lru_cache *c) { return c->evictions; }

double lru_hit_rate(const lru_cache *c)
{
    unsigned long total = c->hits + c->misses;
    return total ? (double)c->hits / (double)total : 0.0;
}

/* Write keys from most- to least-recently used. */
size_t lru_keys_mru(lru_cache *c, uint64_t *out, size_t max)
{
    size_t n = 0;
    for (uint32_t i = c->head; i != NIL && n < max; i = E(c, i)->next)
        out[n++] = E(c, i)->key;
    return n;
}

/* Simulate a memoised function over an access trace. */
static int expensive(uint64_t k)
{
    uint64_t x = k;
    for (int i = 0; i < 8; i++)
        x = x * 6364136223846793005ull + 1442695040888963407ull;
    return (int)(x >> 40);
}

long lru_simulate(const uint64_t *trace, size_t n, uint32_t capacity)
{
    lru_cache c;
    long acc = 0;
    if (lru_init(&c, capacity) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int v;
        if (!lru_get(&c, trace[i], &v)) {
            v = expensive(trace[i]);
            lru_put(&c, trace[i], v);
        }
        acc += v;
    }
    acc ^= (long)c.hits;
    lru_destroy(&c);
    return acc;
}
