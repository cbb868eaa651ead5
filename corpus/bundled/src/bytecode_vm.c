/*
 * bytecode_vm.c - a small stack-based bytecode interpreter.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum opcode {
    OP_HALT = 0,
    OP_PUSH,    /* imm32 */
    OP_POP,
    OP_DUP,
    OP_SWAP,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_MOD,
    OP_NEG,
    OP_AND,
    OP_OR,
    OP_XOR,
    OP_SHL,
    OP_SHR,
    OP_EQ,
    OP_LT,
    OP_GT,
    OP_NOT,
    OP_JMP,     /* imm16 */
    OP_JZ,      /* imm16 */
    OP_JNZ,     /* imm16 */
    OP_LOAD,    /* imm8 local */
    OP_STORE,   /* imm8 local */
    OP_CALL,    /* imm16 */
    OP_RET,
    OP_PRINT,
    OP_COUNT
};

#define VM_STACK 256
#define VM_LOCALS 16
#define VM_FRAMES 32

typedef enum {
    VM_OK = 0,
    VM_ERR_STACK_OVERFLOW,
    VM_ERR_STACK_UNDERFLOW,
    VM_ERR_DIV_ZERO,
    VM_ERR_BAD_OPCODE,
    VM_ERR_BAD_JUMP,
    VM_ERR_FRAME_OVERFLOW,
    VM_ERR_STEP_LIMIT
} vm_status;

typedef struct {
    size_t ret_pc;
    int32_t locals[VM_LOCALS];
} vm_frame;

typedef struct {
    const uint8_t *code;
    size_t code_len;
    size_t pc;
    int32_t stack[VM_STACK];
    int sp;
    vm_frame frames[VM_FRAMES];
    int fp;
    vm_status status;
    unsigned long steps;
    void (*print_hook)(int32_t value, void *ctx);
    void *print_ctx;
} vm_state;

static inline int vm_ok(const vm_state *vm) { return vm->status == VM_OK; }

static inline void vm_fail(vm_state *vm, vm_status st)
{
    if (vm->status == VM_OK)
        vm->status = st;
}

static inline void vm_push(vm_state *vm, int32_t v)
{
    if (vm->sp >= VM_STACK) {
        vm_fail(vm, VM_ERR_STACK_OVERFLOW);
        return;
    }
    vm->stack[vm->sp++] = v;
}

static inline int32_t vm_pop(vm_state *vm)
{
    if (vm->sp <= 0) {
        vm_fail(vm, VM_ERR_STACK_UNDERFLOW);
        return 0;
    }
    return vm->stack[--vm->sp];
}

static inline int32_t vm_peek(vm_state *vm)
{
    if (vm->sp <= 0) {
        vm_fail(vm, VM_ERR_STACK_UNDERFLOW);
        return 0;
    }
    return vm->stack[vm->sp - 1];
}

static uint8_t fetch8(vm_state *vm)
{
    if (vm->pc >= vm->code_len) {
        vm_fail(vm, VM_ERR_BAD_JUMP);
        return OP_HALT;
    }
    return vm->code[vm->pc++];
}

static uint16_t fetch16(vm_state *vm)
{
    uint16_t lo = fetch8(vm);
    uint16_t hi = fetch8(vm);
    return (uint16_t)(lo | (hi << 8));
}

static int32_t fetch32(vm_state *vm)
{
    uint32_t v = fetch16(vm);
    v |= (uint32_t)fetch16(vm) << 16;
    return (int32_t)v;
}

static void vm_jump(vm_state *vm, uint16_t target)
{
    if (target >= vm->code_len) {
        vm_fail(vm, VM_ERR_BAD_JUMP);
        return;
    }
    vm->pc = target;
}

static vm_frame *cur_frame(vm_state *vm)
{
    return &vm->frames[vm->fp];
}

