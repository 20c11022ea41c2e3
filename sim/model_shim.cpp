// model_shim.cpp -- the thin C++ shim over one Verilated rvmmu model.
// Compiled once per model with -DVMODEL=<class> -DSHIM_PREFIX=<prefix>; it
// exposes plain C functions <prefix>_new/_free/_reset/_eval/_tick that
// sim/mmu_model.c dispatches to. Nothing else in the harness is C++.
#include <cstdint>
#include <memory>
#include <type_traits>

#include "verilated.h"
#include "verilated_fst_c.h"
#include VMODEL_HEADER

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define SHIM(name) CAT(SHIM_PREFIX, name)

extern "C" {
#include "mmu_model.h"
}

namespace {
struct Shim {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<VMODEL> top;
    std::unique_ptr<VerilatedFstC> wave;
    uint64_t cycles = 0;
    uint64_t wave_from = 0, wave_to = ~0ull;
};
}  // namespace

extern "C" void *SHIM(_new)(const char *wave_path, uint64_t wave_from, uint64_t wave_to,
                            uint64_t rand_reset)
{
    Shim *s = new Shim;
    s->wave_from = wave_from;
    s->wave_to = wave_to;
    s->ctx.reset(new VerilatedContext);
    if (rand_reset) {
        // Registers start random (the model is built with --x-initial unique).
        s->ctx->randReset(2);
        s->ctx->randSeed(static_cast<int>(rand_reset % 2147483647u));
    }
    if (wave_path) s->ctx->traceEverOn(true);
    s->top.reset(new VMODEL(s->ctx.get(), "rvmmu"));
    if (wave_path) {
        s->wave.reset(new VerilatedFstC);
        s->top->trace(s->wave.get(), 99);
        s->wave->open(wave_path);
        if (!s->wave->isOpen()) {
            delete s;
            return nullptr;
        }
    }
    s->top->clk_i = 0;
    s->top->eval();
    return s;
}

extern "C" void SHIM(_free)(void *h)
{
    Shim *s = static_cast<Shim *>(h);
    if (!s) return;
    s->top->final();
    if (s->wave) s->wave->close();
    delete s;
}

// Copying between the C fields and Verilator's port types (CData, SData,
// IData, QData, or VlWide<N> past 64 bits), chosen by overload so that the
// port list (rvmmu_ports.h) needs no widths. A C field narrower than its
// port would truncate: refused at compile time.
template <class Port>
static void put(Port &port, uint64_t v)
{
    static_assert(std::is_integral<Port>::value, "a port wider than 64 bits must be marked wide");
    port = static_cast<Port>(v);
}

// A wide input field (M words: the PMP CSRs) to a port of any width.
template <class Port, std::size_t M>
static void put(Port &port, const uint64_t (&v)[M])
{
    static_assert(sizeof(Port) <= 8, "wide port");
    port = static_cast<Port>(v[0]);
}

template <std::size_t N, std::size_t M>
static void put(VlWide<N> &port, const uint64_t (&v)[M])
{
    static_assert(N <= 2 * M, "the C field is too small for this port");
    for (std::size_t i = 0; i < N; i++) port[i] = static_cast<uint32_t>(v[i / 2] >> (32 * (i % 2)));
}

template <class Field, class Port>
static void get(Field &f, const Port &port)
{
    static_assert(std::is_integral<Port>::value && sizeof(Port) <= sizeof(Field),
                  "the C field is narrower than the port");
    f = port;
}

// A wide field from a port of any width (mon_valid: ENTRIES bits).
template <class Port>
static void get(uint64_t (&f)[RVMMU_WIDE_WORDS], const Port &port)
{
    static_assert(sizeof(Port) <= 8, "wide port");
    f[0] = port;
    for (int i = 1; i < RVMMU_WIDE_WORDS; i++) f[i] = 0;
}

