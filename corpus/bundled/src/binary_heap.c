/*
 * binary_heap.c - generic binary heap / priority queue with a user
 * comparator, plus a specialised integer min-heap and heap-based top-k.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef int (*heap_cmp)(const void *a, const void *b);

typedef struct {
    unsigned char *data;
    size_t elem_size;
    size_t len, cap;
    heap_cmp cmp;
    unsigned char *scratch;
} gheap;

static inline size_t parent_of(size_t i) { return (i - 1) / 2; }
static inline size_t left_of(size_t i) { return 2 * i + 1; }
static inline size_t right_of(size_t i) { return 2 * i + 2; }

static inline void *elem_at(gheap *h, size_t i)
{
    return h->data + i * h->elem_size;
}

static void swap_elems(gheap *h, size_t i, size_t j)
{
    memcpy(h->scratch, elem_at(h, i), h->elem_size);
    memcpy(elem_at(h, i), elem_at(h, j), h->elem_size);
    memcpy(elem_at(h, j), h->scratch, h->elem_size);
}

static inline int before(gheap *h, size_t i, size_t j)
{
    return h->cmp(elem_at(h, i), elem_at(h, j)) < 0;
}

static void sift_up(gheap *h, size_t i)
{
    while (i > 0 && before(h, i, parent_of(i))) {
        swap_elems(h, i, parent_of(i));
        i = parent_of(i);
    }
}

static void sift_down(gheap *h, size_t i)
{
    for (;;) {
        size_t l = left_of(i), r = right_of(i), best = i;
        if (l < h->len && before(h, l, best))
            best = l;
        if (r < h->len && before(h, r, best))
            best = r;
        if (best == i)
            return;
        swap_elems(h, i, best);
        i = best;
    }
}

int gheap_init(gheap *h, size_t elem_size, heap_cmp cmp)
{
    h->elem_size = elem_size;
    h->cmp = cmp;
    h->len = 0;
    h->cap = 16;
    h->data = malloc(h->cap * elem_size);
    h->scratch = malloc(elem_size);
    if (!h->data || !h->scratch) {
        free(h->data);
        free(h->scratch);
        return -1;
    }
    return 0;
}

void gheap_free(gheap *h)
{
    free(h->data);
    free(h->scratch);
    h->data = h->scratch = NULL;
    h->len = h->cap = 0;
}

static int gheap_reserve(gheap *h, size_t need)
{
    if (need <= h->cap)
        return 0;
    size_t nc = h->cap * 2;
    while (nc < need)
        nc *= 2;
    unsigned char *nd = realloc(h->data, nc * h->elem_size);
    if (!nd)
        return -1;
    h->data = nd;
    h->cap = nc;
    return 0;
}

int gheap_push(gheap *h, const void *elem)
{
    if (gheap_reserve(h, h->len + 1) != 0)
        return -1;
    memcpy(elem_at(h, h->len), elem, h->elem_size);
    h->len++;
    sift_up(h, h->len - 1);
    return 0;
}

int gheap_pop(gheap *h, void *out)
{
    if (h->len == 0)
        return -1;
    if (out)
        memcpy(out, elem_at(h, 0), h->elem_size);
    h->len--;
    if (h->len > 0) {
        memcpy(elem_at(h, 0), elem_at(h, h->len), h->elem_size);
        sift_down(h, 0);
    }
    return 0;
}

const void *gheap_top(gheap *h)
{
    return h->len ? elem_at(h, 0) : NULL;
}

size_t gheap_size(const gheap *h) { return h->len; }

void gheap_heapify(gheap *h)
{
    if (h->len < 2)
        return;
    for (size_t i = h->len / 2; i-- > 0;)
        sift_down(h, i);
}

int gheap_is_valid(gheap *h)
{
    for (size_t i = 1; i < h->len; i++)
        if (before(h, i, parent_of(i)))
            return 0;
    return 1;
}

/* ---------------- integer min-heap ---------------- */

typedef struct {
    int *v;
    size_t n, cap;
} iheap;

static inline void iswap(int *a, int *b)
{
    int t = *a;
    *a = *b;
    *b = t;
}

static void i_sift_up(iheap *h, size_t i)
{
    while (i > 0 && h->v[i] < h->v[parent_of(i)]) {
        iswap(&h->v[i], &h->v[parent_of(i)]);
        i = parent_of(i);
    }
}

static void i_sift_down(int *v, size_t n, size_t i)
{
    for (;;) {
        size_t l = left_of(i), r = right_of(i), m = i;
        if (l < n && v[l] < v[m])
            m = l;
        if (r < n && v[r] < v[m])
            m = r;
        if (m == i)
            break;
        iswap(&v[i], &v[m]);
        i = m;
    }
}

int iheap_push(iheap *h, int x)
{
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 8;
        int *nv = realloc(h->v, nc * sizeof(int));
        if (!nv)
            return -1;
        h->v = nv;
        h->cap = nc;
    }
    h->v[h->n++] = x;
    i_sift_up(h, h->n - 1);
    return 0;
}

int iheap_pop(iheap *h, int *out)
{
    if (!h->n)
        return -1;
    *out = h->v[0];
    h->v[0] = h->v[--h->n];
    i_sift_down(h->v, h->n, 0);
    return 0;
}

void iheap_free(iheap *h)
{
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

/* Keep the k largest values of arr in a size-k min-heap; writes them sorted
 * descending into out. Returns number written. */
size_t top_k_largest(const int *arr, size_t n, size_t k, int *out)
{
    iheap h = {0};
    for (size_t i = 0; i < n; i++) {
        if (h.n < k) {
            iheap_push(&h, arr[i]);
        } else if (k && arr[i] > h.v[0]) {
            h.v[0] = arr[i];
            i_sift_down(h.v, h.n, 0);
        }
    }
    size_t m = h.n;
    for (size_t i = m; i-- > 0;)
        iheap_pop(&h, &out[i]);
    iheap_free(&h);
    return m;
}

/* In-place heap sort (descending, via min-heap). */
void heap_sort_desc(int *v, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        i_sift_down(v, n, i);
    for (size_t end = n; end > 1; end--) {
        iswap(&v[0], &v[end - 1]);
        i_sift_down(v, end - 1, 0);
    }
}

/* ---------------- task scheduling example ---------------- */

typedef struct {
    int priority;
    unsigned seq;
    int payload;
} task;

static int task_cmp(const void *a, const void *b)
{
    const task *x = a, *y = b;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

long schedule_tasks(const int *prios, const int *payloads, size_t n)
{
    gheap h;
    long checksum = 0;
    if (gheap_init(&h, sizeof(task), task_cmp) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        task t = {prios[i], (unsigned)i, payloads[i]};
        gheap_push(&h, &t);
    }
    unsigned order = 1;
    task t;
    while (gheap_pop(&h, &t) == 0)
        checksum += (long)order++ * t.payload;
    gheap_free(&h);
    return checksum;
}
