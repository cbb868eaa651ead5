/*
 * arena_alloc.c - region (arena) allocator with chained blocks, alignment,
 * save/restore marks, and a fixed-size object pool with a free list.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct arena_block {
    struct arena_block *prev;
    size_t size;
    size_t used;
    unsigned char data[];
} arena_block;

typedef struct {
    arena_block *cur;
    size_t default_block;
    size_t total_allocated;
    size_t total_requested;
    unsigned block_count;
} arena;

typedef struct {
    arena_block *block;
    size_t used;
} arena_mark;

static inline int is_pow2(size_t x) { return x && !(x & (x - 1)); }

static inline size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static inline size_t max_sz(size_t a, size_t b) { return a > b ? a : b; }

static arena_block *new_block(size_t size, arena_block *prev)
{
    arena_block *b = malloc(sizeof(arena_block) + size);
    if (!b)
        return NULL;
    b->prev = prev;
    b->size = size;
    b->used = 0;
    return b;
}

static inline size_t block_remaining(const arena_block *b)
{
    return b ? b->size - b->used : 0;
}

void arena_init(arena *a, size_t block_size)
{
    a->cur = NULL;
    a->default_block = block_size ? block_size : 4096;
    a->total_allocated = 0;
    a->total_requested = 0;
    a->block_count = 0;
}

void arena_release(arena *a)
{
    arena_block *b = a->cur;
    while (b) {
        arena_block *p = b->prev;
        free(b);
        b = p;
    }
    a->cur = NULL;
    a->block_count = 0;
    a->total_allocated = 0;
}

static int arena_add_block(arena *a, size_t min_size)
{
    size_t sz = max_sz(a->default_block, min_size);
    arena_block *b = new_block(sz, a->cur);
    if (!b)
        return -1;
    a->cur = b;
    a->block_count++;
    a->total_allocated += sz;
    return 0;
}

static void *bump(arena_block *b, size_t size, size_t align)
{
    uintptr_t base = (uintptr_t)b->data;
    size_t off = align_up(base + b->used, align) - base;
    if (off + size > b->size)
        return NULL;
    b->used = off + size;
    return b->data + off;
}

void *arena_alloc_aligned(arena *a, size_t size, size_t align)
{
    if (!is_pow2(align))
        return NULL;
    a->total_requested += size;
    if (a->cur) {
        void *p = bump(a->cur, size, align);
        if (p)
            return p;
    }
    if (arena_add_block(a, size + align) != 0)
        return NULL;
    return bump(a->cur, size, align);
}

void *arena_alloc(arena *a, size_t size)
{
    return arena_alloc_aligned(a, size, sizeof(void *));
}

void *arena_calloc(arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = arena_alloc_aligned(a, n, 1);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    size_t len = 0;
    while (len < n && s[len])
        len++;
    char *d = arena_alloc_aligned(a, len + 1, 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

arena_mark arena_save(const arena *a)
{
    arena_mark m;
    m.block = a->cur;
    m.used = a->cur ? a->cur->used : 0;
    return m;
}

void arena_restore(arena *a, arena_mark m)
{
    while (a->cur && a->cur != m.block) {
        arena_block *p = a->cur->prev;
        a->total_allocated -= a->cur->size;
        free(a->cur);
        a->block_count--;
        a->cur = p;
    }
    if (a->cur)
        a->cur->used = m.used;
}

size_t arena_bytes_free(const arena *a) { return block_remaining(a->cur); }
unsigned arena_blocks(const arena *a) { return a->block_count; }

double arena_efficiency(const arena *a)
{
    return a->total_allocated ? (double)a->total_requested / (double)a->total_allocated : 0.0;
}

/* ---------------- fixed-size pool ---------------- */

typedef struct pool_free {
    struct pool_free *next;
} pool_free;

typedef struct {
    arena backing;
    size_t obj_size;
    pool_free *free_list;
    size_t live;
} obj_pool;

void pool_init(obj_pool *p, size_t obj_size)
{
    arena_init(&p->backing, 16384);
    p->obj_size = align_up(max_sz(obj_size, sizeof(pool_free)), sizeof(void *));
    p->free_list = NULL;
    p->live = 0;
}

void *pool_get(obj_pool *p)
{
    void *r;
    if (p->free_list) {
        r = p->free_list;
        p->free_list = p->free_list->next;
    } else {
        r = arena_alloc(&p->backing, p->obj_size);
        if (!r)
            return NULL;
    }
    p->live++;
    return r;
}

void pool_put(obj_pool *p, void *obj)
{
    pool_free *f = obj;
    f->next = p->free_list;
    p->free_list = f;
    p->live--;
}

size_t pool_live(const obj_pool *p) { return p->live; }

void pool_destroy(obj_pool *p)
{
    arena_release(&p->backing);
    p->free_list = NULL;
    p->live = 0;
}

/* Build a linked list of n words in the arena and return total length. */
typedef struct word_node {
    struct word_node *next;
    char *text;
} word_node;

size_t arena_demo_words(const char *const *words, size_t n)
{
    arena a;
    arena_init(&a, 256);
    word_node *head = NULL;
    for (size_t i = 0; i < n; i++) {
        word_node *w = arena_alloc(&a, sizeof(*w));
        if (!w)
            break;
        w->text = arena_strdup(&a, words[i]);
        w->next = head;
        head = w;
    }
    arena_mark m = arena_save(&a);
    (void)arena_calloc(&a, 100, 8);
    arena_restore(&a, m);
    size_t total = 0;
    for (word_node *w = head; w; w = w->next)
        total += w->text ? strlen(w->text) : 0;
    arena_release(&a);
    return total;
}
