/*
 * ring_buffer.c - fixed-capacity byte and record ring buffers.
 *
 * Capacity is always a power of two so that index wrapping is a mask.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t *data;
    size_t cap;   /* power of two */
    size_t head;  /* write position (monotonic) */
    size_t tail;  /* read position (monotonic) */
    size_t high_water;
    unsigned overflows;
} ring_buffer;

typedef struct {
    uint32_t id;
    int32_t value;
    uint16_t flags;
} ring_record;

typedef struct {
    ring_record *slots;
    size_t cap;
    size_t head;
    size_t tail;
} record_ring;

static size_t next_pow2(size_t v)
{
    size_t p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

static inline size_t rb_mask(const ring_buffer *rb)
{
    return rb->cap - 1;
}

static inline size_t rb_used(const ring_buffer *rb)
{
    return rb->head - rb->tail;
}

static inline size_t rb_free(const ring_buffer *rb)
{
    return rb->cap - rb_used(rb);
}

static inline int rb_is_empty(const ring_buffer *rb)
{
    return rb_used(rb) == 0;
}

static inline int rb_is_full(const ring_buffer *rb)
{
    return rb_free(rb) == 0;
}

static inline size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

static void rb_track_high_water(ring_buffer *rb)
{
    size_t used = rb_used(rb);
    if (used > rb->high_water)
        rb->high_water = used;
}

int ring_buffer_init(ring_buffer *rb, size_t capacity)
{
    if (!rb || capacity == 0)
        return -1;
    rb->cap = next_pow2(capacity);
    rb->data = malloc(rb->cap);
    if (!rb->data)
        return -1;
    rb->head = rb->tail = 0;
    rb->high_water = 0;
    rb->overflows = 0;
    return 0;
}

void ring_buffer_free(ring_buffer *rb)
{
    if (!rb)
        return;
    free(rb->data);
    rb->data = NULL;
    rb->cap = rb->head = rb->tail = 0;
}

static size_t rb_contiguous_write_span(const ring_buffer *rb)
{
    size_t pos = rb->head & rb_mask(rb);
    return min_size(rb_free(rb), rb->cap - pos);
}

static size_t rb_contiguous_read_span(const ring_buffer *rb)
{
    size_t pos = rb->tail & rb_mask(rb);
    return min_size(rb_used(rb), rb->cap - pos);
}

size_t ring_buffer_write(ring_buffer *rb, const void *src, size_t len)
{
    const uint8_t *p = src;
    size_t written = 0;
    while (written < len && !rb_is_full(rb)) {
        size_t span = min_size(rb_contiguous_write_span(rb), len - written);
        memcpy(rb->data + (rb->head & rb_mask(rb)), p + written, span);
        rb->head += span;
        written += span;
    }
    if (written < len)
        rb->overflows++;
    rb_track_high_water(rb);
    return written;
}

size_t ring_buffer_read(ring_buffer *rb, void *dst, size_t len)
{
    uint8_t *p = dst;
    size_t got = 0;
    while (got < len && !rb_is_empty(rb)) {
        size_t span = min_size(rb_contiguous_read_span(rb), len - got);
        memcpy(p + got, rb->data + (rb->tail & rb_mask(rb)), span);
        rb->tail += span;
        got += span;
    }
    return got;
}

int ring_buffer_peek(const ring_buffer *rb, size_t offset)
{
    if (offset >= rb_used(rb))
        return -1;
    return rb->data[(rb->tail + offset) & rb_mask(rb)];
}

size_t ring_buffer_skip(ring_buffer *rb, size_t n)
{
    size_t k = min_size(n, rb_used(rb));
    rb->tail += k;
    return k;
}

/* Returns index of first occurrence of byte c relative to tail, or -1. */
long ring_buffer_find(const ring_buffer *rb, uint8_t c)
{
    size_t used = rb_used(rb);
    for (size_t i = 0; i < used; i++) {
        if (rb->data[(rb->tail + i) & rb_mask(rb)] == c)
            return (long)i;
    }
    return -1;
}

/* Read a line terminated by '\n' (not included); returns length or -1. */
long ring_buffer_read_line(ring_buffer *rb, char *out, size_t out_len)
{
    long nl = ring_buffer_find(rb, '\n');
    if (nl < 0)
        return -1;
    size_t take = min_size((size_t)nl, out_len ? out_len - 1 : 0);
    ring_buffer_read(rb, out, take);
    if (out_len)
        out[take] = '\0';
    ring_buffer_skip(rb, (size_t)nl - take + 1);
    return (long)take;
}

size_t ring_buffer_used(const ring_buffer *rb) { return rb_used(rb); }
size_t ring_buffer_available(const ring_buffer *rb) { return rb_free(rb); }
size_t ring_buffer_high_water(const ring_buffer *rb) { return rb->high_water; }
unsigned ring_buffer_overflows(const ring_buffer *rb) { return rb->overflows; }

uint32_t ring_buffer_checksum(const ring_buffer *rb)
{
    uint32_t a = 1, b = 0;
    size_t used = rb_used(rb);
    for (size_t i = 0; i < used; i++) {
        a = (a + rb->data[(rb->tail + i) & rb_mask(rb)]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

/* ---------------- record ring ---------------- */

static inline size_t rr_mask(const record_ring *r) { return r->cap - 1; }
static inline size_t rr_count(const record_ring *r) { return r->head - r->tail; }

int record_ring_init(record_ring *r, size_t capacity)
{
    r->cap = next_pow2(capacity ? capacity : 1);
    r->slots = calloc(r->cap, sizeof(*r->slots));
    r->head = r->tail = 0;
    return r->slots ? 0 : -1;
}

void record_ring_free(record_ring *r)
{
    free(r->slots);
    r->slots = NULL;
}

static ring_record make_record(uint32_t id, int32_t value, uint16_t flags)
{
    ring_record rec;
    rec.id = id;
    rec.value = value;
    rec.flags = flags;
    return rec;
}

int record_ring_push(record_ring *r, uint32_t id, int32_t value, uint16_t flags)
{
    if (rr_count(r) == r->cap) {
        /* overwrite oldest */
        r->tail++;
    }
    r->slots[r->head & rr_mask(r)] = make_record(id, value, flags);
    r->head++;
    return 0;
}

int record_ring_pop(record_ring *r, ring_record *out)
{
    if (rr_count(r) == 0)
        return -1;
    *out = r->slots[r->tail & rr_mask(r)];
    r->tail++;
    return 0;
}

typedef int (*record_visitor)(const ring_record *rec, void *ctx);

size_t record_ring_visit(const record_ring *r, record_visitor fn, void *ctx)
{
    size_t n = rr_count(r), visited = 0;
    for (size_t i = 0; i < n; i++) {
        const ring_record *rec = &r->slots[(r->tail + i) & rr_mask(r)];
        visited++;
        if (fn(rec, ctx))
            break;
    }
    return visited;
}

static int sum_visitor(const ring_record *rec, void *ctx)
{
    long *acc = ctx;
    *acc += rec->value;
    return 0;
}

static int flag_visitor(const ring_record *rec, void *ctx)
{
    unsigned *mask = ctx;
    *mask |= rec->flags;
    return 0;
}

long record_ring_sum(const record_ring *r)
{
    long acc = 0;
    record_ring_visit(r, sum_visitor, &acc);
    return acc;
}

unsigned record_ring_flags(const record_ring *r)
{
    unsigned mask = 0;
    record_ring_visit(r, flag_visitor, &mask);
    return mask;
}
