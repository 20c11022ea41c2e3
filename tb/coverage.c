/* coverage.c -- coverpoint counters in fixed arrays indexed by the fields
 * that define each bin; names are made only when the counts are written,
 * so counting costs a few integer operations per event. */
#include "coverage.h"

#include <stdlib.h>
#include <string.h>

#include "rvmmu_defs.h"
#include "trace.h"

enum { NMODE = 5, NOUT = 7, NPRIV = 4, NACC = 3, NPAGE = 7, NLVL = 5, NKIND = 12, NFORM = 4, NEKIND = 7, NSTATE = 8 };

struct coverage {
    unsigned long response[NMODE][NOUT][NPRIV][NACC][NPAGE][2];
    unsigned long context[2][2][2][NPRIV];
    unsigned long pte[NMODE][NLVL][NKIND];
    unsigned long sfence[NFORM][NEKIND];
    unsigned long flush_during[NSTATE];
    unsigned long flush_race[NSTATE][NFORM][NPAGE];
    unsigned long b2b[4][NPAGE];
    unsigned long over[NMODE][NPAGE];
    unsigned long alias[NMODE][NMODE];
    unsigned long pwc[NMODE][NLVL];
    unsigned long l2[NMODE][NPAGE];
    unsigned long l2_miss[NMODE][NPAGE];
    unsigned long l2_sweep[2];
    unsigned long bus[3][4];
    unsigned long ports[NPORTEV];
};

static const char *const mode_names[NMODE] = {"bare", "sv32", "sv39", "sv48", "sv57"};
static const unsigned causes[NOUT] = {0, RVMMU_CAUSE_FETCH_ACCESS, RVMMU_CAUSE_LOAD_ACCESS, RVMMU_CAUSE_STORE_ACCESS,
                                      RVMMU_CAUSE_FETCH_PAGE, RVMMU_CAUSE_LOAD_PAGE, RVMMU_CAUSE_STORE_PAGE};
static const char *const page_names[NPAGE] = {"none", "L0", "L1", "L2", "L3", "L4", "napot"};
static const char *const kind_names[NKIND] = {"invalid", "reserved-bits", "pbmt3", "w-without-r", "pointer",
                                              "pointer-dau", "napot", "leaf-r", "leaf-rw", "leaf-x", "leaf-rx",
                                              "leaf-rwx"};
static const char *const form_names[NFORM] = {"all", "asid", "va", "va-asid"};
static const char *const ekind_names[NEKIND] = {"none", "asid-4k", "asid-super", "asid-napot",
                                                "global-4k", "global-super", "global-napot"};

coverage *cov_new(void)
{
    return calloc(1, sizeof(coverage));
}

void cov_free(coverage *c)
{
    free(c);
}

static unsigned mode_index(unsigned mode)
{
    switch (mode) {
    case RVMMU_MODE_SV32: return 1;
    case RVMMU_MODE_SV39: return 2;
    case RVMMU_MODE_SV48: return 3;
    case RVMMU_MODE_SV57: return 4;
    default: return 0;
    }
}

static unsigned outcome_index(unsigned cause)
{
    for (unsigned i = 1; i < NOUT; i++)
        if (causes[i] == cause) return i;
    return 0;
}

static unsigned page_index(int page)
{
    return page < 0 ? 0 : page == 9 ? 6 : (unsigned)page + 1 < 6 ? (unsigned)page + 1 : 0;
}

static unsigned form_index(int rs1_x0, int rs2_x0)
{
    return rs1_x0 && rs2_x0 ? 0 : rs1_x0 ? 1 : rs2_x0 ? 2 : 3;
}

void cov_response(coverage *c, unsigned cause, unsigned priv, unsigned acc, int page, int hit, unsigned mode)
{
    unsigned pg = page_index(page);
    c->response[mode_index(mode)][outcome_index(cause)][priv & 3][acc < NACC ? acc : 0][pg][hit ? 1 : 0]++;
}

void cov_context(coverage *c, int adue, int sum, int mxr, unsigned priv)
{
    c->context[adue != 0][sum != 0][mxr != 0][priv & 3]++;
}

