/*
 * mini_printf.c - a freestanding printf-style formatter writing through a
 * character sink callback. Supports %d %i %u %x %X %o %b %c %s %p %% with
 * flags '-', '0', '+', ' ', '#', width, precision, and l/ll/z/h modifiers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef void (*putc_fn)(char c, void *ctx);

typedef struct {
    putc_fn put;
    void *ctx;
    size_t count;
} out_sink;

typedef struct {
    unsigned left : 1;
    unsigned zero : 1;
    unsigned plus : 1;
    unsigned space : 1;
    unsigned alt : 1;
    unsigned upper : 1;
    int width;
    int precision; /* -1 = none */
    int length;    /* 0 = int, 1 = long, 2 = long long, 3 = size_t, -1 = short */
} fmt_spec;

static inline void emit(out_sink *o, char c)
{
    o->put(c, o->ctx);
    o->count++;
}

static void emit_n(out_sink *o, char c, int n)
{
    while (n-- > 0)
        emit(o, c);
}

static void emit_str(out_sink *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        emit(o, s[i]);
}

static inline int is_digit(char c) { return c >= '0' && c <= '9'; }

static const char *parse_int(const char *p, int *out)
{
    int v = 0;
    while (is_digit(*p))
        v = v * 10 + (*p++ - '0');
    *out = v;
    return p;
}

static size_t utoa_base(uintmax_t v, unsigned base, int upper, char *buf)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t n = 0;
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    /* reverse */
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        char t = buf[i];
        buf[i] = buf[j];
        buf[j] = t;
    }
    return n;
}

static void emit_padded(out_sink *o, const fmt_spec *fs, const char *prefix,
                        const char *body, size_t blen)
{
    size_t plen = strlen(prefix);
    int zeros = 0;
    if (fs->precision >= 0 && (size_t)fs->precision > blen)
        zeros = fs->precision - (int)blen;
    int total = (int)(plen + blen) + zeros;
    int pad = fs->width > total ? fs->width - total : 0;
    if (!fs->left && !(fs->zero && fs->precision < 0))
        emit_n(o, ' ', pad);
    emit_str(o, prefix, plen);
    if (!fs->left && fs->zero && fs->precision < 0)
        emit_n(o, '0', pad);
    emit_n(o, '0', zeros);
    emit_str(o, body, blen);
    if (fs->left)
        emit_n(o, ' ', pad);
}

static void fmt_signed(out_sink *o, const fmt_spec *fs, intmax_t v)
{
    char buf[72];
    const char *prefix = "";
    uintmax_t mag = v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v;
    size_t n = utoa_base(mag, 10, 0, buf);
    if (v < 0)
        prefix = "-";
    else if (fs->plus)
        prefix = "+";
    else if (fs->space)
        prefix = " ";
    if (fs->precision == 0 && v == 0)
        n = 0;
    emit_padded(o, fs, prefix, buf, n);
}

static void fmt_unsigned(out_sink *o, const fmt_spec *fs, uintmax_t v, unsigned base)
{
    char buf[72];
    const char *prefix = "";
    size_t n = utoa_base(v, base, fs->upper, buf);
    if (fs->alt && v != 0) {
        switch (base) {
        case 16: prefix = fs->upper ? "0X" : "0x"; break;
        case 8: prefix = "0"; break;
        case 2: prefix = "0b"; break;
        default: break;
        }
    }
    if (fs->precision == 0 && v == 0)
        n = 0;
    emit_padded(o, fs, prefix, buf, n);
}

static intmax_t fetch_signed(va_list *ap, int length)
{
    switch (length) {
    case 1: return va_arg(*ap, long);
    case 2: return va_arg(*ap, long long);
    case 3: return (intmax_t)va_arg(*ap, size_t);
    case -1: return (short)va_arg(*ap, int);
    default: return va_arg(*ap, int);
    }
}

static uintmax_t fetch_unsigned(va_list *ap, int length)
{
    switch (length) {
    case 1: return va_arg(*ap, unsigned long);
    case 2: return va_arg(*ap, unsigned long long);
    case 3: return va_arg(*ap, size_t);
    case -1: return (unsigned short)va_arg(*ap, unsigned);
    default: return va_arg(*ap, unsigned);
    }
}

