/*
 * http_state_machine.c - incremental HTTP/1.x request parser implemented as
 * a byte-at-a-time state machine with header callbacks.
 */
#include <stddef.h>
#include <string.h>

typedef enum {
    S_METHOD,
    S_SP_BEFORE_URI,
    S_URI,
    S_SP_BEFORE_VERSION,
    S_VERSION,
    S_REQ_LINE_LF,
    S_HEADER_START,
    S_HEADER_NAME,
    S_HEADER_VALUE_WS,
    S_HEADER_VALUE,
    S_HEADER_LF,
    S_HEADERS_END_LF,
    S_BODY,
    S_DONE,
    S_ERROR
} http_state;

typedef enum {
    M_UNKNOWN = 0, M_GET, M_HEAD, M_POST, M_PUT, M_DELETE, M_OPTIONS, M_PATCH
} http_method;

typedef struct http_parser http_parser;

typedef struct {
    void (*on_request_line)(http_parser *p, void *ctx);
    void (*on_header)(http_parser *p, const char *name, const char *value, void *ctx);
    void (*on_body)(http_parser *p, const char *data, size_t len, void *ctx);
    void (*on_complete)(http_parser *p, void *ctx);
} http_callbacks;

struct http_parser {
    http_state state;
    http_method method;
    char method_buf[16];
    char uri[256];
    char version[16];
    char hname[64];
    char hvalue[256];
    size_t mlen, ulen, vlen, nlen, hvlen;
    long content_length;
    long body_seen;
    int keep_alive;
    int nheaders;
    const char *error;
    const http_callbacks *cb;
    void *ctx;
};

static inline int is_token_char(char c)
{
    if (c >= 'a' && c <= 'z') return 1;
    if (c >= 'A' && c <= 'Z') return 1;
    if (c >= '0' && c <= '9') return 1;
    return strchr("!#$%&'*+-.^_`|~", c) != NULL && c != '\0';
}

static inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

static int ieq(const char *a, const char *b)
{
    while (*a && *b)
        if (lower(*a++) != lower(*b++))
            return 0;
    return *a == *b;
}

static int append(char *buf, size_t *len, size_t cap, char c)
{
    if (*len + 1 >= cap)
        return -1;
    buf[(*len)++] = c;
    buf[*len] = '\0';
    return 0;
}

static http_state fail(http_parser *p, const char *msg)
{
    p->error = msg;
    return S_ERROR;
}

static http_method classify_method(const char *m)
{
    static const struct { const char *name; http_method m; } table[] = {
        {"GET", M_GET}, {"HEAD", M_HEAD}, {"POST", M_POST}, {"PUT", M_PUT},
        {"DELETE", M_DELETE}, {"OPTIONS", M_OPTIONS}, {"PATCH", M_PATCH},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcmp(m, table[i].name) == 0)
            return table[i].m;
    return M_UNKNOWN;
}

static long parse_decimal(const char *s)
{
    long v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000L)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static void trim_trailing_ws(char *s, size_t *len)
{
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        s[--*len] = '\0';
}

static http_state finish_header(http_parser *p)
{
    trim_trailing_ws(p->hvalue, &p->hvlen);
    if (ieq(p->hname, "content-length")) {
        p->content_length = parse_decimal(p->hvalue);
        if (p->content_length < 0)
            return fail(p, "bad content-length");
    } else if (ieq(p->hname, "connection")) {
        if (ieq(p->hvalue, "close"))
            p->keep_alive = 0;
        else if (ieq(p->hvalue, "keep-alive"))
            p->keep_alive = 1;
    }
    p->nheaders++;
    if (p->cb && p->cb->on_header)
        p->cb->on_header(p, p->hname, p->hvalue, p->ctx);
    p->nlen = p->hvlen = 0;
    p->hname[0] = p->hvalue[0] = '\0';
    return S_HEADER_START;
}

static http_state finish_headers(http_parser *p)
{
    if (p->content_length > 0)
        return S_BODY;
    if (p->cb && p->cb->on_complete)
        p->cb->on_complete(p, p->ctx);
    return S_DONE;
}

static http_state finish_request_line(http_parser *p)
{
    p->method = classify_method(p->method_buf);
    if (strcmp(p->version, "HTTP/1.1") == 0)
        p->keep_alive = 1;
    else if (strcmp(p->version, "HTTP/1.0") == 0)
        p->keep_alive = 0;
    else
        return fail(p, "bad version");
    if (p->cb && p->cb->on_request_line)
        p->cb->on_request_line(p, p->ctx);
    return S_HEADER_START;
}

void http_parser_init(http_parser *p, const http_callbacks *cb, void *ctx)
{
    memset(p, 0, sizeof(*p));
    p->state = S_METHOD;
    p->content_length = -1;
    p->cb = cb;
    p->ctx = ctx;
}

