/*
 * shapes_vtable.c - object-oriented style C: shapes with vtable structs,
 * "virtual" dispatch, a shape collection with sorting and filtering, and
 * a scene serializer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

typedef struct shape shape;

typedef struct {
    const char *type_name;
    double (*area)(const shape *s);
    double (*perimeter)(const shape *s);
    void (*scale)(shape *s, double k);
    int (*describe)(const shape *s, char *buf, size_t cap);
    void (*destroy)(shape *s);
} shape_vtable;

struct shape {
    const shape_vtable *vt;
    double x, y;
    unsigned id;
};

typedef struct {
    shape base;
    double r;
} circle;

typedef struct {
    shape base;
    double w, h;
} rect;

typedef struct {
    shape base;
    double a, b, c;
} triangle;

static unsigned next_id = 1;

static inline double sq(double v) { return v * v; }

/* ---- circle ---- */
static inline const circle *as_circle(const shape *s) { return (const circle *)s; }
static double circle_area(const shape *s) { return PI * sq(as_circle(s)->r); }
static double circle_perim(const shape *s) { return 2.0 * PI * as_circle(s)->r; }
static void circle_scale(shape *s, double k) { ((circle *)s)->r *= k; }
static int circle_describe(const shape *s, char *buf, size_t cap)
{
    return snprintf(buf, cap, "circle#%u r=%.2f at (%.1f,%.1f)", s->id, as_circle(s)->r, s->x, s->y);
}
static void generic_destroy(shape *s) { free(s); }

static const shape_vtable circle_vt = {
    "circle", circle_area, circle_perim, circle_scale, circle_describe, generic_destroy};

/* ---- rect ---- */
static inline const rect *as_rect(const shape *s) { return (const rect *)s; }
static double rect_area(const shape *s) { return as_rect(s)->w * as_rect(s)->h; }
static double rect_perim(const shape *s) { return 2.0 * (as_rect(s)->w + as_rect(s)->h); }
static void rect_scale(shape *s, double k)
{
    rect *r = (rect *)s;
    r->w *= k;
    r->h *= k;
}
static int rect_describe(const shape *s, char *buf, size_t cap)
{
    return snprintf(buf, cap, "rect#%u %.2fx%.2f at (%.1f,%.1f)", s->id, as_rect(s)->w,
                    as_rect(s)->h, s->x, s->y);
}

static const shape_vtable rect_vt = {
    "rect", rect_area, rect_perim, rect_scale, rect_describe, generic_destroy};

/* ---- triangle ---- */
static inline const triangle *as_tri(const shape *s) { return (const triangle *)s; }
static double tri_perim(const shape *s)
{
    const triangle *t = as_tri(s);
    return t->a + t->b + t->c;
}
static double tri_area(const shape *s)
{
    const triangle *t = as_tri(s);
    double p = tri_perim(s) / 2.0;
    double v = p * (p - t->a) * (p - t->b) * (p - t->c);
    return v > 0 ? sqrt(v) : 0.0;
}
static void tri_scale(shape *s, double k)
{
    triangle *t = (triangle *)s;
    t->a *= k;
    t->b *= k;
    t->c *= k;
}
static int tri_describe(const shape *s, char *buf, size_t cap)
{
    const triangle *t = as_tri(s);
    return snprintf(buf, cap, "triangle#%u %.2f/%.2f/%.2f", s->id, t->a, t->b, t->c);
}

static const shape_vtable tri_vt = {
    "triangle", tri_area, tri_perim, tri_scale, tri_describe, generic_destroy};

static void init_base(shape *s, const shape_vtable *vt, double x, double y)
{
    s->vt = vt;
    s->x = x;
    s->y = y;
    s->id = next_id++;
}

shape *circle_new(double x, double y, double r)
{
    circle *c = malloc(sizeof(*c));
    if (!c)
        return NULL;
    init_base(&c->base, &circle_vt, x, y);
    c->r = r;
    return &c->base;
}

shape *rect_new(double x, double y, double w, double h)
{
    rect *r = malloc(sizeof(*r));
    if (!r)
        return NULL;
    init_base(&r->base, &rect_vt, x, y);
    r->w = w;
    r->h = h;
    return &r->base;
}