static const char *parse_spec(const char *p, fmt_spec *fs, va_list *ap)
{
    memset(fs, 0, sizeof(*fs));
    fs->precision = -1;
    for (;; p++) {
        switch (*p) {
        case '-': fs->left = 1; continue;
        case '0': fs->zero = 1; continue;
        case '+': fs->plus = 1; continue;
        case ' ': fs->space = 1; continue;
        case '#': fs->alt = 1; continue;
        default: break;
        }
        break;
    }
    if (*p == '*') {
        fs->width = va_arg(*ap, int);
        if (fs->width < 0) {
            fs->left = 1;
            fs->width = -fs->width;
        }
        p++;
    } else {
        p = parse_int(p, &fs->width);
    }
    if (*p == '.') {
        p++;
        if (*p == '*') {
            fs->precision = va_arg(*ap, int);
            p++;
        } else {
            p = parse_int(p, &fs->precision);
        }
    }
    if (*p == 'l') {
        fs->length = 1;
        if (*++p == 'l') {
            fs->length = 2;
            p++;
        }
    } else if (*p == 'z') {
        fs->length = 3;
        p++;
    } else if (*p == 'h') {
        fs->length = -1;
        p++;
    }
    return p;
}

size_t mini_vformat(putc_fn put, void *ctx, const char *fmt, va_list ap_in)
{
    out_sink o = {put, ctx, 0};
    fmt_spec fs;
    va_list ap;
    va_copy(ap, ap_in);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            emit(&o, *p);
            continue;
        }
        p = parse_spec(p + 1, &fs, &ap);
        switch (*p) {
        case 'd': case 'i':
            fmt_signed(&o, &fs, fetch_signed(&ap, fs.length));
            break;
        case 'u':
            fmt_unsigned(&o, &fs, fetch_unsigned(&ap, fs.length), 10);
            break;
        case 'X':
            fs.upper = 1;
            /* fall through */
        case 'x':
            fmt_unsigned(&o, &fs, fetch_unsigned(&ap, fs.length), 16);
            break;
        case 'o':
            fmt_unsigned(&o, &fs, fetch_unsigned(&ap, fs.length), 8);
            break;
        case 'b':
            fmt_unsigned(&o, &fs, fetch_unsigned(&ap, fs.length), 2);
            break;
        case 'p':
            fs.alt = 1;
            fmt_unsigned(&o, &fs, (uintptr_t)va_arg(ap, void *), 16);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            fs.precision = -1;
            emit_padded(&o, &fs, "", &c, 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            size_t n = strlen(s);
            if (fs.precision >= 0 && (size_t)fs.precision < n)
                n = (size_t)fs.precision;
            fs.precision = -1;
            emit_padded(&o, &fs, "", s, n);
            break;
        }
        case '%':
            emit(&o, '%');
            break;
        case '\0':
            p--;
            break;
        default:
            emit(&o, '%');
            emit(&o, *p);
            break;
        }
    }
    va_end(ap);
    return o.count;
}

typedef struct {
    char *buf;
    size_t cap;
    size_t pos;
} buf_ctx;

static void buf_put(char c, void *ctx)
{
    buf_ctx *b = ctx;
    if (b->pos + 1 < b->cap)
        b->buf[b->pos] = c;
    b->pos++;
}

static void null_put(char c, void *ctx)
{
    (void)c;
    (void)ctx;
}

int mini_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
    buf_ctx b = {buf, cap, 0};
    va_list ap;
    va_start(ap, fmt);
    size_t n = mini_vformat(buf_put, &b, fmt, ap);
    va_end(ap);
    if (cap)
        buf[b.pos < cap ? b.pos : cap - 1] = '\0';
    return (int)n;
}

int mini_format_length(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = mini_vformat(null_put, NULL, fmt, ap);
    va_end(ap);
    return (int)n;
}

int mini_printf_selftest(void)
{
    char buf[128];
    int bad = 0;
    mini_snprintf(buf, sizeof buf, "%5d|%-5d|%05d", 42, 42, 42);
    bad += strcmp(buf, "   42|42   |00042") != 0;
    mini_snprintf(buf, sizeof buf, "%#x %#o %X %b", 255u, 8u, 0xabcu, 5u);
    bad += strcmp(buf, "0xff 010 ABC 101") != 0;
    mini_snprintf(buf, sizeof buf, "%.3s|%8.2s|%c", "abcdef", "xyz", 'Q');
    bad += strcmp(buf, "abc|      xy|Q") != 0;
    mini_snprintf(buf, sizeof buf, "%+d % d %lld %zu", 7, 7, -1234567890123ll, (size_t)99);
    bad += strcmp(buf, "+7  7 -1234567890123 99") != 0;
    bad += mini_format_length("%*d", 10, 1) != 10;
    return bad;
}
