/*
 * crc_checksums.c - assorted checksum and non-cryptographic hash functions:
 * CRC-32 (table and bitwise), CRC-16/CCITT, Adler-32, Fletcher-16,
 * FNV-1a (32/64), djb2, sdbm, MurmurHash3 x86_32 and a xorshift mixer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static uint32_t crc32_table[256];
static int crc32_table_ready;

static inline uint32_t rotl32(uint32_t x, int r)
{
    return (x << r) | (x >> (32 - r));
}

static inline uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
           ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint32_t crc32_byte_step(uint32_t c)
{
    for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    return c;
}

static void crc32_build_table(void)
{
    for (uint32_t n = 0; n < 256; n++)
        crc32_table[n] = crc32_byte_step(n);
    crc32_table_ready = 1;
}

static inline void crc32_ensure_table(void)
{
    if (!crc32_table_ready)
        crc32_build_table();
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
    const uint8_t *p = data;
    crc32_ensure_table();
    crc = ~crc;
    while (len--)
        crc = crc32_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint32_t crc32_bitwise(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = crc32_byte_step(crc & 0xff) ^ (crc >> 8);
    }
    return ~crc;
}

uint32_t crc32_of_string(const char *s)
{
    return crc32_update(0, s, strlen(s));
}

static uint16_t crc16_step(uint16_t crc, uint8_t b)
{
    crc ^= (uint16_t)b << 8;
    for (int i = 0; i < 8; i++)
        crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    return crc;
}

uint16_t crc16_ccitt(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint16_t crc = 0xFFFF;
    for (size_t i = 0; i < len; i++)
        crc = crc16_step(crc, p[i]);
    return crc;
}

#define ADLER_MOD 65521u
#define ADLER_NMAX 5552

uint32_t adler32_update(uint32_t adler, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t a = adler & 0xffff, b = adler >> 16;
    while (len > 0) {
        size_t n = len < ADLER_NMAX ? len : ADLER_NMAX;
        len -= n;
        while (n--) {
            a += *p++;
            b += a;
        }
        a %= ADLER_MOD;
        b %= ADLER_MOD;
    }
    return (b << 16) | a;
}

uint32_t adler32(const void *data, size_t len)
{
    return adler32_update(1, data, len);
}

uint16_t fletcher16(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint16_t s1 = 0, s2 = 0;
    for (size_t i = 0; i < len; i++) {
        s1 = (uint16_t)((s1 + p[i]) % 255);
        s2 = (uint16_t)((s2 + s1) % 255);
    }
    return (uint16_t)((s2 << 8) | s1);
}

static inline uint32_t fnv1a32_step(uint32_t h, uint8_t b)
{
    return (h ^ b) * 16777619u;
}

static inline uint64_t fnv1a64_step(uint64_t h, uint8_t b)
{
    return (h ^ b) * 1099511628211ull;
}

uint32_t fnv1a32(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = fnv1a32_step(h, p[i]);
    return h;
}

uint64_t fnv1a64(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < len; i++)
        h = fnv1a64_step(h, p[i]);
    return h;
}

uint32_t fnv1a32_str(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = fnv1a32_step(h, (uint8_t)*s++);
    return h;
}

uint32_t djb2_hash(const char *s)
{
    uint32_t h = 5381;
    int c;
    while ((c = (unsigned char)*s++) != 0)
        h = ((h << 5) + h) + (uint32_t)c;
    return h;
}

uint32_t sdbm_hash(const char *s)
{
    uint32_t h = 0;
    int c;
    while ((c = (unsigned char)*s++) != 0)
        h = (uint32_t)c + (h << 6) + (h << 16) - h;
    return h;
}

static inline uint32_t murmur_scramble(uint32_t k)
{
    k *= 0xcc9e2d51u;
    k = rotl32(k, 15);
    k *= 0x1b873593u;
    return k;
}

static inline uint32_t fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

uint32_t murmur3_32(const void *key, size_t len, uint32_t seed)
{
    const uint8_t *data = key;
    size_t nblocks = len / 4;
    uint32_t h = seed;
    for (size_t i = 0; i < nblocks; i++) {
        h ^= murmur_scramble(load_le32(data + i * 4));
        h = rotl32(h, 13);
        h = h * 5 + 0xe6546b64u;
    }
    const uint8_t *tail = data + nblocks * 4;
    uint32_t k = 0;
    switch (len & 3) {
    case 3: k ^= (uint32_t)tail[2] << 16; /* fall through */
    case 2: k ^= (uint32_t)tail[1] << 8;  /* fall through */
    case 1: k ^= tail[0];
        h ^= murmur_scramble(k);
        break;
    default:
        break;
    }
    h ^= (uint32_t)len;
    return fmix32(h);
}

uint64_t xorshift_mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

typedef uint32_t (*hash32_fn)(const void *, size_t);

typedef struct {
    const char *name;
    hash32_fn fn;
} hash_entry;

static uint32_t crc32_plain(const void *d, size_t n) { return crc32_update(0, d, n); }
static uint32_t murmur_plain(const void *d, size_t n) { return murmur3_32(d, n, 0x9747b28cu); }
static uint32_t fletcher_plain(const void *d, size_t n) { return fletcher16(d, n); }
static uint32_t crc16_plain(const void *d, size_t n) { return crc16_ccitt(d, n); }

static const hash_entry hash_table[] = {
    {"crc32", crc32_plain},
    {"crc32-bitwise", crc32_bitwise},
    {"adler32", adler32},
    {"fnv1a32", fnv1a32},
    {"murmur3", murmur_plain},
    {"fletcher16", fletcher_plain},
    {"crc16", crc16_plain},
};

size_t checksum_algorithm_count(void)
{
    return sizeof(hash_table) / sizeof(hash_table[0]);
}

const char *checksum_algorithm_name(size_t i)
{
    return i < checksum_algorithm_count() ? hash_table[i].name : NULL;
}

int checksum_by_name(const char *name, const void *data, size_t len, uint32_t *out)
{
    for (size_t i = 0; i < checksum_algorithm_count(); i++) {
        if (strcmp(hash_table[i].name, name) == 0) {
            *out = hash_table[i].fn(data, len);
            return 0;
        }
    }
    return -1;
}

/* Quick self-check against well-known test vectors; returns mismatches. */
int checksum_self_test(void)
{
    static const char v[] = "123456789";
    int bad = 0;
    bad += crc32_update(0, v, 9) != 0xCBF43926u;
    bad += crc32_bitwise(v, 9) != 0xCBF43926u;
    bad += crc16_ccitt(v, 9) != 0x29B1;
    bad += adler32(v, 9) != 0x091E01DEu;
    bad += fnv1a32("", 0) != 2166136261u;
    bad += fletcher16("abcde", 5) != 0xC8F0;
    return bad;
}
