/*
 * matrix_ops.c - dense row-major double matrices: arithmetic, transpose,
 * multiplication (naive and blocked), LU decomposition with partial
 * pivoting, determinant, linear solve and inverse.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int rows, cols;
    double *a;
} matrix;

static inline double *at(matrix *m, int r, int c) { return &m->a[(size_t)r * m->cols + c]; }
static inline double get(const matrix *m, int r, int c) { return m->a[(size_t)r * m->cols + c]; }
static inline void set(matrix *m, int r, int c, double v) { m->a[(size_t)r * m->cols + c] = v; }
static inline int same_shape(const matrix *x, const matrix *y)
{
    return x->rows == y->rows && x->cols == y->cols;
}
static inline int min_i(int a, int b) { return a < b ? a : b; }
static inline double absd(double x) { return x < 0 ? -x : x; }

int mat_alloc(matrix *m, int rows, int cols)
{
    m->rows = rows;
    m->cols = cols;
    m->a = calloc((size_t)rows * (size_t)cols, sizeof(double));
    return m->a ? 0 : -1;
}

void mat_free(matrix *m)
{
    free(m->a);
    m->a = NULL;
    m->rows = m->cols = 0;
}

int mat_identity(matrix *m, int n)
{
    if (mat_alloc(m, n, n) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        set(m, i, i, 1.0);
    return 0;
}

int mat_copy(matrix *dst, const matrix *src)
{
    if (mat_alloc(dst, src->rows, src->cols) != 0)
        return -1;
    memcpy(dst->a, src->a, (size_t)src->rows * (size_t)src->cols * sizeof(double));
    return 0;
}

typedef double (*elem_binop)(double, double);

static double op_add(double x, double y) { return x + y; }
static double op_sub(double x, double y) { return x - y; }
static double op_mul(double x, double y) { return x * y; }

static int elementwise(matrix *out, const matrix *x, const matrix *y, elem_binop f)
{
    if (!same_shape(x, y) || !same_shape(out, x))
        return -1;
    size_t n = (size_t)x->rows * (size_t)x->cols;
    for (size_t i = 0; i < n; i++)
        out->a[i] = f(x->a[i], y->a[i]);
    return 0;
}

int mat_add(matrix *out, const matrix *x, const matrix *y) { return elementwise(out, x, y, op_add); }
int mat_sub(matrix *out, const matrix *x, const matrix *y) { return elementwise(out, x, y, op_sub); }
int mat_hadamard(matrix *out, const matrix *x, const matrix *y) { return elementwise(out, x, y, op_mul); }

void mat_scale(matrix *m, double s)
{
    size_t n = (size_t)m->rows * (size_t)m->cols;
    for (size_t i = 0; i < n; i++)
        m->a[i] *= s;
}

int mat_transpose(matrix *out, const matrix *m)
{
    if (out->rows != m->cols || out->cols != m->rows)
        return -1;
    for (int r = 0; r < m->rows; r++)
        for (int c = 0; c < m->cols; c++)
            set(out, c, r, get(m, r, c));
    return 0;
}

int mat_mul(matrix *out, const matrix *x, const matrix *y)
{
    if (x->cols != y->rows || out->rows != x->rows || out->cols != y->cols)
        return -1;
    for (int i = 0; i < x->rows; i++) {
        for (int j = 0; j < y->cols; j++) {
            double s = 0.0;
            for (int k = 0; k < x->cols; k++)
                s += get(x, i, k) * get(y, k, j);
            set(out, i, j, s);
        }
    }
    return 0;
}

#define BLOCK 16

int mat_mul_blocked(matrix *out, const matrix *x, const matrix *y)
{
    if (x->cols != y->rows || out->rows != x->rows || out->cols != y->cols)
        return -1;
    memset(out->a, 0, (size_t)out->rows * (size_t)out->cols * sizeof(double));
    for (int ii = 0; ii < x->rows; ii += BLOCK)
        for (int kk = 0; kk < x->cols; kk += BLOCK)
            for (int jj = 0; jj < y->cols; jj += BLOCK)
                for (int i = ii; i < min_i(ii + BLOCK, x->rows); i++)
                    for (int k = kk; k < min_i(kk + BLOCK, x->cols); k++) {
                        double xik = get(x, i, k);
                        for (int j = jj; j < min_i(jj + BLOCK, y->cols); j++)
                            *at(out, i, j) += xik * get(y, k, j);
                    }
    return 0;
}

double mat_frobenius(const matrix *m)
{
    double s = 0.0;
    size_t n = (size_t)m->rows * (size_t)m->cols;
    for (size_t i = 0; i < n; i++)
        s += m->a[i] * m->a[i];
    return sqrt(s);
}

double mat_trace(const matrix *m)
{
    double s = 0.0;
    for (int i = 0; i < min_i(m->rows, m->cols); i++)
        s += get(m, i, i);
    return s;
}

static void swap_rows(matrix *m, int r1, int r2)
{
    if (r1 == r2)
        return;
    for (int c = 0; c < m->cols; c++) {
        double t = get(m, r1, c);
        set(m, r1, c, get(m, r2, c));
        set(m, r2, c, t);
    }
}

static int pivot_row(const matrix *m, int col)
{
    int best = col;
    double bv = absd(get(m, col, col));
    for (int r = col + 1; r < m->rows; r++) {
        double v = absd(get(m, r, col));
        if (v > bv) {
            bv = v;
            best = r;
        }
    }
    return best;
}

/* In-place LU with partial pivoting; perm receives row permutation.
 * Returns sign of permutation (+1/-1), or 0 if singular. */
