// model_shim.cpp -- the thin C++ shim over one Verilated rvmmu model.
// Compiled once per model with -DVMODEL=<class> -DSHIM_PREFIX=<prefix>; it
// exposes plain C functions <prefix>_new/_free/_reset/_eval/_tick that
// sim/mmu_model.c dispatches to. Nothing else in the harness is C++.
#include <cstdint>
#include <memory>

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

extern "C" void SHIM(_eval)(void *h, const mmu_inputs *in, mmu_outputs *o)
{
    Shim *s = static_cast<Shim *>(h);
    VMODEL *t = s->top.get();
    t->tag_i = in->tag;
    t->req_valid_i = in->req_valid;
    t->req_va_i = in->req_va;
    t->req_acc_i = in->req_acc;
    t->req_satp_i = in->req_satp;
    t->req_priv_i = in->req_priv;
    t->req_sum_i = in->req_sum;
    t->req_mxr_i = in->req_mxr;
    t->req_adue_i = in->req_adue;
    t->sfence_valid_i = in->sfence_valid;
    t->sfence_rs1_x0_i = in->sfence_rs1_x0;
    t->sfence_rs2_x0_i = in->sfence_rs2_x0;
    t->sfence_va_i = in->sfence_va;
    t->sfence_asid_i = in->sfence_asid;
    t->mem_req_ready_i = in->mem_req_ready;
    t->mem_rsp_valid_i = in->mem_rsp_valid;
    t->mem_rsp_data_i = in->mem_rsp_data;
    t->mem_rsp_err_i = in->mem_rsp_err;
    t->eval();
    o->req_ready = t->req_ready_o;
    o->rsp_valid = t->rsp_valid_o;
    o->rsp_pa = t->rsp_pa_o;
    o->rsp_fault = t->rsp_fault_o;
    o->rsp_cause = t->rsp_cause_o;
    o->rsp_pbmt = t->rsp_pbmt_o;
    o->mem_req_valid = t->mem_req_valid_o;
    o->mem_req_addr = t->mem_req_addr_o;
    o->mem_req_cas = t->mem_req_cas_o;
    o->mem_req_cmp = t->mem_req_cmp_o;
    o->mem_req_wdata = t->mem_req_wdata_o;
    o->mon_hit = t->mon_hit_o;
    o->mon_miss = t->mon_miss_o;
    o->mon_hit_idx = t->mon_hit_idx_o;
    o->mon_fill = t->mon_fill_o;
    o->mon_fill_idx = t->mon_fill_idx_o;
    o->mon_fill_vpn = t->mon_fill_vpn_o;
    o->mon_fill_level = t->mon_fill_level_o;
    o->mon_fill_napot = t->mon_fill_napot_o;
    o->mon_fill_asid = t->mon_fill_asid_o;
    o->mon_fill_mode = t->mon_fill_mode_o;
    o->mon_fill_ppn = t->mon_fill_ppn_o;
    o->mon_fill_flags = t->mon_fill_flags_o;
    o->mon_fill_pbmt = t->mon_fill_pbmt_o;
    o->mon_flush = t->mon_flush_o;
    o->mon_walk_start = t->mon_walk_start_o;
    o->mon_walk_end = t->mon_walk_end_o;
    o->mon_ptw_state = t->mon_ptw_state_o;
    o->mon_valid = t->mon_valid_o;
}

extern "C" void SHIM(_tick)(void *h)
{
    Shim *s = static_cast<Shim *>(h);
    // The inputs were applied by _eval; dump the cycle, then the edges.
    // Time is 10 units a cycle, so cycle N starts at time 10*N.
    bool dump = s->wave && s->cycles >= s->wave_from && s->cycles <= s->wave_to;
    if (dump) s->wave->dump(s->ctx->time());
    s->ctx->timeInc(5);
    s->top->clk_i = 1;
    s->top->eval();
    if (dump) s->wave->dump(s->ctx->time());
    s->ctx->timeInc(5);
    s->top->clk_i = 0;
    s->top->eval();
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

extern "C" int SHIM(_entries)(void)
{
    return VMODEL_ENTRIES;
}
