/*
 * escape_decoder.c - decode and encode C-style string escapes, URL
 * percent-encoding and HTML entities.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum {
    ESC_OK = 0,
    ESC_TRUNCATED,
    ESC_BAD_ESCAPE,
    ESC_BAD_HEX,
    ESC_OVERFLOW
} esc_status;

static inline int hex_val(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static inline int is_oct(int c) { return c >= '0' && c <= '7'; }

static inline char hex_digit(unsigned v, int upper)
{
    return (upper ? "0123456789ABCDEF" : "0123456789abcdef")[v & 15];
}

typedef struct {
    char *out;
    size_t cap;
    size_t len;
    int overflow;
} out_buf;

static inline void put(out_buf *o, char c)
{
    if (o->len + 1 < o->cap)
        o->out[o->len] = c;
    else
        o->overflow = 1;
    o->len++;
}

static void put_utf8(out_buf *o, uint32_t cp)
{
    if (cp < 0x80) {
        put(o, (char)cp);
    } else if (cp < 0x800) {
        put(o, (char)(0xC0 | (cp >> 6)));
        put(o, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        put(o, (char)(0xE0 | (cp >> 12)));
        put(o, (char)(0x80 | ((cp >> 6) & 0x3F)));
        put(o, (char)(0x80 | (cp & 0x3F)));
    } else {
        put(o, (char)(0xF0 | (cp >> 18)));
        put(o, (char)(0x80 | ((cp >> 12) & 0x3F)));
        put(o, (char)(0x80 | ((cp >> 6) & 0x3F)));
        put(o, (char)(0x80 | (cp & 0x3F)));
    }
}

static void finish(out_buf *o)
{
    if (o->cap)
        o->out[o->len < o->cap ? o->len : o->cap - 1] = '\0';
}

static int read_hex(const char *s, size_t n, size_t count, size_t *pos, uint32_t *val)
{
    uint32_t v = 0;
    for (size_t k = 0; k < count; k++) {
        if (*pos >= n)
            return -1;
        int h = hex_val((unsigned char)s[*pos]);
        if (h < 0)
            return -1;
        v = (v << 4) | (uint32_t)h;
        (*pos)++;
    }
    *val = v;
    return 0;
}

esc_status c_unescape(const char *s, size_t n, char *out, size_t cap, size_t *out_len)
{
    out_buf o = {out, cap, 0, 0};
    esc_status st = ESC_OK;
    size_t i = 0;
    while (i < n) {
        char c = s[i++];
        if (c != '\\') {
            put(&o, c);
            continue;
        }
        if (i >= n) {
            st = ESC_TRUNCATED;
            break;
        }
        char e = s[i++];
        uint32_t v;
        switch (e) {
        case 'n': put(&o, '\n'); break;
        case 't': put(&o, '\t'); break;
        case 'r': put(&o, '\r'); break;
        case 'a': put(&o, '\a'); break;
        case 'b': put(&o, '\b'); break;
        case 'f': put(&o, '\f'); break;
        case 'v': put(&o, '\v'); break;
        case 'e': put(&o, 27); break;
        case '\\': put(&o, '\\'); break;
        case '\'': put(&o, '\''); break;
        case '"': put(&o, '"'); break;
        case '?': put(&o, '?'); break;
        case 'x': {
            size_t start = i;
            v = 0;
            while (i < n && hex_val((unsigned char)s[i]) >= 0 && i - start < 2)
                v = (v << 4) | (uint32_t)hex_val((unsigned char)s[i++]);
            if (i == start) {
                st = ESC_BAD_HEX;
                goto done;
            }
            put(&o, (char)v);
            break;
        }
        case 'u':
            if (read_hex(s, n, 4, &i, &v) != 0) {
                st = ESC_BAD_HEX;
                goto done;
            }
            put_utf8(&o, v);
            break;
        case 'U':
            if (read_hex(s, n, 8, &i, &v) != 0 || v > 0x10FFFF) {
                st = ESC_BAD_HEX;
                goto done;
            }
            put_utf8(&o, v);
            break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7': {
            v = (uint32_t)(e - '0');
            for (int k = 0; k < 2 && i < n && is_oct((unsigned char)s[i]); k++)
                v = v * 8 + (uint32_t)(s[i++] - '0');
            put(&o, (char)(v & 0xff));
            break;
        }
        default:
            st = ESC_BAD_ESCAPE;
            goto done;
        }
    }
done:
    finish(&o);
    if (out_len)
        *out_len = o.len;
    if (st == ESC_OK && o.overflow)
        st = ESC_OVERFLOW;
    return st;
}

size_t c_escape(const char *s, size_t n, char *out, size_t cap)
{
    out_buf o = {out, cap, 0, 0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\n': put(&o, '\\'); put(&o, 'n'); break;
        case '\t': put(&o, '\\'); put(&o, 't'); break;
        case '\r': put(&o, '\\'); put(&o, 'r'); break;
        case '\\': put(&o, '\\'); put(&o, '\\'); break;
        case '"': put(&o, '\\'); put(&o, '"'); break;
        default:
            if (c < 0x20 || c >= 0x7f) {
                put(&o, '\\');
                put(&o, 'x');
                put(&o, hex_digit(c >> 4, 0));
                put(&o, hex_digit(c, 0));
            } else {
                put(&o, (char)c);
            }
        }
    }
    finish(&o);
    return o.len;
}

static inline int url_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
}

size_t url_encode(const char *s, char *out, size_t cap)
{
    out_buf o = {out, cap, 0, 0};
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (url_unreserved(c)) {
            put(&o, (char)c);
        } else {
            put(&o, '%');
            put(&o, hex_digit(c >> 4, 1));
            put(&o, hex_digit(c, 1));
        }
    }
    finish(&o);
    return o.len;
}

esc_status url_decode(const char *s, char *out, size_t cap, int plus_is_space)
{
    out_buf o = {out, cap, 0, 0};
    size_t n = strlen(s), i = 0;
    while (i < n) {
        char c = s[i++];
        if (c == '+' && plus_is_space) {
            put(&o, ' ');
        } else if (c == '%') {
            uint32_t v;
            if (read_hex(s, n, 2, &i, &v) != 0) {
                finish(&o);
                return ESC_BAD_HEX;
            }
            put(&o, (char)v);
        } else {
            put(&o, c);
        }
    }
    finish(&o);
    return o.overflow ? ESC_OVERFLOW : ESC_OK;
}

static const struct {
    const char *name;
    uint32_t cp;
} html_entities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"nbsp", 0xA0}, {"copy", 0xA9}, {"reg", 0xAE}, {"euro", 0x20AC},
};

static int lookup_entity(const char *name, size_t len, uint32_t *cp)
{
    for (size_t k = 0; k < sizeof(html_entities) / sizeof(html_entities[0]); k++) {
        if (strlen(html_entities[k].name) == len &&
            memcmp(html_entities[k].name, name, len) == 0) {
            *cp = html_entities[k].cp;
            return 1;
        }
    }
    return 0;
}

size_t html_unescape(const char *s, char *out, size_t cap)
{
    out_buf o = {out, cap, 0, 0};
    while (*s) {
        if (*s == '&') {
            const char *semi = strchr(s, ';');
            uint32_t cp = 0;
            if (semi && semi - s <= 10) {
                const char *name = s + 1;
                size_t len = (size_t)(semi - name);
                int ok = 0;
                if (len > 1 && name[0] == '#') {
                    size_t pos = (name[1] == 'x') ? 2 : 1;
                    cp = 0;
                    ok = pos < len;
                    for (size_t k = pos; k < len && ok; k++) {
                        int d = pos == 2 ? hex_val((unsigned char)name[k])
                                         : (name[k] >= '0' && name[k] <= '9' ? name[k] - '0' : -1);
                        if (d < 0)
                            ok = 0;
                        else
                            cp = cp * (pos == 2 ? 16u : 10u) + (uint32_t)d;
                    }
                } else {
                    ok = lookup_entity(name, len, &cp);
                }
                if (ok && cp <= 0x10FFFF) {
                    put_utf8(&o, cp);
                    s = semi + 1;
                    continue;
                }
            }
        }
        put(&o, *s++);
    }
    finish(&o);
    return o.len;
}
