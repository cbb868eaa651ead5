/*
 * utf8_utils.c - UTF-8 decoding/encoding, validation, code point counting,
 * UTF-16 conversion, simple case folding for Latin-1/Greek/Cyrillic ranges
 * and display-width estimation.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu

static inline int is_cont(uint8_t b) { return (b & 0xC0) == 0x80; }
static inline int is_surrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }
static inline int is_valid_cp(uint32_t cp) { return cp <= 0x10FFFF && !is_surrogate(cp); }

static inline int seq_len(uint8_t lead)
{
    if (lead < 0x80) return 1;
    if (lead < 0xC2) return 0;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    if (lead < 0xF5) return 4;
    return 0;
}

static inline uint32_t min_for_len(int n)
{
    switch (n) {
    case 2: return 0x80;
    case 3: return 0x800;
    case 4: return 0x10000;
    default: return 0;
    }
}

/* Decode one code point; returns bytes consumed (>=1). Invalid input yields
 * REPLACEMENT and consumes one byte. */
size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
    if (n == 0) {
        *cp = 0;
        return 0;
    }
    int len = seq_len(s[0]);
    if (len == 0 || (size_t)len > n) {
        *cp = REPLACEMENT;
        return 1;
    }
    if (len == 1) {
        *cp = s[0];
        return 1;
    }
    uint32_t v = s[0] & (0x7Fu >> len);
    for (int i = 1; i < len; i++) {
        if (!is_cont(s[i])) {
            *cp = REPLACEMENT;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3Fu);
    }
    if (v < min_for_len(len) || !is_valid_cp(v)) {
        *cp = REPLACEMENT;
        return 1;
    }
    *cp = v;
    return (size_t)len;
}

size_t utf8_encode(uint32_t cp, uint8_t out[4])
{
    if (!is_valid_cp(cp))
        cp = REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

int utf8_validate(const char *str, size_t n, size_t *bad_offset)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (cp == REPLACEMENT && !(k == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD)) {
            if (bad_offset)
                *bad_offset = i;
            return 0;
        }
        i += k;
    }
    return 1;
}

size_t utf8_count(const char *str, size_t n)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_cont(s[i]))
            count++;
    return count;
}

typedef void (*cp_visit)(uint32_t cp, size_t offset, void *ctx);

void utf8_foreach(const char *str, size_t n, cp_visit fn, void *ctx)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        fn(cp, i, ctx);
        i += k;
    }
}

/* ---------------- UTF-16 ---------------- */

size_t utf8_to_utf16(const char *str, size_t n, uint16_t *out, size_t cap)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x10000) {
            if (o + 2 > cap)
                break;
            cp -= 0x10000;
            out[o++] = (uint16_t)(0xD800 | (cp >> 10));
            out[o++] = (uint16_t)(0xDC00 | (cp & 0x3FF));
        } else {
            if (o + 1 > cap)
                break;
            out[o++] = (uint16_t)cp;
        }
    }
    return o;
}

size_t utf16_to_utf8(const uint16_t *in, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = in[i];
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && in[i + 1] >= 0xDC00 && in[i + 1] <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (in[i + 1] - 0xDC00u);
            i++;
        }
        uint8_t buf[4];
        size_t k = utf8_encode(cp, buf);
        if (o + k >= cap)
            break;
        memcpy(out + o, buf, k);
        o += k;
    }
    if (cap)
        out[o] = '\0';
    return o;
}

/* ---------------- case folding & width ---------------- */

static uint32_t fold_cp(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;   /* Latin-1 */
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32; /* Greek */
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;               /* Cyrillic */
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
    return cp;
}

size_t utf8_casefold(const char *str, size_t n, char *out, size_t cap)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        uint8_t buf[4];
        size_t k = utf8_encode(fold_cp(cp), buf);
        if (o + k >= cap)
            break;
        memcpy(out + o, buf, k);
        o += k;
    }
    if (cap)
        out[o] = '\0';
    return o;
}

int utf8_casecmp(const char *a, const char *b)
{
    const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;
    size_t nx = strlen(a), ny = strlen(b), i = 0, j = 0;
    while (i < nx && j < ny) {
        uint32_t ca, cb;
        i += utf8_decode(x + i, nx - i, &ca);
        j += utf8_decode(y + j, ny - j, &cb);
        ca = fold_cp(ca);
        cb = fold_cp(cb);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return (i < nx) - (j < ny);
}

static int cp_width(uint32_t cp)
{
    if (cp == 0) return 0;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
    if (cp >= 0x300 && cp <= 0x36F) return 0; /* combining marks */
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x1F300 && cp <= 0x1FAFF))
        return 2;
    return 1;
}

static void width_visit(uint32_t cp, size_t off, void *ctx)
{
    (void)off;
    *(size_t *)ctx += (size_t)cp_width(cp);
}

size_t utf8_display_width(const char *s)
{
    size_t w = 0;
    utf8_foreach(s, strlen(s), width_visit, &w);
    return w;
}

/* Truncate to at most max_cols display columns on a code point boundary. */
size_t utf8_truncate_cols(const char *str, size_t max_cols)
{
    const uint8_t *s = (const uint8_t *)str;
    size_t n = strlen(str), i = 0, cols = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        int w = cp_width(cp);
        if (cols + (size_t)w > max_cols)
            break;
        cols += (size_t)w;
        i += k;
    }
    return i;
}
