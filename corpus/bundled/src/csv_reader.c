/*
 * csv_reader.c - RFC 4180-style CSV reader implemented as a character
 * state machine with field/row callbacks, plus column statistics and a
 * typed field classifier.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    CSV_FIELD_START,
    CSV_UNQUOTED,
    CSV_QUOTED,
    CSV_QUOTE_IN_QUOTED,
    CSV_ERROR
} csv_state;

typedef struct {
    void (*on_field)(const char *field, size_t len, size_t row, size_t col, void *ctx);
    void (*on_row_end)(size_t row, size_t ncols, void *ctx);
} csv_callbacks;

typedef struct {
    csv_state state;
    char delim;
    char *field;
    size_t flen, fcap;
    size_t row, col;
    size_t line;
    const csv_callbacks *cb;
    void *ctx;
} csv_reader;

typedef enum { FT_EMPTY, FT_INT, FT_FLOAT, FT_BOOL, FT_TEXT } field_type;

static int field_push(csv_reader *r, char c)
{
    if (r->flen + 1 >= r->fcap) {
        size_t nc = r->fcap ? r->fcap * 2 : 64;
        char *nf = realloc(r->field, nc);
        if (!nf)
            return -1;
        r->field = nf;
        r->fcap = nc;
    }
    r->field[r->flen++] = c;
    return 0;
}

static void emit_field(csv_reader *r)
{
    if (r->field)
        r->field[r->flen] = '\0';
    if (r->cb && r->cb->on_field)
        r->cb->on_field(r->field ? r->field : "", r->flen, r->row, r->col, r->ctx);
    r->col++;
    r->flen = 0;
}

static void emit_row(csv_reader *r)
{
    emit_field(r);
    if (r->cb && r->cb->on_row_end)
        r->cb->on_row_end(r->row, r->col, r->ctx);
    r->row++;
    r->col = 0;
}

void csv_init(csv_reader *r, char delim, const csv_callbacks *cb, void *ctx)
{
    memset(r, 0, sizeof(*r));
    r->delim = delim ? delim : ',';
    r->cb = cb;
    r->ctx = ctx;
    r->line = 1;
    r->state = CSV_FIELD_START;
}

void csv_free(csv_reader *r)
{
    free(r->field);
    r->field = NULL;
    r->fcap = r->flen = 0;
}

static csv_state on_char(csv_reader *r, char c)
{
    switch (r->state) {
    case CSV_FIELD_START:
        if (c == '"')
            return CSV_QUOTED;
        /* fall through */
    case CSV_UNQUOTED:
        if (c == r->delim) {
            emit_field(r);
            return CSV_FIELD_START;
        }
        if (c == '\n') {
            emit_row(r);
            return CSV_FIELD_START;
        }
        if (c == '\r')
            return r->state;
        if (c == '"')
            return CSV_ERROR;
        return field_push(r, c) ? CSV_ERROR : CSV_UNQUOTED;
    case CSV_QUOTED:
        if (c == '"')
            return CSV_QUOTE_IN_QUOTED;
        return field_push(r, c) ? CSV_ERROR : CSV_QUOTED;
    case CSV_QUOTE_IN_QUOTED:
        if (c == '"')
            return field_push(r, '"') ? CSV_ERROR : CSV_QUOTED;
        if (c == r->delim) {
            emit_field(r);
            return CSV_FIELD_START;
        }
        if (c == '\n') {
            emit_row(r);
            return CSV_FIELD_START;
        }
        if (c == '\r')
            return CSV_QUOTE_IN_QUOTED;
        return CSV_ERROR;
    case CSV_ERROR:
        return CSV_ERROR;
    }
    return CSV_ERROR;
}

int csv_feed(csv_reader *r, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '\n')
            r->line++;
        r->state = on_char(r, data[i]);
        if (r->state == CSV_ERROR)
            return -1;
    }
    return 0;
}

