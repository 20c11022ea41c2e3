/* bus_model.h -- the harness's slaves for the walker bus adapters: an AXI4
 * slave (rtl/rvmmu_axi_walker.sv) and a Wishbone B4 pipelined slave
 * (rtl/rvmmu_wb_walker.sv), over the same physical memory as the native
 * port's model, with random ready/stall, random latency, injected errors
 * and injected failures (AXI: an exclusive write answered OKAY, as when
 * another master wrote; Wishbone: a request answered RTY).
 *
 * Each cycle: bus_drive() sets the slave's outputs in the model's inputs
 * (before the evaluation), bus_step() takes the handshakes the master's
 * outputs complete at the edge and checks the master's side of the protocol
 * (a valid or stb held until taken with its payload stable, single beats,
 * exclusive pairs and locked cycles as the adapters use them). A protocol
 * error is kept as a message (bus_error()); the harness reports it as a
 * mismatch. */
#ifndef RVMMU_BUS_MODEL_H
#define RVMMU_BUS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "mmu_model.h"

/* bus_sel values of the simulation top (sim/gen_edge.py's BUSES). */
#define BUS_NATIVE 0u
#define BUS_AXI    1u
#define BUS_WB     2u

typedef struct {
    unsigned kind;             /* BUS_AXI or BUS_WB */
    unsigned pte_bytes;        /* 4 or 8: the data width */
    unsigned latency;          /* cycles from a request taken to its response, >= 1 */
    unsigned latency_max;      /* > latency: a random latency in between per response */
    double stall;              /* probability that a ready is low (AXI) or stall high (Wishbone) in a cycle */
    double error_rate;         /* probability that a response is an injected error (SLVERR, ERR) */
    double fail_rate;          /* AXI: an exclusive write fails (OKAY); Wishbone: a response is RTY */
    uint64_t seed;
} bus_cfg;

typedef struct bus_model bus_model;

/* A slave of the given kind over mem; NULL when out of memory. */
bus_model *bus_new(const bus_cfg *c, physmem *mem);
void bus_free(bus_model *b);

/* Before the evaluation of a cycle: the slave's outputs into in. */
void bus_drive(bus_model *b, mmu_inputs *in);

/* After it: the handshakes of the edge that ends the cycle; 0, or -1 on a
 * protocol error of the master (the message: bus_error()). */
int bus_step(bus_model *b, const mmu_inputs *in, const mmu_outputs *o);

/* The first protocol error seen, or NULL. */
const char *bus_error(const bus_model *b);

/* Did the slave inject an error (rather than memory refusing the access)
 * since the last call? Cleared by the call; the harness asks when the
 * walker gets an error response, so that the scoreboard hears of injected
 * errors only. */
int bus_take_injected(bus_model *b);

/* Words the slave swapped (an exclusive or locked write done) since the
 * last call; cleared by the call. The harness tells the scoreboard of a
 * walker's swap from this, the memory's truth, not from the answer the
 * adapter gave the walker. */
int bus_take_swaps(bus_model *b);

/* Injected failures (AXI failed exclusives, Wishbone RTYs) so far. */
uint64_t bus_failures(const bus_model *b);

#endif
