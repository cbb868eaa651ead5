/*
 * string_builder.c - growable string buffer with formatting helpers,
 * escaping, joining, trimming and simple search/replace.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *buf;
    size_t len;
    size_t cap;
    int oom;
} strbuf;

static inline size_t sb_max(size_t a, size_t b) { return a > b ? a : b; }

static inline int sb_failed(const strbuf *sb) { return sb->oom; }

static int sb_grow(strbuf *sb, size_t need)
{
    if (sb->oom)
        return -1;
    if (sb->len + need + 1 <= sb->cap)
        return 0;
    size_t nc = sb_max(sb->cap * 2, sb->len + need + 1);
    nc = sb_max(nc, 32);
    char *nb = realloc(sb->buf, nc);
    if (!nb) {
        sb->oom = 1;
        return -1;
    }
    sb->buf = nb;
    sb->cap = nc;
    return 0;
}

static inline void sb_terminate(strbuf *sb)
{
    if (sb->buf)
        sb->buf[sb->len] = '\0';
}

void sb_init(strbuf *sb)
{
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    sb->oom = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->buf);
    sb_init(sb);
}

void sb_clear(strbuf *sb)
{
    sb->len = 0;
    sb_terminate(sb);
}

const char *sb_cstr(strbuf *sb)
{
    if (!sb->buf && sb_grow(sb, 0) != 0)
        return "";
    sb_terminate(sb);
    return sb->buf;
}

size_t sb_length(const strbuf *sb) { return sb->len; }

int sb_append_n(strbuf *sb, const char *s, size_t n)
{
    if (sb_grow(sb, n) != 0)
        return -1;
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb_terminate(sb);
    return 0;
}

int sb_append(strbuf *sb, const char *s)
{
    return sb_append_n(sb, s, strlen(s));
}

int sb_putc(strbuf *sb, char c)
{
    return sb_append_n(sb, &c, 1);
}

int sb_repeat(strbuf *sb, char c, size_t n)
{
    if (sb_grow(sb, n) != 0)
        return -1;
    memset(sb->buf + sb->len, c, n);
    sb->len += n;
    sb_terminate(sb);
    return 0;
}

int sb_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return -1;
    if (sb_grow(sb, (size_t)n) != 0)
        return -1;
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
    return n;
}

int sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = sb_vprintf(sb, fmt, ap);
    va_end(ap);
    return n;
}

static const char hexdig[] = "0123456789abcdef";

static void sb_put_hex_byte(strbuf *sb, unsigned char c)
{
    sb_putc(sb, hexdig[c >> 4]);
    sb_putc(sb, hexdig[c & 15]);
}

static inline int needs_json_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

int sb_append_json_string(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!needs_json_escape(c)) {
            sb_putc(sb, (char)c);
            continue;
        }
        switch (c) {
        case '"': sb_append(sb, "\\\""); break;
        case '\\': sb_append(sb, "\\\\"); break;
        case '\n': sb_append(sb, "\\n"); break;
        case '\r': sb_append(sb, "\\r"); break;
        case '\t': sb_append(sb, "\\t"); break;
        case '\b': sb_append(sb, "\\b"); break;
        case '\f': sb_append(sb, "\\f"); break;
        default:
            sb_append(sb, "\\u00");
            sb_put_hex_byte(sb, c);
            break;
        }
    }
    sb_putc(sb, '"');
    return sb_failed(sb) ? -1 : 0;
}

int sb_append_hex(strbuf *sb, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        sb_put_hex_byte(sb, p[i]);
    return sb_failed(sb) ? -1 : 0;
}

int sb_join(strbuf *sb, const char *const *parts, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_append(sb, sep);
        sb_append(sb, parts[i]);
    }
    return sb_failed(sb) ? -1 : 0;
}

static inline int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void sb_trim(strbuf *sb)
{
    size_t start = 0;
    while (start < sb->len && is_space(sb->buf[start]))
        start++;
    size_t end = sb->len;
    while (end > start && is_space(sb->buf[end - 1]))
        end--;
    if (start > 0)
        memmove(sb->buf, sb->buf + start, end - start);
    sb->len = end - start;
    sb_terminate(sb);
}

void sb_reverse(strbuf *sb)
{
    if (sb->len < 2)
        return;
    for (size_t i = 0, j = sb->len - 1; i < j; i++, j--) {
        char t = sb->buf[i];
        sb->buf[i] = sb->buf[j];
        sb->buf[j] = t;
    }
}

static inline char to_upper_ascii(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
}

static inline char to_lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

void sb_upper(strbuf *sb)
{
    for (size_t i = 0; i < sb->len; i++)
        sb->buf[i] = to_upper_ascii(sb->buf[i]);
}

void sb_lower(strbuf *sb)
{
    for (size_t i = 0; i < sb->len; i++)
        sb->buf[i] = to_lower_ascii(sb->buf[i]);
}

/* Replace every occurrence of `from` with `to`; returns count. */
int sb_replace_all(strbuf *sb, const char *from, const char *to)
{
    size_t flen = strlen(from);
    if (flen == 0 || sb->len == 0)
        return 0;
    strbuf out;
    sb_init(&out);
    int count = 0;
    size_t i = 0;
    while (i < sb->len) {
        if (i + flen <= sb->len && memcmp(sb->buf + i, from, flen) == 0) {
            sb_append(&out, to);
            i += flen;
            count++;
        } else {
            sb_putc(&out, sb->buf[i]);
            i++;
        }
    }
    if (sb_failed(&out)) {
        sb_free(&out);
        return -1;
    }
    free(sb->buf);
    *sb = out;
    return count;
}

char *sb_detach(strbuf *sb)
{
    char *s = (char *)sb_cstr(sb);
    if (sb->buf == NULL)
        return NULL;
    s = sb->buf;
    sb_init(sb);
    return s;
}

char *str_format_list(const int *vals, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    sb_putc(&sb, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_append(&sb, ", ");
        sb_printf(&sb, "%d", vals[i]);
    }
    sb_putc(&sb, ']');
    return sb_detach(&sb);
}
