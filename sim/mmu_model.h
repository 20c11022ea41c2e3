/* mmu_model.h -- C API over the Verilated rvmmu models (RV32 and RV64).
 * One cycle: mmu_model_eval() applies the inputs and reads the outputs of
 * the current cycle (combinational), mmu_model_tick() is the clock edge. */
#ifndef RVMMU_MMU_MODEL_H
#define RVMMU_MMU_MODEL_H

#include <stdint.h>

/* Every input port of rvmmu (widths up to 64 bits). */
typedef struct {
    uint32_t tag;  /* simulation only: the trace line of the offered request */
    uint8_t req_valid, req_acc, req_priv, req_sum, req_mxr, req_adue;
    uint64_t req_va, req_satp;
    uint8_t sfence_valid, sfence_rs1_x0, sfence_rs2_x0;
    uint64_t sfence_va;
    uint32_t sfence_asid;
    uint8_t mem_req_ready, mem_rsp_valid, mem_rsp_err;
    uint64_t mem_rsp_data;
} mmu_inputs;

/* Every output port of rvmmu. */
typedef struct {
    uint8_t req_ready, rsp_valid, rsp_fault, rsp_cause, rsp_pbmt;
    uint64_t rsp_pa;
    uint8_t mem_req_valid, mem_req_cas;
    uint64_t mem_req_addr, mem_req_cmp, mem_req_wdata;
    uint8_t mon_hit, mon_miss, mon_fill, mon_flush, mon_walk_start, mon_walk_end, mon_ptw_state;
    uint32_t mon_hit_idx, mon_fill_idx, mon_fill_asid;
    uint64_t mon_fill_vpn, mon_fill_ppn, mon_valid;
    uint8_t mon_fill_level, mon_fill_napot, mon_fill_mode, mon_fill_flags, mon_fill_pbmt;
} mmu_outputs;

typedef struct mmu_model mmu_model;

/* Build-time facts of one Verilated model. */
typedef struct {
    int xlen;      /* 32 or 64 */
    int entries;   /* TLB entries */
} mmu_build;

/* A new model of the given XLEN (32 or 64); NULL if none. With wave_path, it
 * dumps the cycles wave_from..wave_to (inclusive) as FST, or as VCD when the
 * name ends in .vcd (converted with fst2vcd when the model is freed).
 * rand_reset non-zero: every register starts with a random value drawn from
 * that seed (Verilator rand-reset), so only real resets make state known. */
mmu_model *mmu_model_new(int xlen, const char *wave_path, uint64_t wave_from, uint64_t wave_to,
                         uint64_t rand_reset);

/* The build facts of a model. */
mmu_build mmu_model_build(const mmu_model *m);

/* Free a model, closing its wave file; -1 if the wave could not be written. */
int mmu_model_free(mmu_model *m);

/* Hold reset for the given number of cycles with all inputs idle. */
void mmu_model_reset(mmu_model *m, int cycles);

/* Apply inputs and evaluate the current cycle; out receives the outputs. */
void mmu_model_eval(mmu_model *m, const mmu_inputs *in, mmu_outputs *out);

/* Advance one clock cycle (rising edge then falling edge). */
void mmu_model_tick(mmu_model *m);

/* Write line/toggle coverage (verilator_coverage format) to path; -1 if the model was built without it. */
int mmu_model_write_coverage(mmu_model *m, const char *path);

/* Cycles ticked since the model was made. */
uint64_t mmu_model_cycles(const mmu_model *m);

#endif