template <std::size_t N>
static void get(uint64_t (&f)[RVMMU_WIDE_WORDS], const VlWide<N> &port)
{
    static_assert(N <= 2 * RVMMU_WIDE_WORDS, "RVMMU_WIDE_WORDS is too small for this port");
    for (int i = 0; i < RVMMU_WIDE_WORDS; i++) {
        std::size_t lo = 2 * static_cast<std::size_t>(i), hi = lo + 1;
        f[i] = (lo < N ? static_cast<uint64_t>(port[lo]) : 0) | (hi < N ? static_cast<uint64_t>(port[hi]) << 32 : 0);
    }
}

extern "C" void SHIM(_eval)(void *h, const mmu_inputs *in, mmu_outputs *o)
{
    Shim *s = static_cast<Shim *>(h);
    VMODEL *t = s->top.get();
    t->tag_i = in->tag;
    t->clk_i = 0;   // the falling edge of the last _tick, evaluated with the new inputs
#define PUT(port, field, type, wide) put(t->port, in->field);
    RVMMU_INPUTS(PUT)
    RVMMU_BUS_INPUTS(PUT)
#undef PUT
    t->eval();
#define GET(port, field, type, wide) get(o->field, t->port);
#define GET_FILL(port, field, type, wide) get(o->fill.field, t->port);
    RVMMU_OUTPUTS(GET)
    RVMMU_BUS_OUTPUTS(GET)
    RVMMU_FILL(GET_FILL)
#undef GET
#undef GET_FILL
}

extern "C" void SHIM(_tick)(void *h)
{
    Shim *s = static_cast<Shim *>(h);
    // The inputs were applied by _eval; dump the cycle, then the rising edge.
    // Time is 10 units a cycle, so cycle N starts at time 10*N. The falling
    // edge is evaluated by the next _eval together with that cycle's inputs
    // (nothing in rvmmu reads the falling edge, and one eval a cycle fewer
    // makes the simulation about a fifth faster); a _tick with no _eval
    // since the last one evaluates it here.
    if (s->top->clk_i) {
        s->top->clk_i = 0;
        s->top->eval();
    }
    bool dump = s->wave && s->cycles >= s->wave_from && s->cycles <= s->wave_to;
    if (dump) s->wave->dump(s->ctx->time());
    s->ctx->timeInc(5);
    s->top->clk_i = 1;
    s->top->eval();
    if (dump) s->wave->dump(s->ctx->time());
    s->ctx->timeInc(5);
    s->cycles++;
}

extern "C" void SHIM(_set_reset)(void *h, int active)
{
    static_cast<Shim *>(h)->top->rst_ni = active ? 0 : 1;
}

extern "C" uint64_t SHIM(_cycles)(const void *h)
{
    return static_cast<const Shim *>(h)->cycles;
}

// Write the model's line and toggle coverage (a model built with
// verilator --coverage); -1 when the model has none.
extern "C" int SHIM(_write_coverage)(void *h, const char *path)
{
#if VM_COVERAGE
    static_cast<Shim *>(h)->ctx->coveragep()->write(path);
    return 0;
#else
    (void)h;
    (void)path;
    return -1;
#endif
}

// The model's build parameters: rtl/rvmmu.sv's defaults (RVMMU_PARAM_*)
// unless the build passed -G... to Verilator (and then -DVMODEL_...):
// PMP_ENTRIES, PORTS (request ports), I_ENTRIES, L2_ENTRIES, PWC_ENTRIES.
#ifndef VMODEL_PMP_ENTRIES
#define VMODEL_PMP_ENTRIES RVMMU_PARAM_PMP_ENTRIES
#endif
#ifndef VMODEL_PORTS
#define VMODEL_PORTS RVMMU_PARAM_PORTS
#endif
#ifndef VMODEL_I_ENTRIES
#define VMODEL_I_ENTRIES RVMMU_PARAM_I_ENTRIES
#endif
#ifndef VMODEL_L2_ENTRIES
#define VMODEL_L2_ENTRIES RVMMU_PARAM_L2_ENTRIES
#endif
#ifndef VMODEL_PWC_ENTRIES
#define VMODEL_PWC_ENTRIES RVMMU_PARAM_PWC_ENTRIES
#endif
#define SHIM_PARAM(fn, value) \
    extern "C" int SHIM(fn)(void) { return value; }
