/*
 * json_lexer.c - a JSON tokenizer plus a validating recursive-descent
 * parser that counts values by kind.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    JT_EOF = 0,
    JT_LBRACE,
    JT_RBRACE,
    JT_LBRACKET,
    JT_RBRACKET,
    JT_COLON,
    JT_COMMA,
    JT_STRING,
    JT_NUMBER,
    JT_TRUE,
    JT_FALSE,
    JT_NULL,
    JT_ERROR
} json_token_kind;

typedef struct {
    json_token_kind kind;
    size_t start;
    size_t len;
    double number;
} json_token;

typedef struct {
    const char *src;
    size_t len;
    size_t pos;
    int line;
    const char *error;
} json_lexer;

typedef struct {
    unsigned objects, arrays, strings, numbers, bools, nulls;
    unsigned max_depth;
} json_stats;

static inline int at_end(const json_lexer *lx) { return lx->pos >= lx->len; }
static inline char cur(const json_lexer *lx) { return at_end(lx) ? '\0' : lx->src[lx->pos]; }

static inline char peek_at(const json_lexer *lx, size_t off)
{
    return lx->pos + off < lx->len ? lx->src[lx->pos + off] : '\0';
}

static inline void advance(json_lexer *lx)
{
    if (!at_end(lx)) {
        if (lx->src[lx->pos] == '\n')
            lx->line++;
        lx->pos++;
    }
}

static inline int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int is_digit(char c) { return c >= '0' && c <= '9'; }

static inline int is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void skip_ws(json_lexer *lx)
{
    while (!at_end(lx) && is_ws(cur(lx)))
        advance(lx);
}

static json_token make_tok(json_token_kind k, size_t start, size_t len)
{
    json_token t;
    t.kind = k;
    t.start = start;
    t.len = len;
    t.number = 0.0;
    return t;
}

static json_token error_tok(json_lexer *lx, const char *msg)
{
    lx->error = msg;
    return make_tok(JT_ERROR, lx->pos, 0);
}

static int match_word(json_lexer *lx, const char *word)
{
    size_t n = strlen(word);
    if (lx->pos + n > lx->len || memcmp(lx->src + lx->pos, word, n) != 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        advance(lx);
    return 1;
}

static json_token lex_string(json_lexer *lx)
{
    size_t start = lx->pos;
    advance(lx); /* opening quote */
    while (!at_end(lx)) {
        char c = cur(lx);
        if (c == '"') {
            advance(lx);
            return make_tok(JT_STRING, start, lx->pos - start);
        }
        if ((unsigned char)c < 0x20)
            return error_tok(lx, "control character in string");
        if (c == '\\') {
            advance(lx);
            switch (cur(lx)) {
            case '"': case '\\': case '/': case 'b':
            case 'f': case 'n': case 'r': case 't':
                advance(lx);
                break;
            case 'u':
                advance(lx);
                for (int i = 0; i < 4; i++) {
                    if (!is_hex(cur(lx)))
                        return error_tok(lx, "bad unicode escape");
                    advance(lx);
                }
                break;
            default:
                return error_tok(lx, "bad escape");
            }
            continue;
        }
        advance(lx);
    }
    return error_tok(lx, "unterminated string");
}

static json_token lex_number(json_lexer *lx)
{
    size_t start = lx->pos;
    if (cur(lx) == '-')
        advance(lx);
    if (cur(lx) == '0') {
        advance(lx);
    } else if (is_digit(cur(lx))) {
        while (is_digit(cur(lx)))
            advance(lx);
    } else {
        return error_tok(lx, "bad number");
    }
    if (cur(lx) == '.') {
        advance(lx);
        if (!is_digit(cur(lx)))
            return error_tok(lx, "bad fraction");
        while (is_digit(cur(lx)))
            advance(lx);
    }
    if (cur(lx) == 'e' || cur(lx) == 'E') {
        advance(lx);
        if (cur(lx) == '+' || cur(lx) == '-')
            advance(lx);
        if (!is_digit(cur(lx)))
            return error_tok(lx, "bad exponent");
        while (is_digit(cur(lx)))
            advance(lx);
    }
    json_token t = make_tok(JT_NUMBER, start, lx->pos - start);
    char buf[64];
    size_t n = t.len < sizeof(buf) - 1 ? t.len : sizeof(buf) - 1;
    memcpy(buf, lx->src + start, n);
    buf[n] = '\0';
    t.number = strtod(buf, NULL);
    return t;
}

void json_lexer_init(json_lexer *lx, const char *src, size_t len)
{
    lx->src = src;
    lx->len = len;
    lx->pos = 0;
    lx->line = 1;
    lx->error = NULL;
}

