/*
 * fixed_point_math.c - Q16.16 fixed-point arithmetic: saturating ops,
 * multiplication/division, sqrt, sin/cos via CORDIC, exp/log
 * approximations, 2-vectors passed by value, and a simple FIR filter.
 */
#include <stddef.h>
#include <stdint.h>

typedef int32_t fix16;

#define FIX_ONE   ((fix16)0x00010000)
#define FIX_HALF  ((fix16)0x00008000)
#define FIX_MAX   ((fix16)0x7FFFFFFF)
#define FIX_MIN   ((fix16)(-0x7FFFFFFF - 1))
#define FIX_PI    ((fix16)205887)
#define FIX_E     ((fix16)178145)

typedef struct {
    fix16 x, y;
} fvec2;

static inline fix16 sat32(int64_t v)
{
    if (v > FIX_MAX) return FIX_MAX;
    if (v < FIX_MIN) return FIX_MIN;
    return (fix16)v;
}

static inline fix16 fix_from_int(int v) { return sat32((int64_t)v * FIX_ONE); }
static inline int fix_to_int(fix16 v) { return (int)((v + (v >= 0 ? FIX_HALF : -FIX_HALF)) / FIX_ONE); }
static inline fix16 fix_abs(fix16 v) { return v < 0 ? (v == FIX_MIN ? FIX_MAX : -v) : v; }
static inline fix16 fix_min(fix16 a, fix16 b) { return a < b ? a : b; }
static inline fix16 fix_max(fix16 a, fix16 b) { return a > b ? a : b; }
static inline fix16 fix_clamp(fix16 v, fix16 lo, fix16 hi) { return fix_min(fix_max(v, lo), hi); }

fix16 fix_from_double(double d) { return sat32((int64_t)(d * 65536.0 + (d >= 0 ? 0.5 : -0.5))); }
double fix_to_double(fix16 v) { return (double)v / 65536.0; }

fix16 fix_add(fix16 a, fix16 b) { return sat32((int64_t)a + b); }
fix16 fix_sub(fix16 a, fix16 b) { return sat32((int64_t)a - b); }

fix16 fix_mul(fix16 a, fix16 b)
{
    int64_t p = (int64_t)a * b;
    p += (p >= 0) ? FIX_HALF : -FIX_HALF;
    return sat32(p / FIX_ONE);
}

fix16 fix_div(fix16 a, fix16 b)
{
    if (b == 0)
        return a >= 0 ? FIX_MAX : FIX_MIN;
    int64_t n = (int64_t)a * FIX_ONE;
    return sat32(n / b);
}

fix16 fix_lerp(fix16 a, fix16 b, fix16 t)
{
    return fix_add(a, fix_mul(fix_sub(b, a), t));
}

/* Integer square root on 64 bits, bit by bit. */
static uint64_t isqrt64(uint64_t v)
{
    uint64_t res = 0, bit = (uint64_t)1 << 62;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= res + bit) {
            v -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return res;
}

fix16 fix_sqrt(fix16 v)
{
    if (v <= 0)
        return 0;
    return (fix16)isqrt64((uint64_t)v << 16);
}

/* CORDIC in rotation mode; angles in Q16.16 radians. */
static const fix16 cordic_atan[16] = {
    51472, 30386, 16055, 8150, 4091, 2047, 1024, 512,
    256, 128, 64, 32, 16, 8, 4, 2
};
#define CORDIC_K 39797 /* 0.607252935 in Q16 */

static fix16 wrap_angle(fix16 a)
{
    int64_t two_pi = 2 * (int64_t)FIX_PI;
    int64_t x = a % two_pi;
    if (x > FIX_PI) x -= two_pi;
    if (x < -FIX_PI) x += two_pi;
    return (fix16)x;
}

static void cordic(fix16 angle, fix16 *c, fix16 *s)
{
    int flip = 0;
    angle = wrap_angle(angle);
    if (angle > FIX_PI / 2) {
        angle -= FIX_PI;
        flip = 1;
    } else if (angle < -FIX_PI / 2) {
        angle += FIX_PI;
        flip = 1;
    }
    int32_t x = CORDIC_K, y = 0, z = angle;
    for (int i = 0; i < 16; i++) {
        int32_t dx = x >> i, dy = y >> i;
        if (z >= 0) {
            x -= dy;
            y += dx;
            z -= cordic_atan[i];
        } else {
            x += dy;
            y -= dx;
            z += cordic_atan[i];
        }
    }
    *c = flip ? -x : x;
    *s = flip ? -y : y;
}

