/*
 * event_dispatch.c - a publish/subscribe event bus with typed events,
 * priority-ordered handlers, a deferred event queue, a dispatch table
 * keyed by event type, and an input-mapping state machine.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum {
    EV_NONE = 0,
    EV_KEY_DOWN,
    EV_KEY_UP,
    EV_MOUSE_MOVE,
    EV_MOUSE_BUTTON,
    EV_TIMER,
    EV_RESIZE,
    EV_QUIT,
    EV_CUSTOM,
    EV_TYPE_COUNT
} event_type;

typedef struct {
    event_type type;
    uint32_t timestamp;
    union {
        struct { int code; int mods; } key;
        struct { int x, y, dx, dy; } mouse;
        struct { int button; int pressed; } button;
        struct { int id; } timer;
        struct { int w, h; } size;
        struct { int tag; intptr_t data; } custom;
    } u;
} event;

typedef int (*event_handler)(const event *ev, void *user);

typedef struct {
    event_handler fn;
    void *user;
    int priority;
    int active;
} subscription;

#define MAX_SUBS 16
#define QUEUE_CAP 64

typedef struct {
    subscription subs[EV_TYPE_COUNT][MAX_SUBS];
    int nsubs[EV_TYPE_COUNT];
    event queue[QUEUE_CAP];
    unsigned qhead, qtail;
    unsigned long dispatched[EV_TYPE_COUNT];
    unsigned long dropped;
} event_bus;

static inline int valid_type(event_type t) { return t > EV_NONE && t < EV_TYPE_COUNT; }
static inline unsigned q_count(const event_bus *b) { return b->qtail - b->qhead; }
static inline int q_full(const event_bus *b) { return q_count(b) == QUEUE_CAP; }
static inline int q_empty(const event_bus *b) { return q_count(b) == 0; }

void bus_init(event_bus *b) { memset(b, 0, sizeof(*b)); }

/* Insert keeping higher priority first; returns handle or -1. */
int bus_subscribe(event_bus *b, event_type t, event_handler fn, void *user, int priority)
{
    if (!valid_type(t) || b->nsubs[t] >= MAX_SUBS)
        return -1;
    subscription *list = b->subs[t];
    int n = b->nsubs[t], pos = n;
    while (pos > 0 && list[pos - 1].priority < priority) {
        list[pos] = list[pos - 1];
        pos--;
    }
    list[pos].fn = fn;
    list[pos].user = user;
    list[pos].priority = priority;
    list[pos].active = 1;
    b->nsubs[t]++;
    return (int)t * MAX_SUBS + pos;
}

int bus_unsubscribe(event_bus *b, event_type t, event_handler fn, void *user)
{
    if (!valid_type(t))
        return 0;
    subscription *list = b->subs[t];
    for (int i = 0; i < b->nsubs[t]; i++) {
        if (list[i].fn == fn && list[i].user == user) {
            memmove(&list[i], &list[i + 1], (size_t)(b->nsubs[t] - i - 1) * sizeof(*list));
            b->nsubs[t]--;
            return 1;
        }
    }
    return 0;
}

/* Dispatch immediately; a handler returning nonzero consumes the event. */
int bus_dispatch(event_bus *b, const event *ev)
{
    if (!valid_type(ev->type))
        return 0;
    b->dispatched[ev->type]++;
    subscription *list = b->subs[ev->type];
    for (int i = 0; i < b->nsubs[ev->type]; i++) {
        if (!list[i].active)
            continue;
        if (list[i].fn(ev, list[i].user))
            return 1;
    }
    return 0;
}

int bus_post(event_bus *b, const event *ev)
{
    if (q_full(b)) {
        b->dropped++;
        return -1;
    }
    b->queue[b->qtail++ % QUEUE_CAP] = *ev;
    return 0;
}

int bus_pump(event_bus *b, int max_events)
{
    int n = 0;
    while (!q_empty(b) && (max_events <= 0 || n < max_events)) {
        event ev = b->queue[b->qhead++ % QUEUE_CAP];
        bus_dispatch(b, &ev);
        n++;
    }
    return n;
}

unsigned long bus_dispatch_count(const event_bus *b, event_type t)
{
    return valid_type(t) ? b->dispatched[t] : 0;
}

/* ---------------- event constructors (by value) ---------------- */

static event ev_base(event_type t, uint32_t ts)
{
    event e;
    memset(&e, 0, sizeof(e));
    e.type = t;
    e.timestamp = ts;
    return e;
}

event make_key_event(int down, int code, int mods, uint32_t ts)
{
    event e = ev_base(down ? EV_KEY_DOWN : EV_KEY_UP, ts);
    e.u.key.code = code;
    e.u.key.mods = mods;
    return e;
}