int csv_finish(csv_reader *r)
{
    if (r->state == CSV_QUOTED || r->state == CSV_ERROR)
        return -1;
    if (r->flen > 0 || r->col > 0 || r->state == CSV_QUOTE_IN_QUOTED)
        emit_row(r);
    return 0;
}

size_t csv_error_line(const csv_reader *r) { return r->line; }

/* ---------------- field classification ---------------- */

static int is_int_text(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static int is_float_text(const char *s)
{
    char *end;
    if (!*s)
        return 0;
    strtod(s, &end);
    return *end == '\0';
}

static int is_bool_text(const char *s)
{
    return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
           strcmp(s, "TRUE") == 0 || strcmp(s, "FALSE") == 0;
}

field_type csv_classify(const char *s)
{
    if (!*s) return FT_EMPTY;
    if (is_int_text(s)) return FT_INT;
    if (is_float_text(s)) return FT_FLOAT;
    if (is_bool_text(s)) return FT_BOOL;
    return FT_TEXT;
}

/* ---------------- column statistics ---------------- */

#define MAX_COLS 16

typedef struct {
    size_t rows;
    size_t max_cols;
    size_t numeric[MAX_COLS];
    double sum[MAX_COLS];
    double sumsq[MAX_COLS];
    double minv[MAX_COLS];
    double maxv[MAX_COLS];
    size_t type_counts[MAX_COLS][5];
    int skip_header;
} csv_stats;

static void stats_field(const char *f, size_t len, size_t row, size_t col, void *ctx)
{
    csv_stats *st = ctx;
    (void)len;
    if (col >= MAX_COLS || (st->skip_header && row == 0))
        return;
    field_type t = csv_classify(f);
    st->type_counts[col][t]++;
    if (t == FT_INT || t == FT_FLOAT) {
        double v = strtod(f, NULL);
        if (st->numeric[col] == 0 || v < st->minv[col]) st->minv[col] = v;
        if (st->numeric[col] == 0 || v > st->maxv[col]) st->maxv[col] = v;
        st->numeric[col]++;
        st->sum[col] += v;
        st->sumsq[col] += v * v;
    }
}

static void stats_row(size_t row, size_t ncols, void *ctx)
{
    csv_stats *st = ctx;
    (void)row;
    st->rows++;
    if (ncols > st->max_cols)
        st->max_cols = ncols;
}

int csv_compute_stats(const char *text, int has_header, csv_stats *st)
{
    static const csv_callbacks cbs = {stats_field, stats_row};
    csv_reader r;
    memset(st, 0, sizeof(*st));
    st->skip_header = has_header;
    csv_init(&r, ',', &cbs, st);
    int rc = csv_feed(&r, text, strlen(text));
    if (rc == 0)
        rc = csv_finish(&r);
    csv_free(&r);
    return rc;
}

double csv_column_mean(const csv_stats *st, size_t col)
{
    if (col >= MAX_COLS || !st->numeric[col])
        return 0.0;
    return st->sum[col] / (double)st->numeric[col];
}

double csv_column_stddev(const csv_stats *st, size_t col)
{
    if (col >= MAX_COLS || st->numeric[col] < 2)
        return 0.0;
    double n = (double)st->numeric[col];
    double mean = st->sum[col] / n;
    double var = (st->sumsq[col] - n * mean * mean) / (n - 1);
    return var > 0 ? sqrt(var) : 0.0;
}

field_type csv_column_type(const csv_stats *st, size_t col)
{
    if (col >= MAX_COLS)
        return FT_EMPTY;
    const size_t *tc = st->type_counts[col];
    if (tc[FT_TEXT]) return FT_TEXT;
    if (tc[FT_BOOL] && (tc[FT_INT] || tc[FT_FLOAT])) return FT_TEXT;
    if (tc[FT_BOOL]) return FT_BOOL;
    if (tc[FT_FLOAT]) return FT_FLOAT;
    if (tc[FT_INT]) return FT_INT;
    return FT_EMPTY;
}
