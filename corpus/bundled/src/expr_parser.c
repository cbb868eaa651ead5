/*
 * expr_parser.c - recursive-descent arithmetic expression parser that builds
 * an AST in a node pool, then evaluates, constant-folds and pretty-prints it.
 * Grammar:
 *   expr   := ternary
 *   ternary:= or ('?' expr ':' expr)?
 *   or     := and ('||' and)*
 *   and    := cmp ('&&' cmp)*
 *   cmp    := sum (('<'|'>'|'<='|'>='|'=='|'!=') sum)?
 *   sum    := term (('+'|'-') term)*
 *   term   := unary (('*'|'/'|'%') unary)*
 *   unary  := ('-'|'!') unary | power
 *   power  := atom ('^' unary)?
 *   atom   := number | ident | ident '(' expr ')' | '(' expr ')'
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    N_NUM, N_VAR, N_NEG, N_NOT, N_BIN, N_COND, N_CALL
} node_kind;

typedef struct {
    node_kind kind;
    char op[3];
    long value;
    char name[16];
    int a, b, c; /* child node indices */
} ast_node;

#define MAX_NODES 512

typedef struct {
    const char *s;
    size_t pos;
    ast_node nodes[MAX_NODES];
    int count;
    const char *err;
} parser;

typedef long (*var_lookup)(const char *name, void *ctx);

static void skip_spaces(parser *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
        p->pos++;
}

static int peek_char(parser *p)
{
    skip_spaces(p);
    return (unsigned char)p->s[p->pos];
}

static int accept(parser *p, const char *tok)
{
    size_t n = strlen(tok);
    skip_spaces(p);
    if (strncmp(p->s + p->pos, tok, n) == 0) {
        p->pos += n;
        return 1;
    }
    return 0;
}

static int new_node(parser *p, node_kind k)
{
    if (p->count >= MAX_NODES) {
        p->err = "expression too large";
        return -1;
    }
    ast_node *n = &p->nodes[p->count];
    memset(n, 0, sizeof(*n));
    n->kind = k;
    n->a = n->b = n->c = -1;
    return p->count++;
}

static int bin_node(parser *p, const char *op, int l, int r)
{
    if (l < 0 || r < 0)
        return -1;
    int id = new_node(p, N_BIN);
    if (id >= 0) {
        strncpy(p->nodes[id].op, op, 2);
        p->nodes[id].a = l;
        p->nodes[id].b = r;
    }
    return id;
}

static int parse_expr(parser *p);
static int parse_unary(parser *p);

static int parse_atom(parser *p)
{
    int c = peek_char(p);
    if (isdigit(c)) {
        long v = 0;
        while (isdigit((unsigned char)p->s[p->pos]))
            v = v * 10 + (p->s[p->pos++] - '0');
        int id = new_node(p, N_NUM);
        if (id >= 0)
            p->nodes[id].value = v;
        return id;
    }
    if (isalpha(c) || c == '_') {
        char name[16];
        size_t n = 0;
        while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_') {
            if (n + 1 < sizeof name)
                name[n++] = p->s[p->pos];
            p->pos++;
        }
        name[n] = '\0';
        int arg = -1;
        node_kind k = N_VAR;
        if (accept(p, "(")) {
            arg = parse_expr(p);
            if (!accept(p, ")")) {
                p->err = "expected ')'";
                return -1;
            }
            k = N_CALL;
        }
        int id = new_node(p, k);
        if (id >= 0) {
            memcpy(p->nodes[id].name, name, n + 1);
            p->nodes[id].a = arg;
        }
        return id;
    }
    if (accept(p, "(")) {
        int e = parse_expr(p);
        if (!accept(p, ")")) {
            p->err = "expected ')'";
            return -1;
        }
        return e;
    }
    p->err = "unexpected token";
    return -1;
}

static int parse_power(parser *p)
{
    int base = parse_atom(p);
    if (base >= 0 && accept(p, "^"))
        return bin_node(p, "^", base, parse_unary(p));
    return base;
}

static int parse_unary(parser *p)
{
    if (accept(p, "-") || (peek_char(p) == '!' && p->s[p->pos + 1] != '=' && accept(p, "!"))) {
        node_kind k = p->s[p->pos - 1] == '-' ? N_NEG : N_NOT;
        int inner = parse_unary(p);
        if (inner < 0)
            return -1;
        int id = new_node(p, k);
        if (id >= 0)
            p->nodes[id].a = inner;
        return id;
    }
    return parse_power(p);
}

static int parse_term(parser *p)
{
    int l = parse_unary(p);
    for (;;) {
        if (accept(p, "*")) l = bin_node(p, "*", l, parse_unary(p));
        else if (accept(p, "/")) l = bin_node(p, "/", l, parse_unary(p));
        else if (accept(p, "%")) l = bin_node(p, "%", l, parse_unary(p));
        else return l;
    }
}

static int parse_sum(parser *p)
{
    int l = parse_term(p);
    for (;;) {
        if (accept(p, "+")) l = bin_node(p, "+", l, parse_term(p));
        else if (accept(p, "-")) l = bin_node(p, "-", l, parse_term(p));
        else return l;
    }
}

static int parse_cmp(parser *p)
{
    static const char *const ops[] = {"<=", ">=", "==", "!=", "<", ">"};
    int l = parse_sum(p);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (accept(p, ops[i]))
            return bin_node(p, ops[i], l, parse_sum(p));
    return l;
}