json_token json_next(json_lexer *lx)
{
    skip_ws(lx);
    if (at_end(lx))
        return make_tok(JT_EOF, lx->pos, 0);
    size_t start = lx->pos;
    char c = cur(lx);
    switch (c) {
    case '{': advance(lx); return make_tok(JT_LBRACE, start, 1);
    case '}': advance(lx); return make_tok(JT_RBRACE, start, 1);
    case '[': advance(lx); return make_tok(JT_LBRACKET, start, 1);
    case ']': advance(lx); return make_tok(JT_RBRACKET, start, 1);
    case ':': advance(lx); return make_tok(JT_COLON, start, 1);
    case ',': advance(lx); return make_tok(JT_COMMA, start, 1);
    case '"': return lex_string(lx);
    case 't':
        if (match_word(lx, "true"))
            return make_tok(JT_TRUE, start, 4);
        return error_tok(lx, "bad literal");
    case 'f':
        if (match_word(lx, "false"))
            return make_tok(JT_FALSE, start, 5);
        return error_tok(lx, "bad literal");
    case 'n':
        if (match_word(lx, "null"))
            return make_tok(JT_NULL, start, 4);
        return error_tok(lx, "bad literal");
    default:
        if (c == '-' || is_digit(c))
            return lex_number(lx);
        (void)peek_at(lx, 1);
        return error_tok(lx, "unexpected character");
    }
}

/* ---------------- validating parser ---------------- */

typedef struct {
    json_lexer lx;
    json_token tok;
    json_stats *stats;
    unsigned depth;
    int failed;
} json_parser;

static void p_advance(json_parser *p)
{
    p->tok = json_next(&p->lx);
    if (p->tok.kind == JT_ERROR)
        p->failed = 1;
}

static int p_expect(json_parser *p, json_token_kind k)
{
    if (p->tok.kind != k) {
        p->failed = 1;
        return 0;
    }
    p_advance(p);
    return 1;
}

static void note_depth(json_parser *p)
{
    if (p->depth > p->stats->max_depth)
        p->stats->max_depth = p->depth;
}

static int parse_value(json_parser *p);

static int parse_object(json_parser *p)
{
    p->stats->objects++;
    p->depth++;
    note_depth(p);
    p_advance(p);
    if (p->tok.kind == JT_RBRACE) {
        p_advance(p);
        p->depth--;
        return 1;
    }
    for (;;) {
        if (p->tok.kind != JT_STRING)
            return p->failed = 1, 0;
        p->stats->strings++;
        p_advance(p);
        if (!p_expect(p, JT_COLON) || !parse_value(p))
            return 0;
        if (p->tok.kind == JT_COMMA) {
            p_advance(p);
            continue;
        }
        if (!p_expect(p, JT_RBRACE))
            return 0;
        break;
    }
    p->depth--;
    return 1;
}

static int parse_array(json_parser *p)
{
    p->stats->arrays++;
    p->depth++;
    note_depth(p);
    p_advance(p);
    if (p->tok.kind == JT_RBRACKET) {
        p_advance(p);
        p->depth--;
        return 1;
    }
    for (;;) {
        if (!parse_value(p))
            return 0;
        if (p->tok.kind == JT_COMMA) {
            p_advance(p);
            continue;
        }
        if (!p_expect(p, JT_RBRACKET))
            return 0;
        break;
    }
    p->depth--;
    return 1;
}

static int parse_value(json_parser *p)
{
    if (p->failed || p->depth > 512)
        return 0;
    switch (p->tok.kind) {
    case JT_LBRACE: return parse_object(p);
    case JT_LBRACKET: return parse_array(p);
    case JT_STRING: p->stats->strings++; p_advance(p); return 1;
    case JT_NUMBER: p->stats->numbers++; p_advance(p); return 1;
    case JT_TRUE: case JT_FALSE: p->stats->bools++; p_advance(p); return 1;
    case JT_NULL: p->stats->nulls++; p_advance(p); return 1;
    default:
        p->failed = 1;
        return 0;
    }
}

int json_validate(const char *src, size_t len, json_stats *stats)
{
    json_parser p;
    json_stats local;
    memset(&local, 0, sizeof(local));
    json_lexer_init(&p.lx, src, len);
    p.stats = stats ? stats : &local;
    memset(p.stats, 0, sizeof(*p.stats));
    p.depth = 0;
    p.failed = 0;
    p_advance(&p);
    if (!parse_value(&p))
        return 0;
    return p.tok.kind == JT_EOF && !p.failed;
}

size_t json_count_tokens(const char *src, size_t len)
{
    json_lexer lx;
    size_t n = 0;
    json_lexer_init(&lx, src, len);
    for (;;) {
        json_token t = json_next(&lx);
        if (t.kind == JT_EOF || t.kind == JT_ERROR)
            break;
        n++;
    }
    return n;
}
