/*
 * dyn_array.c - type-erased dynamic array (vector) with element size,
 * insertion/removal, binary search, map/filter/reduce via callbacks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *data;
    size_t elem;
    size_t len;
    size_t cap;
} vec;

typedef int (*vec_cmp)(const void *, const void *);
typedef int (*vec_pred)(const void *, void *);
typedef void (*vec_map)(void *dst, const void *src, void *ctx);
typedef void (*vec_fold)(void *acc, const void *item, void *ctx);

static inline void *vec_slot(const vec *v, size_t i)
{
    return v->data + i * v->elem;
}

static inline size_t grow_cap(size_t cap)
{
    return cap < 8 ? 8 : cap + cap / 2;
}

static int vec_reserve(vec *v, size_t need)
{
    if (need <= v->cap)
        return 0;
    size_t nc = v->cap;
    while (nc < need)
        nc = grow_cap(nc);
    if (nc > SIZE_MAX / v->elem)
        return -1;
    unsigned char *nd = realloc(v->data, nc * v->elem);
    if (!nd)
        return -1;
    v->data = nd;
    v->cap = nc;
    return 0;
}

void vec_init(vec *v, size_t elem_size)
{
    v->data = NULL;
    v->elem = elem_size;
    v->len = v->cap = 0;
}

void vec_free(vec *v)
{
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

size_t vec_len(const vec *v) { return v->len; }
void *vec_at(const vec *v, size_t i) { return i < v->len ? vec_slot(v, i) : NULL; }
void *vec_back(const vec *v) { return v->len ? vec_slot(v, v->len - 1) : NULL; }

int vec_push(vec *v, const void *item)
{
    if (vec_reserve(v, v->len + 1) != 0)
        return -1;
    memcpy(vec_slot(v, v->len), item, v->elem);
    v->len++;
    return 0;
}

int vec_pop(vec *v, void *out)
{
    if (!v->len)
        return -1;
    v->len--;
    if (out)
        memcpy(out, vec_slot(v, v->len), v->elem);
    return 0;
}

int vec_insert(vec *v, size_t idx, const void *item)
{
    if (idx > v->len || vec_reserve(v, v->len + 1) != 0)
        return -1;
    memmove(vec_slot(v, idx + 1), vec_slot(v, idx), (v->len - idx) * v->elem);
    memcpy(vec_slot(v, idx), item, v->elem);
    v->len++;
    return 0;
}

int vec_remove(vec *v, size_t idx, void *out)
{
    if (idx >= v->len)
        return -1;
    if (out)
        memcpy(out, vec_slot(v, idx), v->elem);
    memmove(vec_slot(v, idx), vec_slot(v, idx + 1), (v->len - idx - 1) * v->elem);
    v->len--;
    return 0;
}

int vec_swap_remove(vec *v, size_t idx)
{
    if (idx >= v->len)
        return -1;
    v->len--;
    if (idx != v->len)
        memcpy(vec_slot(v, idx), vec_slot(v, v->len), v->elem);
    return 0;
}

void vec_sort(vec *v, vec_cmp cmp)
{
    if (v->len > 1)
        qsort(v->data, v->len, v->elem, cmp);
}

/* Lower bound: first index whose element is >= key. */
size_t vec_lower_bound(const vec *v, const void *key, vec_cmp cmp)
{
    size_t lo = 0, hi = v->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp(vec_slot(v, mid), key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int vec_insert_sorted(vec *v, const void *item, vec_cmp cmp)
{
    return vec_insert(v, vec_lower_bound(v, item, cmp), item);
}

long vec_find(const vec *v, const void *key, vec_cmp cmp)
{
    size_t i = vec_lower_bound(v, key, cmp);
    if (i < v->len && cmp(vec_slot(v, i), key) == 0)
        return (long)i;
    return -1;
}

size_t vec_filter(vec *v, vec_pred keep, void *ctx)
{
    size_t w = 0;
    for (size_t r = 0; r < v->len; r++) {
        if (keep(vec_slot(v, r), ctx)) {
            if (w != r)
                memcpy(vec_slot(v, w), vec_slot(v, r), v->elem);
            w++;
        }
    }
    size_t removed = v->len - w;
    v->len = w;
    return removed;
}

int vec_map_into(const vec *src, vec *dst, size_t dst_elem, vec_map fn, void *ctx)
{
    vec_init(dst, dst_elem);
    if (vec_reserve(dst, src->len) != 0)
        return -1;
    for (size_t i = 0; i < src->len; i++)
        fn(vec_slot(dst, i), vec_slot(src, i), ctx);
    dst->len = src->len;
    return 0;
}

void vec_reduce(const vec *v, void *acc, vec_fold fn, void *ctx)
{
    for (size_t i = 0; i < v->len; i++)
        fn(acc, vec_slot(v, i), ctx);
}

void vec_reverse(vec *v)
{
    if (v->len < 2 || vec_reserve(v, v->len + 1) != 0)
        return;
    void *tmp = vec_slot(v, v->len); /* scratch slot past end */
    for (size_t i = 0, j = v->len - 1; i < j; i++, j--) {
        memcpy(tmp, vec_slot(v, i), v->elem);
        memcpy(vec_slot(v, i), vec_slot(v, j), v->elem);
        memcpy(vec_slot(v, j), tmp, v->elem);
    }
}

void vec_dedup_sorted(vec *v, vec_cmp cmp)
{
    if (v->len < 2)
        return;
    size_t w = 1;
    for (size_t r = 1; r < v->len; r++) {
        if (cmp(vec_slot(v, r), vec_slot(v, w - 1)) != 0) {
            if (w != r)
                memcpy(vec_slot(v, w), vec_slot(v, r), v->elem);
            w++;
        }
    }
    v->len = w;
}

/* ---------- int helpers built on the generic vector ---------- */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int keep_positive(const void *p, void *ctx)
{
    (void)ctx;
    return *(const int *)p > 0;
}

static int keep_multiple(const void *p, void *ctx)
{
    return *(const int *)p % *(int *)ctx == 0;
}

static void square_to_long(void *dst, const void *src, void *ctx)
{
    (void)ctx;
    long x = *(const int *)src;
    *(long *)dst = x * x;
}

static void sum_long(void *acc, const void *item, void *ctx)
{
    (void)ctx;
    *(long *)acc += *(const long *)item;
}

long vec_int_sum_of_squares(const int *vals, size_t n, int multiple_of)
{
    vec v, sq;
    long total = 0;
    vec_init(&v, sizeof(int));
    for (size_t i = 0; i < n; i++)
        vec_push(&v, &vals[i]);
    vec_filter(&v, keep_positive, NULL);
    if (multiple_of > 0)
        vec_filter(&v, keep_multiple, &multiple_of);
    if (vec_map_into(&v, &sq, sizeof(long), square_to_long, NULL) == 0)
        vec_reduce(&sq, &total, sum_long, NULL);
    vec_free(&sq);
    vec_free(&v);
    return total;
}

size_t vec_int_unique_sorted(const int *vals, size_t n, int *out)
{
    vec v;
    vec_init(&v, sizeof(int));
    for (size_t i = 0; i < n; i++)
        vec_insert_sorted(&v, &vals[i], cmp_int);
    vec_dedup_sorted(&v, cmp_int);
    size_t m = vec_len(&v);
    for (size_t i = 0; i < m; i++)
        out[i] = *(int *)vec_at(&v, i);
    vec_free(&v);
    return m;
}
