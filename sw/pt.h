/* pt.h -- build RISC-V page tables (Sv32, Sv39, Sv48, Sv57 with Svnapot 64 KiB
 * pages and Svpbmt) in a physical-memory image, as an operating-system kernel
 * would. The library knows nothing of the memory model: the caller passes a
 * pt_mem (read/write one PTE-sized little-endian word at a physical address).
 *
 * Conventions:
 *  - Every function that can fail returns a pt_err (0 = PT_OK, negative =
 *    error); pt_strerror gives the message. A failed call changes nothing in
 *    memory, in the pool or in the address space (except PT_ERR_MEM, which
 *    means the caller's memory refused an access part way through).
 *  - Flags are given as the PTE bits themselves (PTE_R | PTE_W | ...); the
 *    library adds V. PBMT and N are only legal in the RV64 modes.
 *  - Levels: 0 = 4 KiB page; 1 = 4 MiB (Sv32) or 2 MiB (RV64); 2 = 1 GiB;
 *    3 = 512 GiB (Sv48/Sv57); 4 = 256 TiB (Sv57).
 *  - Frames are 4 KiB. The pool hands out the lowest free frame first.
 *  - The library has no global mutable state; pools and address spaces are
 *    separate objects, and several address spaces may share one pool. */
#ifndef RVMMU_SW_PT_H
#define RVMMU_SW_PT_H

#include <stdint.h>
#include "rvmmu_defs.h"

/* ---- PTE bits (identical positions in Sv32 and the RV64 modes) ---- */
#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_RSW_SHIFT 8                                     /* 2 software bits 9:8 */
#define PTE_RSW_MASK (3ull << PTE_RSW_SHIFT)
#define PTE_RSW(n) (((uint64_t)(n) & 3u) << PTE_RSW_SHIFT)
#define PTE_PPN_SHIFT 10
/* RV64 only (Sv39/Sv48/Sv57): */
#define PTE_PBMT_SHIFT 61                                   /* Svpbmt, bits 62:61 */
#define PTE_PBMT_MASK (3ull << PTE_PBMT_SHIFT)
#define PTE_PBMT(n) (((uint64_t)(n) & 3u) << PTE_PBMT_SHIFT) /* n = RVMMU_PBMT_* */
#define PTE_N (1ull << 63)                                  /* Svnapot (64 KiB page) */
#define PTE_RV64_RESERVED_MASK (0x7full << 54)              /* bits 60:54, must be 0 */

#define PT_PAGE_SHIFT 12                                    /* log2 of a 4 KiB page */
#define PT_FRAME_SIZE (1u << PT_PAGE_SHIFT)                 /* 4096 */
#define PT_PAGE_OFFSET_MASK ((uint64_t)PT_FRAME_SIZE - 1)   /* the offset bits of a 4 KiB page */

/* Svnapot (RV64): a leaf with N maps a 64 KiB page when its PPN[3:0] is 1000;
 * the 16 PTEs of the page all carry it. */
#define PT_NAPOT_PAGES 16u                                  /* 64 KiB = 16 x 4 KiB */
#define PTE_NAPOT_PPN_MASK ((uint64_t)PT_NAPOT_PAGES - 1)   /* the PPN bits the encoding uses */
#define PTE_NAPOT_64K 8u                                    /* PPN[3:0] = 1000: 64 KiB */
#define PT_NAPOT_SIZE ((uint64_t)PT_NAPOT_PAGES * PT_FRAME_SIZE)

/* ---- error codes ---- */
typedef enum {
    PT_OK = 0,
    PT_ERR_ALREADY_MAPPED = -1,   /* a leaf already maps that va (mapping over an existing mapping) */
    PT_ERR_TABLE_EXISTS = -2,     /* a superpage where a page table already exists */
    PT_ERR_SUPERPAGE_EXISTS = -3, /* a smaller page inside an existing superpage */
    PT_ERR_UNALIGNED_VA = -4,     /* va not aligned to the page size */
    PT_ERR_UNALIGNED_PA = -5,     /* pa not aligned to the page size */
    PT_ERR_PA_TOO_WIDE = -6,      /* pa wider than the mode allows (34 bits Sv32, 56 bits RV64) */
    PT_ERR_VA_INVALID = -7,       /* va wider than 32 bits (Sv32) or not canonical (RV64) */
    PT_ERR_OUT_OF_FRAMES = -8,    /* the frame pool is empty */
    PT_ERR_BAD_MODE = -9,         /* unknown or unsupported translation mode */
    PT_ERR_DOUBLE_FREE = -10,     /* freeing a frame that is already free */
    PT_ERR_NOT_IN_POOL = -11,     /* freeing an address that is not a frame of the pool */
    PT_ERR_NOT_MAPPED = -12,      /* no leaf maps that va */
    PT_ERR_BAD_LEVEL = -13,       /* level out of range for the mode */
    PT_ERR_BAD_FLAGS = -14,       /* flags not a legal leaf (none of R/X, W without R, bits outside the flag set, PBMT/N where illegal) */
    PT_ERR_BAD_ASID = -15,        /* ASID wider than the mode allows (9 bits Sv32, 16 bits RV64) */
    PT_ERR_BAD_RANGE = -16,       /* pool range empty, not 4 KiB aligned, or wrapping */
    PT_ERR_MEM = -17,             /* the memory callback returned an error */
    PT_ERR_NO_HOST_MEMORY = -18,  /* host malloc failed */
    PT_ERR_NULL = -19             /* a required pointer argument is NULL */
} pt_err;

