/*
 * opcode_decoder.c - decoder and disassembler for a toy 32-bit RISC ISA
 * (RISC-V-like R/I/S/B/U/J encodings), plus a tiny register-machine
 * executor used for testing decoded instructions.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum {
    FMT_R, FMT_I, FMT_S, FMT_B, FMT_U, FMT_J, FMT_BAD
} insn_format;

typedef enum {
    I_ADD, I_SUB, I_AND, I_OR, I_XOR, I_SLL, I_SRL, I_SRA, I_SLT, I_SLTU,
    I_ADDI, I_ANDI, I_ORI, I_XORI, I_SLTI, I_SLLI, I_SRLI,
    I_LW, I_SW, I_BEQ, I_BNE, I_BLT, I_BGE, I_LUI, I_AUIPC, I_JAL, I_JALR,
    I_ECALL, I_INVALID
} insn_kind;

typedef struct {
    insn_kind kind;
    insn_format fmt;
    uint8_t rd, rs1, rs2;
    int32_t imm;
} insn;

static inline uint32_t bits(uint32_t w, int hi, int lo)
{
    return (w >> lo) & ((1u << (hi - lo + 1)) - 1u);
}

static inline int32_t sign_extend(uint32_t v, int width)
{
    uint32_t m = 1u << (width - 1);
    return (int32_t)((v ^ m) - m);
}

static inline uint8_t get_rd(uint32_t w) { return (uint8_t)bits(w, 11, 7); }
static inline uint8_t get_rs1(uint32_t w) { return (uint8_t)bits(w, 19, 15); }
static inline uint8_t get_rs2(uint32_t w) { return (uint8_t)bits(w, 24, 20); }
static inline uint32_t get_funct3(uint32_t w) { return bits(w, 14, 12); }
static inline uint32_t get_funct7(uint32_t w) { return bits(w, 31, 25); }

static int32_t imm_i(uint32_t w) { return sign_extend(bits(w, 31, 20), 12); }
static int32_t imm_s(uint32_t w) { return sign_extend((bits(w, 31, 25) << 5) | bits(w, 11, 7), 12); }

static int32_t imm_b(uint32_t w)
{
    uint32_t v = (bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) |
                 (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1);
    return sign_extend(v, 13);
}

static int32_t imm_u(uint32_t w) { return (int32_t)(w & 0xfffff000u); }

static int32_t imm_j(uint32_t w)
{
    uint32_t v = (bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) |
                 (bits(w, 20, 20) << 11) | (bits(w, 30, 21) << 1);
    return sign_extend(v, 21);
}

static insn_kind decode_op(uint32_t f3, uint32_t f7)
{
    switch (f3) {
    case 0: return f7 == 0x20 ? I_SUB : I_ADD;
    case 1: return I_SLL;
    case 2: return I_SLT;
    case 3: return I_SLTU;
    case 4: return I_XOR;
    case 5: return f7 == 0x20 ? I_SRA : I_SRL;
    case 6: return I_OR;
    case 7: return I_AND;
    default: return I_INVALID;
    }
}

static insn_kind decode_op_imm(uint32_t f3)
{
    switch (f3) {
    case 0: return I_ADDI;
    case 1: return I_SLLI;
    case 2: return I_SLTI;
    case 4: return I_XORI;
    case 5: return I_SRLI;
    case 6: return I_ORI;
    case 7: return I_ANDI;
    default: return I_INVALID;
    }
}

static insn_kind decode_branch(uint32_t f3)
{
    switch (f3) {
    case 0: return I_BEQ;
    case 1: return I_BNE;
    case 4: return I_BLT;
    case 5: return I_BGE;
    default: return I_INVALID;
    }
}

insn decode(uint32_t w)
{
    insn d;
    memset(&d, 0, sizeof(d));
    d.kind = I_INVALID;
    d.fmt = FMT_BAD;
    d.rd = get_rd(w);
    d.rs1 = get_rs1(w);
    d.rs2 = get_rs2(w);
    switch (bits(w, 6, 0)) {
    case 0x33: d.fmt = FMT_R; d.kind = decode_op(get_funct3(w), get_funct7(w)); break;
    case 0x13: d.fmt = FMT_I; d.kind = decode_op_imm(get_funct3(w)); d.imm = imm_i(w); break;
    case 0x03: d.fmt = FMT_I; d.kind = get_funct3(w) == 2 ? I_LW : I_INVALID; d.imm = imm_i(w); break;
    case 0x23: d.fmt = FMT_S; d.kind = get_funct3(w) == 2 ? I_SW : I_INVALID; d.imm = imm_s(w); break;
    case 0x63: d.fmt = FMT_B; d.kind = decode_branch(get_funct3(w)); d.imm = imm_b(w); break;
    case 0x37: d.fmt = FMT_U; d.kind = I_LUI; d.imm = imm_u(w); break;
    case 0x17: d.fmt = FMT_U; d.kind = I_AUIPC; d.imm = imm_u(w); break;
    case 0x6f: d.fmt = FMT_J; d.kind = I_JAL; d.imm = imm_j(w); break;
    case 0x67: d.fmt = FMT_I; d.kind = I_JALR; d.imm = imm_i(w); break;
    case 0x73: d.fmt = FMT_I; d.kind = w == 0x73 ? I_ECALL : I_INVALID; break;
    default: break;
    }
    if (d.kind == I_INVALID)
        d.fmt = FMT_BAD;
    return d;
}

static const char *const mnemonics[] = {
    "add", "sub", "and", "or", "xor", "sll", "srl", "sra", "slt", "sltu",
    "addi", "andi", "ori", "xori", "slti", "slli", "srli",
    "lw", "sw", "beq", "bne", "blt", "bge", "lui", "auipc", "jal", "jalr",
    "ecall", "invalid"
};

const char *insn_mnemonic(insn_kind k)
{
    return (unsigned)k <= I_INVALID ? mnemonics[k] : "?";
}

int disassemble(uint32_t w, uint32_t pc, char *buf, size_t cap)
{
    insn d = decode(w);
    const char *m = insn_mnemonic(d.kind);
    switch (d.fmt) {
    case FMT_R:
        return snprintf(buf, cap, "%s x%u, x%u, x%u", m, d.rd, d.rs1, d.rs2);
    case FMT_I:
        if (d.kind == I_LW || d.kind == I_JALR)
            return snprintf(buf, cap, "%s x%u, %d(x%u)", m, d.rd, (int)d.imm, d.rs1);
        if (d.kind == I_ECALL)
            return snprintf(buf, cap, "%s", m);
        return snprintf(buf, cap, "%s x%u, x%u, %d", m, d.rd, d.rs1, (int)d.imm);
    case FMT_S:
        return snprintf(buf, cap, "%s x%u, %d(x%u)", m, d.rs2, (int)d.imm, d.rs1);
    case FMT_B:
        return snprintf(buf, cap, "%s x%u, x%u, 0x%x", m, d.rs1, d.rs2, (unsigned)(pc + (uint32_t)d.imm));
    case FMT_U:
        return snprintf(buf, cap, "%s x%u, 0x%x", m, d.rd, (unsigned)d.imm >> 12);
    case FMT_J:
        return snprintf(buf, cap, "%s x%u, 0x%x", m, d.rd, (unsigned)(pc + (uint32_t)d.imm));
    case FMT_BAD:
        break;
    }
    return snprintf(buf, cap, ".word 0x%08x", (unsigned)w);
}

/* ---------------- executor ---------------- */

