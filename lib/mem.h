/* mem.h -- the project's one sparse physical memory model: `ram` windows,
 * bus-error injection and an atomic compare-and-swap, as the page-table
 * walker sees it. The replay tool and the scenarios (tb/), the unit tests
 * (tests/testmem.h), the SystemC platform's memory (systemc/phys_memory.cpp,
 * through the byte access below) and the random generator (the write log
 * below) keep their bytes here. 4 KiB frames are made on the first write;
 * bytes never written read 0. */
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

/* The same functions with the pt_mem (sw/pt.h) and ref_mem callback
 * signatures, the physmem as the opaque pointer. */
int mem_cb_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val);
int mem_cb_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val);
int mem_cb_cas(void *opaque, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired, uint64_t *old);

/* Byte access for a bus model that checks windows itself (mem_in_ram):
 * no window check, no error injection, no hardware-write record.
 * mem_poke_byte returns 0, or -1 when the host is out of memory. */
uint8_t mem_peek_byte(const physmem *m, uint64_t pa);
int mem_poke_byte(physmem *m, uint64_t pa, uint8_t val);

/* Record the word at pa as written by the hardware (a bus model's own
 * compare-and-swap); 0 ok, -1 out of memory. */
int mem_note_hw_write(physmem *m, uint64_t pa);

/* Make every access to the word at pa a bus error (error injection). */
void mem_inject_error(physmem *m, uint64_t pa);

/* Remove all injected errors. */
void mem_clear_errors(physmem *m);

/* Is an error injected at the word at pa? */
int mem_has_error(const physmem *m, uint64_t pa);

/* Number of distinct word addresses the hardware wrote (through mem_cas_pte). */
int mem_hw_write_count(const physmem *m);

/* The i-th hardware-written word address, in ascending order. */
uint64_t mem_hw_write_addr(const physmem *m, int i);

/* ---- The trace-image view (the random generator's memory) ----
 * The memory as a trace's `mem` lines would write it, in words of
 * word_bytes (the PTE size, 4 or 8). Through the pt_mem callbacks
 * mem_image_read/mem_image_write (opaque: the physmem):
 *  - reads never fail on a well-formed access (4 or 8 bytes, aligned, not
 *    wider than a word): a word never written reads 0, inside a window or not;
 *  - a write that leaves a zero word zero changes nothing and is dropped, so
 *    clearing a frame that straddles a window's end is harmless; a write that
 *    makes a word outside every ram window nonzero is refused (-1), so the
 *    trace can never be made malformed;
 *  - every word a write changes is logged, in first-write order;
 *    mem_image_drain gives each logged word to emit(ctx, pa, value) when its
 *    value is nonzero or the last value it gave for that word was nonzero
 *    (a word cleared since), and empties the log.
 * The ram windows are those of mem_add_ram. */
void mem_image_init(physmem *m, unsigned word_bytes);
int mem_image_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val);
int mem_image_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val);
void mem_image_drain(physmem *m, void (*emit)(void *ctx, uint64_t pa, uint64_t val), void *ctx);

/* Did a trace-image write fail for want of host memory? */
int mem_out_of_memory(const physmem *m);

/* A ref_mem view of this memory for the reference model. */
ref_mem mem_as_ref(physmem *m);

#endif
