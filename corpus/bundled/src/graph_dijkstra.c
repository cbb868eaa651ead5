/*
 * graph_dijkstra.c - adjacency-list directed graph with BFS, iterative
 * and recursive DFS, topological sort, and Dijkstra shortest paths using
 * an indexed binary heap.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int to;
    int weight;
    int next; /* next edge index from same source, -1 terminates */
} gedge;

typedef struct {
    int nv;
    int *head;
    gedge *edges;
    int ne, ecap;
} graph;

#define INF_DIST LONG_MAX

int graph_init(graph *g, int nv)
{
    g->nv = nv;
    g->ne = 0;
    g->ecap = 16;
    g->head = malloc((size_t)nv * sizeof(int));
    g->edges = malloc((size_t)g->ecap * sizeof(gedge));
    if (!g->head || !g->edges) {
        free(g->head);
        free(g->edges);
        return -1;
    }
    for (int i = 0; i < nv; i++)
        g->head[i] = -1;
    return 0;
}

void graph_free(graph *g)
{
    free(g->head);
    free(g->edges);
    memset(g, 0, sizeof(*g));
}

static inline int valid_vertex(const graph *g, int v) { return v >= 0 && v < g->nv; }
static inline int first_edge(const graph *g, int v) { return g->head[v]; }
static inline const gedge *edge_at(const graph *g, int e) { return &g->edges[e]; }

int graph_add_edge(graph *g, int from, int to, int w)
{
    if (!valid_vertex(g, from) || !valid_vertex(g, to) || w < 0)
        return -1;
    if (g->ne == g->ecap) {
        int nc = g->ecap * 2;
        gedge *ne = realloc(g->edges, (size_t)nc * sizeof(gedge));
        if (!ne)
            return -1;
        g->edges = ne;
        g->ecap = nc;
    }
    gedge *e = &g->edges[g->ne];
    e->to = to;
    e->weight = w;
    e->next = g->head[from];
    g->head[from] = g->ne++;
    return 0;
}

int graph_add_undirected(graph *g, int a, int b, int w)
{
    if (graph_add_edge(g, a, b, w) != 0)
        return -1;
    return graph_add_edge(g, b, a, w);
}

int graph_out_degree(const graph *g, int v)
{
    int d = 0;
    for (int e = first_edge(g, v); e != -1; e = edge_at(g, e)->next)
        d++;
    return d;
}

/* BFS hop distances; unreachable = -1. Returns number reached. */
int graph_bfs(const graph *g, int src, int *dist)
{
    int *queue = malloc((size_t)g->nv * sizeof(int));
    int qh = 0, qt = 0, reached = 0;
    if (!queue)
        return -1;
    for (int i = 0; i < g->nv; i++)
        dist[i] = -1;
    dist[src] = 0;
    queue[qt++] = src;
    while (qh < qt) {
        int u = queue[qh++];
        reached++;
        for (int e = first_edge(g, u); e != -1; e = edge_at(g, e)->next) {
            int v = edge_at(g, e)->to;
            if (dist[v] < 0) {
                dist[v] = dist[u] + 1;
                queue[qt++] = v;
            }
        }
    }
    free(queue);
    return reached;
}

typedef void (*vertex_visit)(int v, void *ctx);

static void dfs_rec(const graph *g, int u, unsigned char *seen, vertex_visit fn, void *ctx)
{
    seen[u] = 1;
    fn(u, ctx);
    for (int e = first_edge(g, u); e != -1; e = edge_at(g, e)->next)
        if (!seen[edge_at(g, e)->to])
            dfs_rec(g, edge_at(g, e)->to, seen, fn, ctx);
}

int graph_dfs(const graph *g, int src, vertex_visit fn, void *ctx)
{
    unsigned char *seen = calloc((size_t)g->nv, 1);
    if (!seen)
        return -1;
    dfs_rec(g, src, seen, fn, ctx);
    free(seen);
    return 0;
}

