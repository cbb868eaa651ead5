/*
 * sort_algorithms.c - a collection of generic sorting algorithms that take a
 * comparator, plus specialised integer sorts (counting, radix) and a
 * dispatch table to select algorithms by name.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmp_fn)(const void *, const void *);

static inline char *elem(void *base, size_t i, size_t sz)
{
    return (char *)base + i * sz;
}

static void byte_swap(void *a, void *b, size_t sz)
{
    unsigned char *x = a, *y = b;
    while (sz--) {
        unsigned char t = *x;
        *x++ = *y;
        *y++ = t;
    }
}

static inline int less(cmp_fn cmp, const void *a, const void *b)
{
    return cmp(a, b) < 0;
}

void insertion_sort(void *base, size_t n, size_t sz, cmp_fn cmp)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && less(cmp, elem(base, j, sz), elem(base, j - 1, sz)); j--)
            byte_swap(elem(base, j, sz), elem(base, j - 1, sz), sz);
}

void selection_sort(void *base, size_t n, size_t sz, cmp_fn cmp)
{
    for (size_t i = 0; i + 1 < n; i++) {
        size_t m = i;
        for (size_t j = i + 1; j < n; j++)
            if (less(cmp, elem(base, j, sz), elem(base, m, sz)))
                m = j;
        if (m != i)
            byte_swap(elem(base, i, sz), elem(base, m, sz), sz);
    }
}

void shell_sort(void *base, size_t n, size_t sz, cmp_fn cmp)
{
    size_t gap = 1;
    while (gap < n / 3)
        gap = gap * 3 + 1;
    for (; gap > 0; gap /= 3)
        for (size_t i = gap; i < n; i++)
            for (size_t j = i; j >= gap && less(cmp, elem(base, j, sz), elem(base, j - gap, sz)); j -= gap)
                byte_swap(elem(base, j, sz), elem(base, j - gap, sz), sz);
}

static size_t median_of_three(void *base, size_t a, size_t b, size_t c, size_t sz, cmp_fn cmp)
{
    void *x = elem(base, a, sz), *y = elem(base, b, sz), *z = elem(base, c, sz);
    if (less(cmp, x, y)) {
        if (less(cmp, y, z)) return b;
        return less(cmp, x, z) ? c : a;
    }
    if (less(cmp, x, z)) return a;
    return less(cmp, y, z) ? c : b;
}

static size_t partition(void *base, size_t lo, size_t hi, size_t sz, cmp_fn cmp)
{
    size_t mid = lo + (hi - lo) / 2;
    size_t p = median_of_three(base, lo, mid, hi, sz, cmp);
    byte_swap(elem(base, p, sz), elem(base, hi, sz), sz);
    size_t store = lo;
    for (size_t i = lo; i < hi; i++) {
        if (less(cmp, elem(base, i, sz), elem(base, hi, sz))) {
            byte_swap(elem(base, i, sz), elem(base, store, sz), sz);
            store++;
        }
    }
    byte_swap(elem(base, store, sz), elem(base, hi, sz), sz);
    return store;
}

static void quick_rec(void *base, size_t lo, size_t hi, size_t sz, cmp_fn cmp)
{
    while (lo < hi) {
        if (hi - lo < 12) {
            insertion_sort(elem(base, lo, sz), hi - lo + 1, sz, cmp);
            return;
        }
        size_t p = partition(base, lo, hi, sz, cmp);
        /* recurse on smaller side to bound stack depth */
        if (p - lo < hi - p) {
            if (p > lo)
                quick_rec(base, lo, p - 1, sz, cmp);
            lo = p + 1;
        } else {
            quick_rec(base, p + 1, hi, sz, cmp);
            if (p == 0)
                return;
            hi = p - 1;
        }
    }
}

void quick_sort(void *base, size_t n, size_t sz, cmp_fn cmp)
{
    if (n > 1)
        quick_rec(base, 0, n - 1, sz, cmp);
}

