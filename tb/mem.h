/* mem.h -- sparse physical memory model with `ram` windows, bus-error
 * injection and an atomic compare-and-swap, as the page-table walker sees it. */
#ifndef RVMMU_MEM_H
#define RVMMU_MEM_H

#include <stdint.h>
#include "ref.h"

typedef struct physmem physmem;

/* A window of physical memory that answers reads and writes. */
typedef struct {
    uint64_t base, size;
} mem_window;

/* A new empty memory with no ram window (reads of anything are bus errors). */
physmem *mem_new(void);

/* Free a memory and everything in it. */
void mem_free(physmem *m);

/* Add a ram window [base, base+size); 0 on success, -1 when size is 0 or it wraps. */
int mem_add_ram(physmem *m, uint64_t base, uint64_t size);

/* Is [pa, pa+bytes) inside one ram window? */
int mem_in_ram(const physmem *m, uint64_t pa, unsigned bytes);

/* Read a little-endian word of 4 or 8 bytes; 0 ok, -1 bus error (outside ram or injected). */
int mem_read_pte(physmem *m, uint64_t pa, unsigned bytes, uint64_t *val);

/* Write a word as software would (no hardware-write record); 0 ok, -1 outside ram. */
int mem_write_pte(physmem *m, uint64_t pa, unsigned bytes, uint64_t val);

/* Hardware atomic compare-and-swap; records a hardware write when it swaps. 0 ok, -1 bus error. */
int mem_cas_pte(physmem *m, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired, uint64_t *old);

/* Make every access to the word at pa a bus error (error injection). */
void mem_inject_error(physmem *m, uint64_t pa);

/* Remove all injected errors. */
void mem_clear_errors(physmem *m);

/* Number of distinct word addresses the hardware wrote (through mem_cas_pte). */
int mem_hw_write_count(const physmem *m);

/* The i-th hardware-written word address, in ascending order. */
uint64_t mem_hw_write_addr(const physmem *m, int i);

/* A ref_mem view of this memory for the reference model. */
ref_mem mem_as_ref(physmem *m);

#endif