shape *triangle_new(double x, double y, double a, double b, double c)
{
    if (a + b <= c || a + c <= b || b + c <= a)
        return NULL;
    triangle *t = malloc(sizeof(*t));
    if (!t)
        return NULL;
    init_base(&t->base, &tri_vt, x, y);
    t->a = a;
    t->b = b;
    t->c = c;
    return &t->base;
}

/* "virtual" call wrappers */
double shape_area(const shape *s) { return s->vt->area(s); }
double shape_perimeter(const shape *s) { return s->vt->perimeter(s); }
void shape_scale(shape *s, double k) { s->vt->scale(s, k); }
const char *shape_type(const shape *s) { return s->vt->type_name; }
void shape_destroy(shape *s) { if (s) s->vt->destroy(s); }
int shape_describe(const shape *s, char *buf, size_t cap) { return s->vt->describe(s, buf, cap); }

void shape_move(shape *s, double dx, double dy)
{
    s->x += dx;
    s->y += dy;
}

double shape_compactness(const shape *s)
{
    double p = shape_perimeter(s);
    return p > 0 ? 4.0 * PI * shape_area(s) / sq(p) : 0.0;
}

/* ---- collection ---- */

typedef struct {
    shape **items;
    size_t n, cap;
} scene;

int scene_add(scene *sc, shape *s)
{
    if (!s)
        return -1;
    if (sc->n == sc->cap) {
        size_t nc = sc->cap ? sc->cap * 2 : 8;
        shape **ni = realloc(sc->items, nc * sizeof(*ni));
        if (!ni)
            return -1;
        sc->items = ni;
        sc->cap = nc;
    }
    sc->items[sc->n++] = s;
    return 0;
}

void scene_clear(scene *sc)
{
    for (size_t i = 0; i < sc->n; i++)
        shape_destroy(sc->items[i]);
    free(sc->items);
    sc->items = NULL;
    sc->n = sc->cap = 0;
}

static int by_area_desc(const void *a, const void *b)
{
    double x = shape_area(*(shape *const *)a), y = shape_area(*(shape *const *)b);
    return (x < y) - (x > y);
}

static int by_type_then_id(const void *a, const void *b)
{
    const shape *x = *(shape *const *)a, *y = *(shape *const *)b;
    int c = strcmp(shape_type(x), shape_type(y));
    if (c)
        return c;
    return (x->id > y->id) - (x->id < y->id);
}

void scene_sort_by_area(scene *sc) { qsort(sc->items, sc->n, sizeof(shape *), by_area_desc); }
void scene_sort_by_type(scene *sc) { qsort(sc->items, sc->n, sizeof(shape *), by_type_then_id); }

double scene_total_area(const scene *sc)
{
    double t = 0;
    for (size_t i = 0; i < sc->n; i++)
        t += shape_area(sc->items[i]);
    return t;
}

size_t scene_count_type(const scene *sc, const char *type)
{
    size_t c = 0;
    for (size_t i = 0; i < sc->n; i++)
        if (strcmp(shape_type(sc->items[i]), type) == 0)
            c++;
    return c;
}

void scene_scale_all(scene *sc, double k)
{
    for (size_t i = 0; i < sc->n; i++)
        shape_scale(sc->items[i], k);
}

size_t scene_serialize(const scene *sc, char *buf, size_t cap)
{
    size_t off = 0;
    for (size_t i = 0; i < sc->n && off < cap; i++) {
        int k = shape_describe(sc->items[i], buf + off, cap - off);
        if (k < 0)
            break;
        off += (size_t)k;
        if (off + 1 < cap)
            buf[off++] = '\n';
    }
    if (cap)
        buf[off < cap ? off : cap - 1] = '\0';
    return off;
}

double scene_demo(void)
{
    scene sc = {NULL, 0, 0};
    scene_add(&sc, circle_new(0, 0, 1.5));
    scene_add(&sc, rect_new(1, 1, 2, 3));
    scene_add(&sc, triangle_new(2, 2, 3, 4, 5));
    scene_add(&sc, circle_new(5, 5, 0.5));
    scene_scale_all(&sc, 2.0);
    scene_sort_by_area(&sc);
    double best = sc.n ? shape_compactness(sc.items[0]) : 0.0;
    double total = scene_total_area(&sc) + best;
    scene_clear(&sc);
    return total;
}
