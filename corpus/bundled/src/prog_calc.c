/*
 * prog_calc.c - a command-line calculator: tokenizer, shunting-yard
 * conversion to RPN, RPN evaluation over doubles with named variables and
 * functions, and a built-in regression suite run when no arguments given.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_NUM, T_IDENT, T_OP, T_LPAREN, T_RPAREN, T_COMMA, T_END, T_BAD } tok_kind;

typedef struct {
    tok_kind kind;
    double num;
    char text[16];
    int unary;
} token;

#define MAX_TOKENS 128

typedef struct {
    token items[MAX_TOKENS];
    int n;
} token_list;

typedef struct {
    char name[16];
    double value;
} variable;

static variable vars[16];
static int nvars;

static int set_var(const char *name, double v)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0) {
            vars[i].value = v;
            return 0;
        }
    if (nvars >= 16)
        return -1;
    snprintf(vars[nvars].name, sizeof vars[nvars].name, "%s", name);
    vars[nvars++].value = v;
    return 0;
}

static int get_var(const char *name, double *out)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0) {
            *out = vars[i].value;
            return 1;
        }
    return 0;
}

static int precedence(const token *t)
{
    if (t->unary)
        return 4;
    switch (t->text[0]) {
    case '^': return 5;
    case '*': case '/': case '%': return 3;
    case '+': case '-': return 2;
    default: return 0;
    }
}

static int right_assoc(const token *t) { return t->unary || t->text[0] == '^'; }

static int push_token(token_list *l, token t)
{
    if (l->n >= MAX_TOKENS)
        return -1;
    l->items[l->n++] = t;
    return 0;
}

static token simple_token(tok_kind k, char c)
{
    token t;
    memset(&t, 0, sizeof t);
    t.kind = k;
    t.text[0] = c;
    return t;
}

static int tokenize(const char *s, token_list *out)
{
    tok_kind prev = T_END;
    out->n = 0;
    while (*s) {
        if (isspace((unsigned char)*s)) {
            s++;
            continue;
        }
        token t;
        memset(&t, 0, sizeof t);
        if (isdigit((unsigned char)*s) || *s == '.') {
            char *end;
            t.kind = T_NUM;
            t.num = strtod(s, &end);
            s = end;
        } else if (isalpha((unsigned char)*s)) {
            size_t n = 0;
            t.kind = T_IDENT;
            while (isalnum((unsigned char)*s)) {
                if (n + 1 < sizeof t.text)
                    t.text[n++] = *s;
                s++;
            }
        } else if (strchr("+-*/%^", *s)) {
            t = simple_token(T_OP, *s++);
            t.unary = (t.text[0] == '-' || t.text[0] == '+') &&
                      (prev == T_END || prev == T_OP || prev == T_LPAREN || prev == T_COMMA);
        } else if (*s == '(') {
            t = simple_token(T_LPAREN, *s++);
        } else if (*s == ')') {
            t = simple_token(T_RPAREN, *s++);
        } else if (*s == ',') {
            t = simple_token(T_COMMA, *s++);
        } else {
            return -1;
        }
        if (push_token(out, t) != 0)
            return -1;
        prev = t.kind;
    }
    return 0;
}

static int is_function(const token_list *in, int i)
{
    return in->items[i].kind == T_IDENT && i + 1 < in->n && in->items[i + 1].kind == T_LPAREN;
}

/* Shunting-yard: infix tokens -> RPN tokens. Functions marked via kind T_IDENT + unary=2. */
static int to_rpn(const token_list *in, token_list *out)
{
    token stack[MAX_TOKENS];
    int sp = 0;
    out->n = 0;
    for (int i = 0; i < in->n; i++) {
        token t = in->items[i];
        switch (t.kind) {
        case T_NUM:
            if (push_token(out, t)) return -1;
            break;
        case T_IDENT:
            if (is_function(in, i)) {
                t.unary = 2;
                stack[sp++] = t;
            } else if (push_token(out, t)) {
                return -1;
            }
            break;
        case T_OP:
            while (sp > 0 && stack[sp - 1].kind == T_OP &&
                   (precedence(&stack[sp - 1]) > precedence(&t) ||
                    (precedence(&stack[sp - 1]) == precedence(&t) && !right_assoc(&t))))
                if (push_token(out, stack[--sp])) return -1;
            stack[sp++] = t;
            break;
        case T_LPAREN:
            stack[sp++] = t;
            break;
        case T_COMMA:
        case T_RPAREN:
            while (sp > 0 && stack[sp - 1].kind != T_LPAREN)
                if (push_token(out, stack[--sp])) return -1;
            if (sp == 0)
                return -1;
            if (t.kind == T_RPAREN) {
                sp--; /* pop '(' */
                if (sp > 0 && stack[sp - 1].kind == T_IDENT && stack[sp - 1].unary == 2)
                    if (push_token(out, stack[--sp])) return -1;
            }
            break;
        default:
            return -1;
        }
    }
    while (sp > 0) {
        if (stack[sp - 1].kind == T_LPAREN)
            return -1;
        if (push_token(out, stack[--sp])) return -1;
    }
    return 0;
}

