/*
 * avl_tree.c - self-balancing AVL tree keyed by int with recursive
 * insert/delete, in-order traversal callbacks and range queries.
 */
#include <stddef.h>
#include <stdlib.h>

typedef struct avl_node {
    struct avl_node *left, *right;
    int key;
    int height;
    long value;
} avl_node;

typedef struct {
    avl_node *root;
    size_t size;
} avl_tree;

typedef void (*avl_visit)(int key, long value, void *ctx);

static inline int max_int(int a, int b) { return a > b ? a : b; }

static inline int height(const avl_node *n) { return n ? n->height : 0; }

static inline void update_height(avl_node *n)
{
    n->height = 1 + max_int(height(n->left), height(n->right));
}

static inline int balance_factor(const avl_node *n)
{
    return n ? height(n->left) - height(n->right) : 0;
}

static avl_node *rotate_right(avl_node *y)
{
    avl_node *x = y->left;
    y->left = x->right;
    x->right = y;
    update_height(y);
    update_height(x);
    return x;
}

static avl_node *rotate_left(avl_node *x)
{
    avl_node *y = x->right;
    x->right = y->left;
    y->left = x;
    update_height(x);
    update_height(y);
    return y;
}

static avl_node *rebalance(avl_node *n)
{
    update_height(n);
    int bf = balance_factor(n);
    if (bf > 1) {
        if (balance_factor(n->left) < 0)
            n->left = rotate_left(n->left);
        return rotate_right(n);
    }
    if (bf < -1) {
        if (balance_factor(n->right) > 0)
            n->right = rotate_right(n->right);
        return rotate_left(n);
    }
    return n;
}

static avl_node *make_node(int key, long value)
{
    avl_node *n = malloc(sizeof(*n));
    if (!n)
        return NULL;
    n->left = n->right = NULL;
    n->key = key;
    n->value = value;
    n->height = 1;
    return n;
}

static avl_node *insert_rec(avl_node *n, int key, long value, int *added)
{
    if (!n) {
        avl_node *m = make_node(key, value);
        if (m)
            *added = 1;
        return m;
    }
    if (key < n->key)
        n->left = insert_rec(n->left, key, value, added);
    else if (key > n->key)
        n->right = insert_rec(n->right, key, value, added);
    else {
        n->value = value;
        return n;
    }
    return rebalance(n);
}

static avl_node *min_node(avl_node *n)
{
    while (n && n->left)
        n = n->left;
    return n;
}

static avl_node *remove_min(avl_node *n, avl_node **out)
{
    if (!n->left) {
        *out = n;
        return n->right;
    }
    n->left = remove_min(n->left, out);
    return rebalance(n);
}

static avl_node *delete_rec(avl_node *n, int key, int *removed)
{
    if (!n)
        return NULL;
    if (key < n->key) {
        n->left = delete_rec(n->left, key, removed);
    } else if (key > n->key) {
        n->right = delete_rec(n->right, key, removed);
    } else {
        avl_node *l = n->left, *r = n->right;
        free(n);
        *removed = 1;
        if (!r)
            return l;
        avl_node *succ;
        r = remove_min(r, &succ);
        succ->left = l;
        succ->right = r;
        return rebalance(succ);
    }
    return rebalance(n);
}

static void free_rec(avl_node *n)
{
    if (!n)
        return;
    free_rec(n->left);
    free_rec(n->right);
    free(n);
}

static void inorder_rec(const avl_node *n, avl_visit fn, void *ctx)
{
    if (!n)
        return;
    inorder_rec(n->left, fn, ctx);
    fn(n->key, n->value, ctx);
    inorder_rec(n->right, fn, ctx);
}

static void range_rec(const avl_node *n, int lo, int hi, avl_visit fn, void *ctx)
{
    if (!n)
        return;
    if (lo < n->key)
        range_rec(n->left, lo, hi, fn, ctx);
    if (lo <= n->key && n->key <= hi)
        fn(n->key, n->value, ctx);
    if (hi > n->key)
        range_rec(n->right, lo, hi, fn, ctx);
}

static int check_rec(const avl_node *n, const int *lo, const int *hi)
{
    if (!n)
        return 1;
    if ((lo && n->key <= *lo) || (hi && n->key >= *hi))
        return 0;
    int bf = balance_factor(n);
    if (bf < -1 || bf > 1)
        return 0;
    if (n->height != 1 + max_int(height(n->left), height(n->right)))
        return 0;
    return check_rec(n->left, lo, &n->key) && check_rec(n->right, &n->key, hi);
}

void avl_init(avl_tree *t) { t->root = NULL; t->size = 0; }

void avl_destroy(avl_tree *t)
{
    free_rec(t->root);
    avl_init(t);
}

int avl_insert(avl_tree *t, int key, long value)
{
    int added = 0;
    t->root = insert_rec(t->root, key, value, &added);
    t->size += (size_t)added;
    return added;
}

int avl_remove(avl_tree *t, int key)
{
    int removed = 0;
    t->root = delete_rec(t->root, key, &removed);
    t->size -= (size_t)removed;
    return removed;
}

const long *avl_find(const avl_tree *t, int key)
{
    const avl_node *n = t->root;
    while (n) {
        if (key == n->key)
            return &n->value;
        n = key < n->key ? n->left : n->right;
    }
    return NULL;
}

int avl_min_key(const avl_tree *t, int *out)
{
    avl_node *m = min_node(t->root);
    if (!m)
        return 0;
    *out = m->key;
    return 1;
}

/* Smallest key >= k. */
int avl_ceiling(const avl_tree *t, int k, int *out)
{
    const avl_node *n = t->root;
    int found = 0;
    while (n) {
        if (n->key >= k) {
            *out = n->key;
            found = 1;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return found;
}

size_t avl_size(const avl_tree *t) { return t->size; }
int avl_height(const avl_tree *t) { return height(t->root); }
int avl_validate(const avl_tree *t) { return check_rec(t->root, NULL, NULL); }

void avl_foreach(const avl_tree *t, avl_visit fn, void *ctx)
{
    inorder_rec(t->root, fn, ctx);
}

static void sum_visit(int key, long value, void *ctx)
{
    (void)key;
    *(long *)ctx += value;
}

long avl_range_sum(const avl_tree *t, int lo, int hi)
{
    long s = 0;
    range_rec(t->root, lo, hi, sum_visit, &s);
    return s;
}

typedef struct {
    int *out;
    size_t n, cap;
} collect_ctx;

static void collect_visit(int key, long value, void *ctx)
{
    collect_ctx *c = ctx;
    (void)value;
    if (c->n < c->cap)
        c->out[c->n] = key;
    c->n++;
}

size_t avl_keys(const avl_tree *t, int *out, size_t cap)
{
    collect_ctx c = {out, 0, cap};
    avl_foreach(t, collect_visit, &c);
    return c.n < cap ? c.n : cap;
}
