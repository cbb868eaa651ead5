/*
 * rle_lz_compress.c - two small lossless compressors:
 *   - PackBits-style run-length encoding
 *   - LZ77 with a hash-chained match finder and a byte-oriented token format
 * Both with matching decoders and bounds-checked writers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t *p;
    size_t cap;
    size_t len;
    int overflow;
} writer;

static inline void w_init(writer *w, uint8_t *p, size_t cap)
{
    w->p = p;
    w->cap = cap;
    w->len = 0;
    w->overflow = 0;
}

static inline void w_byte(writer *w, uint8_t b)
{
    if (w->len < w->cap)
        w->p[w->len] = b;
    else
        w->overflow = 1;
    w->len++;
}

static inline void w_bytes(writer *w, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        w_byte(w, src[i]);
}

static inline void w_varint(writer *w, size_t v)
{
    while (v >= 0x80) {
        w_byte(w, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    w_byte(w, (uint8_t)v);
}

static inline long w_result(const writer *w)
{
    return w->overflow ? -1 : (long)w->len;
}

static int r_varint(const uint8_t *in, size_t n, size_t *pos, size_t *out)
{
    size_t v = 0;
    int shift = 0;
    while (*pos < n && shift < 63) {
        uint8_t b = in[(*pos)++];
        v |= (size_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return 0;
        }
        shift += 7;
    }
    return -1;
}

/* ---------------- RLE (PackBits) ---------------- */

static size_t run_length(const uint8_t *in, size_t n, size_t i)
{
    size_t r = 1;
    while (i + r < n && r < 128 && in[i + r] == in[i])
        r++;
    return r;
}

long rle_encode(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    writer w;
    w_init(&w, out, cap);
    size_t i = 0;
    while (i < n) {
        size_t run = run_length(in, n, i);
        if (run >= 3) {
            w_byte(&w, (uint8_t)(257 - run));
            w_byte(&w, in[i]);
            i += run;
            continue;
        }
        size_t start = i;
        while (i < n && i - start < 128 && run_length(in, n, i) < 3)
            i++;
        w_byte(&w, (uint8_t)(i - start - 1));
        w_bytes(&w, in + start, i - start);
    }
    return w_result(&w);
}

long rle_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    writer w;
    w_init(&w, out, cap);
    size_t i = 0;
    while (i < n) {
        uint8_t h = in[i++];
        if (h < 128) {
            size_t lit = (size_t)h + 1;
            if (i + lit > n)
                return -1;
            w_bytes(&w, in + i, lit);
            i += lit;
        } else if (h > 128) {
            if (i >= n)
                return -1;
            size_t run = 257 - (size_t)h;
            for (size_t k = 0; k < run; k++)
                w_byte(&w, in[i]);
            i++;
        }
    }
    return w_result(&w);
}

/* ---------------- LZ77 ---------------- */

#define LZ_WINDOW 4096
#define LZ_MIN_MATCH 4
#define LZ_MAX_MATCH 255
#define LZ_HASH_BITS 12
#define LZ_MAX_CHAIN 32

static inline uint32_t hash4(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    return (v * 2654435761u) >> (32 - LZ_HASH_BITS);
}

static inline size_t match_len(const uint8_t *a, const uint8_t *b, size_t max)
{
    size_t k = 0;
    while (k < max && a[k] == b[k])
        k++;
    return k;
}

typedef struct {
    int32_t head[1 << LZ_HASH_BITS];
    int32_t *prev;
} lz_index;

static void lz_insert(lz_index *ix, const uint8_t *in, size_t pos)
{
    uint32_t h = hash4(in + pos);
    ix->prev[pos] = ix->head[h];
    ix->head[h] = (int32_t)pos;
}

static size_t lz_find(const lz_index *ix, const uint8_t *in, size_t n, size_t pos, size_t *dist)
{
    size_t best = 0, maxlen = n - pos < LZ_MAX_MATCH ? n - pos : LZ_MAX_MATCH;
    int32_t cand = ix->head[hash4(in + pos)];
    for (int chain = 0; cand >= 0 && chain < LZ_MAX_CHAIN; chain++) {
        if (pos - (size_t)cand > LZ_WINDOW)
            break;
        size_t l = match_len(in + cand, in + pos, maxlen);
        if (l > best) {
            best = l;
            *dist = pos - (size_t)cand;
            if (l == maxlen)
                break;
        }
        cand = ix->prev[cand];
    }
    return best;
}

static void flush_literals(writer *w, const uint8_t *in, size_t start, size_t end)
{
    if (end > start) {
        w_byte(w, 0);
        w_varint(w, end - start);
        w_bytes(w, in + start, end - start);
    }
}

/* Token format: 0, varint(len), bytes = literals; L(>=4), varint(dist) = match */
long lz_compress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    lz_index *ix = malloc(sizeof(*ix));
    writer w;
    long rc = -1;
    if (!ix)
        return -1;
    ix->prev = malloc((n ? n : 1) * sizeof(int32_t));
    if (!ix->prev)
        goto done;
    memset(ix->head, 0xff, sizeof(ix->head));
    w_init(&w, out, cap);
    size_t i = 0, lit_start = 0;
    while (i < n) {
        size_t dist = 0, len = 0;
        if (i + LZ_MIN_MATCH <= n) {
            len = lz_find(ix, in, n, i, &dist);
            lz_insert(ix, in, i);
        }
        if (len >= LZ_MIN_MATCH) {
            flush_literals(&w, in, lit_start, i);
            w_byte(&w, (uint8_t)len);
            w_varint(&w, dist);
            for (size_t k = 1; k < len; k++)
                if (i + k + LZ_MIN_MATCH <= n)
                    lz_insert(ix, in, i + k);
            i += len;
            lit_start = i;
        } else {
            i++;
        }
    }
    flush_literals(&w, in, lit_start, n);
    rc = w_result(&w);
done:
    free(ix->prev);
    free(ix);
    return rc;
}

long lz_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t tag = in[i++];
        size_t v;
        if (r_varint(in, n, &i, &v) != 0)
            return -1;
        if (tag == 0) {
            if (i + v > n || o + v > cap)
                return -1;
            memcpy(out + o, in + i, v);
            i += v;
            o += v;
        } else {
            size_t len = tag;
            if (v == 0 || v > o || o + len > cap)
                return -1;
            for (size_t k = 0; k < len; k++, o++)
                out[o] = out[o - v]; /* may overlap */
        }
    }
    return (long)o;
}

/* Compress + decompress and verify; returns compressed size or -1. */
long lz_roundtrip_check(const uint8_t *in, size_t n)
{
    size_t cap = n + n / 2 + 16;
    uint8_t *c = malloc(cap), *d = malloc(n + 1);
    long res = -1;
    if (!c || !d)
        goto out;
    long cn = lz_compress(in, n, c, cap);
    if (cn < 0)
        goto out;
    long dn = lz_decompress(c, (size_t)cn, d, n + 1);
    if (dn == (long)n && memcmp(d, in, n) == 0)
        res = cn;
out:
    free(c);
    free(d);
    return res;
}