static int parse_and(parser *p)
{
    int l = parse_cmp(p);
    while (accept(p, "&&"))
        l = bin_node(p, "&&", l, parse_cmp(p));
    return l;
}

static int parse_or(parser *p)
{
    int l = parse_and(p);
    while (accept(p, "||"))
        l = bin_node(p, "||", l, parse_and(p));
    return l;
}

static int parse_expr(parser *p)
{
    int c = parse_or(p);
    if (c >= 0 && accept(p, "?")) {
        int t = parse_expr(p);
        if (!accept(p, ":")) {
            p->err = "expected ':'";
            return -1;
        }
        int f = parse_expr(p);
        if (t < 0 || f < 0)
            return -1;
        int id = new_node(p, N_COND);
        if (id >= 0) {
            p->nodes[id].a = c;
            p->nodes[id].b = t;
            p->nodes[id].c = f;
        }
        return id;
    }
    return c;
}

static long ipow(long b, long e)
{
    long r = 1;
    if (e < 0)
        return 0;
    while (e) {
        if (e & 1)
            r *= b;
        b *= b;
        e >>= 1;
    }
    return r;
}

static long isqrt_l(long v)
{
    long r = 0;
    if (v <= 0)
        return 0;
    while ((r + 1) * (r + 1) <= v)
        r++;
    return r;
}

static long apply_bin(const char *op, long x, long y, int *err)
{
    switch (op[0]) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': if (!y) { *err = 1; return 0; } return x / y;
    case '%': if (!y) { *err = 1; return 0; } return x % y;
    case '^': return ipow(x, y);
    case '<': return op[1] == '=' ? x <= y : x < y;
    case '>': return op[1] == '=' ? x >= y : x > y;
    case '=': return x == y;
    case '!': return x != y;
    case '&': return x && y;
    case '|': return x || y;
    default: *err = 1; return 0;
    }
}

static long call_builtin(const char *name, long arg, int *err)
{
    if (strcmp(name, "abs") == 0) return arg < 0 ? -arg : arg;
    if (strcmp(name, "sqrt") == 0) return isqrt_l(arg);
    if (strcmp(name, "sq") == 0) return arg * arg;
    *err = 1;
    return 0;
}

static long eval_node(const parser *p, int id, var_lookup vars, void *ctx, int *err)
{
    if (id < 0 || *err) {
        *err = 1;
        return 0;
    }
    const ast_node *n = &p->nodes[id];
    switch (n->kind) {
    case N_NUM: return n->value;
    case N_VAR: return vars ? vars(n->name, ctx) : 0;
    case N_NEG: return -eval_node(p, n->a, vars, ctx, err);
    case N_NOT: return !eval_node(p, n->a, vars, ctx, err);
    case N_CALL: return call_builtin(n->name, eval_node(p, n->a, vars, ctx, err), err);
    case N_COND:
        return eval_node(p, n->a, vars, ctx, err) ? eval_node(p, n->b, vars, ctx, err)
                                                  : eval_node(p, n->c, vars, ctx, err);
    case N_BIN: {
        long x = eval_node(p, n->a, vars, ctx, err);
        long y = eval_node(p, n->b, vars, ctx, err);
        return apply_bin(n->op, x, y, err);
    }
    }
    *err = 1;
    return 0;
}

static int print_node(const parser *p, int id, char *buf, size_t cap)
{
    const ast_node *n = &p->nodes[id];
    char l[256], r[256], c[256];
    switch (n->kind) {
    case N_NUM: return snprintf(buf, cap, "%ld", n->value);
    case N_VAR: return snprintf(buf, cap, "%s", n->name);
    case N_NEG: print_node(p, n->a, l, sizeof l); return snprintf(buf, cap, "(-%s)", l);
    case N_NOT: print_node(p, n->a, l, sizeof l); return snprintf(buf, cap, "(!%s)", l);
    case N_CALL: print_node(p, n->a, l, sizeof l); return snprintf(buf, cap, "%s(%s)", n->name, l);
    case N_BIN:
        print_node(p, n->a, l, sizeof l);
        print_node(p, n->b, r, sizeof r);
        return snprintf(buf, cap, "(%.100s %s %.100s)", l, n->op, r);
    case N_COND:
        print_node(p, n->a, l, sizeof l);
        print_node(p, n->b, r, sizeof r);
        print_node(p, n->c, c, sizeof c);
        return snprintf(buf, cap, "(%.80s ? %.80s : %.80s)", l, r, c);
    }
    return 0;
}

int expr_evaluate(const char *src, var_lookup vars, void *ctx, long *out)
{
    parser *p = malloc(sizeof(*p));
    int rc = -1, err = 0;
    if (!p)
        return -1;
    memset(p, 0, sizeof(*p));
    p->s = src;
    int root = parse_expr(p);
    if (root < 0 || p->err || peek_char(p) != '\0')
        goto out;
    *out = eval_node(p, root, vars, ctx, &err);
    rc = err ? -1 : 0;
out:
    free(p);
    return rc;
}

int expr_to_string(const char *src, char *buf, size_t cap)
{
    parser *p = calloc(1, sizeof(*p));
    int rc = -1;
    if (!p)
        return -1;
    p->s = src;
    int root = parse_expr(p);
    if (root >= 0 && !p->err && peek_char(p) == '\0')
        rc = print_node(p, root, buf, cap);
    free(p);
    return rc;
}
