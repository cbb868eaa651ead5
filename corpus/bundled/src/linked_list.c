/*
 * linked_list.c - doubly linked list of integers with sentinel node,
 * plus a singly linked list with recursive merge sort and reversal.
 */
#include <stddef.h>
#include <stdlib.h>

typedef struct dnode {
    struct dnode *prev, *next;
    long value;
} dnode;

typedef struct {
    dnode head; /* sentinel */
    size_t size;
} dlist;

typedef struct snode {
    struct snode *next;
    int key;
} snode;

typedef int (*dlist_pred)(long value, void *ctx);
typedef void (*dlist_visit)(long value, void *ctx);

static inline dnode *first(dlist *l) { return l->head.next; }
static inline dnode *last(dlist *l) { return l->head.prev; }
static inline int is_end(const dlist *l, const dnode *n) { return n == &l->head; }

static inline void link_between(dnode *n, dnode *prev, dnode *next)
{
    n->prev = prev;
    n->next = next;
    prev->next = n;
    next->prev = n;
}

static inline void unlink_node(dnode *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = n;
}

static dnode *new_node(long v)
{
    dnode *n = malloc(sizeof(*n));
    if (n) {
        n->value = v;
        n->prev = n->next = n;
    }
    return n;
}

void dlist_init(dlist *l)
{
    l->head.prev = l->head.next = &l->head;
    l->head.value = 0;
    l->size = 0;
}

void dlist_clear(dlist *l)
{
    dnode *n = first(l);
    while (!is_end(l, n)) {
        dnode *next = n->next;
        free(n);
        n = next;
    }
    dlist_init(l);
}

int dlist_push_back(dlist *l, long v)
{
    dnode *n = new_node(v);
    if (!n)
        return -1;
    link_between(n, last(l), &l->head);
    l->size++;
    return 0;
}

int dlist_push_front(dlist *l, long v)
{
    dnode *n = new_node(v);
    if (!n)
        return -1;
    link_between(n, &l->head, first(l));
    l->size++;
    return 0;
}

static long take_node(dlist *l, dnode *n)
{
    long v = n->value;
    unlink_node(n);
    free(n);
    l->size--;
    return v;
}

int dlist_pop_front(dlist *l, long *out)
{
    if (l->size == 0)
        return -1;
    *out = take_node(l, first(l));
    return 0;
}

int dlist_pop_back(dlist *l, long *out)
{
    if (l->size == 0)
        return -1;
    *out = take_node(l, last(l));
    return 0;
}

size_t dlist_size(const dlist *l) { return l->size; }

void dlist_foreach(dlist *l, dlist_visit fn, void *ctx)
{
    for (dnode *n = first(l); !is_end(l, n); n = n->next)
        fn(n->value, ctx);
}

size_t dlist_remove_if(dlist *l, dlist_pred pred, void *ctx)
{
    size_t removed = 0;
    dnode *n = first(l);
    while (!is_end(l, n)) {
        dnode *next = n->next;
        if (pred(n->value, ctx)) {
            take_node(l, n);
            removed++;
        }
        n = next;
    }
    return removed;
}

int dlist_insert_sorted(dlist *l, long v)
{
    dnode *pos = first(l);
    while (!is_end(l, pos) && pos->value < v)
        pos = pos->next;
    dnode *n = new_node(v);
    if (!n)
        return -1;
    link_between(n, pos->prev, pos);
    l->size++;
    return 0;
}

void dlist_reverse(dlist *l)
{
    dnode *n = &l->head;
    do {
        dnode *t = n->next;
        n->next = n->prev;
        n->prev = t;
        n = t;
    } while (n != &l->head);
}

static int is_even(long v, void *ctx) { (void)ctx; return (v & 1) == 0; }
static int greater_than(long v, void *ctx) { return v > *(long *)ctx; }
static void accumulate(long v, void *ctx) { *(long *)ctx += v; }

long dlist_sum(dlist *l)
{
    long s = 0;
    dlist_foreach(l, accumulate, &s);
    return s;
}

size_t dlist_remove_even(dlist *l) { return dlist_remove_if(l, is_even, NULL); }

size_t dlist_remove_above(dlist *l, long limit)
{
    return dlist_remove_if(l, greater_than, &limit);
}

/* ---------------- singly linked list ---------------- */

snode *slist_push(snode *head, int key)
{
    snode *n = malloc(sizeof(*n));
    if (!n)
        return head;
    n->key = key;
    n->next = head;
    return n;
}

void slist_free(snode *head)
{
    while (head) {
        snode *n = head->next;
        free(head);
        head = n;
    }
}

size_t slist_length(const snode *head)
{
    size_t n = 0;
    for (; head; head = head->next)
        n++;
    return n;
}

static snode *merge(snode *a, snode *b)
{
    snode dummy;
    snode *tail = &dummy;
    dummy.next = NULL;
    while (a && b) {
        if (a->key <= b->key) {
            tail->next = a;
            a = a->next;
        } else {
            tail->next = b;
            b = b->next;
        }
        tail = tail->next;
    }
    tail->next = a ? a : b;
    return dummy.next;
}

static void split(snode *src, snode **front, snode **back)
{
    snode *slow = src, *fast = src->next;
    while (fast) {
        fast = fast->next;
        if (fast) {
            slow = slow->next;
            fast = fast->next;
        }
    }
    *front = src;
    *back = slow->next;
    slow->next = NULL;
}

snode *slist_sort(snode *head)
{
    if (!head || !head->next)
        return head;
    snode *a, *b;
    split(head, &a, &b);
    return merge(slist_sort(a), slist_sort(b));
}

snode *slist_reverse(snode *head)
{
    snode *prev = NULL;
    while (head) {
        snode *n = head->next;
        head->next = prev;
        prev = head;
        head = n;
    }
    return prev;
}

static snode *reverse_rec(snode *n, snode *acc)
{
    if (!n)
        return acc;
    snode *next = n->next;
    n->next = acc;
    return reverse_rec(next, n);
}

snode *slist_reverse_recursive(snode *head) { return reverse_rec(head, NULL); }

int slist_is_sorted(const snode *head)
{
    for (; head && head->next; head = head->next)
        if (head->key > head->next->key)
            return 0;
    return 1;
}

const snode *slist_nth(const snode *head, size_t n)
{
    while (head && n--)
        head = head->next;
    return head;
}

/* Floyd cycle detection. */
int slist_has_cycle(const snode *head)
{
    const snode *slow = head, *fast = head;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
        if (slow == fast)
            return 1;
    }
    return 0;
}