static void merge_rec(char *a, char *tmp, size_t n, size_t sz, cmp_fn cmp)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_rec(a, tmp, h, sz, cmp);
    merge_rec(a + h * sz, tmp, n - h, sz, cmp);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (!less(cmp, a + j * sz, a + i * sz))
            memcpy(tmp + (k++) * sz, a + (i++) * sz, sz);
        else
            memcpy(tmp + (k++) * sz, a + (j++) * sz, sz);
    }
    while (i < h)
        memcpy(tmp + (k++) * sz, a + (i++) * sz, sz);
    while (j < n)
        memcpy(tmp + (k++) * sz, a + (j++) * sz, sz);
    memcpy(a, tmp, n * sz);
}

void merge_sort(void *base, size_t n, size_t sz, cmp_fn cmp)
{
    char *tmp = malloc(n * sz ? n * sz : 1);
    if (!tmp) {
        insertion_sort(base, n, sz, cmp);
        return;
    }
    merge_rec(base, tmp, n, sz, cmp);
    free(tmp);
}

static void sift(void *base, size_t i, size_t n, size_t sz, cmp_fn cmp)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && less(cmp, elem(base, m, sz), elem(base, l, sz))) m = l;
        if (r < n && less(cmp, elem(base, m, sz), elem(base, r, sz))) m = r;
        if (m == i) return;
        byte_swap(elem(base, i, sz), elem(base, m, sz), sz);
        i = m;
    }
}

void heap_sort(void *base, size_t n, size_t sz, cmp_fn cmp)
{
    for (size_t i = n / 2; i-- > 0;)
        sift(base, i, n, sz, cmp);
    for (size_t e = n; e > 1; e--) {
        byte_swap(elem(base, 0, sz), elem(base, e - 1, sz), sz);
        sift(base, 0, e - 1, sz, cmp);
    }
}

/* ---------------- integer-only sorts ---------------- */

int counting_sort_u8(uint8_t *v, size_t n)
{
    size_t counts[256] = {0};
    for (size_t i = 0; i < n; i++)
        counts[v[i]]++;
    size_t k = 0;
    for (int b = 0; b < 256; b++)
        for (size_t c = 0; c < counts[b]; c++)
            v[k++] = (uint8_t)b;
    return 0;
}

int radix_sort_u32(uint32_t *v, size_t n)
{
    uint32_t *tmp = malloc(n * sizeof(uint32_t) + 1);
    if (!tmp)
        return -1;
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((v[i] >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            tmp[count[(v[i] >> shift) & 0xff]++] = v[i];
        memcpy(v, tmp, n * sizeof(uint32_t));
    }
    free(tmp);
    return 0;
}

/* ---------------- comparators and dispatch ---------------- */

static int cmp_int_asc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b) { return cmp_int_asc(b, a); }

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef void (*sort_fn)(void *, size_t, size_t, cmp_fn);

static const struct {
    const char *name;
    sort_fn fn;
} sorters[] = {
    {"insertion", insertion_sort},
    {"selection", selection_sort},
    {"shell", shell_sort},
    {"quick", quick_sort},
    {"merge", merge_sort},
    {"heap", heap_sort},
    {"libc", qsort},
};

static sort_fn lookup_sorter(const char *name)
{
    for (size_t i = 0; i < sizeof(sorters) / sizeof(sorters[0]); i++)
        if (strcmp(sorters[i].name, name) == 0)
            return sorters[i].fn;
    return NULL;
}

static int is_sorted(const void *base, size_t n, size_t sz, cmp_fn cmp)
{
    for (size_t i = 1; i < n; i++)
        if (cmp((const char *)base + (i - 1) * sz, (const char *)base + i * sz) > 0)
            return 0;
    return 1;
}

int sort_ints_by_name(const char *algo, int *v, size_t n, int descending)
{
    sort_fn fn = lookup_sorter(algo);
    cmp_fn cmp = descending ? cmp_int_desc : cmp_int_asc;
    if (!fn)
        return -1;
    fn(v, n, sizeof(int), cmp);
    return is_sorted(v, n, sizeof(int), cmp) ? 0 : 1;
}

int sort_strings_by_name(const char *algo, const char **v, size_t n)
{
    sort_fn fn = lookup_sorter(algo);
    if (!fn)
        return -1;
    fn(v, n, sizeof(char *), cmp_str);
    return is_sorted(v, n, sizeof(char *), cmp_str) ? 0 : 1;
}