/* The caller's physical memory: PTE-sized little-endian words (bytes = 4 or 8). */
typedef struct {
    /* Read the word of `bytes` bytes at pa into *val; 0 ok, -1 error. */
    int (*read)(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val);
    /* Write the word of `bytes` bytes at pa; 0 ok, -1 error. */
    int (*write)(void *opaque, uint64_t pa, unsigned bytes, uint64_t val);
    void *opaque;
} pt_mem;

typedef struct pt_pool pt_pool;
typedef struct pt_as pt_as;

/* ---- errors ---- */

/* Human-readable message of a pt_err code (never NULL). */
const char *pt_strerror(int err);

/* ---- mode geometry ---- */

/* Is mode one of RVMMU_MODE_SV32/SV39/SV48/SV57? */
int pt_mode_valid(unsigned mode);

/* Number of page-table levels of a paged mode (2..5), 0 if unknown. */
int pt_mode_levels(unsigned mode);

/* PTE size in bytes of a paged mode (4 or 8), 0 if unknown. */
unsigned pt_mode_pte_bytes(unsigned mode);

/* Virtual-address width in bits of a paged mode (32, 39, 48, 57), 0 if unknown. */
unsigned pt_mode_va_bits(unsigned mode);

/* Physical-address width in bits of a paged mode (34 or 56), 0 if unknown. */
unsigned pt_mode_pa_bits(unsigned mode);

/* 32 (Sv32) or 64 (Sv39/48/57): XLEN, also the PTE size in bits; 0 if unknown. */
unsigned pt_mode_xlen(unsigned mode);

/* The XLEN-wide word: every bit on RV64, the low 32 on RV32; 0 if unknown. */
uint64_t pt_mode_word_mask(unsigned mode);

/* Bits of one level's VPN field: 10 (Sv32) or 9 (RV64); 0 if unknown. */
unsigned pt_mode_vpn_bits(unsigned mode);

/* Bits of a physical page number (satp.PPN, a PTE's PPN): 22 (Sv32) or 44 (RV64); 0 if unknown. */
unsigned pt_mode_ppn_bits(unsigned mode);

/* Bits of satp.ASID (privileged spec, satp): 9 on RV32, 16 on RV64; 0 if unknown. */
unsigned pt_mode_asid_bits(unsigned mode);

/* Size in bytes of a leaf page at a level of a mode, 0 if mode or level is out of range. */
uint64_t pt_page_size(unsigned mode, int level);

/* Is va a legal virtual address of the mode (fits 32 bits in Sv32, canonical in RV64)? */
int pt_va_valid(unsigned mode, uint64_t va);

/* va in the mode's canonical form: bits 63..VA-1 copies of bit VA-1 (RV64),
 * the low 32 bits (Sv32); 0 if the mode is unknown. */
uint64_t pt_va_canon(unsigned mode, uint64_t va);

/* ---- PTE encoding ---- */

/* Encode a leaf PTE: V | flags | ppn << 10 (flags are not checked; see pte_check_leaf_flags). */
uint64_t pte_make_leaf(unsigned mode, uint64_t ppn, uint64_t flags);

/* Encode a non-leaf (pointer) PTE to the table at physical page ppn: V only, R=W=X=0. */
uint64_t pte_make_pointer(unsigned mode, uint64_t ppn);

/* The PPN field of a PTE (22 bits in Sv32, 44 bits in RV64), as stored (NAPOT bits included). */
uint64_t pte_ppn(unsigned mode, uint64_t pte);

/* The flag bits of a PTE (everything but the PPN and the V bit). */
uint64_t pte_flags(unsigned mode, uint64_t pte);

/* Is the PTE valid (V=1)? */
int pte_is_valid(uint64_t pte);

/* Is the PTE a valid leaf (V=1 and R or X set)? */
int pte_is_leaf(uint64_t pte);

/* Is the PTE a valid pointer to the next level (V=1, R=W=X=0)? */
int pte_is_pointer(uint64_t pte);