static void binop(vm_state *vm, uint8_t op)
{
    int32_t b = vm_pop(vm);
    int32_t a = vm_pop(vm);
    int32_t r = 0;
    switch (op) {
    case OP_ADD: r = (int32_t)((uint32_t)a + (uint32_t)b); break;
    case OP_SUB: r = (int32_t)((uint32_t)a - (uint32_t)b); break;
    case OP_MUL: r = (int32_t)((uint32_t)a * (uint32_t)b); break;
    case OP_DIV:
        if (b == 0) { vm_fail(vm, VM_ERR_DIV_ZERO); return; }
        r = a / b;
        break;
    case OP_MOD:
        if (b == 0) { vm_fail(vm, VM_ERR_DIV_ZERO); return; }
        r = a % b;
        break;
    case OP_AND: r = a & b; break;
    case OP_OR:  r = a | b; break;
    case OP_XOR: r = a ^ b; break;
    case OP_SHL: r = (int32_t)((uint32_t)a << (b & 31)); break;
    case OP_SHR: r = a >> (b & 31); break;
    case OP_EQ:  r = a == b; break;
    case OP_LT:  r = a < b; break;
    case OP_GT:  r = a > b; break;
    default: vm_fail(vm, VM_ERR_BAD_OPCODE); return;
    }
    vm_push(vm, r);
}

static void default_print(int32_t value, void *ctx)
{
    (void)ctx;
    printf("%d\n", (int)value);
}

void vm_init(vm_state *vm, const uint8_t *code, size_t len)
{
    memset(vm, 0, sizeof(*vm));
    vm->code = code;
    vm->code_len = len;
    vm->print_hook = default_print;
}

void vm_set_print_hook(vm_state *vm, void (*hook)(int32_t, void *), void *ctx)
{
    vm->print_hook = hook ? hook : default_print;
    vm->print_ctx = ctx;
}

static void step(vm_state *vm)
{
    uint8_t op = fetch8(vm);
    switch (op) {
    case OP_HALT:
        vm->pc = vm->code_len;
        break;
    case OP_PUSH:
        vm_push(vm, fetch32(vm));
        break;
    case OP_POP:
        (void)vm_pop(vm);
        break;
    case OP_DUP:
        vm_push(vm, vm_peek(vm));
        break;
    case OP_SWAP: {
        int32_t b = vm_pop(vm), a = vm_pop(vm);
        vm_push(vm, b);
        vm_push(vm, a);
        break;
    }
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
    case OP_AND: case OP_OR: case OP_XOR: case OP_SHL: case OP_SHR:
    case OP_EQ: case OP_LT: case OP_GT:
        binop(vm, op);
        break;
    case OP_NEG:
        vm_push(vm, (int32_t)(0u - (uint32_t)vm_pop(vm)));
        break;
    case OP_NOT:
        vm_push(vm, !vm_pop(vm));
        break;
    case OP_JMP:
        vm_jump(vm, fetch16(vm));
        break;
    case OP_JZ: {
        uint16_t t = fetch16(vm);
        if (vm_pop(vm) == 0)
            vm_jump(vm, t);
        break;
    }
    case OP_JNZ: {
        uint16_t t = fetch16(vm);
        if (vm_pop(vm) != 0)
            vm_jump(vm, t);
        break;
    }
    case OP_LOAD:
        vm_push(vm, cur_frame(vm)->locals[fetch8(vm) % VM_LOCALS]);
        break;
    case OP_STORE: {
        uint8_t slot = fetch8(vm);
        cur_frame(vm)->locals[slot % VM_LOCALS] = vm_pop(vm);
        break;
    }
    case OP_CALL: {
        uint16_t t = fetch16(vm);
        if (vm->fp + 1 >= VM_FRAMES) {
            vm_fail(vm, VM_ERR_FRAME_OVERFLOW);
            break;
        }
        vm->fp++;
        memset(cur_frame(vm), 0, sizeof(vm_frame));
        cur_frame(vm)->ret_pc = vm->pc;
        vm_jump(vm, t);
        break;
    }
    case OP_RET:
        if (vm->fp == 0) {
            vm->pc = vm->code_len;
            break;
        }
        vm->pc = cur_frame(vm)->ret_pc;
        vm->fp--;
        break;
    case OP_PRINT:
        vm->print_hook(vm_peek(vm), vm->print_ctx);
        break;
    default:
        vm_fail(vm, VM_ERR_BAD_OPCODE);
        break;
    }
}

vm_status vm_run(vm_state *vm, unsigned long max_steps)
{
    while (vm_ok(vm) && vm->pc < vm->code_len) {
        if (max_steps && vm->steps >= max_steps) {
            vm_fail(vm, VM_ERR_STEP_LIMIT);
            break;
        }
        step(vm);
        vm->steps++;
    }
    return vm->status;
}

