/*
 * trie.c - prefix tree over lowercase ASCII words with counts, prefix
 * queries, recursive enumeration, deletion with pruning, and
 * longest-common-prefix computation.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA 26

typedef struct trie_node {
    struct trie_node *child[ALPHA];
    unsigned count;      /* number of times word ending here was inserted */
    unsigned prefix_cnt; /* number of words passing through */
    unsigned char nchildren;
} trie_node;

typedef struct {
    trie_node *root;
    size_t words;
    size_t nodes;
} trie;

typedef void (*trie_visit)(const char *word, unsigned count, void *ctx);

static inline int char_index(char c)
{
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    return -1;
}

static inline char index_char(int i) { return (char)('a' + i); }

static trie_node *node_new(trie *t)
{
    trie_node *n = calloc(1, sizeof(*n));
    if (n)
        t->nodes++;
    return n;
}

static trie_node *child_get(const trie_node *n, int i) { return n->child[i]; }

static trie_node *child_ensure(trie *t, trie_node *n, int i)
{
    if (!n->child[i]) {
        n->child[i] = node_new(t);
        if (n->child[i])
            n->nchildren++;
    }
    return n->child[i];
}

static int valid_word(const char *w)
{
    if (!*w)
        return 0;
    for (; *w; w++)
        if (char_index(*w) < 0)
            return 0;
    return 1;
}

int trie_init(trie *t)
{
    t->words = 0;
    t->nodes = 0;
    t->root = node_new(t);
    return t->root ? 0 : -1;
}

static void free_rec(trie_node *n)
{
    if (!n)
        return;
    for (int i = 0; i < ALPHA; i++)
        free_rec(n->child[i]);
    free(n);
}

void trie_destroy(trie *t)
{
    free_rec(t->root);
    t->root = NULL;
    t->words = t->nodes = 0;
}

int trie_insert(trie *t, const char *w)
{
    if (!valid_word(w))
        return -1;
    trie_node *n = t->root;
    n->prefix_cnt++;
    for (; *w; w++) {
        n = child_ensure(t, n, char_index(*w));
        if (!n)
            return -1;
        n->prefix_cnt++;
    }
    if (n->count++ == 0)
        t->words++;
    return 0;
}

static const trie_node *walk(const trie *t, const char *s)
{
    const trie_node *n = t->root;
    for (; n && *s; s++) {
        int i = char_index(*s);
        if (i < 0)
            return NULL;
        n = child_get(n, i);
    }
    return n;
}

unsigned trie_count(const trie *t, const char *w)
{
    const trie_node *n = walk(t, w);
    return n ? n->count : 0;
}

unsigned trie_prefix_count(const trie *t, const char *prefix)
{
    const trie_node *n = walk(t, prefix);
    return n ? n->prefix_cnt : 0;
}

int trie_contains(const trie *t, const char *w) { return trie_count(t, w) > 0; }

static int remove_rec(trie *t, trie_node *n, const char *w, unsigned amount)
{
    n->prefix_cnt -= amount;
    if (!*w) {
        n->count = 0;
        return 1;
    }
    int i = char_index(*w);
    trie_node *c = n->child[i];
    remove_rec(t, c, w + 1, amount);
    if (c->prefix_cnt == 0) {
        free_rec(c);
        t->nodes--;
        n->child[i] = NULL;
        n->nchildren--;
    }
    return 1;
}

int trie_remove(trie *t, const char *w)
{
    const trie_node *n = walk(t, w);
    if (!n || n->count == 0)
        return 0;
    remove_rec(t, t->root, w, n->count);
    t->words--;
    return 1;
}

static void enum_rec(const trie_node *n, char *buf, size_t depth, size_t max,
                     trie_visit fn, void *ctx)
{
    if (n->count) {
        buf[depth] = '\0';
        fn(buf, n->count, ctx);
    }
    if (depth + 1 >= max)
        return;
    for (int i = 0; i < ALPHA; i++) {
        const trie_node *c = child_get(n, i);
        if (c) {
            buf[depth] = index_char(i);
            enum_rec(c, buf, depth + 1, max, fn, ctx);
        }
    }
}

void trie_enumerate_prefix(const trie *t, const char *prefix, trie_visit fn, void *ctx)
{
    char buf[128];
    size_t plen = strlen(prefix);
    if (plen >= sizeof(buf))
        return;
    const trie_node *n = walk(t, prefix);
    if (!n)
        return;
    memcpy(buf, prefix, plen);
    enum_rec(n, buf, plen, sizeof(buf), fn, ctx);
}

size_t trie_longest_common_prefix(const trie *t, char *out, size_t max)
{
    const trie_node *n = t->root;
    size_t len = 0;
    while (n && n->nchildren == 1 && n->count == 0 && len + 1 < max) {
        for (int i = 0; i < ALPHA; i++) {
            if (n->child[i]) {
                out[len++] = index_char(i);
                n = n->child[i];
                break;
            }
        }
    }
    if (max)
        out[len] = '\0';
    return len;
}

static size_t height_rec(const trie_node *n)
{
    size_t best = 0;
    for (int i = 0; i < ALPHA; i++) {
        if (n->child[i]) {
            size_t h = 1 + height_rec(n->child[i]);
            if (h > best)
                best = h;
        }
    }
    return best;
}

size_t trie_height(const trie *t) { return t->root ? height_rec(t->root) : 0; }
size_t trie_word_count(const trie *t) { return t->words; }
size_t trie_node_count(const trie *t) { return t->nodes; }

typedef struct {
    char best[128];
    unsigned best_count;
} top_ctx;

static void top_visit(const char *w, unsigned count, void *ctx)
{
    top_ctx *tc = ctx;
    if (count > tc->best_count) {
        tc->best_count = count;
        strncpy(tc->best, w, sizeof(tc->best) - 1);
        tc->best[sizeof(tc->best) - 1] = '\0';
    }
}

/* Most frequent completion of prefix; returns its count and copies it. */
unsigned trie_autocomplete(const trie *t, const char *prefix, char *out, size_t max)
{
    top_ctx tc;
    tc.best[0] = '\0';
    tc.best_count = 0;
    trie_enumerate_prefix(t, prefix, top_visit, &tc);
    if (max) {
        strncpy(out, tc.best, max - 1);
        out[max - 1] = '\0';
    }
    return tc.best_count;
}
