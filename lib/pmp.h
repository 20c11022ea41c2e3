/* pmp.h -- reference model of RISC-V Physical Memory Protection, written
 * from the privileged specification's chapter "Physical Memory Protection"
 * (Machine-Level ISA), independently of rtl/rvmmu_pmp.sv, which it judges.
 *
 * One function decides one access: pmp_check(). Spec rules it follows
 * ("PMP Configuration Registers", "Address Matching", "Locking and
 * Privilege Mode", "Priority and Matching Logic"):
 *   - pmpNcfg: R bit 0, W bit 1, X bit 2, A bits 4:3 (0 OFF, 1 TOR, 2 NA4,
 *     3 NAPOT), L bit 7; pmpaddrN holds PA bits 33:2 (RV32) or 55:2 (RV64).
 *   - TOR: entry i matches pmpaddr[i-1] <= y < pmpaddr[i] (as byte addresses,
 *     y >> 2 compared), entry 0 uses 0 as its lower bound, whatever cfg[i-1].
 *   - NAPOT: the trailing ones of pmpaddr give the size (k ones: 2^(k+3)
 *     bytes; all ones: the largest, 2^(XLEN-of-pmpaddr + 3) bytes); NA4: 4 bytes.
 *   - Granularity G (grain 2^(G+2) bytes): with G >= 2 a NAPOT pmpaddr's
 *     bits G-2:0 read as ones; with G >= 1 bits G-1:0 do not take part in
 *     TOR matching (both bounds: the lower bound is pmpaddr[i-1] as TOR reads
 *     it) and NA4 is not selectable.
 *   - The lowest-numbered entry that matches any byte of the access decides;
 *     it must match every byte, else the access fails whatever L/R/W/X.
 *   - L clear and priv M: the access succeeds; otherwise the R/W/X bits the
 *     access needs must all be set.
 *   - No entry matches: M succeeds; S and U fail when at least one entry is
 *     implemented (entries > 0), succeed when none is.
 * Choices where the inputs may hold what a WARL CSR never would:
 *   - A = NA4 with G >= 1 is matched as NAPOT (as a WARL pmpcfg that cannot
 *     hold NA4 would legalise the write, the choice Spike makes).
 *   - pmpaddr bits above the register's width (32 / 54) are ignored, and so
 *     are pmpcfg bits 6:5 (WARL zero).
 *   - The address is the PA width's (34 / 56 bits): higher bits (an RV64
 *     Bare or M-mode PA is the whole 64-bit VA) are not PMP's to judge but the
 *     PMA check's, so they are dropped before matching. */
#ifndef RVMMU_PMP_H
#define RVMMU_PMP_H

#include <stdint.h>

#define PMP_MAX_ENTRIES 64

/* pmpNcfg fields ("PMP configuration register format"). */
#define PMP_R      0x01u
#define PMP_W      0x02u
#define PMP_X      0x04u
#define PMP_A_SHIFT 3
#define PMP_A_MASK (3u << PMP_A_SHIFT)
#define PMP_L      0x80u
#define PMP_CFG_RSVD 0x60u   /* bits 6:5, WARL zero */

/* A encodings ("Encoding of A field in PMP configuration registers"). */
#define PMP_A_OFF   0u
#define PMP_A_TOR   1u
#define PMP_A_NA4   2u
#define PMP_A_NAPOT 3u

/* The hart's PMP state: the CSR values and the implementation's facts. */
typedef struct {
    int entries;                        /* implemented entries, 0..64 */
    unsigned gran;                      /* G: the grain is 2^(G+2) bytes */
    int xlen;                           /* 32 (Sv32: pmpaddr = PA 33:2) or 64 (PA 55:2) */
    uint8_t cfg[PMP_MAX_ENTRIES];       /* pmpNcfg */
    uint64_t addr[PMP_MAX_ENTRIES];     /* pmpaddrN */
} pmp_state;

/* Width in bits of a pmpaddr register: 32 (RV32) or 54 (RV64). */
static inline unsigned pmp_addr_bits(int xlen)
{
    return xlen == 32 ? 32u : 54u;
}

/* Width in bits of the physical address PMP judges: 34 or 56. */
static inline unsigned pmp_pa_bits(int xlen)
{
    return xlen == 32 ? 34u : 56u;
}

/* Entry i's address range as matching sees it: [*lo, *hi) in bytes, *hi
 * may be 2^57 (an all-ones NAPOT in RV64); 0 when entry i matches nothing
 * (A = OFF, an empty TOR, or i not implemented). */
int pmp_entry_range(const pmp_state *p, int i, uint64_t *lo, uint64_t *hi);

/* The entry that decides an access of size bytes at pa: its index, or -1
 * when none matches any byte. *all is set to whether it matches every byte. */
int pmp_match(const pmp_state *p, uint64_t pa, unsigned size, int *all);

/* May an access of `size` bytes at `pa`, at privilege priv (REF_PRIV_U/S/M:
 * 0, 1, 3), needing the permissions `need` (PMP_R, PMP_W, PMP_X, or an OR of
 * them for an access that needs several, as the walker's A/D swap needs R and
 * W), go ahead? 1 yes, 0 it fails (an access fault). */
int pmp_check(const pmp_state *p, unsigned priv, unsigned need, uint64_t pa, unsigned size);

#endif
