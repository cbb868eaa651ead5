/*
 * base64_codec.c - Base64 (standard and URL-safe), Base32 and hex codecs
 * with streaming-friendly block helpers and strict validation.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *alphabet;
    int pad;
} b64_variant;

static const b64_variant B64_STD = {
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 1};
static const b64_variant B64_URL = {
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 0};

static const char B32_ALPHA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static inline size_t b64_encoded_len(size_t n, int pad)
{
    return pad ? ((n + 2) / 3) * 4 : (n * 4 + 2) / 3;
}

static inline int b64_value(const b64_variant *v, char c)
{
    const char *p = c ? strchr(v->alphabet, c) : NULL;
    return p ? (int)(p - v->alphabet) : -1;
}

static void encode_block(const b64_variant *v, const uint8_t in[3], size_t n, char out[4])
{
    uint32_t t = (uint32_t)in[0] << 16;
    if (n > 1) t |= (uint32_t)in[1] << 8;
    if (n > 2) t |= in[2];
    out[0] = v->alphabet[(t >> 18) & 63];
    out[1] = v->alphabet[(t >> 12) & 63];
    out[2] = n > 1 ? v->alphabet[(t >> 6) & 63] : '=';
    out[3] = n > 2 ? v->alphabet[t & 63] : '=';
}

static size_t encode_with(const b64_variant *v, const void *data, size_t len, char *out, size_t cap)
{
    const uint8_t *p = data;
    size_t need = b64_encoded_len(len, v->pad);
    if (cap < need + 1)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        size_t n = len - i < 3 ? len - i : 3;
        char blk[4];
        encode_block(v, p + i, n, blk);
        size_t emit = v->pad ? 4 : n + 1;
        memcpy(out + o, blk, emit);
        o += emit;
    }
    out[o] = '\0';
    return o;
}

static long decode_with(const b64_variant *v, const char *s, size_t len, uint8_t *out, size_t cap)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0, i = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '=')
            break;
        if (c == '\n' || c == '\r')
            continue;
        int val = b64_value(v, c);
        if (val < 0)
            return -1;
        acc = (acc << 6) | (uint32_t)val;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o >= cap)
                return -1;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    /* only '=' may follow padding */
    for (; i < len; i++)
        if (s[i] != '=' && s[i] != '\n' && s[i] != '\r')
            return -1;
    return (long)o;
}

size_t base64_encode(const void *data, size_t len, char *out, size_t cap)
{
    return encode_with(&B64_STD, data, len, out, cap);
}

size_t base64url_encode(const void *data, size_t len, char *out, size_t cap)
{
    return encode_with(&B64_URL, data, len, out, cap);
}

long base64_decode(const char *s, uint8_t *out, size_t cap)
{
    return decode_with(&B64_STD, s, strlen(s), out, cap);
}

long base64url_decode(const char *s, uint8_t *out, size_t cap)
{
    return decode_with(&B64_URL, s, strlen(s), out, cap);
}

/* ---------------- base32 ---------------- */

static inline int b32_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return -1;
}

size_t base32_encode(const void *data, size_t len, char *out, size_t cap)
{
    const uint8_t *p = data;
    size_t need = ((len + 4) / 5) * 8;
    if (cap < need + 1)
        return 0;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 8) | p[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[o++] = B32_ALPHA[(acc >> bits) & 31];
        }
    }
    if (bits > 0)
        out[o++] = B32_ALPHA[(acc << (5 - bits)) & 31];
    while (o % 8)
        out[o++] = '=';
    out[o] = '\0';
    return o;
}

long base32_decode(const char *s, uint8_t *out, size_t cap)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (; *s && *s != '='; s++) {
        int v = b32_value(*s);
        if (v < 0)
            return -1;
        acc = (acc << 5) | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            if (o >= cap)
                return -1;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    return (long)o;
}

/* ---------------- hex ---------------- */

static inline char nibble_hex(unsigned v) { return "0123456789abcdef"[v & 15]; }

static inline int hex_nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

size_t hex_encode(const void *data, size_t len, char *out, size_t cap)
{
    const uint8_t *p = data;
    if (cap < len * 2 + 1)
        return 0;
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = nibble_hex(p[i] >> 4);
        out[2 * i + 1] = nibble_hex(p[i]);
    }
    out[len * 2] = '\0';
    return len * 2;
}

long hex_decode(const char *s, uint8_t *out, size_t cap)
{
    size_t n = strlen(s);
    if (n % 2 || n / 2 > cap)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_nibble(s[2 * i]), lo = hex_nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)((hi << 4) | lo);
    }
    return (long)(n / 2);
}

/* ---------------- round-trip self test ---------------- */

typedef size_t (*enc_fn)(const void *, size_t, char *, size_t);
typedef long (*dec_fn)(const char *, uint8_t *, size_t);

static int roundtrip(enc_fn enc, dec_fn dec, const uint8_t *data, size_t len)
{
    char text[512];
    uint8_t back[256];
    if (len > sizeof back)
        return 0;
    if (enc(data, len, text, sizeof text) == 0 && len)
        return 0;
    long n = dec(text, back, sizeof back);
    return n == (long)len && memcmp(back, data, len) == 0;
}

int codec_self_test(void)
{
    static const struct { enc_fn e; dec_fn d; } codecs[] = {
        {base64_encode, base64_decode},
        {base64url_encode, base64url_decode},
        {base32_encode, base32_decode},
        {hex_encode, hex_decode},
    };
    uint8_t data[64];
    int failures = 0;
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 37u + 11u);
    for (size_t c = 0; c < sizeof codecs / sizeof codecs[0]; c++)
        for (size_t len = 0; len <= sizeof data; len += 7)
            failures += !roundtrip(codecs[c].e, codecs[c].d, data, len);
    char buf[32];
    base64_encode("foobar", 6, buf, sizeof buf);
    failures += strcmp(buf, "Zm9vYmFy") != 0;
    base32_encode("foo", 3, buf, sizeof buf);
    failures += strcmp(buf, "MZXW6===") != 0;
    return failures;
}