/* Kahn's algorithm; returns 0 on success, 1 if cycle found. */
int graph_topo_sort(const graph *g, int *order)
{
    int *indeg = calloc((size_t)g->nv, sizeof(int));
    int *queue = malloc((size_t)g->nv * sizeof(int));
    int qh = 0, qt = 0, n = 0, rc = -1;
    if (!indeg || !queue)
        goto out;
    for (int u = 0; u < g->nv; u++)
        for (int e = first_edge(g, u); e != -1; e = edge_at(g, e)->next)
            indeg[edge_at(g, e)->to]++;
    for (int u = 0; u < g->nv; u++)
        if (indeg[u] == 0)
            queue[qt++] = u;
    while (qh < qt) {
        int u = queue[qh++];
        order[n++] = u;
        for (int e = first_edge(g, u); e != -1; e = edge_at(g, e)->next)
            if (--indeg[edge_at(g, e)->to] == 0)
                queue[qt++] = edge_at(g, e)->to;
    }
    rc = n == g->nv ? 0 : 1;
out:
    free(indeg);
    free(queue);
    return rc;
}

/* ---------------- indexed min-heap for Dijkstra ---------------- */

typedef struct {
    int *heap;   /* heap of vertices */
    int *pos;    /* pos[v] = index in heap or -1 */
    long *key;
    int n;
} ipq;

static inline void ipq_swap(ipq *q, int i, int j)
{
    int a = q->heap[i], b = q->heap[j];
    q->heap[i] = b;
    q->heap[j] = a;
    q->pos[b] = i;
    q->pos[a] = j;
}

static inline int ipq_less(const ipq *q, int i, int j)
{
    return q->key[q->heap[i]] < q->key[q->heap[j]];
}

static void ipq_up(ipq *q, int i)
{
    while (i > 0 && ipq_less(q, i, (i - 1) / 2)) {
        ipq_swap(q, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void ipq_down(ipq *q, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < q->n && ipq_less(q, l, m)) m = l;
        if (r < q->n && ipq_less(q, r, m)) m = r;
        if (m == i) return;
        ipq_swap(q, i, m);
        i = m;
    }
}

static void ipq_push_or_decrease(ipq *q, int v, long k)
{
    q->key[v] = k;
    if (q->pos[v] < 0) {
        q->heap[q->n] = v;
        q->pos[v] = q->n++;
    }
    ipq_up(q, q->pos[v]);
}

static int ipq_pop(ipq *q)
{
    int v = q->heap[0];
    ipq_swap(q, 0, --q->n);
    q->pos[v] = -1;
    if (q->n)
        ipq_down(q, 0);
    return v;
}

int graph_dijkstra(const graph *g, int src, long *dist, int *prev)
{
    ipq q;
    q.heap = malloc((size_t)g->nv * sizeof(int));
    q.pos = malloc((size_t)g->nv * sizeof(int));
    q.key = dist;
    q.n = 0;
    if (!q.heap || !q.pos) {
        free(q.heap);
        free(q.pos);
        return -1;
    }
    for (int i = 0; i < g->nv; i++) {
        dist[i] = INF_DIST;
        q.pos[i] = -1;
        if (prev)
            prev[i] = -1;
    }
    ipq_push_or_decrease(&q, src, 0);
    while (q.n) {
        int u = ipq_pop(&q);
        for (int e = first_edge(g, u); e != -1; e = edge_at(g, e)->next) {
            const gedge *ed = edge_at(g, e);
            long nd = dist[u] + ed->weight;
            if (nd < dist[ed->to]) {
                if (prev)
                    prev[ed->to] = u;
                ipq_push_or_decrease(&q, ed->to, nd);
            }
        }
    }
    free(q.heap);
    free(q.pos);
    return 0;
}

/* Reconstruct path to dst into out (src..dst); returns length or 0. */
int graph_path(const int *prev, int src, int dst, int *out, int max)
{
    int len = 0;
    for (int v = dst; v != -1; v = prev[v]) {
        if (len >= max)
            return 0;
        out[len++] = v;
        if (v == src)
            break;
    }
    if (len == 0 || out[len - 1] != src)
        return 0;
    for (int i = 0, j = len - 1; i < j; i++, j--) {
        int t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
    return len;
}