static http_state step(http_parser *p, char c)
{
    switch (p->state) {
    case S_METHOD:
        if (c == ' ')
            return p->mlen ? S_SP_BEFORE_URI : fail(p, "empty method");
        if (c < 'A' || c > 'Z' || append(p->method_buf, &p->mlen, sizeof p->method_buf, c))
            return fail(p, "bad method");
        return S_METHOD;
    case S_SP_BEFORE_URI:
        if (c == ' ')
            return S_SP_BEFORE_URI;
        /* fall through */
    case S_URI:
        if (c == ' ')
            return S_SP_BEFORE_VERSION;
        if ((unsigned char)c <= 0x20 || append(p->uri, &p->ulen, sizeof p->uri, c))
            return fail(p, "bad uri");
        return S_URI;
    case S_SP_BEFORE_VERSION:
    case S_VERSION:
        if (c == '\r')
            return S_REQ_LINE_LF;
        if (c == '\n')
            return finish_request_line(p);
        if (append(p->version, &p->vlen, sizeof p->version, c))
            return fail(p, "bad version");
        return S_VERSION;
    case S_REQ_LINE_LF:
        return c == '\n' ? finish_request_line(p) : fail(p, "expected LF");
    case S_HEADER_START:
        if (c == '\r')
            return S_HEADERS_END_LF;
        if (c == '\n')
            return finish_headers(p);
        /* fall through */
    case S_HEADER_NAME:
        if (c == ':')
            return p->nlen ? S_HEADER_VALUE_WS : fail(p, "empty header name");
        if (!is_token_char(c) || append(p->hname, &p->nlen, sizeof p->hname, c))
            return fail(p, "bad header name");
        return S_HEADER_NAME;
    case S_HEADER_VALUE_WS:
        if (c == ' ' || c == '\t')
            return S_HEADER_VALUE_WS;
        /* fall through */
    case S_HEADER_VALUE:
        if (c == '\r')
            return S_HEADER_LF;
        if (c == '\n')
            return finish_header(p);
        if (append(p->hvalue, &p->hvlen, sizeof p->hvalue, c))
            return fail(p, "header too long");
        return S_HEADER_VALUE;
    case S_HEADER_LF:
        return c == '\n' ? finish_header(p) : fail(p, "expected LF");
    case S_HEADERS_END_LF:
        return c == '\n' ? finish_headers(p) : fail(p, "expected LF");
    case S_BODY:
    case S_DONE:
    case S_ERROR:
        return p->state;
    }
    return fail(p, "invalid state");
}

/* Feed bytes; returns number consumed, or (size_t)-1 on error. */
size_t http_parser_feed(http_parser *p, const char *data, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (p->state == S_BODY) {
            long want = p->content_length - p->body_seen;
            size_t take = (size_t)want < len - i ? (size_t)want : len - i;
            if (p->cb && p->cb->on_body)
                p->cb->on_body(p, data + i, take, p->ctx);
            p->body_seen += (long)take;
            i += take;
            if (p->body_seen == p->content_length) {
                p->state = S_DONE;
                if (p->cb && p->cb->on_complete)
                    p->cb->on_complete(p, p->ctx);
            }
            continue;
        }
        if (p->state == S_DONE)
            break;
        p->state = step(p, data[i++]);
        if (p->state == S_ERROR)
            return (size_t)-1;
    }
    return i;
}

int http_parser_done(const http_parser *p) { return p->state == S_DONE; }
int http_parser_failed(const http_parser *p) { return p->state == S_ERROR; }
const char *http_parser_error(const http_parser *p) { return p->error ? p->error : ""; }
int http_parser_method(const http_parser *p) { return (int)p->method; }
const char *http_parser_uri(const http_parser *p) { return p->uri; }
int http_parser_keep_alive(const http_parser *p) { return p->keep_alive; }
int http_parser_header_count(const http_parser *p) { return p->nheaders; }

typedef struct {
    int headers;
    size_t body_bytes;
    int completed;
    char host[64];
} summary_ctx;

static void sum_header(http_parser *p, const char *name, const char *value, void *ctx)
{
    summary_ctx *s = ctx;
    (void)p;
    s->headers++;
    if (ieq(name, "host")) {
        strncpy(s->host, value, sizeof(s->host) - 1);
        s->host[sizeof(s->host) - 1] = '\0';
    }
}

static void sum_body(http_parser *p, const char *d, size_t n, void *ctx)
{
    (void)p;
    (void)d;
    ((summary_ctx *)ctx)->body_bytes += n;
}

static void sum_done(http_parser *p, void *ctx)
{
    (void)p;
    ((summary_ctx *)ctx)->completed = 1;
}

/* Parse a full request; returns body length or -1. Feeds in small chunks to
 * exercise incremental parsing. */
long http_parse_request(const char *req, size_t len, char *host_out, size_t host_cap)
{
    static const http_callbacks cbs = {NULL, sum_header, sum_body, sum_done};
    summary_ctx s;
    http_parser p;
    memset(&s, 0, sizeof(s));
    http_parser_init(&p, &cbs, &s);
    for (size_t off = 0; off < len; off += 7) {
        size_t n = len - off < 7 ? len - off : 7;
        if (http_parser_feed(&p, req + off, n) == (size_t)-1)
            return -1;
    }
    if (!s.completed)
        return -1;
    if (host_out && host_cap) {
        strncpy(host_out, s.host, host_cap - 1);
        host_out[host_cap - 1] = '\0';
    }
    return (long)s.body_bytes;
}
