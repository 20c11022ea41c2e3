/* pt_geom.h -- paging geometry that sw/pt.h does not export (yet), derived
 * from what it does: page shift and offset mask, XLEN, VPN field width, PPN
 * width, the satp ASID width, the Svnapot 64 KiB encoding, the XLEN-wide word mask and the canonical form
 * of a VA. For users of sw/ (tb/gen_random*); the reference model keeps its
 * own geometry on purpose. Header only. */
#ifndef RVMMU_PT_GEOM_H
#define RVMMU_PT_GEOM_H

#include <stdint.h>

#include "pt.h"

#define PT_PAGE_SHIFT 12                                    /* log2(PT_FRAME_SIZE) */
#define PT_PAGE_OFFSET_MASK ((uint64_t)PT_FRAME_SIZE - 1)   /* the offset bits of a 4 KiB page */
_Static_assert((1ull << PT_PAGE_SHIFT) == PT_FRAME_SIZE, "PT_PAGE_SHIFT must match PT_FRAME_SIZE");

/* Svnapot: a leaf with N maps a 64 KiB page when its PPN[3:0] is 1000; the
 * 16 PTEs of the page all carry it. */
#define PTE_NAPOT_PPN_MASK 0xfull
#define PTE_NAPOT_64K 8u
#define PT_NAPOT_SIZE ((PTE_NAPOT_PPN_MASK + 1) * PT_FRAME_SIZE)

/* 32 (Sv32) or 64 (Sv39/48/57): the PTE size in bits. */
static inline unsigned pt_mode_xlen(unsigned mode)
{
    return pt_mode_pte_bytes(mode) * 8;
}

/* Bits of one level's VPN field: 10 (Sv32) or 9 (RV64). */
static inline unsigned pt_mode_vpn_bits(unsigned mode)
{
    return (pt_mode_va_bits(mode) - PT_PAGE_SHIFT) / (unsigned)pt_mode_levels(mode);
}

/* Bits of a physical page number (satp.PPN, a PTE's PPN): 22 (Sv32) or 44 (RV64). */
static inline unsigned pt_mode_ppn_bits(unsigned mode)
{
    return pt_mode_pa_bits(mode) - PT_PAGE_SHIFT;
}

/* Bits of satp.ASID (privileged spec, satp): 9 on RV32, 16 on RV64. */
static inline unsigned pt_mode_asid_bits(unsigned mode)
{
    return pt_mode_xlen(mode) == 32 ? 9 : 16;
}

/* The XLEN-wide word: every bit on RV64, the low 32 on RV32. */
static inline uint64_t pt_mode_word_mask(unsigned mode)
{
    return pt_mode_xlen(mode) == 64 ? ~0ull : 0xffffffffull;
}

/* va in the mode's canonical form: bits 63..VA-1 copies of bit VA-1 (RV64), the low 32 bits (Sv32). */
static inline uint64_t pt_va_canon(unsigned mode, uint64_t va)
{
    if (pt_mode_xlen(mode) != 64)
        return va & 0xffffffffull;
    unsigned sh = 64u - pt_mode_va_bits(mode);
    return (uint64_t)((int64_t)(va << sh) >> sh);
}

#endif
