/* test_consts.c -- unit/spec-constants-match-rtl: the reference model's spec
 * constants (lib/ref.h, written from the privileged specification) against the
 * RTL's (rtl/rvmmu_defs.vh, through build/gen/rvmmu_defs.h) and against sw/'s
 * PTE bits and satp packing. The model is the RTL's judge; it keeps its own
 * numbers so that a wrong number in the RTL (say store page fault 13 instead
 * of 15) cannot be passed by a judge reading the same wrong number. This test
 * names every difference; the replay scoreboard then also fails on the traces
 * that reach it. Exit status 0 when all agree, 1 otherwise. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "pt.h"            /* sw/: PTE_* bits, pt_satp */
#include "ref.h"           /* the model: REF_* from the spec */
#include "rvmmu_defs.h"    /* the RTL: RVMMU_* from rtl/rvmmu_defs.vh */

typedef struct {
    const char *what;       /* the constant, as the spec names it */
    const char *other;      /* the other side's name */
    uint64_t model, other_value;
} pair;

#define RTL(what, ref, rtl) {what, #rtl " (build/gen/rvmmu_defs.h)", (uint64_t)(ref), (uint64_t)(rtl)}
#define SW(what, ref, sw) {what, #sw " (sw/pt.h)", (uint64_t)(ref), (uint64_t)(sw)}