void cov_pte(coverage *c, unsigned mode, int level, uint64_t pte)
{
    unsigned kind, xwr = (unsigned)(pte >> 1) & 7;
    int rv64 = mode != RVMMU_MODE_SV32;
    if (!(pte & 1)) kind = 0;
    else if (rv64 && ((pte >> 54) & 0x7f)) kind = 1;
    else if (rv64 && ((pte >> 61) & 3) == 3) kind = 2;
    else if (xwr == 2 || xwr == 6) kind = 3;
    else if (xwr == 0) kind = (pte & 0xd0) ? 5 : 4;
    else if (rv64 && (pte >> 63)) kind = 6;
    else kind = xwr == 1 ? 7 : xwr == 3 ? 8 : xwr == 4 ? 9 : xwr == 5 ? 10 : 11;
    if (level >= 0 && level < NLVL) c->pte[mode_index(mode)][level][kind]++;
}

void cov_sfence(coverage *c, int rs1_x0, int rs2_x0, int global, int page)
{
    unsigned form = form_index(rs1_x0, rs2_x0);
    unsigned ek = page < 0 ? 0 : 1 + (global ? 3u : 0u) + (page == 9 ? 2u : page > 0 ? 1u : 0u);
    c->sfence[form][ek]++;
}

void cov_flush_vs_walker(coverage *c, unsigned ptw_state)
{
    c->flush_during[ptw_state % NSTATE]++;
}

void cov_flush_race(coverage *c, unsigned ptw_state, int rs1_x0, int rs2_x0, int page)
{
    c->flush_race[ptw_state % NSTATE][form_index(rs1_x0, rs2_x0)][page_index(page)]++;
}

void cov_back_to_back(coverage *c, int how, int page)
{
    c->b2b[how & 3][page_index(page)]++;
}

void cov_fill_over_smaller(coverage *c, unsigned mode, int page)
{
    c->over[mode_index(mode)][page_index(page)]++;
}

void cov_mode_alias(coverage *c, unsigned mode, unsigned entry_mode)
{
    c->alias[mode_index(mode)][mode_index(entry_mode)]++;
}

void cov_pwc_hit(coverage *c, unsigned mode, int level)
{
    c->pwc[mode_index(mode)][(unsigned)level % NLVL]++;
}

void cov_l2_hit(coverage *c, unsigned mode, int page)
{
    c->l2[mode_index(mode)][page_index(page)]++;
}

void cov_l2_miss(coverage *c, unsigned mode, int page)
{
    c->l2_miss[mode_index(mode)][page_index(page)]++;
}

void cov_l2_sweep(coverage *c, int walking)
{
    c->l2_sweep[walking ? 1 : 0]++;
}

void cov_bus(coverage *c, unsigned bus, int event)
{
    if (bus >= 1 && bus <= 2 && event >= 0 && event < 4) c->bus[bus][event]++;
}

void cov_ports(coverage *c, int event)
{
    if (event >= 0 && event < NPORTEV) c->ports[event]++;
}

