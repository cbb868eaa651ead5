/*
 * regex_lite.c - small backtracking regular-expression matcher supporting
 * literals, '.', character classes [a-z] / [^...], escapes \d \w \s,
 * anchors ^ $, and quantifiers * + ? (greedy) on single atoms; plus glob
 * matching with * ? [..] and a wildcard-aware string search.
 */
#include <stddef.h>
#include <string.h>

typedef struct {
    const char *text_start;
    unsigned long steps;
    unsigned long step_limit;
} match_ctx;

static inline int is_digit(char c) { return c >= '0' && c <= '9'; }
static inline int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static inline int is_word(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
static inline int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static int escape_matches(char e, char c)
{
    switch (e) {
    case 'd': return is_digit(c);
    case 'D': return !is_digit(c);
    case 'w': return is_word(c);
    case 'W': return !is_word(c);
    case 's': return is_space(c);
    case 'S': return !is_space(c);
    case 'n': return c == '\n';
    case 't': return c == '\t';
    default: return c == e;
    }
}

/* Returns pointer past the class, sets *ok if c matches. */
static const char *class_match(const char *p, char c, int *ok)
{
    int negate = 0, found = 0;
    p++; /* skip '[' */
    if (*p == '^') {
        negate = 1;
        p++;
    }
    int first = 1;
    while (*p && (*p != ']' || first)) {
        first = 0;
        if (*p == '\\' && p[1]) {
            if (escape_matches(p[1], c))
                found = 1;
            p += 2;
        } else if (p[1] == '-' && p[2] && p[2] != ']') {
            if (c >= p[0] && c <= p[2])
                found = 1;
            p += 3;
        } else {
            if (*p == c)
                found = 1;
            p++;
        }
    }
    if (*p == ']')
        p++;
    *ok = negate ? !found : found;
    return p;
}

/* Length of the atom at p (for skipping to the quantifier). */
static const char *atom_end(const char *p)
{
    if (*p == '\\' && p[1])
        return p + 2;
    if (*p == '[') {
        int dummy;
        return class_match(p, '\0', &dummy);
    }
    return p + 1;
}

static int atom_matches(const char *p, char c)
{
    if (c == '\0')
        return 0;
    if (*p == '.')
        return c != '\n';
    if (*p == '\\')
        return escape_matches(p[1], c);
    if (*p == '[') {
        int ok;
        class_match(p, c, &ok);
        return ok;
    }
    return *p == c;
}

static const char *match_here(match_ctx *m, const char *re, const char *text);

static const char *match_star(match_ctx *m, const char *atom, const char *rest,
                              const char *text, size_t min)
{
    const char *t = text;
    size_t count = 0;
    while (atom_matches(atom, *t)) {
        t++;
        count++;
    }
    /* greedy: try longest first */
    for (;;) {
        if (count >= min) {
            const char *r = match_here(m, rest, t);
            if (r)
                return r;
        }
        if (t == text)
            return NULL;
        t--;
        count--;
    }
}

static const char *match_here(match_ctx *m, const char *re, const char *text)
{
    if (++m->steps > m->step_limit)
        return NULL;
    if (*re == '\0')
        return text;
    if (*re == '$' && re[1] == '\0')
        return *text == '\0' ? text : NULL;
    const char *next = atom_end(re);
    switch (*next) {
    case '*':
        return match_star(m, re, next + 1, text, 0);
    case '+':
        return match_star(m, re, next + 1, text, 1);
    case '?':
        if (atom_matches(re, *text)) {
            const char *r = match_here(m, next + 1, text + 1);
            if (r)
                return r;
        }
        return match_here(m, next + 1, text);
    default:
        if (atom_matches(re, *text))
            return match_here(m, next, text + 1);
        return NULL;
    }
}

/* Search for re in text; on success returns 1 and sets match offsets. */
int regex_search(const char *re, const char *text, size_t *start, size_t *end)
{
    match_ctx m = {text, 0, 1000000};
    if (*re == '^') {
        const char *e = match_here(&m, re + 1, text);
        if (e) {
            if (start) *start = 0;
            if (end) *end = (size_t)(e - text);
            return 1;
        }
        return 0;
    }
    const char *t = text;
    do {
        const char *e = match_here(&m, re, t);
        if (e) {
            if (start) *start = (size_t)(t - text);
            if (end) *end = (size_t)(e - text);
            return 1;
        }
    } while (*t++);
    return 0;
}

int regex_full_match(const char *re, const char *text)
{
    size_t s, e;
    return regex_search(re, text, &s, &e) && s == 0 && e == strlen(text);
}

size_t regex_count(const char *re, const char *text)
{
    size_t n = 0, s, e;
    const char *t = text;
    while (*t && regex_search(re, t, &s, &e)) {
        n++;
        t += e > s ? e : s + 1;
        if (*re == '^')
            break;
    }
    return n;
}

/* ---------------- glob ---------------- */

static int glob_rec(const char *p, const char *s, int depth)
{
    if (depth > 64)
        return 0;
    while (*p) {
        switch (*p) {
        case '*':
            while (*p == '*')
                p++;
            if (!*p)
                return 1;
            for (; *s; s++)
                if (glob_rec(p, s, depth + 1))
                    return 1;
            return 0;
        case '?':
            if (!*s)
                return 0;
            p++;
            s++;
            break;
        case '[': {
            int ok;
            if (!*s)
                return 0;
            p = class_match(p, *s, &ok);
            if (!ok)
                return 0;
            s++;
            break;
        }
        case '\\':
            if (p[1])
                p++;
            /* fall through */
        default:
            if (*p != *s)
                return 0;
            p++;
            s++;
        }
    }
    return *s == '\0';
}

int glob_match(const char *pattern, const char *str)
{
    return glob_rec(pattern, str, 0);
}

typedef int (*matcher_fn)(const char *pattern, const char *s);

size_t filter_strings(const char *const *items, size_t n, const char *pattern,
                      int use_regex, const char **out)
{
    matcher_fn fn = use_regex ? regex_full_match : glob_match;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (fn(pattern, items[i]))
            out[k++] = items[i];
    return k;
}

int regex_self_test(void)
{
    int bad = 0;
    bad += !regex_full_match("a.c", "abc");
    bad += !regex_full_match("\\d+-\\d+", "123-45");
    bad += regex_full_match("^[a-z]+$", "abC");
    bad += !regex_full_match("colou?r", "color");
    bad += !regex_full_match("[^0-9]*x", "abcx");
    bad += regex_count("ab", "abxabyab") != 3;
    bad += !glob_match("*.c", "main.c");
    bad += glob_match("*.c", "main.h");
    bad += !glob_match("f?o[a-z]*", "foobar");
    return bad;
}
