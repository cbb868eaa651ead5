/*
 * geometry2d.c - 2D computational geometry with small structs passed and
 * returned by value: vectors, segments, bounding boxes, polygon area and
 * centroid, point-in-polygon, segment intersection and convex hull.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

typedef struct { double x, y; } vec2;
typedef struct { vec2 a, b; } segment;
typedef struct { vec2 min, max; } aabb;

#define EPS 1e-9

static inline vec2 v2(double x, double y) { vec2 r = {x, y}; return r; }
static inline vec2 v_add(vec2 a, vec2 b) { return v2(a.x + b.x, a.y + b.y); }
static inline vec2 v_sub(vec2 a, vec2 b) { return v2(a.x - b.x, a.y - b.y); }
static inline vec2 v_scale(vec2 a, double k) { return v2(a.x * k, a.y * k); }
static inline double v_dot(vec2 a, vec2 b) { return a.x * b.x + a.y * b.y; }
static inline double v_cross(vec2 a, vec2 b) { return a.x * b.y - a.y * b.x; }
static inline double v_len2(vec2 a) { return v_dot(a, a); }
static inline double dmin(double a, double b) { return a < b ? a : b; }
static inline double dmax(double a, double b) { return a > b ? a : b; }
static inline int sgn(double v) { return (v > EPS) - (v < -EPS); }

double vec2_length(vec2 a) { return sqrt(v_len2(a)); }

vec2 vec2_normalize(vec2 a)
{
    double l = vec2_length(a);
    return l > EPS ? v_scale(a, 1.0 / l) : v2(0, 0);
}

vec2 vec2_rotate(vec2 a, double ang)
{
    double c = cos(ang), s = sin(ang);
    return v2(a.x * c - a.y * s, a.x * s + a.y * c);
}

vec2 vec2_lerp(vec2 a, vec2 b, double t) { return v_add(a, v_scale(v_sub(b, a), t)); }

static double orient(vec2 a, vec2 b, vec2 c) { return v_cross(v_sub(b, a), v_sub(c, a)); }

/* ---------------- bounding boxes ---------------- */

aabb aabb_empty(void)
{
    aabb r = {{INFINITY, INFINITY}, {-INFINITY, -INFINITY}};
    return r;
}

aabb aabb_extend(aabb b, vec2 p)
{
    b.min = v2(dmin(b.min.x, p.x), dmin(b.min.y, p.y));
    b.max = v2(dmax(b.max.x, p.x), dmax(b.max.y, p.y));
    return b;
}

aabb aabb_union(aabb a, aabb b)
{
    return aabb_extend(aabb_extend(a, b.min), b.max);
}

int aabb_overlaps(aabb a, aabb b)
{
    return a.min.x <= b.max.x && b.min.x <= a.max.x && a.min.y <= b.max.y && b.min.y <= a.max.y;
}

int aabb_contains(aabb b, vec2 p)
{
    return p.x >= b.min.x && p.x <= b.max.x && p.y >= b.min.y && p.y <= b.max.y;
}

double aabb_area(aabb b)
{
    if (b.max.x < b.min.x || b.max.y < b.min.y)
        return 0.0;
    return (b.max.x - b.min.x) * (b.max.y - b.min.y);
}

aabb aabb_of_points(const vec2 *pts, size_t n)
{
    aabb b = aabb_empty();
    for (size_t i = 0; i < n; i++)
        b = aabb_extend(b, pts[i]);
    return b;
}

/* ---------------- segments ---------------- */

static int on_segment(vec2 p, segment s)
{
    return dmin(s.a.x, s.b.x) - EPS <= p.x && p.x <= dmax(s.a.x, s.b.x) + EPS &&
           dmin(s.a.y, s.b.y) - EPS <= p.y && p.y <= dmax(s.a.y, s.b.y) + EPS;
}

int segment_intersects(segment s, segment t)
{
    int d1 = sgn(orient(t.a, t.b, s.a));
    int d2 = sgn(orient(t.a, t.b, s.b));
    int d3 = sgn(orient(s.a, s.b, t.a));
    int d4 = sgn(orient(s.a, s.b, t.b));
    if (d1 * d2 < 0 && d3 * d4 < 0)
        return 1;
    if (d1 == 0 && on_segment(s.a, t)) return 1;
    if (d2 == 0 && on_segment(s.b, t)) return 1;
    if (d3 == 0 && on_segment(t.a, s)) return 1;
    if (d4 == 0 && on_segment(t.b, s)) return 1;
    return 0;
}