int mat_lu(matrix *m, int *perm)
{
    int n = m->rows, sign = 1;
    if (n != m->cols)
        return 0;
    for (int i = 0; i < n; i++)
        perm[i] = i;
    for (int k = 0; k < n; k++) {
        int p = pivot_row(m, k);
        if (absd(get(m, p, k)) < 1e-12)
            return 0;
        if (p != k) {
            swap_rows(m, p, k);
            int t = perm[p];
            perm[p] = perm[k];
            perm[k] = t;
            sign = -sign;
        }
        for (int i = k + 1; i < n; i++) {
            double f = get(m, i, k) / get(m, k, k);
            set(m, i, k, f);
            for (int j = k + 1; j < n; j++)
                *at(m, i, j) -= f * get(m, k, j);
        }
    }
    return sign;
}

double mat_determinant(const matrix *m)
{
    matrix lu;
    int *perm;
    double det = 0.0;
    if (m->rows != m->cols || mat_copy(&lu, m) != 0)
        return 0.0;
    perm = malloc((size_t)m->rows * sizeof(int));
    if (!perm)
        goto done;
    int sign = mat_lu(&lu, perm);
    if (sign) {
        det = sign;
        for (int i = 0; i < lu.rows; i++)
            det *= get(&lu, i, i);
    }
    free(perm);
done:
    mat_free(&lu);
    return det;
}

static void lu_solve(const matrix *lu, const int *perm, const double *b, double *x)
{
    int n = lu->rows;
    for (int i = 0; i < n; i++) {
        double s = b[perm[i]];
        for (int j = 0; j < i; j++)
            s -= get(lu, i, j) * x[j];
        x[i] = s;
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = x[i];
        for (int j = i + 1; j < n; j++)
            s -= get(lu, i, j) * x[j];
        x[i] = s / get(lu, i, i);
    }
}

int mat_solve(const matrix *m, const double *b, double *x)
{
    matrix lu;
    int rc = -1;
    int *perm = NULL;
    if (mat_copy(&lu, m) != 0)
        return -1;
    perm = malloc((size_t)m->rows * sizeof(int));
    if (!perm)
        goto cleanup;
    if (!mat_lu(&lu, perm))
        goto cleanup;
    lu_solve(&lu, perm, b, x);
    rc = 0;
cleanup:
    free(perm);
    mat_free(&lu);
    return rc;
}

int mat_inverse(matrix *out, const matrix *m)
{
    int n = m->rows, rc = -1;
    matrix lu = {0, 0, NULL};
    int *perm = NULL;
    double *e = NULL, *col = NULL;
    if (n != m->cols || mat_alloc(out, n, n) != 0)
        return -1;
    if (mat_copy(&lu, m) != 0)
        goto fail;
    perm = malloc((size_t)n * sizeof(int));
    e = calloc((size_t)n, sizeof(double));
    col = malloc((size_t)n * sizeof(double));
    if (!perm || !e || !col || !mat_lu(&lu, perm))
        goto fail;
    for (int j = 0; j < n; j++) {
        memset(e, 0, (size_t)n * sizeof(double));
        e[j] = 1.0;
        lu_solve(&lu, perm, e, col);
        for (int i = 0; i < n; i++)
            set(out, i, j, col[i]);
    }
    rc = 0;
fail:
    free(perm);
    free(e);
    free(col);
    mat_free(&lu);
    if (rc != 0)
        mat_free(out);
    return rc;
}
