/*
 * bitset.c - dynamic bitset with word-level operations, population count,
 * iteration over set bits, set algebra and a sieve of Eratosthenes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t word_t;
#define WORD_BITS 64

typedef struct {
    word_t *w;
    size_t nbits;
    size_t nwords;
} bitset;

static inline size_t words_for(size_t bits) { return (bits + WORD_BITS - 1) / WORD_BITS; }
static inline size_t word_idx(size_t bit) { return bit / WORD_BITS; }
static inline word_t bit_mask(size_t bit) { return (word_t)1 << (bit % WORD_BITS); }

static inline int popcount64(word_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

static inline int ctz64(word_t x)
{
    int n = 0;
    if (!x)
        return 64;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
}

static inline word_t last_word_mask(const bitset *b)
{
    size_t r = b->nbits % WORD_BITS;
    return r ? (((word_t)1 << r) - 1) : ~(word_t)0;
}

static void trim(bitset *b)
{
    if (b->nwords)
        b->w[b->nwords - 1] &= last_word_mask(b);
}

int bitset_init(bitset *b, size_t nbits)
{
    b->nbits = nbits;
    b->nwords = words_for(nbits);
    b->w = calloc(b->nwords ? b->nwords : 1, sizeof(word_t));
    return b->w ? 0 : -1;
}

void bitset_free(bitset *b)
{
    free(b->w);
    b->w = NULL;
    b->nbits = b->nwords = 0;
}

int bitset_resize(bitset *b, size_t nbits)
{
    size_t nw = words_for(nbits);
    word_t *nwp = realloc(b->w, (nw ? nw : 1) * sizeof(word_t));
    if (!nwp)
        return -1;
    if (nw > b->nwords)
        memset(nwp + b->nwords, 0, (nw - b->nwords) * sizeof(word_t));
    b->w = nwp;
    b->nwords = nw;
    b->nbits = nbits;
    trim(b);
    return 0;
}

void bitset_set(bitset *b, size_t i) { if (i < b->nbits) b->w[word_idx(i)] |= bit_mask(i); }
void bitset_clear(bitset *b, size_t i) { if (i < b->nbits) b->w[word_idx(i)] &= ~bit_mask(i); }
void bitset_flip(bitset *b, size_t i) { if (i < b->nbits) b->w[word_idx(i)] ^= bit_mask(i); }

int bitset_test(const bitset *b, size_t i)
{
    return i < b->nbits && (b->w[word_idx(i)] & bit_mask(i)) != 0;
}

void bitset_fill(bitset *b, int value)
{
    memset(b->w, value ? 0xff : 0, b->nwords * sizeof(word_t));
    trim(b);
}

void bitset_set_range(bitset *b, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi && i < b->nbits; i++)
        bitset_set(b, i);
}

size_t bitset_count(const bitset *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->nwords; i++)
        n += (size_t)popcount64(b->w[i]);
    return n;
}

int bitset_any(const bitset *b)
{
    for (size_t i = 0; i < b->nwords; i++)
        if (b->w[i])
            return 1;
    return 0;
}

/* Returns the index of the next set bit at or after `from`, or nbits. */
size_t bitset_next(const bitset *b, size_t from)
{
    if (from >= b->nbits)
        return b->nbits;
    size_t wi = word_idx(from);
    word_t cur = b->w[wi] & (~(word_t)0 << (from % WORD_BITS));
    for (;;) {
        if (cur) {
            size_t r = wi * WORD_BITS + (size_t)ctz64(cur);
            return r < b->nbits ? r : b->nbits;
        }
        if (++wi >= b->nwords)
            return b->nbits;
        cur = b->w[wi];
    }
}

typedef void (*bit_visit)(size_t idx, void *ctx);

void bitset_foreach(const bitset *b, bit_visit fn, void *ctx)
{
    for (size_t i = bitset_next(b, 0); i < b->nbits; i = bitset_next(b, i + 1))
        fn(i, ctx);
}

typedef word_t (*word_op)(word_t, word_t);

static word_t w_and(word_t a, word_t b) { return a & b; }
static word_t w_or(word_t a, word_t b) { return a | b; }
static word_t w_xor(word_t a, word_t b) { return a ^ b; }
static word_t w_andnot(word_t a, word_t b) { return a & ~b; }

static int combine(bitset *dst, const bitset *src, word_op op)
{
    if (dst->nbits != src->nbits)
        return -1;
    for (size_t i = 0; i < dst->nwords; i++)
        dst->w[i] = op(dst->w[i], src->w[i]);
    trim(dst);
    return 0;
}

int bitset_and(bitset *d, const bitset *s) { return combine(d, s, w_and); }
int bitset_or(bitset *d, const bitset *s) { return combine(d, s, w_or); }
int bitset_xor(bitset *d, const bitset *s) { return combine(d, s, w_xor); }
int bitset_andnot(bitset *d, const bitset *s) { return combine(d, s, w_andnot); }

void bitset_not(bitset *b)
{
    for (size_t i = 0; i < b->nwords; i++)
        b->w[i] = ~b->w[i];
    trim(b);
}

int bitset_equal(const bitset *a, const bitset *b)
{
    if (a->nbits != b->nbits)
        return 0;
    return memcmp(a->w, b->w, a->nwords * sizeof(word_t)) == 0;
}

int bitset_is_subset(const bitset *a, const bitset *b)
{
    if (a->nbits != b->nbits)
        return 0;
    for (size_t i = 0; i < a->nwords; i++)
        if (a->w[i] & ~b->w[i])
            return 0;
    return 1;
}

/* Jaccard similarity |A&B| / |A|B| */
double bitset_jaccard(const bitset *a, const bitset *b)
{
    size_t inter = 0, uni = 0;
    if (a->nbits != b->nbits)
        return 0.0;
    for (size_t i = 0; i < a->nwords; i++) {
        inter += (size_t)popcount64(a->w[i] & b->w[i]);
        uni += (size_t)popcount64(a->w[i] | b->w[i]);
    }
    return uni ? (double)inter / (double)uni : 1.0;
}

/* ---------------- sieve ---------------- */

static void count_visit(size_t idx, void *ctx)
{
    (void)idx;
    (*(size_t *)ctx)++;
}

typedef struct {
    unsigned long long sum;
    size_t last;
} sum_ctx;

static void sum_visit(size_t idx, void *ctx)
{
    sum_ctx *s = ctx;
    s->sum += idx;
    s->last = idx;
}

size_t sieve_primes(size_t limit, unsigned long long *sum_out, size_t *largest)
{
    bitset composite;
    size_t count = 0;
    if (limit < 2 || bitset_init(&composite, limit + 1) != 0)
        return 0;
    bitset_set(&composite, 0);
    bitset_set(&composite, 1);
    for (size_t p = 2; p * p <= limit; p++)
        if (!bitset_test(&composite, p))
            for (size_t m = p * p; m <= limit; m += p)
                bitset_set(&composite, m);
    bitset_not(&composite);
    bitset_foreach(&composite, count_visit, &count);
    if (sum_out || largest) {
        sum_ctx s = {0, 0};
        bitset_foreach(&composite, sum_visit, &s);
        if (sum_out)
            *sum_out = s.sum;
        if (largest)
            *largest = s.last;
    }
    bitset_free(&composite);
    return count;
}