fix16 fix_sin(fix16 a) { fix16 c, s; cordic(a, &c, &s); return s; }
fix16 fix_cos(fix16 a) { fix16 c, s; cordic(a, &c, &s); return c; }

/* exp via range reduction and Taylor series */
fix16 fix_exp(fix16 x)
{
    if (x == 0)
        return FIX_ONE;
    if (x > fix_from_int(10))
        return FIX_MAX;
    if (x < fix_from_int(-11))
        return 0;
    int k = fix_to_int(x);
    fix16 r = fix_sub(x, fix_from_int(k));
    fix16 term = FIX_ONE, sum = FIX_ONE;
    for (int i = 1; i < 10; i++) {
        term = fix_div(fix_mul(term, r), fix_from_int(i));
        sum = fix_add(sum, term);
    }
    fix16 ek = FIX_ONE;
    for (int i = 0; i < (k < 0 ? -k : k); i++)
        ek = k < 0 ? fix_div(ek, FIX_E) : fix_mul(ek, FIX_E);
    return fix_mul(sum, ek);
}

/* natural log via Newton iteration on exp */
fix16 fix_log(fix16 x)
{
    if (x <= 0)
        return FIX_MIN;
    fix16 y = 0;
    for (int i = 0; i < 24; i++) {
        fix16 ey = fix_exp(y);
        fix16 step = fix_mul(fix_div(fix_sub(x, ey), fix_add(x, ey)), fix_from_int(2));
        y = fix_add(y, step);
        if (fix_abs(step) < 2)
            break;
    }
    return y;
}

/* ---------------- vectors by value ---------------- */

fvec2 fvec2_make(fix16 x, fix16 y) { fvec2 v = {x, y}; return v; }
fvec2 fvec2_add(fvec2 a, fvec2 b) { return fvec2_make(fix_add(a.x, b.x), fix_add(a.y, b.y)); }
fvec2 fvec2_sub(fvec2 a, fvec2 b) { return fvec2_make(fix_sub(a.x, b.x), fix_sub(a.y, b.y)); }
fvec2 fvec2_scale(fvec2 a, fix16 k) { return fvec2_make(fix_mul(a.x, k), fix_mul(a.y, k)); }
fix16 fvec2_dot(fvec2 a, fvec2 b) { return fix_add(fix_mul(a.x, b.x), fix_mul(a.y, b.y)); }
fix16 fvec2_len(fvec2 a) { return fix_sqrt(fvec2_dot(a, a)); }

fvec2 fvec2_rotate(fvec2 v, fix16 angle)
{
    fix16 c, s;
    cordic(angle, &c, &s);
    return fvec2_make(fix_sub(fix_mul(v.x, c), fix_mul(v.y, s)),
                      fix_add(fix_mul(v.x, s), fix_mul(v.y, c)));
}

fvec2 fvec2_normalize(fvec2 v)
{
    fix16 l = fvec2_len(v);
    if (l == 0)
        return v;
    return fvec2_make(fix_div(v.x, l), fix_div(v.y, l));
}

/* ---------------- FIR filter ---------------- */

typedef struct {
    const fix16 *taps;
    size_t ntaps;
    fix16 hist[32];
    size_t pos;
} fir_filter;

void fir_init(fir_filter *f, const fix16 *taps, size_t ntaps)
{
    f->taps = taps;
    f->ntaps = ntaps > 32 ? 32 : ntaps;
    for (size_t i = 0; i < 32; i++)
        f->hist[i] = 0;
    f->pos = 0;
}

fix16 fir_step(fir_filter *f, fix16 in)
{
    f->hist[f->pos] = in;
    int64_t acc = 0;
    size_t idx = f->pos;
    for (size_t i = 0; i < f->ntaps; i++) {
        acc += (int64_t)f->taps[i] * f->hist[idx];
        idx = idx ? idx - 1 : f->ntaps - 1;
    }
    f->pos = (f->pos + 1) % f->ntaps;
    return fix_clamp(sat32(acc >> 16), FIX_MIN / 2, FIX_MAX / 2);
}

void fir_process(fir_filter *f, const fix16 *in, fix16 *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = fir_step(f, in[i]);
}