int segment_intersection_point(segment s, segment t, vec2 *out)
{
    vec2 r = v_sub(s.b, s.a), q = v_sub(t.b, t.a);
    double denom = v_cross(r, q);
    if (fabs(denom) < EPS)
        return 0;
    double u = v_cross(v_sub(t.a, s.a), q) / denom;
    double w = v_cross(v_sub(t.a, s.a), r) / denom;
    if (u < -EPS || u > 1 + EPS || w < -EPS || w > 1 + EPS)
        return 0;
    *out = v_add(s.a, v_scale(r, u));
    return 1;
}

double point_segment_distance(vec2 p, segment s)
{
    vec2 d = v_sub(s.b, s.a);
    double l2 = v_len2(d);
    if (l2 < EPS)
        return vec2_length(v_sub(p, s.a));
    double t = v_dot(v_sub(p, s.a), d) / l2;
    t = dmax(0.0, dmin(1.0, t));
    return vec2_length(v_sub(p, v_add(s.a, v_scale(d, t))));
}

/* ---------------- polygons ---------------- */

double polygon_signed_area(const vec2 *p, size_t n)
{
    double a = 0;
    for (size_t i = 0; i < n; i++)
        a += v_cross(p[i], p[(i + 1) % n]);
    return a / 2.0;
}

vec2 polygon_centroid(const vec2 *p, size_t n)
{
    double a = polygon_signed_area(p, n);
    vec2 c = v2(0, 0);
    if (fabs(a) < EPS)
        return n ? p[0] : c;
    for (size_t i = 0; i < n; i++) {
        vec2 p0 = p[i], p1 = p[(i + 1) % n];
        double f = v_cross(p0, p1);
        c = v_add(c, v_scale(v_add(p0, p1), f));
    }
    return v_scale(c, 1.0 / (6.0 * a));
}

double polygon_perimeter(const vec2 *p, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += vec2_length(v_sub(p[(i + 1) % n], p[i]));
    return s;
}

/* Crossing-number test; points on the boundary count as inside. */
int point_in_polygon(vec2 pt, const vec2 *p, size_t n)
{
    int inside = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        segment edge = {p[j], p[i]};
        if (point_segment_distance(pt, edge) < EPS)
            return 1;
        if ((p[i].y > pt.y) != (p[j].y > pt.y)) {
            double x = p[j].x + (pt.y - p[j].y) * (p[i].x - p[j].x) / (p[i].y - p[j].y);
            if (pt.x < x)
                inside = !inside;
        }
    }
    return inside;
}

int polygon_is_convex(const vec2 *p, size_t n)
{
    int sign = 0;
    for (size_t i = 0; i < n; i++) {
        int s = sgn(orient(p[i], p[(i + 1) % n], p[(i + 2) % n]));
        if (s == 0)
            continue;
        if (sign == 0)
            sign = s;
        else if (s != sign)
            return 0;
    }
    return 1;
}

static int cmp_xy(const void *a, const void *b)
{
    const vec2 *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->y > q->y) - (p->y < q->y);
}

/* Andrew's monotone chain; pts is sorted in place; hull gets CCW order. */
size_t convex_hull(vec2 *pts, size_t n, vec2 *hull)
{
    if (n < 3) {
        for (size_t i = 0; i < n; i++)
            hull[i] = pts[i];
        return n;
    }
    qsort(pts, n, sizeof(vec2), cmp_xy);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        while (k >= 2 && orient(hull[k - 2], hull[k - 1], pts[i]) <= EPS)
            k--;
        hull[k++] = pts[i];
    }
    for (size_t i = n - 1, t = k + 1; i > 0; i--) {
        while (k >= t && orient(hull[k - 2], hull[k - 1], pts[i - 1]) <= EPS)
            k--;
        hull[k++] = pts[i - 1];
    }
    return k - 1;
}
