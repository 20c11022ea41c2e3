/* mmu_model.h -- C API over the Verilated rvmmu models (RV32 and RV64).
 * One cycle: mmu_model_eval() applies the inputs and reads the outputs of
 * the current cycle (combinational), mmu_model_tick() is the clock edge. */
#ifndef RVMMU_MMU_MODEL_H
#define RVMMU_MMU_MODEL_H

#include <stdint.h>
#include <stdio.h>

#include "rvmmu_ports.h" /* generated from rtl/rvmmu.sv (sim/gen_edge.py) */

/* One C field per port (rvmmu_ports.h): `type field`, or for a port that can
 * be wider than 64 bits (mon_valid), RVMMU_WIDE_WORDS words, bit i of the
 * port in word i / 64. */
#define MMU_FIELD_0(type, field) type field;
#define MMU_FIELD_1(type, field) uint64_t field[RVMMU_WIDE_WORDS];
#define MMU_FIELD_2(type, field) uint64_t field[RVMMU_PMP_WORDS];   /* pmpcfg, pmpaddr */
#define MMU_FIELD(port, field, type, wide) MMU_FIELD_##wide(type, field)

/* The fill record: mon_fill_<field>_o as fill.<field>, valid with mon_fill. */
typedef struct {
    RVMMU_FILL(MMU_FIELD)
} mmu_fill;

/* Every input port of rvmmu but the clock and the reset (the model drives them). */
typedef struct {
    uint32_t tag;  /* simulation only: the trace line of the offered request */
    RVMMU_INPUTS(MMU_FIELD)
    /* The simulation top's walker bus (bus_sel 0: rvmmu's own mem_* port above). */
    RVMMU_BUS_INPUTS(MMU_FIELD)
} mmu_inputs;

/* Every output port of rvmmu. */
typedef struct {
    RVMMU_OUTPUTS(MMU_FIELD)
    RVMMU_BUS_OUTPUTS(MMU_FIELD)
    mmu_fill fill;
} mmu_outputs;

/* Bit i of a wide output field (i < RVMMU_WIDE_WORDS * 64). */
static inline int mmu_bit(const uint64_t *wide, int i)
{
    return (int)((wide[i / 64] >> (i % 64)) & 1);
}

typedef struct mmu_model mmu_model;

/* Build-time facts of one Verilated model. */
typedef struct {
    int xlen;      /* 32 or 64 */
    int entries;   /* TLB entries */
    int pmp_entries; /* PMP entries (0: no PMP, nothing refused) */
    int ports;     /* request ports (rvmmu's PORTS): 1, or 2 with the instruction port */
    int i_entries; /* ports 2: the instruction TLB's entries (I_ENTRIES) */
    int l2_entries; /* the L2 TLB's 4 KiB-page entries (L2_ENTRIES; 0: none) */
    int pwc_entries; /* the page-walk cache's entries (PWC_ENTRIES; 0: none) */
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

/* TLB entries of this build's models (the ENTRIES they were Verilated with). */
int mmu_model_entries(void);

/* Free a model, closing its wave file; -1 if the wave could not be written. */
int mmu_model_free(mmu_model *m);

/* Record test vectors into f from now on (NULL: stop): a header line, then
 * "reset N" for each reset, and for every evaluated cycle a line "v" and
 * every input then every output (RVMMU_INPUTS, RVMMU_OUTPUTS, RVMMU_FILL
 * order) in hex; wide ports as RVMMU_WIDE_WORDS * 16 digits. The Icarus
 * test bench (sim/icarus/rvmmu_vec_tb.sv) replays them. */
void mmu_model_record(mmu_model *m, FILE *f);

/* Hold reset for the given number of cycles with all inputs idle. */
void mmu_model_reset(mmu_model *m, int cycles);

/* Apply inputs and evaluate the current cycle; out receives the outputs. */
void mmu_model_eval(mmu_model *m, const mmu_inputs *in, mmu_outputs *out);

/* Advance one clock cycle (rising edge then falling edge). */
void mmu_model_tick(mmu_model *m);

/* Write line/toggle coverage (verilator_coverage format) to path; -1 if the model was built without it. */
int mmu_model_write_coverage(mmu_model *m, const char *path);

/* The shim's handle of the model (fault injection: tb/inject.c calls the
 * shim's rv<XLEN>_fi_* functions of a model built with RVMMU_FI). */
void *mmu_model_shim(mmu_model *m);

/* Cycles ticked since the model was made. */
uint64_t mmu_model_cycles(const mmu_model *m);

#endif