static uint64_t ones(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* satp of an XLEN with every ASID and PPN bit set, from the model's field layout. */
static uint64_t satp_model(int xlen, unsigned mode)
{
    if (xlen == 32)
        return ((uint64_t)(mode == REF_MODE_SV32) << REF_SATP32_MODE_SHIFT) |
               (ones(REF_SATP32_ASID_BITS) << REF_SATP32_ASID_SHIFT) | ones(REF_SATP32_PPN_BITS);
    return ((uint64_t)mode << REF_SATP64_MODE_SHIFT) | (ones(REF_SATP64_ASID_BITS) << REF_SATP64_ASID_SHIFT) |
           ones(REF_SATP64_PPN_BITS);
}

int main(void)
{
    const pair pairs[] = {
        RTL("exception code: instruction access fault", REF_CAUSE_FETCH_ACCESS, RVMMU_CAUSE_FETCH_ACCESS),
        RTL("exception code: load access fault", REF_CAUSE_LOAD_ACCESS, RVMMU_CAUSE_LOAD_ACCESS),
        RTL("exception code: store/AMO access fault", REF_CAUSE_STORE_ACCESS, RVMMU_CAUSE_STORE_ACCESS),
        RTL("exception code: instruction page fault", REF_CAUSE_FETCH_PAGE, RVMMU_CAUSE_FETCH_PAGE),
        RTL("exception code: load page fault", REF_CAUSE_LOAD_PAGE, RVMMU_CAUSE_LOAD_PAGE),
        RTL("exception code: store/AMO page fault", REF_CAUSE_STORE_PAGE, RVMMU_CAUSE_STORE_PAGE),
        RTL("privilege level U", REF_PRIV_U, RVMMU_PRIV_U),
        RTL("privilege level S", REF_PRIV_S, RVMMU_PRIV_S),
        RTL("privilege level M", REF_PRIV_M, RVMMU_PRIV_M),
        RTL("satp.MODE Bare", REF_MODE_BARE, RVMMU_MODE_BARE),
        RTL("satp.MODE Sv32", REF_MODE_SV32, RVMMU_MODE_SV32),
        RTL("satp.MODE Sv39", REF_MODE_SV39, RVMMU_MODE_SV39),
        RTL("satp.MODE Sv48", REF_MODE_SV48, RVMMU_MODE_SV48),
        RTL("satp.MODE Sv57", REF_MODE_SV57, RVMMU_MODE_SV57),
        RTL("PBMT PMA", REF_PBMT_PMA, RVMMU_PBMT_PMA),
        RTL("PBMT NC", REF_PBMT_NC, RVMMU_PBMT_NC),
        RTL("PBMT IO", REF_PBMT_IO, RVMMU_PBMT_IO),
        RTL("access kind load", REF_ACC_LOAD, RVMMU_ACC_LOAD),
        RTL("access kind store", REF_ACC_STORE, RVMMU_ACC_STORE),
        RTL("access kind fetch", REF_ACC_FETCH, RVMMU_ACC_FETCH),
        SW("PTE.V", REF_PTE_V, PTE_V),
        SW("PTE.R", REF_PTE_R, PTE_R),
        SW("PTE.W", REF_PTE_W, PTE_W),
        SW("PTE.X", REF_PTE_X, PTE_X),
        SW("PTE.U", REF_PTE_U, PTE_U),
        SW("PTE.G", REF_PTE_G, PTE_G),
        SW("PTE.A", REF_PTE_A, PTE_A),
        SW("PTE.D", REF_PTE_D, PTE_D),
        SW("PTE.N", REF_PTE_N, PTE_N),
        SW("PTE.PPN position", REF_PTE_PPN_SHIFT, PTE_PPN_SHIFT),
        SW("PTE.PBMT position", REF_PTE_PBMT_SHIFT, PTE_PBMT_SHIFT),
        SW("PTE reserved bits (RV64)", REF_PTE_RV64_RSVD_MASK, PTE_RV64_RESERVED_MASK),
        {"satp RV32 Sv32, ASID 1 PPN 1", "pt_satp (sw/pt.c)",
         (1ull << REF_SATP32_MODE_SHIFT) | (1ull << REF_SATP32_ASID_SHIFT) | 1, pt_satp(32, RVMMU_MODE_SV32, 1, 1)},
        {"satp RV64 Sv39, ASID 1 PPN 1", "pt_satp (sw/pt.c)",
         ((uint64_t)REF_MODE_SV39 << REF_SATP64_MODE_SHIFT) | (1ull << REF_SATP64_ASID_SHIFT) | 1,
         pt_satp(64, RVMMU_MODE_SV39, 1, 1)},
    };
    /* Every satp layout with all ASID and PPN bits set (the model's MODE
     * numbers, the RTL's names for pt_satp: the pairs above tie them). */
    static const struct {
        int xlen;
        unsigned ref_mode, rtl_mode;
        const char *what;
    } satps[] = {
        {32, REF_MODE_BARE, RVMMU_MODE_BARE, "satp RV32 Bare, all ASID/PPN bits"},
        {32, REF_MODE_SV32, RVMMU_MODE_SV32, "satp RV32 Sv32, all ASID/PPN bits"},
        {64, REF_MODE_BARE, RVMMU_MODE_BARE, "satp RV64 Bare, all ASID/PPN bits"},
        {64, REF_MODE_SV39, RVMMU_MODE_SV39, "satp RV64 Sv39, all ASID/PPN bits"},
        {64, REF_MODE_SV48, RVMMU_MODE_SV48, "satp RV64 Sv48, all ASID/PPN bits"},
        {64, REF_MODE_SV57, RVMMU_MODE_SV57, "satp RV64 Sv57, all ASID/PPN bits"},
    };
    const size_t npairs = sizeof pairs / sizeof pairs[0], nsatps = sizeof satps / sizeof satps[0];
    size_t bad = 0;
    for (size_t i = 0; i < npairs + nsatps; i++) {
        pair p = i < npairs ? pairs[i] : (pair){0};
        if (i >= npairs) {
            const size_t k = i - npairs;
            p.what = satps[k].what;
            p.other = "pt_satp (sw/pt.c)";
            p.model = satp_model(satps[k].xlen, satps[k].ref_mode);
            p.other_value = pt_satp(satps[k].xlen, satps[k].rtl_mode, ~0u, ~0ull);
        }
        if (p.model == p.other_value) continue;
        printf("MISMATCH %s: model (lib/ref.h, from the spec) %" PRIu64 " (0x%" PRIx64 "), %s %" PRIu64
               " (0x%" PRIx64 ")\n", p.what, p.model, p.model, p.other, p.other_value, p.other_value);
        bad++;
    }
    printf("%zu constants compared, %zu differ\n", npairs + nsatps, bad);
    return bad ? 1 : 0;
}
