/*
 * ini_parser.c - INI configuration parser with sections, comments, quoted
 * values, line continuation, typed getters and goto-based error cleanup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ini_entry {
    char *section;
    char *key;
    char *value;
    int line;
} ini_entry;

typedef struct {
    ini_entry *entries;
    size_t count, cap;
    int error_line;
    char error[96];
} ini_doc;

typedef int (*ini_handler)(const char *section, const char *key, const char *value, void *ctx);

static inline int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static char *ltrim(char *s)
{
    while (is_blank(*s))
        s++;
    return s;
}

static void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && (is_blank(s[n - 1]) || s[n - 1] == '\n'))
        s[--n] = '\0';
}

static char *trim(char *s)
{
    s = ltrim(s);
    rtrim(s);
    return s;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void set_error(ini_doc *doc, int line, const char *msg)
{
    doc->error_line = line;
    snprintf(doc->error, sizeof doc->error, "line %d: %s", line, msg);
}

static char *strip_inline_comment(char *v)
{
    int in_quote = 0;
    for (char *p = v; *p; p++) {
        if (*p == '"')
            in_quote = !in_quote;
        else if (!in_quote && (*p == ';' || *p == '#') && (p == v || is_blank(p[-1]))) {
            *p = '\0';
            break;
        }
    }
    return v;
}

static char *unquote(char *v)
{
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
        v[n - 1] = '\0';
        return v + 1;
    }
    return v;
}

static int doc_add(ini_doc *doc, const char *sec, const char *key, const char *val, int line)
{
    ini_entry e = {NULL, NULL, NULL, line};
    if (doc->count == doc->cap) {
        size_t nc = doc->cap ? doc->cap * 2 : 16;
        ini_entry *ne = realloc(doc->entries, nc * sizeof(*ne));
        if (!ne)
            return -1;
        doc->entries = ne;
        doc->cap = nc;
    }
    e.section = xstrdup(sec);
    e.key = xstrdup(key);
    e.value = xstrdup(val);
    if (!e.section || !e.key || !e.value)
        goto oom;
    doc->entries[doc->count++] = e;
    return 0;
oom:
    free(e.section);
    free(e.key);
    free(e.value);
    return -1;
}

static int collect_handler(const char *section, const char *key, const char *value, void *ctx)
{
    (void)ctx;
    (void)section;
    (void)key;
    (void)value;
    return 0;
}

/* Parses text; calls handler for each pair and records into doc. */
int ini_parse_string(ini_doc *doc, const char *text, ini_handler handler, void *ctx)
{
    char *buf = NULL, *section = NULL, *pending = NULL;
    int rc = -1, lineno = 0;
    memset(doc, 0, sizeof(*doc));
    buf = xstrdup(text);
    section = xstrdup("");
    if (!buf || !section) {
        set_error(doc, 0, "out of memory");
        goto cleanup;
    }
    if (!handler)
        handler = collect_handler;
    char *save = buf;
    while (save && *save) {
        char *line = save;
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            save = nl + 1;
        } else {
            save = NULL;
        }
        lineno++;
        /* line continuation with trailing backslash */
        size_t ln = strlen(line);
        while (ln && line[ln - 1] == '\\' && save && *save) {
            line[ln - 1] = ' ';
            char *next = save;
            char *nl2 = strchr(next, '\n');
            if (nl2) {
                *nl2 = '\0';
                save = nl2 + 1;
            } else {
                save = NULL;
            }
            lineno++;
            memmove(line + ln, next, strlen(next) + 1);
            ln = strlen(line);
        }
        char *s = trim(line);
        if (*s == '\0' || *s == ';' || *s == '#')
            continue;
        if (*s == '[') {
            char *end = strchr(s, ']');
            if (!end) {
                set_error(doc, lineno, "unterminated section header");
                goto cleanup;
            }
            *end = '\0';
            free(section);
            section = xstrdup(trim(s + 1));
            if (!section) {
                set_error(doc, lineno, "out of memory");
                goto cleanup;
            }
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq)
            eq = strchr(s, ':');
        if (!eq) {
            set_error(doc, lineno, "expected key=value");
            goto cleanup;
        }
        *eq = '\0';
        char *key = trim(s);
        char *val = unquote(trim(strip_inline_comment(eq + 1)));
        if (!*key) {
            set_error(doc, lineno, "empty key");
            goto cleanup;
        }
        if (handler(section, key, val, ctx) != 0) {
            set_error(doc, lineno, "handler aborted");
            goto cleanup;
        }
        if (doc_add(doc, section, key, val, lineno) != 0) {
            set_error(doc, lineno, "out of memory");
            goto cleanup;
        }
    }
    rc = 0;
cleanup:
    free(pending);
    free(section);
    free(buf);
    return rc;
}

void ini_free(ini_doc *doc)
{
    for (size_t i = 0; i < doc->count; i++) {
        free(doc->entries[i].section);
        free(doc->entries[i].key);
        free(doc->entries[i].value);
    }
    free(doc->entries);
    doc->entries = NULL;
    doc->count = doc->cap = 0;
}

static int str_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

const char *ini_get(const ini_doc *doc, const char *section, const char *key)
{
    /* last definition wins */
    for (size_t i = doc->count; i-- > 0;) {
        const ini_entry *e = &doc->entries[i];
        if (str_ieq(e->section, section) && str_ieq(e->key, key))
            return e->value;
    }
    return NULL;
}

long ini_get_long(const ini_doc *doc, const char *section, const char *key, long dflt)
{
    const char *v = ini_get(doc, section, key);
    char *end;
    if (!v || !*v)
        return dflt;
    errno = 0;
    long r = strtol(v, &end, 0);
    if (errno || *end)
        return dflt;
    return r;
}

double ini_get_double(const ini_doc *doc, const char *section, const char *key, double dflt)
{
    const char *v = ini_get(doc, section, key);
    char *end;
    if (!v || !*v)
        return dflt;
    double r = strtod(v, &end);
    return *end ? dflt : r;
}

int ini_get_bool(const ini_doc *doc, const char *section, const char *key, int dflt)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    const char *v = ini_get(doc, section, key);
    if (!v)
        return dflt;
    for (size_t i = 0; i < 4; i++) {
        if (str_ieq(v, yes[i]))
            return 1;
        if (str_ieq(v, no[i]))
            return 0;
    }
    return dflt;
}

size_t ini_section_size(const ini_doc *doc, const char *section)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->count; i++)
        if (str_ieq(doc->entries[i].section, section))
            n++;
    return n;
}

const char *ini_last_error(const ini_doc *doc) { return doc->error; }