typedef struct {
    uint32_t x[32];
    uint32_t pc;
    uint32_t mem[256];
    unsigned long retired;
    int halted;
} cpu;

static inline uint32_t rreg(const cpu *c, uint8_t r) { return r ? c->x[r] : 0; }
static inline void wreg(cpu *c, uint8_t r, uint32_t v) { if (r) c->x[r] = v; }
static inline uint32_t mem_index(uint32_t addr) { return (addr >> 2) & 255u; }

static uint32_t alu(insn_kind k, uint32_t a, uint32_t b)
{
    switch (k) {
    case I_ADD: case I_ADDI: return a + b;
    case I_SUB: return a - b;
    case I_AND: case I_ANDI: return a & b;
    case I_OR: case I_ORI: return a | b;
    case I_XOR: case I_XORI: return a ^ b;
    case I_SLL: case I_SLLI: return a << (b & 31);
    case I_SRL: case I_SRLI: return a >> (b & 31);
    case I_SRA: return (uint32_t)((int32_t)a >> (b & 31));
    case I_SLT: case I_SLTI: return (int32_t)a < (int32_t)b;
    case I_SLTU: return a < b;
    default: return 0;
    }
}

static int branch_taken(insn_kind k, uint32_t a, uint32_t b)
{
    switch (k) {
    case I_BEQ: return a == b;
    case I_BNE: return a != b;
    case I_BLT: return (int32_t)a < (int32_t)b;
    case I_BGE: return (int32_t)a >= (int32_t)b;
    default: return 0;
    }
}

int cpu_step(cpu *c, const uint32_t *prog, size_t n)
{
    uint32_t idx = c->pc / 4;
    if (c->halted || idx >= n)
        return c->halted = 1, 0;
    insn d = decode(prog[idx]);
    uint32_t next = c->pc + 4;
    uint32_t a = rreg(c, d.rs1), b = rreg(c, d.rs2);
    switch (d.fmt) {
    case FMT_R: wreg(c, d.rd, alu(d.kind, a, b)); break;
    case FMT_I:
        if (d.kind == I_LW)
            wreg(c, d.rd, c->mem[mem_index(a + (uint32_t)d.imm)]);
        else if (d.kind == I_JALR) {
            wreg(c, d.rd, next);
            next = (a + (uint32_t)d.imm) & ~1u;
        } else if (d.kind == I_ECALL)
            c->halted = 1;
        else
            wreg(c, d.rd, alu(d.kind, a, (uint32_t)d.imm));
        break;
    case FMT_S: c->mem[mem_index(a + (uint32_t)d.imm)] = b; break;
    case FMT_B: if (branch_taken(d.kind, a, b)) next = c->pc + (uint32_t)d.imm; break;
    case FMT_U: wreg(c, d.rd, d.kind == I_LUI ? (uint32_t)d.imm : c->pc + (uint32_t)d.imm); break;
    case FMT_J: wreg(c, d.rd, next); next = c->pc + (uint32_t)d.imm; break;
    case FMT_BAD: c->halted = 1; return -1;
    }
    c->pc = next;
    c->retired++;
    return 1;
}

uint32_t cpu_run(const uint32_t *prog, size_t n, unsigned long max_steps, uint32_t *a0)
{
    cpu c;
    memset(&c, 0, sizeof(c));
    while (c.retired < max_steps && cpu_step(&c, prog, n) > 0)
        ;
    if (a0)
        *a0 = c.x[10];
    return (uint32_t)c.retired;
}