int cov_write(const coverage *c, FILE *f)
{
    static const char *const bus_names[3] = {"native", "axi", "wb"};
    static const char *const bus_events[4] = {"read", "swap", "error", "retry"};
    static const char *const b2b_names[4] = {"walk-fill", "walk-no-fill", "hit", "bypass"};
    static const char *const priv_names[NPRIV] = {RVMMU_PRIV_NAMES};
    static const char *const state_names[NSTATE] = {RVMMU_PTW_NAMES};
    for (unsigned m = 0; m < NMODE; m++)
        for (unsigned o = 0; o < NOUT; o++)
            for (unsigned p = 0; p < NPRIV; p++)
                for (unsigned a = 0; a < NACC; a++)
                    for (unsigned g = 0; g < NPAGE; g++)
                        for (unsigned h = 0; h < 2; h++)
                            if (c->response[m][o][p][a][g][h])
                                fprintf(f, "response/%s/%s/%s/%s/%s/%s %lu\n", mode_names[m],
                                        o ? trace_cause_name(causes[o]) : "ok", priv_names[p] ? priv_names[p] : "?",
                                        trace_acc_name(a), page_names[g], h ? "hit" : "miss", c->response[m][o][p][a][g][h]);
    for (unsigned a = 0; a < 2; a++)
        for (unsigned s = 0; s < 2; s++)
            for (unsigned x = 0; x < 2; x++)
                for (unsigned p = 0; p < NPRIV; p++)
                    if (c->context[a][s][x][p])
                        fprintf(f, "context/adue%u-sum%u-mxr%u/%s %lu\n", a, s, x, priv_names[p] ? priv_names[p] : "?",
                                c->context[a][s][x][p]);
    for (unsigned m = 0; m < NMODE; m++)
        for (unsigned l = 0; l < NLVL; l++)
            for (unsigned k = 0; k < NKIND; k++)
                if (c->pte[m][l][k]) fprintf(f, "pte/%s/L%u/%s %lu\n", mode_names[m], l, kind_names[k], c->pte[m][l][k]);
    for (unsigned fm = 0; fm < NFORM; fm++)
        for (unsigned k = 0; k < NEKIND; k++)
            if (c->sfence[fm][k]) fprintf(f, "sfence/%s/%s %lu\n", form_names[fm], ekind_names[k], c->sfence[fm][k]);
    for (unsigned s = 0; s < NSTATE; s++)
        if (c->flush_during[s])
            fprintf(f, "flush-during/%s %lu\n", state_names[s] ? state_names[s] : "?", c->flush_during[s]);
    for (unsigned s = 0; s < NSTATE; s++)
        for (unsigned fm = 0; fm < NFORM; fm++)
            for (unsigned g = 0; g < NPAGE; g++)
                if (c->flush_race[s][fm][g])
                    fprintf(f, "flush-race/%s/%s/%s %lu\n", state_names[s] ? state_names[s] : "?", form_names[fm],
                            g ? page_names[g] : "fault", c->flush_race[s][fm][g]);
    for (unsigned h = 0; h < 4; h++)
        for (unsigned g = 0; g < NPAGE; g++)
            if (c->b2b[h][g]) fprintf(f, "back-to-back/%s/%s %lu\n", b2b_names[h], page_names[g], c->b2b[h][g]);
    for (unsigned m = 0; m < NMODE; m++)
        for (unsigned g = 0; g < NPAGE; g++)
            if (c->over[m][g]) fprintf(f, "fill-over-smaller/%s/%s %lu\n", mode_names[m], page_names[g], c->over[m][g]);
    for (unsigned m = 0; m < NMODE; m++)
        for (unsigned e = 0; e < NMODE; e++)
            if (c->alias[m][e]) fprintf(f, "mode-alias/%s/%s %lu\n", mode_names[m], mode_names[e], c->alias[m][e]);
    for (unsigned m = 0; m < NMODE; m++)
        for (unsigned l = 0; l < NLVL; l++)
            if (c->pwc[m][l]) fprintf(f, "pwc-hit/%s/L%u %lu\n", mode_names[m], l, c->pwc[m][l]);
    for (unsigned m = 0; m < NMODE; m++)
        for (unsigned g = 0; g < NPAGE; g++)
            if (c->l2[m][g]) fprintf(f, "l2-hit/%s/%s %lu\n", mode_names[m], page_names[g], c->l2[m][g]);
    for (unsigned m = 0; m < NMODE; m++)
        for (unsigned g = 0; g < NPAGE; g++)
            if (c->l2_miss[m][g]) fprintf(f, "l2-miss/%s/%s %lu\n", mode_names[m], page_names[g], c->l2_miss[m][g]);
    static const char *const sweep_names[2] = {"idle", "walk-in-flight"};
    for (unsigned w = 0; w < 2; w++)
        if (c->l2_sweep[w]) fprintf(f, "l2-fence-held/%s %lu\n", sweep_names[w], c->l2_sweep[w]);
    for (unsigned b = 1; b < 3; b++)
        for (unsigned e = 0; e < 4; e++)
            if (c->bus[b][e]) fprintf(f, "bus/%s/%s %lu\n", bus_names[b], bus_events[e], c->bus[b][e]);
    static const char *const port_events[NPORTEV] = {COV_PORTS_NAMES};
    for (int e = 0; e < NPORTEV; e++)
        if (c->ports[e]) fprintf(f, "two-ports/%s %lu\n", port_events[e], c->ports[e]);
    return fflush(f) == 0 ? 0 : -1;
}