event make_mouse_move(int x, int y, int dx, int dy, uint32_t ts)
{
    event e = ev_base(EV_MOUSE_MOVE, ts);
    e.u.mouse.x = x;
    e.u.mouse.y = y;
    e.u.mouse.dx = dx;
    e.u.mouse.dy = dy;
    return e;
}

event make_timer_event(int id, uint32_t ts)
{
    event e = ev_base(EV_TIMER, ts);
    e.u.timer.id = id;
    return e;
}

event make_quit_event(uint32_t ts) { return ev_base(EV_QUIT, ts); }

/* ---------------- describing events via dispatch table ---------------- */

typedef int (*describe_fn)(const event *e);

static int weight_key(const event *e) { return e->u.key.code + e->u.key.mods * 1000; }
static int weight_mouse(const event *e) { return e->u.mouse.dx * e->u.mouse.dx + e->u.mouse.dy * e->u.mouse.dy; }
static int weight_button(const event *e) { return e->u.button.button * 2 + e->u.button.pressed; }
static int weight_timer(const event *e) { return e->u.timer.id; }
static int weight_resize(const event *e) { return e->u.size.w * e->u.size.h; }
static int weight_other(const event *e) { (void)e; return 1; }

static const describe_fn weight_table[EV_TYPE_COUNT] = {
    [EV_NONE] = weight_other,
    [EV_KEY_DOWN] = weight_key,
    [EV_KEY_UP] = weight_key,
    [EV_MOUSE_MOVE] = weight_mouse,
    [EV_MOUSE_BUTTON] = weight_button,
    [EV_TIMER] = weight_timer,
    [EV_RESIZE] = weight_resize,
    [EV_QUIT] = weight_other,
    [EV_CUSTOM] = weight_other,
};

int event_weight(const event *e)
{
    return (unsigned)e->type < EV_TYPE_COUNT ? weight_table[e->type](e) : 0;
}

/* ---------------- input mapper state machine ---------------- */

typedef enum { IM_IDLE, IM_SHIFT, IM_CTRL, IM_CHORD } im_state;

typedef struct {
    im_state state;
    int chord_count;
    int chars_typed;
    int quit_requested;
    long mouse_distance;
} input_mapper;

static int on_key_down(const event *ev, void *user)
{
    input_mapper *m = user;
    switch (m->state) {
    case IM_IDLE:
        if (ev->u.key.code == 16) m->state = IM_SHIFT;
        else if (ev->u.key.code == 17) m->state = IM_CTRL;
        else m->chars_typed++;
        break;
    case IM_SHIFT:
        m->chars_typed++;
        break;
    case IM_CTRL:
        if (ev->u.key.code == 'Q') {
            m->quit_requested = 1;
            return 1;
        }
        m->state = IM_CHORD;
        m->chord_count++;
        break;
    case IM_CHORD:
        m->chord_count++;
        break;
    }
    return 0;
}

static int on_key_up(const event *ev, void *user)
{
    input_mapper *m = user;
    if (ev->u.key.code == 16 || ev->u.key.code == 17)
        m->state = IM_IDLE;
    return 0;
}

static int on_mouse(const event *ev, void *user)
{
    input_mapper *m = user;
    m->mouse_distance += weight_mouse(ev);
    return 0;
}

static int on_quit(const event *ev, void *user)
{
    (void)ev;
    ((input_mapper *)user)->quit_requested = 1;
    return 1;
}

long input_mapper_run(const int *codes, size_t n)
{
    event_bus *b = &(event_bus){0};
    input_mapper m = {IM_IDLE, 0, 0, 0, 0};
    bus_init(b);
    bus_subscribe(b, EV_KEY_DOWN, on_key_down, &m, 10);
    bus_subscribe(b, EV_KEY_UP, on_key_up, &m, 10);
    bus_subscribe(b, EV_MOUSE_MOVE, on_mouse, &m, 0);
    bus_subscribe(b, EV_QUIT, on_quit, &m, 0);
    for (size_t i = 0; i < n; i++) {
        event e;
        int c = codes[i];
        if (c < 0)
            e = make_key_event(0, -c, 0, (uint32_t)i);
        else if (c >= 1000)
            e = make_mouse_move(0, 0, c % 7, c % 5, (uint32_t)i);
        else
            e = make_key_event(1, c, 0, (uint32_t)i);
        bus_post(b, &e);
        if ((i & 7) == 7)
            bus_pump(b, 0);
    }
    event q = make_quit_event((uint32_t)n);
    bus_post(b, &q);
    bus_pump(b, 0);
    return m.chars_typed * 1000L + m.chord_count * 100L + m.mouse_distance + m.quit_requested;
}