/* Is the PTE an RV64 Svnapot leaf (N=1)? Always 0 in Sv32. */
int pte_is_napot(unsigned mode, uint64_t pte);

/* Check leaf flags for a mode and level: PT_OK or PT_ERR_BAD_FLAGS / PT_ERR_BAD_MODE / PT_ERR_BAD_LEVEL. */
int pte_check_leaf_flags(unsigned mode, int level, uint64_t flags);

/* ---- frame pool ---- */

/* A pool of the 4 KiB frames in [base, base+size), zeroed through mem on allocation; NULL + *err on failure. */
pt_pool *pool_create(uint64_t base, uint64_t size, const pt_mem *mem, int *err);

/* Free the pool's own bookkeeping (not the memory it describes); NULL is ignored. */
void pool_destroy(pt_pool *pool);

/* Allocate the lowest free frame, write it with zeros, store its address in *pa. */
int pool_alloc_frame(pt_pool *pool, uint64_t *pa);

/* Return a frame to the pool (PT_ERR_DOUBLE_FREE if already free, PT_ERR_NOT_IN_POOL if not a frame of it). */
int pool_free_frame(pt_pool *pool, uint64_t pa);

/* Number of free frames in the pool. */
uint64_t pool_free_count(const pt_pool *pool);

/* Total number of frames in the pool. */
uint64_t pool_frame_count(const pt_pool *pool);

/* Is pa the address of a currently allocated frame of the pool? */
int pool_frame_allocated(const pt_pool *pool, uint64_t pa);

/* First physical address of the pool's range. */
uint64_t pool_base(const pt_pool *pool);

/* ---- address spaces ---- */

/* A new address space: allocates its zeroed root table from pool; NULL + *err on failure. */
pt_as *as_create(unsigned mode, uint32_t asid, pt_pool *pool, const pt_mem *mem, int *err);

/* Free every page table of the address space back to its pool (not the data frames it maps), then the object; NULL ok. */
int as_destroy(pt_as *as);

/* Translation mode of the address space (RVMMU_MODE_*). */
unsigned as_mode(const pt_as *as);

/* ASID of the address space. */
uint32_t as_asid(const pt_as *as);

/* Physical page number of the root table (satp.PPN). */
uint64_t as_satp_ppn(const pt_as *as);

/* The whole satp value (MODE, ASID, PPN) for this address space. */
uint64_t as_satp(const pt_as *as);

/* The satp CSR value of an XLEN (32 or 64) for a mode (RVMMU_MODE_*), ASID
 * and root PPN (privileged spec, "Supervisor Address Translation and
 * Protection (satp) Register"). RV32: MODE[31] (set for Sv32; clear for Bare
 * or a mode RV32 cannot encode), ASID[30:22], PPN[21:0]. Any other xlen is
 * RV64: MODE[63:60] = mode, ASID[59:44], PPN[43:0]. Bare keeps the ASID and
 * PPN fields (a WARL satp may). Fields are truncated to their widths.
 * The one satp packer of the project: C and C++ callers use it, and
 * fpga/gen_selftest.py asks build/pt_satp (sw/pt_satp_main.c). */
uint64_t pt_satp(int xlen, unsigned mode, uint32_t asid, uint64_t root_ppn);

/* Number of page-table frames (root included) the address space holds. */
int as_table_count(const pt_as *as);

/* Map va -> pa as a leaf at a level (0 = 4 KiB, 1 = superpage, ...), creating intermediate tables; PTE_N with level 0 maps a 64 KiB NAPOT page. */
int as_map_page(pt_as *as, uint64_t va, uint64_t pa, int level, uint64_t flags);

/* Clear the leaf that maps va (all 16 PTEs of a NAPOT page); tables stay. */
int as_unmap(pt_as *as, uint64_t va);

/* Rewrite the flag bits of the leaf that maps va, keeping its PPN (and NAPOT-ness). */
int as_protect(pt_as *as, uint64_t va, uint64_t flags);

/* Walk the tables in software (reads only): the leaf PTE that maps va and its level. */
int as_lookup(const pt_as *as, uint64_t va, uint64_t *pte, int *level);

/* Software translation of va to a physical address through the leaf that maps it. */
int as_translate(const pt_as *as, uint64_t va, uint64_t *pa);

/* Physical address of the PTE slot for va at a level, if the walk reaches that level (reads only). */
int as_pte_address(const pt_as *as, uint64_t va, int level, uint64_t *pte_pa);

/* Map at dst_va (4 KiB, level 0) in dst the 4 KiB frame that src maps at src_va, with dst's own flags. */
int as_share(pt_as *dst, uint64_t dst_va, const pt_as *src, uint64_t src_va, uint64_t flags);

#endif