int32_t vm_result(const vm_state *vm)
{
    return vm->sp > 0 ? vm->stack[vm->sp - 1] : 0;
}

const char *vm_status_name(vm_status st)
{
    switch (st) {
    case VM_OK: return "ok";
    case VM_ERR_STACK_OVERFLOW: return "stack overflow";
    case VM_ERR_STACK_UNDERFLOW: return "stack underflow";
    case VM_ERR_DIV_ZERO: return "division by zero";
    case VM_ERR_BAD_OPCODE: return "bad opcode";
    case VM_ERR_BAD_JUMP: return "bad jump";
    case VM_ERR_FRAME_OVERFLOW: return "frame overflow";
    case VM_ERR_STEP_LIMIT: return "step limit";
    }
    return "unknown";
}

/* ---- tiny assembler helpers ---- */

typedef struct {
    uint8_t *buf;
    size_t len, cap;
} vm_asm;

static int asm_reserve(vm_asm *a, size_t extra)
{
    if (a->len + extra <= a->cap)
        return 0;
    size_t nc = a->cap ? a->cap * 2 : 64;
    while (nc < a->len + extra)
        nc *= 2;
    uint8_t *nb = realloc(a->buf, nc);
    if (!nb)
        return -1;
    a->buf = nb;
    a->cap = nc;
    return 0;
}

static void emit8(vm_asm *a, uint8_t b)
{
    if (asm_reserve(a, 1) == 0)
        a->buf[a->len++] = b;
}

static void emit16(vm_asm *a, uint16_t v)
{
    emit8(a, (uint8_t)(v & 0xff));
    emit8(a, (uint8_t)(v >> 8));
}

static void emit32(vm_asm *a, int32_t v)
{
    emit16(a, (uint16_t)((uint32_t)v & 0xffff));
    emit16(a, (uint16_t)((uint32_t)v >> 16));
}

void vm_asm_push(vm_asm *a, int32_t v) { emit8(a, OP_PUSH); emit32(a, v); }
void vm_asm_op(vm_asm *a, uint8_t op) { emit8(a, op); }
void vm_asm_jump(vm_asm *a, uint8_t op, uint16_t t) { emit8(a, op); emit16(a, t); }
void vm_asm_local(vm_asm *a, uint8_t op, uint8_t slot) { emit8(a, op); emit8(a, slot); }
size_t vm_asm_here(const vm_asm *a) { return a->len; }
void vm_asm_free(vm_asm *a) { free(a->buf); a->buf = NULL; a->len = a->cap = 0; }

void vm_asm_patch16(vm_asm *a, size_t at, uint16_t v)
{
    if (at + 1 < a->len) {
        a->buf[at] = (uint8_t)(v & 0xff);
        a->buf[at + 1] = (uint8_t)(v >> 8);
    }
}

/* Builds a program computing factorial(n) with a loop and runs it. */
int32_t vm_factorial(int32_t n)
{
    vm_asm a = {0};
    vm_state vm;
    vm_asm_push(&a, n);
    vm_asm_local(&a, OP_STORE, 0);
    vm_asm_push(&a, 1);
    vm_asm_local(&a, OP_STORE, 1);
    size_t loop = vm_asm_here(&a);
    vm_asm_local(&a, OP_LOAD, 0);
    vm_asm_jump(&a, OP_JZ, 0);
    size_t patch = vm_asm_here(&a) - 2;
    vm_asm_local(&a, OP_LOAD, 1);
    vm_asm_local(&a, OP_LOAD, 0);
    vm_asm_op(&a, OP_MUL);
    vm_asm_local(&a, OP_STORE, 1);
    vm_asm_local(&a, OP_LOAD, 0);
    vm_asm_push(&a, 1);
    vm_asm_op(&a, OP_SUB);
    vm_asm_local(&a, OP_STORE, 0);
    vm_asm_jump(&a, OP_JMP, (uint16_t)loop);
    vm_asm_patch16(&a, patch, (uint16_t)vm_asm_here(&a));
    vm_asm_local(&a, OP_LOAD, 1);
    vm_asm_op(&a, OP_HALT);
    vm_init(&vm, a.buf, a.len);
    vm_run(&vm, 100000);
    int32_t r = vm_ok(&vm) ? vm_result(&vm) : -1;
    vm_asm_free(&a);
    return r;
}