SHIM_PARAM(_entries, VMODEL_ENTRIES)
SHIM_PARAM(_pmp_entries, VMODEL_PMP_ENTRIES)
SHIM_PARAM(_ports, VMODEL_PORTS)
SHIM_PARAM(_i_entries, VMODEL_I_ENTRIES)
SHIM_PARAM(_l2_entries, VMODEL_L2_ENTRIES)
SHIM_PARAM(_pwc_entries, VMODEL_PWC_ENTRIES)

#ifdef RVMMU_FI
// Fault injection (tb/inject.c): the TLB entries' registers of a model built
// with --public-flat-rw, listed by tb/fi_gen.py (fi_fields.h). An entry's
// state bits are numbered 0 .. _fi_bits()-1: its valid bit, then every bit
// of its registers in fi_fields.h order. A flip is made between edges; the
// logic that reads the register follows at the next eval (Verilator orders
// a public_flat_rw variable's readers like an input's).
#include <cstdio>

#include "fi_fields.h"
#include VMODEL_ROOT_HEADER

namespace {
struct FiField {
    int entry;
    const char *name;
    int width;
    unsigned char *p;   // the member's storage, bit b in byte b / 8 (little-endian words)
};
}  // namespace

static int fi_fields(VMODEL *t, FiField *out, int max)
{
    int n = 0;
#define FI_X(e, nm, w, member) \
    if (n < max) out[n] = FiField{e, nm, w, reinterpret_cast<unsigned char *>(&t->rootp->member)}; \
    n++;
    FI_FIELDS(FI_X)
#undef FI_X
    return n;
}

static unsigned char *fi_valid(VMODEL *t)
{
#define FI_V(member) return reinterpret_cast<unsigned char *>(&t->rootp->member);
    FI_VALID(FI_V)
#undef FI_V
}

static const int FI_MAX = 64 * 256;

extern "C" int SHIM(_fi_valid)(void *h, int entry)
{
    VMODEL *t = static_cast<Shim *>(h)->top.get();
    return (fi_valid(t)[entry / 8] >> (entry % 8)) & 1;
}

extern "C" int SHIM(_fi_bits)(void *h, int entry)
{
    static FiField f[FI_MAX];
    int n = fi_fields(static_cast<Shim *>(h)->top.get(), f, FI_MAX), bits = 1;
    for (int i = 0; i < n && i < FI_MAX; i++)
        if (f[i].entry == entry) bits += f[i].width;
    return bits;
}

// Flip state bit `bit` of `entry`; its name ("valid", "ppn_q[3]") into name.
// 0, or -1 if there is no such bit.
extern "C" int SHIM(_fi_flip)(void *h, int entry, int bit, char *name, size_t len)
{
    static FiField f[FI_MAX];
    VMODEL *t = static_cast<Shim *>(h)->top.get();
    if (bit == 0) {
        fi_valid(t)[entry / 8] ^= static_cast<unsigned char>(1u << (entry % 8));
        snprintf(name, len, "valid");
        return 0;
    }
    int n = fi_fields(t, f, FI_MAX), b = bit - 1;
    for (int i = 0; i < n && i < FI_MAX; i++) {
        if (f[i].entry != entry) continue;
        if (b < f[i].width) {
            f[i].p[b / 8] ^= static_cast<unsigned char>(1u << (b % 8));
            if (f[i].width == 1) snprintf(name, len, "%s", f[i].name);
            else snprintf(name, len, "%s[%d]", f[i].name, b);
            return 0;
        }
        b -= f[i].width;
    }
    return -1;
}
#endif
