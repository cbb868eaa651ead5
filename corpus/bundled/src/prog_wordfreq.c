/*
 * prog_wordfreq.c - word frequency counter. Tokenizes an embedded corpus
 * (or files named on the command line), counts words in a chained hash
 * table, sorts by frequency and prints the top entries plus statistics.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1024
#define MAX_WORD 64

typedef struct wentry {
    struct wentry *next;
    unsigned count;
    unsigned first_pos;
    char word[];
} wentry;

typedef struct {
    wentry *buckets[NBUCKETS];
    size_t unique;
    size_t total;
} wtable;

static const char *const default_text =
    "It was the best of times, it was the worst of times, it was the age of wisdom, "
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
    "incredulity, it was the season of Light, it was the season of Darkness, it was "
    "the spring of hope, it was the winter of despair, we had everything before us, "
    "we had nothing before us, we were all going direct to Heaven, we were all going "
    "direct the other way - in short, the period was so far like the present period, "
    "that some of its noisiest authorities insisted on its being received, for good "
    "or for evil, in the superlative degree of comparison only.";

static const char *const stop_words[] = {"a", "an", "and", "in", "of", "on", "or", "the", "to"};

static inline unsigned hash_word(const char *w)
{
    unsigned h = 5381;
    while (*w)
        h = h * 33u ^ (unsigned char)*w++;
    return h;
}

static inline size_t bucket_for(const char *w) { return hash_word(w) % NBUCKETS; }

static inline int is_word_char(int c) { return isalnum(c) || c == '\''; }

static int is_stop_word(const char *w)
{
    for (size_t i = 0; i < sizeof stop_words / sizeof stop_words[0]; i++)
        if (strcmp(stop_words[i], w) == 0)
            return 1;
    return 0;
}

static wentry *find_entry(wtable *t, const char *w)
{
    for (wentry *e = t->buckets[bucket_for(w)]; e; e = e->next)
        if (strcmp(e->word, w) == 0)
            return e;
    return NULL;
}

static int add_word(wtable *t, const char *w, unsigned pos)
{
    wentry *e = find_entry(t, w);
    t->total++;
    if (e) {
        e->count++;
        return 0;
    }
    size_t n = strlen(w) + 1;
    e = malloc(sizeof(*e) + n);
    if (!e)
        return -1;
    memcpy(e->word, w, n);
    e->count = 1;
    e->first_pos = pos;
    size_t b = bucket_for(w);
    e->next = t->buckets[b];
    t->buckets[b] = e;
    t->unique++;
    return 0;
}

static void free_table(wtable *t)
{
    for (size_t b = 0; b < NBUCKETS; b++) {
        wentry *e = t->buckets[b];
        while (e) {
            wentry *n = e->next;
            free(e);
            e = n;
        }
        t->buckets[b] = NULL;
    }
}

static size_t tokenize(wtable *t, const char *text, int skip_stop)
{
    char word[MAX_WORD];
    size_t len = 0, words = 0;
    unsigned pos = 0;
    for (const char *p = text;; p++) {
        int c = (unsigned char)*p;
        if (c && is_word_char(c)) {
            if (len + 1 < sizeof word)
                word[len++] = (char)tolower(c);
            continue;
        }
        if (len) {
            word[len] = '\0';
            if (!skip_stop || !is_stop_word(word)) {
                if (add_word(t, word, pos++) != 0)
                    return words;
                words++;
            }
            len = 0;
        }
        if (!c)
            break;
    }
    return words;
}

static int by_count_then_alpha(const void *a, const void *b)
{
    const wentry *x = *(wentry *const *)a, *y = *(wentry *const *)b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->word, y->word);
}

static wentry **collect_sorted(wtable *t)
{
    wentry **arr = malloc((t->unique ? t->unique : 1) * sizeof(*arr));
    size_t k = 0;
    if (!arr)
        return NULL;
    for (size_t b = 0; b < NBUCKETS; b++)
        for (wentry *e = t->buckets[b]; e; e = e->next)
            arr[k++] = e;
    qsort(arr, k, sizeof(*arr), by_count_then_alpha);
    return arr;
}

static size_t longest_word(wentry **arr, size_t n)
{
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(arr[i]->word);
        if (l > best)
            best = l;
    }
    return best;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc((size_t)n + 1);
    if (!buf)
        goto out;
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
        goto out;
    }
    buf[n] = '\0';
out:
    fclose(f);
    return buf;
}

static void print_report(wentry **arr, size_t n, size_t top)
{
    size_t w = longest_word(arr, n < top ? n : top);
    for (size_t i = 0; i < n && i < top; i++)
        printf("%3zu. %-*s %4u\n", i + 1, (int)w, arr[i]->word, arr[i]->count);
}

int main(int argc, char **argv)
{
    wtable t;
    int rc = 1, skip_stop = 0, argi = 1;
    memset(&t, 0, sizeof t);
    if (argi < argc && strcmp(argv[argi], "-s") == 0) {
        skip_stop = 1;
        argi++;
    }
    if (argi >= argc) {
        tokenize(&t, default_text, skip_stop);
    } else {
        for (; argi < argc; argi++) {
            char *text = read_file(argv[argi]);
            if (!text) {
                fprintf(stderr, "cannot read %s\n", argv[argi]);
                goto done;
            }
            tokenize(&t, text, skip_stop);
            free(text);
        }
    }
    wentry **arr = collect_sorted(&t);
    if (!arr)
        goto done;
    print_report(arr, t.unique, 10);
    unsigned sum = 0;
    for (size_t i = 0; i < t.unique; i++)
        sum += arr[i]->count;
    printf("total=%zu unique=%zu\n", t.total, t.unique);
    rc = (sum == t.total && (t.unique == 0 || find_entry(&t, arr[0]->word) == arr[0])) ? 0 : 2;
    free(arr);
done:
    free_table(&t);
    return rc;
}
