/*
 * union_find.c - disjoint-set forest with union by rank and path
 * compression, used for Kruskal's minimum spanning tree, connected
 * component labelling on a grid, and cycle detection.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    int *parent;
    unsigned char *rank;
    int *size;
    int n;
    int components;
} dsu;

typedef struct {
    int u, v;
    int w;
} edge;

int dsu_init(dsu *d, int n)
{
    d->parent = malloc((size_t)n * sizeof(int));
    d->rank = calloc((size_t)n, 1);
    d->size = malloc((size_t)n * sizeof(int));
    if (!d->parent || !d->rank || !d->size) {
        free(d->parent);
        free(d->rank);
        free(d->size);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        d->parent[i] = i;
        d->size[i] = 1;
    }
    d->n = n;
    d->components = n;
    return 0;
}

void dsu_free(dsu *d)
{
    free(d->parent);
    free(d->rank);
    free(d->size);
    d->parent = d->size = NULL;
    d->rank = NULL;
    d->n = d->components = 0;
}

static inline int in_range(const dsu *d, int x) { return x >= 0 && x < d->n; }

int dsu_find(dsu *d, int x)
{
    int root = x;
    while (d->parent[root] != root)
        root = d->parent[root];
    while (d->parent[x] != root) {
        int next = d->parent[x];
        d->parent[x] = root;
        x = next;
    }
    return root;
}

/* Recursive variant kept for comparison/testing. */
static int find_rec(dsu *d, int x)
{
    if (d->parent[x] == x)
        return x;
    return d->parent[x] = find_rec(d, d->parent[x]);
}

static inline void swap_int(int *a, int *b)
{
    int t = *a;
    *a = *b;
    *b = t;
}

int dsu_union(dsu *d, int a, int b)
{
    if (!in_range(d, a) || !in_range(d, b))
        return 0;
    a = dsu_find(d, a);
    b = dsu_find(d, b);
    if (a == b)
        return 0;
    if (d->rank[a] < d->rank[b])
        swap_int(&a, &b);
    d->parent[b] = a;
    d->size[a] += d->size[b];
    if (d->rank[a] == d->rank[b])
        d->rank[a]++;
    d->components--;
    return 1;
}

int dsu_same(dsu *d, int a, int b) { return dsu_find(d, a) == dsu_find(d, b); }
int dsu_size_of(dsu *d, int x) { return d->size[dsu_find(d, x)]; }
int dsu_components(const dsu *d) { return d->components; }

int dsu_largest_component(dsu *d)
{
    int best = 0;
    for (int i = 0; i < d->n; i++)
        if (find_rec(d, i) == i && d->size[i] > best)
            best = d->size[i];
    return best;
}

/* ---------------- Kruskal MST ---------------- */

static int edge_cmp(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->w != y->w)
        return x->w < y->w ? -1 : 1;
    if (x->u != y->u)
        return x->u < y->u ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* Returns total MST weight, or -1 if graph is disconnected / error.
 * Edges array is sorted in place. Chosen edges are flagged in `used`. */
long kruskal_mst(int n, edge *edges, size_t m, unsigned char *used)
{
    dsu d;
    long total = 0;
    int taken = 0;
    if (dsu_init(&d, n) != 0)
        return -1;
    qsort(edges, m, sizeof(edge), edge_cmp);
    for (size_t i = 0; i < m && taken < n - 1; i++) {
        int ok = dsu_union(&d, edges[i].u, edges[i].v);
        if (used)
            used[i] = (unsigned char)ok;
        if (ok) {
            total += edges[i].w;
            taken++;
        }
    }
    int connected = dsu_components(&d) == 1;
    dsu_free(&d);
    return connected ? total : -1;
}

int graph_has_cycle(int n, const edge *edges, size_t m)
{
    dsu d;
    int cycle = 0;
    if (dsu_init(&d, n) != 0)
        return -1;
    for (size_t i = 0; i < m && !cycle; i++)
        if (!dsu_union(&d, edges[i].u, edges[i].v))
            cycle = 1;
    dsu_free(&d);
    return cycle;
}

/* ---------------- grid component labelling ---------------- */

static inline int cell_id(int r, int c, int cols) { return r * cols + c; }

static inline int is_land(const unsigned char *grid, int r, int c, int cols)
{
    return grid[cell_id(r, c, cols)] != 0;
}

/* Counts 4-connected islands of nonzero cells; writes label per cell
 * (0 for water, 1..k for islands) if labels != NULL. */
int grid_count_islands(const unsigned char *grid, int rows, int cols, int *labels)
{
    dsu d;
    int water = 0;
    if (dsu_init(&d, rows * cols) != 0)
        return -1;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            if (!is_land(grid, r, c, cols)) {
                water++;
                continue;
            }
            if (r + 1 < rows && is_land(grid, r + 1, c, cols))
                dsu_union(&d, cell_id(r, c, cols), cell_id(r + 1, c, cols));
            if (c + 1 < cols && is_land(grid, r, c + 1, cols))
                dsu_union(&d, cell_id(r, c, cols), cell_id(r, c + 1, cols));
        }
    }
    int islands = dsu_components(&d) - water;
    if (labels) {
        int *root_label = calloc((size_t)(rows * cols), sizeof(int));
        int next = 0;
        for (int i = 0; i < rows * cols; i++) {
            if (!grid[i]) {
                labels[i] = 0;
                continue;
            }
            int root = dsu_find(&d, i);
            if (root_label && !root_label[root])
                root_label[root] = ++next;
            labels[i] = root_label ? root_label[root] : 1;
        }
        free(root_label);
    }
    dsu_free(&d);
    return islands;
}

/* Percolation check: does any top-row open cell connect to bottom row? */
int grid_percolates(const unsigned char *grid, int rows, int cols)
{
    dsu d;
    int top = rows * cols, bottom = rows * cols + 1;
    if (dsu_init(&d, rows * cols + 2) != 0)
        return -1;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            if (!is_land(grid, r, c, cols))
                continue;
            int id = cell_id(r, c, cols);
            if (r == 0)
                dsu_union(&d, id, top);
            if (r == rows - 1)
                dsu_union(&d, id, bottom);
            if (r + 1 < rows && is_land(grid, r + 1, c, cols))
                dsu_union(&d, id, cell_id(r + 1, c, cols));
            if (c + 1 < cols && is_land(grid, r, c + 1, cols))
                dsu_union(&d, id, cell_id(r, c + 1, cols));
        }
    }
    int res = dsu_same(&d, top, bottom);
    dsu_free(&d);
    return res;
}
