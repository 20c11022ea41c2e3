/* ref.h -- reference model of RISC-V address translation, written from the
 * privileged specification (Virtual-Memory System) independently of the RTL.
 * Covers Sv32, Sv39, Sv48, Sv57, Svnapot (64 KiB) and Svpbmt, Svade/Svadu. */
#ifndef RVMMU_REF_H
#define RVMMU_REF_H

#include <stdint.h>
#include "rvmmu_defs.h"

/* The translation context of one access. */
typedef struct {
    unsigned mode;      /* RVMMU_MODE_BARE/SV32/SV39/SV48/SV57 */
    uint32_t asid;
    uint64_t root_ppn;  /* satp.PPN */
    unsigned priv;      /* RVMMU_PRIV_U/S/M */
    int sum, mxr, adue;
} ref_ctx;

/* Physical memory as the reference model sees it: PTE-sized words. */
typedef struct {
    /* Read the PTE-sized word (bytes = 4 or 8) at pa; 0 on success, -1 on bus error. */
    int (*read)(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val);
    /* Atomically: old = mem[pa]; if old == expect, mem[pa] = desired. 0 ok, -1 bus error. */
    int (*cas)(void *opaque, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired, uint64_t *old);
    void *opaque;
} ref_mem;

/* A leaf translation as a TLB would hold it. */
typedef struct {
    unsigned mode;      /* mode it was made under */
    uint32_t asid;
    int g;              /* the leaf PTE's G bit */
    uint64_t vpn;       /* va >> 12, masked to the mode's VA width */
    int level;          /* level of the leaf: 0 = 4 KiB, 1 = 4 MiB (Sv32) / 2 MiB, ... */
    int napot;          /* Svnapot 64 KiB page */
    uint64_t ppn;       /* the leaf's PPN field (as in the PTE) */
    uint64_t pte;       /* the leaf PTE as finally in memory (after any A/D update) */
    unsigned pbmt;
} ref_leaf;

/* The outcome of one translation. */
typedef struct {
    int fault;          /* 0: translated; 1: fault with cause */
    unsigned cause;     /* RVMMU_CAUSE_* */
    uint64_t pa;
    unsigned pbmt;      /* RVMMU_PBMT_* of the leaf (0 in Sv32/Bare) */
    int walked;         /* a page-table walk happened */
    int has_leaf;       /* leaf is valid (translation succeeded through a walk) */
    ref_leaf leaf;
    int ad_written;     /* the walk wrote A/D (Svadu) */
    uint64_t ad_pa;     /* where, and */
    uint64_t ad_value;  /* the value written */
} ref_result;

/* Number of page-table levels of a mode (2 for Sv32 ... 5 for Sv57, 0 for Bare). */
int ref_levels(unsigned mode);

/* PTE size in bytes of a mode (4 for Sv32, 8 for the RV64 modes). */
unsigned ref_pte_bytes(unsigned mode);

/* Full page-table walk of va per the spec's translation process, with Svadu updates through m->cas. */
ref_result ref_translate(const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m);

/* Does a cached leaf translate va under context c (mode, ASID/G, VPN at the leaf's size)? */
int ref_leaf_matches(const ref_leaf *l, const ref_ctx *c, uint64_t va);

/* Outcome of using a cached leaf for an access: 0 = allowed (pa filled),
 * 1 = page fault (cause filled), 2 = must walk again (a store to a page with D clear). */
int ref_leaf_use(const ref_leaf *l, const ref_ctx *c, uint64_t va, unsigned acc, uint64_t *pa, unsigned *cause);

/* Is a cached leaf removed by SFENCE.VMA with these operands (rs1/rs2 being x0 or not)? */
int ref_sfence_covers(const ref_leaf *l, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid);

/* Could one lookup match both leaves (so a TLB may hold only one of them)? */
int ref_leaves_overlap(const ref_leaf *a, const ref_leaf *b);

/* An ideal TLB: unbounded, never evicts, caches every successful walk. */
typedef struct {
    ref_leaf *e;
    int n, cap;
} ref_tlb;

/* One access through the ideal TLB: a usable hit answers from it, else a walk fills it. */
ref_result ref_tlb_access(ref_tlb *t, const ref_ctx *c, uint64_t va, unsigned acc, const ref_mem *m);

/* Apply SFENCE.VMA to the ideal TLB. */
void ref_tlb_sfence(ref_tlb *t, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid);

/* Free the ideal TLB's storage. */
void ref_tlb_free(ref_tlb *t);

#endif
