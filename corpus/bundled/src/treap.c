/*
 * treap.c - randomized treap with split/merge, order statistics
 * (k-th smallest, rank), and an implicit-key variant supporting
 * sequence insert-at and range reversal with lazy propagation.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct tnode {
    struct tnode *l, *r;
    int key;
    uint32_t prio;
    int size;
    long sum;
    int rev; /* lazy reversal flag for implicit treap */
} tnode;

static uint32_t rng_state = 0x12345678u;

static uint32_t xorshift32(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

void treap_seed(uint32_t seed) { rng_state = seed ? seed : 1; }

static inline int sz(const tnode *t) { return t ? t->size : 0; }
static inline long sm(const tnode *t) { return t ? t->sum : 0; }

static inline void pull(tnode *t)
{
    if (t) {
        t->size = 1 + sz(t->l) + sz(t->r);
        t->sum = t->key + sm(t->l) + sm(t->r);
    }
}

static inline void push(tnode *t)
{
    if (t && t->rev) {
        tnode *tmp = t->l;
        t->l = t->r;
        t->r = tmp;
        if (t->l) t->l->rev ^= 1;
        if (t->r) t->r->rev ^= 1;
        t->rev = 0;
    }
}

static tnode *tnode_new(int key)
{
    tnode *n = malloc(sizeof(*n));
    if (!n)
        return NULL;
    n->l = n->r = NULL;
    n->key = key;
    n->prio = xorshift32();
    n->size = 1;
    n->sum = key;
    n->rev = 0;
    return n;
}

/* split by key: left gets keys < key */
static void split_key(tnode *t, int key, tnode **a, tnode **b)
{
    if (!t) {
        *a = *b = NULL;
        return;
    }
    if (t->key < key) {
        split_key(t->r, key, &t->r, b);
        *a = t;
    } else {
        split_key(t->l, key, a, &t->l);
        *b = t;
    }
    pull(t);
}

/* split by position: left gets first k nodes */
static void split_pos(tnode *t, int k, tnode **a, tnode **b)
{
    if (!t) {
        *a = *b = NULL;
        return;
    }
    push(t);
    if (sz(t->l) < k) {
        split_pos(t->r, k - sz(t->l) - 1, &t->r, b);
        *a = t;
    } else {
        split_pos(t->l, k, a, &t->l);
        *b = t;
    }
    pull(t);
}

static tnode *merge(tnode *a, tnode *b)
{
    if (!a) return b;
    if (!b) return a;
    if (a->prio > b->prio) {
        push(a);
        a->r = merge(a->r, b);
        pull(a);
        return a;
    }
    push(b);
    b->l = merge(a, b->l);
    pull(b);
    return b;
}

static void free_all(tnode *t)
{
    if (!t)
        return;
    free_all(t->l);
    free_all(t->r);
    free(t);
}

/* ---------------- ordered set API ---------------- */

typedef struct {
    tnode *root;
} treap;

void treap_init(treap *t) { t->root = NULL; }
void treap_destroy(treap *t) { free_all(t->root); t->root = NULL; }
int treap_size(const treap *t) { return sz(t->root); }
long treap_sum(const treap *t) { return sm(t->root); }

int treap_contains(const treap *t, int key)
{
    const tnode *n = t->root;
    while (n) {
        if (key == n->key)
            return 1;
        n = key < n->key ? n->l : n->r;
    }
    return 0;
}

int treap_insert(treap *t, int key)
{
    if (treap_contains(t, key))
        return 0;
    tnode *n = tnode_new(key);
    if (!n)
        return -1;
    tnode *a, *b;
    split_key(t->root, key, &a, &b);
    t->root = merge(merge(a, n), b);
    return 1;
}

int treap_erase(treap *t, int key)
{
    tnode *a, *b, *mid, *c;
    split_key(t->root, key, &a, &b);
    split_key(b, key + 1, &mid, &c);
    int found = mid != NULL;
    free_all(mid);
    t->root = merge(a, c);
    return found;
}

/* 0-based k-th smallest */
int treap_kth(const treap *t, int k, int *out)
{
    const tnode *n = t->root;
    if (k < 0 || k >= sz(n))
        return 0;
    while (n) {
        int ls = sz(n->l);
        if (k < ls) {
            n = n->l;
        } else if (k == ls) {
            *out = n->key;
            return 1;
        } else {
            k -= ls + 1;
            n = n->r;
        }
    }
    return 0;
}

/* number of keys < key */
int treap_rank(const treap *t, int key)
{
    int r = 0;
    const tnode *n = t->root;
    while (n) {
        if (n->key < key) {
            r += sz(n->l) + 1;
            n = n->r;
        } else {
            n = n->l;
        }
    }
    return r;
}

long treap_range_sum(treap *t, int lo, int hi)
{
    tnode *a, *b, *mid, *c;
    split_key(t->root, lo, &a, &b);
    split_key(b, hi + 1, &mid, &c);
    long s = sm(mid);
    t->root = merge(merge(a, mid), c);
    return s;
}

/* ---------------- implicit (sequence) treap ---------------- */

typedef struct {
    tnode *root;
} seq;

void seq_init(seq *s) { s->root = NULL; }
void seq_destroy(seq *s) { free_all(s->root); s->root = NULL; }
int seq_length(const seq *s) { return sz(s->root); }

int seq_insert_at(seq *s, int pos, int value)
{
    tnode *n = tnode_new(value);
    if (!n)
        return -1;
    tnode *a, *b;
    split_pos(s->root, pos, &a, &b);
    s->root = merge(merge(a, n), b);
    return 0;
}

void seq_reverse(seq *s, int lo, int hi)
{
    tnode *a, *b, *mid, *c;
    if (lo >= hi)
        return;
    split_pos(s->root, lo, &a, &b);
    split_pos(b, hi - lo, &mid, &c);
    if (mid)
        mid->rev ^= 1;
    s->root = merge(merge(a, mid), c);
}

static void flatten(tnode *t, int *out, int *i)
{
    if (!t)
        return;
    push(t);
    flatten(t->l, out, i);
    out[(*i)++] = t->key;
    flatten(t->r, out, i);
}

int seq_to_array(seq *s, int *out)
{
    int i = 0;
    flatten(s->root, out, &i);
    return i;
}

long seq_range_sum(seq *s, int lo, int hi)
{
    tnode *a, *b, *mid, *c;
    split_pos(s->root, lo, &a, &b);
    split_pos(b, hi - lo, &mid, &c);
    long r = sm(mid);
    s->root = merge(merge(a, mid), c);
    return r;
}