typedef double (*fn1)(double);
typedef double (*fn2)(double, double);

static double fn_sq(double x) { return x * x; }
static double fn_max(double a, double b) { return a > b ? a : b; }
static double fn_min(double a, double b) { return a < b ? a : b; }

static const struct { const char *name; fn1 f; } funcs1[] = {
    {"sqrt", sqrt}, {"abs", fabs}, {"sin", sin}, {"cos", cos}, {"ln", log}, {"sq", fn_sq},
};
static const struct { const char *name; fn2 f; } funcs2[] = {
    {"max", fn_max}, {"min", fn_min}, {"pow", pow}, {"atan2", atan2},
};

static int apply_function(const char *name, double *st, int *sp)
{
    for (size_t i = 0; i < sizeof funcs1 / sizeof funcs1[0]; i++)
        if (strcmp(name, funcs1[i].name) == 0) {
            if (*sp < 1) return -1;
            st[*sp - 1] = funcs1[i].f(st[*sp - 1]);
            return 0;
        }
    for (size_t i = 0; i < sizeof funcs2 / sizeof funcs2[0]; i++)
        if (strcmp(name, funcs2[i].name) == 0) {
            if (*sp < 2) return -1;
            st[*sp - 2] = funcs2[i].f(st[*sp - 2], st[*sp - 1]);
            (*sp)--;
            return 0;
        }
    return -1;
}

static int apply_op(const token *t, double *st, int *sp)
{
    if (t->unary) {
        if (*sp < 1) return -1;
        if (t->text[0] == '-')
            st[*sp - 1] = -st[*sp - 1];
        return 0;
    }
    if (*sp < 2)
        return -1;
    double b = st[--*sp], a = st[*sp - 1], r;
    switch (t->text[0]) {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/': r = a / b; break;
    case '%': r = fmod(a, b); break;
    case '^': r = pow(a, b); break;
    default: return -1;
    }
    st[*sp - 1] = r;
    return 0;
}

static int eval_rpn(const token_list *rpn, double *result)
{
    double st[MAX_TOKENS];
    int sp = 0;
    for (int i = 0; i < rpn->n; i++) {
        const token *t = &rpn->items[i];
        if (t->kind == T_NUM) {
            st[sp++] = t->num;
        } else if (t->kind == T_IDENT && t->unary == 2) {
            if (apply_function(t->text, st, &sp)) return -1;
        } else if (t->kind == T_IDENT) {
            if (!get_var(t->text, &st[sp])) return -1;
            sp++;
        } else if (apply_op(t, st, &sp)) {
            return -1;
        }
    }
    if (sp != 1)
        return -1;
    *result = st[0];
    return 0;
}

static int calculate(const char *expr, double *out)
{
    token_list infix, rpn;
    if (tokenize(expr, &infix) || to_rpn(&infix, &rpn))
        return -1;
    return eval_rpn(&rpn, out);
}

static int run_suite(void)
{
    static const struct { const char *expr; double expect; } cases[] = {
        {"1 + 2 * 3", 7}, {"(1 + 2) * 3", 9}, {"2 ^ 3 ^ 2", 512}, {"-3 + 5", 2},
        {"max(2, 7) - min(4, 1)", 6}, {"sqrt(16) + sq(3)", 13}, {"10 % 4", 2},
        {"x * 2 + y", 23}, {"-(2 + 3) * -2", 10}, {"pow(2, 10) / 4", 256},
    };
    int failures = 0;
    set_var("x", 10);
    set_var("y", 3);
    set_var("pi", 3.14159265358979);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double r;
        if (calculate(cases[i].expr, &r) != 0 || fabs(r - cases[i].expect) > 1e-9) {
            printf("FAIL %-24s\n", cases[i].expr);
            failures++;
        } else {
            printf("ok   %-24s = %g\n", cases[i].expr, r);
        }
    }
    double bad;
    failures += calculate("1 +", &bad) == 0;
    failures += calculate("(1 + 2", &bad) == 0;
    failures += calculate("unknown + 1", &bad) == 0;
    return failures;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        int f = run_suite();
        printf("%d failure(s)\n", f);
        return f ? 1 : 0;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        double r;
        if (calculate(argv[i], &r) == 0) {
            printf("%s = %.10g\n", argv[i], r);
        } else {
            fprintf(stderr, "error: %s\n", argv[i]);
            rc = 1;
        }
    }
    return rc;
}
