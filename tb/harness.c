/* harness.c -- cycle loop around the Verilated rvmmu. */
#include "harness.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus_model.h"
#include "mmu_model.h"
#include "pt.h"
#include "rvmmu_defs.h"
#include "scoreboard.h"

#define MAX_OUTSTANDING 8

typedef struct {
    uint64_t addr, cmp, wdata;
    int cas;
    uint64_t due;            /* cycle at which the response is driven */
} mem_op;

struct harness {
    hs_config cfg;
    mmu_model *model;
    physmem *mem;
    scoreboard *sb;
    scoreboard *sbi;         /* cfg.ports == 2: the instruction port's scoreboard */
    scoreboard *wsb;         /* the scoreboard of the port whose walk runs */
    int iport;               /* the request on the ports is the instruction port's */
    unsigned pte_bytes;
    uint64_t cycle;
    uint64_t rng;
    mem_op q[MAX_OUTSTANDING];
    int qhead, qlen;
    mmu_inputs in;
    FILE *vec;               /* the test vectors being recorded, or NULL */
    unsigned mode;           /* of the request in flight, for PTE coverage */
    unsigned offered_mode;   /* of the request on the port */
    int reads;               /* PTE reads of the walk in flight */
    /* The watchdog's view: the request accepted and not yet answered. */
    int busy[2];             /* per port (0 data, 1 instruction): a request accepted, not yet answered ... */
    uint64_t busy_va[2], busy_satp[2], busy_since[2];
    unsigned busy_acc[2];
    unsigned ptw_state;      /* mon_ptw_state in the last cycle run */
    char hang[768];          /* the watchdog's report of the last hang, "" if none */
    uint64_t mem_ops;        /* walker memory requests answered (reads and swaps), since hs_new */
    int no_scoreboard;       /* hs_set_scoreboard(h, 0): responses unchecked */
    pmp_state pmp_driven;    /* the PMP CSRs on pmpcfg/pmpaddr (has_pmp_driven: set at least once) */
    int has_pmp_driven;
    bus_model *bus;          /* cfg.bus != BUS_NATIVE: the AXI4 or Wishbone slave */
    int bus_failed;          /* its protocol error was reported */
    uint64_t bus_failures;   /* its injected failures counted into coverage */
    mem_op wop;              /* ... the walker request it serves (as rvmmu issued it) */
};

static void set_pmp(harness *h, const pmp_state *p);

/* xorshift64*: the stall pattern, reproducible from the seed. */
static double next_uniform(harness *h)
{
    h->rng ^= h->rng >> 12;
    h->rng ^= h->rng << 25;
    h->rng ^= h->rng >> 27;
    return (double)((h->rng * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

harness *hs_new(const hs_config *cfg, physmem *mem, char *err, size_t errlen)
{
    harness *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    h->cfg = *cfg;
    if (h->cfg.mem_latency < 1) h->cfg.mem_latency = 1;
    h->mem = mem;
    h->pte_bytes = cfg->xlen == 64 ? 8 : 4;
    h->rng = cfg->seed * 0x9e3779b97f4a7c15ull + 0x1234567ull;
    if (h->rng == 0) h->rng = 1;
    h->model = mmu_model_new(cfg->xlen, cfg->wave, cfg->wave_from, cfg->wave_to, cfg->rand_reset);
    if (!h->model) {
        if (cfg->wave) snprintf(err, errlen, "cannot open wave file %s", cfg->wave);
        else snprintf(err, errlen, "no RV%d model is built", cfg->xlen);
        free(h);
        return NULL;
    }
    h->sb = sb_new(mmu_model_build(h->model).entries, cfg->xlen);
    if (!h->sb) {
        snprintf(err, errlen, "out of memory");
        hs_free(h);
        return NULL;
    }
    sb_set_coverage(h->sb, cfg->cov);
    sb_set_l2(h->sb, mmu_model_build(h->model).l2_entries > 0);
    h->wsb = h->sb;
    if (cfg->ports == 2) {
        mmu_build b = mmu_model_build(h->model);
        if (b.ports < 2) {
            snprintf(err, errlen, "--ports 2: the RV%d model has %d request port(s)", cfg->xlen, b.ports);
            hs_free(h);
            return NULL;
        }
        h->sbi = sb_new(b.i_entries, cfg->xlen);
        if (!h->sbi) {
            snprintf(err, errlen, "out of memory");
            hs_free(h);
            return NULL;
        }
        sb_set_coverage(h->sbi, cfg->cov);
        sb_set_l2(h->sbi, b.l2_entries > 0);
        sb_pair(h->sb, h->sbi);
    } else if (cfg->ports > 2) {
        snprintf(err, errlen, "no %u request ports (1 or 2)", cfg->ports);
        hs_free(h);
        return NULL;
    }
    if (cfg->bus != BUS_NATIVE) {
        bus_cfg bc = {cfg->bus, h->pte_bytes, h->cfg.mem_latency, cfg->mem_latency_max, cfg->stall,
                      cfg->bus_error_rate, cfg->bus_fail_rate, cfg->seed};
        if (cfg->bus != BUS_AXI && cfg->bus != BUS_WB) {
            snprintf(err, errlen, "no walker bus %u", cfg->bus);
            hs_free(h);
            return NULL;
        }
        h->bus = bus_new(&bc, mem);
        if (!h->bus) {
            snprintf(err, errlen, "out of memory");
            hs_free(h);
            return NULL;
        }
    }
    if (cfg->vectors) {
        h->vec = fopen(cfg->vectors, "w");
        if (!h->vec) {
            snprintf(err, errlen, "cannot write %s", cfg->vectors);
            hs_free(h);
            return NULL;
        }
        mmu_model_record(h->model, h->vec);
    }
    set_pmp(h, NULL);
    mmu_model_reset(h->model, 2);
    return h;
}

int hs_free(harness *h)
{
    if (!h) return 0;
    int rc = 0;
    if (h->cfg.code_coverage && mmu_model_write_coverage(h->model, h->cfg.code_coverage) != 0) rc = -1;
    if (mmu_model_free(h->model) != 0) rc = -1;
    bus_free(h->bus);
    if (h->vec && fclose(h->vec) != 0) rc = -1;
    sb_free(h->sb);
    sb_free(h->sbi);
    free(h);
    return rc;
}

void hs_set_tag(harness *h, uint32_t tag)
{
    h->in.tag = tag;
}

uint64_t hs_cycles(const harness *h)
{
    return h->cycle;
}

mmu_build hs_build(const harness *h)
{
    return mmu_model_build(h->model);
}

void hs_set_scoreboard(harness *h, int on)
{
    h->no_scoreboard = !on;
}

uint64_t hs_mem_ops(const harness *h)
{
    return h->mem_ops;
}

uint64_t hs_satp(int xlen, const ref_ctx *c)
{
    return pt_satp(xlen, c->mode, c->asid, c->root_ppn);
}

static hs_cycle_hook cycle_hook;
static void *cycle_hook_arg;

void hs_set_cycle_hook(hs_cycle_hook fn, void *arg)
{
    cycle_hook = fn;
    cycle_hook_arg = arg;
}

int hs_wrong_translations(const harness *h)
{
    return sb_wrong(h->sb) + (h->sbi ? sb_wrong(h->sbi) : 0);
}

/* A walker read answered with word v: PTE coverage by level (walks
 * restart at the root only after a swap, so reads count down the levels). */
static void note_read(harness *h, uint64_t v)
{
    if (h->cfg.cov) cov_pte(h->cfg.cov, h->mode, ref_levels(h->mode) - 1 - h->reads, v);
    h->reads++;
}

/* The native port: answer the oldest request due, take the ready. */
static void native_drive(harness *h, mmu_inputs *in, mem_op *head)
{
    in->mem_rsp_valid = head && head->due <= h->cycle;
    in->mem_rsp_err = 0;
    in->mem_rsp_data = 0;
    if (in->mem_rsp_valid) {
        uint64_t old = 0;
        int rc;
        if (h->cfg.bus_error_rate > 0 && next_uniform(h) < h->cfg.bus_error_rate) {
            rc = -1;   /* injected: the scoreboard redoes its walk with this error */
            sb_note_bus_error(h->wsb, head->addr, head->cas);
        } else if (head->cas) {
            rc = mem_cas_pte(h->mem, head->addr, h->pte_bytes, head->cmp, head->wdata, &old);
            if (rc == 0) sb_note_cas(h->wsb, head->addr, old == head->cmp);
        } else {
            rc = mem_read_pte(h->mem, head->addr, h->pte_bytes, &old);
            if (rc == 0) note_read(h, old);
        }
        in->mem_rsp_err = rc != 0;
        h->mem_ops++;
        in->mem_rsp_data = rc == 0 ? old : 0;
    }
    in->mem_req_ready = h->qlen < MAX_OUTSTANDING && !(h->cfg.stall > 0 && next_uniform(h) < h->cfg.stall);
}

/* Through a bus adapter: the walker's request and response as rvmmu sees
 * them (mon_mem_*), told to the scoreboard as the native port tells it;
 * the slave's protocol checks. 0, or -1 on a protocol error. */
static int bus_cycle(harness *h, const mmu_inputs *in, const mmu_outputs *o)
{
    int rc = bus_step(h->bus, in, o);
    for (; h->bus_failures < bus_failures(h->bus); h->bus_failures++)   /* failed exclusives, RTYs */
        if (h->cfg.cov) cov_bus(h->cfg.cov, h->cfg.bus, 3);
    if (o->mon_mem_rsp_valid) {
        int swaps = bus_take_swaps(h->bus);
        h->mem_ops++;
        if (h->cfg.cov)
            cov_bus(h->cfg.cov, h->cfg.bus, o->mon_mem_rsp_err ? 2 : swaps ? 1 : h->wop.cas ? -1 : 0);
        if (swaps > (h->wop.cas && !o->mon_mem_rsp_err))
            sb_mismatch(h->sb, "%s bus: %d word(s) swapped for one walker %s at 0x%" PRIx64 " answered %s",
                        h->cfg.bus == BUS_AXI ? "AXI4" : "Wishbone", swaps, h->wop.cas ? "swap" : "read",
                        h->wop.addr, o->mon_mem_rsp_err ? "with an error" : "ok");
        if (o->mon_mem_rsp_err) {
            if (bus_take_injected(h->bus)) sb_note_bus_error(h->wsb, h->wop.addr, h->wop.cas);
        } else if (h->wop.cas) {
            sb_note_cas(h->wsb, h->wop.addr, swaps == 1);
        } else {
            note_read(h, o->mon_mem_rsp_data);
        }
    }
    if (o->mem_req_valid && o->mon_mem_req_ready) {
        h->wop.addr = o->mem_req_addr;
        h->wop.cas = o->mem_req_cas;
        h->wop.cmp = o->mem_req_cmp;
        h->wop.wdata = o->mem_req_wdata;
    }
    return rc;
}

/* One request port's view of the ports (PORTS=2): its own request and
 * response as the req_ and rsp_ fields, its TLB's monitors as the data port's, and the
 * walker's monitors only for its own walks; iport 0 is the data port. */
static void port_view(const mmu_inputs *in, const mmu_outputs *o, int iport, mmu_inputs *vi, mmu_outputs *vo)
{
    int mine = (int)o->mon_walk_port == iport;
    *vi = *in;
    *vo = *o;
    vo->mon_miss = o->mon_miss && mine;
    vo->mon_walk_start = o->mon_walk_start && mine;
    vo->mon_walk_end = o->mon_walk_end && mine;
    vo->mon_fill = o->mon_fill && mine;
    vo->mon_pwc_hit = o->mon_pwc_hit && mine;
    vo->mon_l2_hit = o->mon_l2_hit && mine;
    if (!iport) return;
    vi->req_valid = in->ireq_valid;
    vi->req_va = in->ireq_va;
    vi->req_acc = in->ireq_acc;
    vi->req_satp = in->ireq_satp;
    vi->req_priv = in->ireq_priv;
    vi->req_sum = in->ireq_sum;
    vi->req_mxr = in->ireq_mxr;
    vi->req_adue = in->ireq_adue;
    vi->req_size = in->ireq_size;
    vo->req_ready = o->ireq_ready;
    vo->rsp_valid = o->irsp_valid;
    vo->rsp_pa = o->irsp_pa;
    vo->rsp_fault = o->irsp_fault;
    vo->rsp_cause = o->irsp_cause;
    vo->rsp_pbmt = o->irsp_pbmt;
    vo->mon_hit = o->mon_ihit;
    vo->mon_hit_idx = o->mon_ihit_idx;
    memcpy(vo->mon_valid, o->mon_ivalid, sizeof vo->mon_valid);
    vo->mon_parity_err = o->mon_iparity_err;
    vo->mon_parity_idx = o->mon_iparity_idx;
    vo->fill.idx = o->mon_ifill_idx;
}

/* The port the harness drives a request on: the instruction port for a
 * fetch when there are two. */
static int req_offered(const harness *h)
{
    return h->iport ? h->in.ireq_valid : h->in.req_valid;
}
static void req_offer(harness *h, int v)
{
    h->in.req_valid = (uint8_t)(v && !h->iport);
    h->in.ireq_valid = (uint8_t)(v && h->iport);
}
static int req_taken(const harness *h, const mmu_outputs *o)
{
    return h->iport ? o->ireq_ready : o->req_ready;
}
static int rsp_seen(const harness *h, const mmu_outputs *o)
{
    return h->iport ? o->irsp_valid : o->rsp_valid;
}

/* One clock cycle: drive the memory port, evaluate, check, tick. */
static void cycle(harness *h, mmu_outputs *o)
{
    mmu_inputs *in = &h->in;
    mem_op *head = h->qlen ? &h->q[h->qhead] : NULL;
    if (h->bus) bus_drive(h->bus, in);
    else native_drive(h, in, head);

    mmu_model_eval(h->model, in, o);
    if (h->bus && bus_cycle(h, in, o) != 0 && !h->bus_failed) {
        h->bus_failed = 1;
        sb_mismatch(h->sb, "%s", bus_error(h->bus));
    }
    if (h->sbi) {
        mmu_inputs vi;
        mmu_outputs vo;
        if (o->mon_walk_start) h->wsb = o->mon_walk_port ? h->sbi : h->sb;
        if (!h->no_scoreboard) {
            port_view(in, o, 0, &vi, &vo);
            sb_cycle(h->sb, &vi, &vo, h->mem);
            port_view(in, o, 1, &vi, &vo);
            sb_cycle(h->sbi, &vi, &vo, h->mem);
        }
    } else if (!h->no_scoreboard) {
        sb_cycle(h->sb, in, o, h->mem);
    }
    h->ptw_state = o->mon_ptw_state;
    if (o->rsp_valid) h->busy[0] = 0;
    if (o->irsp_valid) h->busy[1] = 0;
    for (int i = 0; i < 2; i++) {
        if (!(i ? in->ireq_valid && o->ireq_ready : in->req_valid && o->req_ready)) continue;
        h->busy[i] = 1;
        h->busy_va[i] = i ? in->ireq_va : in->req_va;
        h->busy_acc[i] = i ? in->ireq_acc : in->req_acc;
        h->busy_satp[i] = i ? in->ireq_satp : in->req_satp;
        h->busy_since[i] = h->cycle;
        /* PTE coverage takes the mode of the request accepted, not of one offered behind it */
        h->mode = h->offered_mode;
    }
    if (o->mon_walk_start || (h->bus ? o->mon_mem_rsp_valid && h->wop.cas : in->mem_rsp_valid && head->cas))
        h->reads = 0;

    if (!h->bus && in->mem_rsp_valid) {
        h->qhead = (h->qhead + 1) % MAX_OUTSTANDING;
        h->qlen--;
    }
    if (!h->bus && o->mem_req_valid && in->mem_req_ready) {
        mem_op *op = &h->q[(h->qhead + h->qlen) % MAX_OUTSTANDING];
        op->addr = o->mem_req_addr;
        op->cas = o->mem_req_cas;
        op->cmp = o->mem_req_cmp;
        op->wdata = o->mem_req_wdata;
        unsigned lat = h->cfg.mem_latency;
        if (h->cfg.mem_latency_max > lat)
            lat += (unsigned)(next_uniform(h) * (double)(h->cfg.mem_latency_max - lat + 1));
        op->due = h->cycle + lat;
        h->qlen++;
    }
    mmu_model_tick(h->model);
    h->cycle++;
    if (cycle_hook) cycle_hook(cycle_hook_arg, h, h->model, o);
}

/* Put n bits of v at bit `at` of a wide field. */
static void put_bits(uint64_t *f, unsigned at, unsigned n, uint64_t v)
{
    for (unsigned k = 0; k < n; k++, at++) {
        uint64_t bit = 1ull << (at % 64);
        if ((v >> k) & 1) f[at / 64] |= bit;
        else f[at / 64] &= ~bit;
    }
}

/* Drive the PMP CSR ports: the context's PMP, or without one (a trace with
 * no pmp lines) entry 0 as NAPOT over the whole physical address space
 * (pmpaddr all ones), R W X, L clear: every S and U access allowed, M
 * unchecked, so the RTL's PMP refuses nothing, as the reference model
 * without PMP. Repacked only when the CSR values change. */
static void set_pmp(harness *h, const pmp_state *p)
{
    pmp_state want;
    if (!p) {
        memset(&want, 0, sizeof want);
        want.xlen = h->cfg.xlen;
        want.entries = 1;
        want.cfg[0] = (uint8_t)((PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W | PMP_X);
        want.addr[0] = ~0ull;
        p = &want;
    }
    if (h->has_pmp_driven && !memcmp(p->cfg, h->pmp_driven.cfg, sizeof p->cfg) &&
        !memcmp(p->addr, h->pmp_driven.addr, sizeof p->addr))
        return;
    unsigned aw = pmp_addr_bits(h->cfg.xlen);
    for (int i = 0; i < PMP_MAX_ENTRIES; i++) {
        if (8 * (i + 1) <= 64 * RVMMU_PMP_WORDS) put_bits(h->in.pmpcfg, 8u * (unsigned)i, 8, p->cfg[i]);
        if (aw * (unsigned)(i + 1) <= 64 * RVMMU_PMP_WORDS) put_bits(h->in.pmpaddr, aw * (unsigned)i, aw, p->addr[i]);
    }
    memcpy(h->pmp_driven.cfg, p->cfg, sizeof p->cfg);
    memcpy(h->pmp_driven.addr, p->addr, sizeof p->addr);
    h->has_pmp_driven = 1;
}

/* Put a request's fields on the translation port. */
static void set_request(harness *h, const ref_ctx *c, uint64_t va, unsigned acc)
{
    set_pmp(h, c->pmp);
    h->offered_mode = c->mode;
    /* the access's size, log2 bytes (the PA's PMP check covers them all) */
    uint8_t size = (uint8_t)(c->access_bytes >= 8 ? 3 : c->access_bytes >= 4 ? 2 : c->access_bytes >= 2 ? 1 : 0);
    h->iport = h->sbi && acc == RVMMU_ACC_FETCH;
    if (h->iport) {
        h->in.ireq_va = va;
        h->in.ireq_acc = (uint8_t)acc;
        h->in.ireq_satp = hs_satp(h->cfg.xlen, c);
        h->in.ireq_priv = (uint8_t)c->priv;
        h->in.ireq_sum = (uint8_t)c->sum;
        h->in.ireq_mxr = (uint8_t)c->mxr;
        h->in.ireq_adue = (uint8_t)c->adue;
        h->in.ireq_size = size;
        return;
    }
    h->in.req_va = va;
    h->in.req_acc = (uint8_t)acc;
    h->in.req_satp = hs_satp(h->cfg.xlen, c);
    h->in.req_priv = (uint8_t)c->priv;
    h->in.req_sum = (uint8_t)c->sum;
    h->in.req_mxr = (uint8_t)c->mxr;
    h->in.req_adue = (uint8_t)c->adue;
    h->in.req_size = size;
}

static void set_fence(harness *h, const hs_fence *f)
{
    h->in.sfence_valid = 1;
    h->in.sfence_rs1_x0 = (uint8_t)f->rs1_x0;
    h->in.sfence_rs2_x0 = (uint8_t)f->rs2_x0;
    h->in.sfence_va = f->va;
    h->in.sfence_asid = f->asid;
}

static const char *const ptw_names[] = {RVMMU_PTW_NAMES};

/* The watchdog fired: say where the RTL stopped, for hs_hang_report. */
static void note_hang(harness *h)
{
    unsigned st = h->ptw_state;
    const char *name = st < sizeof ptw_names / sizeof ptw_names[0] && ptw_names[st] ? ptw_names[st] : "?";
    int n = snprintf(h->hang, sizeof h->hang, "no response for %u cycles: at cycle %" PRIu64 " the walker is in %s (%u)",
                     HS_HANG_CYCLES, h->cycle, name, st);
    for (int i = 0; i < 2; i++)
        if (h->busy[i] && n < (int)sizeof h->hang)
            n += snprintf(h->hang + n, sizeof h->hang - (size_t)n,
                          ", outstanding request va 0x%" PRIx64 " %s satp 0x%" PRIx64 " accepted at cycle %" PRIu64 "%s",
                          h->busy_va[i],
                          h->busy_acc[i] == RVMMU_ACC_STORE ? "store" : h->busy_acc[i] == RVMMU_ACC_FETCH ? "fetch" : "load",
                          h->busy_satp[i], h->busy_since[i], h->sbi ? (i ? " (instruction port)" : " (data port)") : "");
    if (!h->busy[0] && !h->busy[1] && n < (int)sizeof h->hang)
        n += snprintf(h->hang + n, sizeof h->hang - (size_t)n, ", no request accepted (req_ready stuck low)");
    if (h->bus && bus_error(h->bus) && n < (int)sizeof h->hang) {
        snprintf(h->hang + n, sizeof h->hang - (size_t)n, "; the bus slave stopped at: %s", bus_error(h->bus));
    } else if (h->qlen > 0 && n < (int)sizeof h->hang) {
        const mem_op *m = &h->q[h->qhead];
        snprintf(h->hang + n, sizeof h->hang - (size_t)n, "; %d memory operation(s) pending, the first %s 0x%" PRIx64 " due at cycle %" PRIu64,
                 h->qlen, m->cas ? "swap" : "read", m->addr, m->due);
    } else if (n < (int)sizeof h->hang) {
        snprintf(h->hang + n, sizeof h->hang - (size_t)n, "; no memory operation pending");
    }
}

const char *hs_hang_report(const harness *h)
{
    return h->hang;
}

/* Fill r from the outputs of a response cycle (of the port iport). */
static void take_response(const mmu_outputs *o, int iport, uint64_t cycles, hs_result *r)
{
    r->fault = iport ? o->irsp_fault : o->rsp_fault;
    r->cause = iport ? o->irsp_cause : o->rsp_cause;
    r->pa = iport ? o->irsp_pa : o->rsp_pa;
    r->pbmt = iport ? o->irsp_pbmt : o->rsp_pbmt;
    r->hit = iport ? o->mon_ihit : o->mon_hit;
    /* (the walk that ended is this port's: the other's may end in the same cycle) */
    r->bypass = !r->hit && !(o->mon_walk_end && (int)o->mon_walk_port == iport);
    r->cycles = (unsigned)cycles;
}

static scoreboard *port_sb(const harness *h)
{
    return h->iport ? h->sbi : h->sb;
}

int hs_translate(harness *h, const ref_ctx *c, uint64_t va, unsigned acc, hs_result *r)
{
    return hs_translate_fenced(h, c, va, acc, NULL, 0, r);
}

int hs_translate_fenced(harness *h, const ref_ctx *c, uint64_t va, unsigned acc, const hs_fence *f,
                        unsigned offset, hs_result *r)
{
    mmu_outputs o;
    uint64_t accepted = 0;
    int waiting = 1;
    memset(r, 0, sizeof *r);
    set_request(h, c, va, acc);
    req_offer(h, 1);
    for (unsigned n = 0; n < HS_HANG_CYCLES; n++) {
        uint64_t now = h->cycle;
        int offer = req_offered(h);
        /* The fence from its offset on, until it is taken (sfence_ready_o). */
        int fencing = f && n >= offset;
        if (fencing) set_fence(h, f);
        /* The scoreboard sees the request as it is accepted, before the edge. */
        cycle(h, &o);
        h->in.sfence_valid = 0;
        if (fencing && o.sfence_ready) f = NULL;
        if (offer && req_taken(h, &o)) {
            if (!h->no_scoreboard) sb_request(port_sb(h), c, va, acc, h->mem);
            accepted = now;
            waiting = 0;
            req_offer(h, 0);
            continue;
        }
        if (!waiting && rsp_seen(h, &o)) {
            take_response(&o, h->iport, now - accepted, r);
            if (f) hs_sfence(h, f->rs1_x0, f->va, f->rs2_x0, f->asid);
            return 0;
        }
    }
    req_offer(h, 0);
    note_hang(h);
    return -1;
}

#define PIPE_DEPTH 4   /* accepted, not yet answered: at most 2 (one answered as the next is accepted) */

/* hs_pipeline with two ports: both driven at once (pipeline2). */
#define ROB_SIZE 16   /* taken from the source, not yet handed to the sink: at most 2 slots + 2 x PIPE_DEPTH */

typedef struct {
    hs_item it;
    uint64_t at;   /* the cycle it was accepted */
    uint64_t seq;  /* its place in program order */
} flying;

/* Two request ports, driven as a core drives them: each port has a slot
 * for its next request and its own requests in flight. Items are taken from
 * the source in program order into the slot of their port (a fetch's the
 * instruction port's), so a fetch and a load are offered in the same cycle
 * and either may be accepted first, and one port's requests go on while the
 * other waits for the walker. A fence item waits until both slots are empty
 * (every request before it accepted) and its gap has run out, is driven for
 * one cycle, racing whatever walks are in flight, and nothing after it is
 * taken before. Each port's scoreboard checks its responses; the sink gets
 * them in program order. */
static int pipeline2(harness *h, hs_source_fn src, hs_sink_fn sink, void *arg)
{
    mmu_outputs o;
    hs_item slot[2], peek, fence;
    memset(&fence, 0, sizeof fence);
    memset(&peek, 0, sizeof peek);
    int has[2] = {0, 0}, has_peek = 0, has_fence = 0, done = 0;
    unsigned gap[2] = {0, 0}, fgap = 0, quiet = 0;
    uint64_t slot_seq[2] = {0, 0}, seq_next = 0, seq_out = 0;
    flying fly[2][PIPE_DEPTH];
    int fhead[2] = {0, 0}, flen[2] = {0, 0};
    struct {
        hs_item it;
        hs_result r;
        int ready;
    } rob[ROB_SIZE];
    memset(rob, 0, sizeof rob);
    h->in.req_valid = h->in.ireq_valid = 0;
    for (;;) {
        /* take items in program order, up to a fence or a port's full slot */
        while (!done && !has_fence) {
            if (!has_peek) {
                if (src(arg, &peek) <= 0) {
                    done = 1;
                    break;
                }
                has_peek = 1;
            }
            if (peek.is_fence) {
                fence = peek;
                fgap = peek.gap;
                has_fence = 1;
                has_peek = 0;
                break;
            }
            int p = peek.acc == RVMMU_ACC_FETCH;
            if (has[p] || seq_next - seq_out >= ROB_SIZE) break;
            slot[p] = peek;
            gap[p] = peek.gap;
            slot_seq[p] = seq_next++;
            has[p] = 1;
            has_peek = 0;
        }
        if (done && !has_peek && !has[0] && !has[1] && !has_fence && !flen[0] && !flen[1]) break;
        if (quiet++ >= HS_HANG_CYCLES) {
            h->in.req_valid = h->in.ireq_valid = 0;
            note_hang(h);
            return -1;
        }
        int fencing = 0, offer[2] = {0, 0};
        if (has_fence && !has[0] && !has[1] && fgap == 0) {
            set_fence(h, &fence.fence);
            fencing = 1;
        }
        for (int p = 0; p < 2; p++)
            if (has[p] && gap[p] == 0) {
                set_request(h, &slot[p].ctx, slot[p].va, slot[p].acc);
                offer[p] = 1;
            }
        h->in.req_valid = (uint8_t)offer[0];
        h->in.ireq_valid = (uint8_t)offer[1];
        uint64_t now = h->cycle;
        cycle(h, &o);
        h->in.sfence_valid = 0;
        const int rsp[2] = {o.rsp_valid, o.irsp_valid}, ready[2] = {o.req_ready, o.ireq_ready};
        if (h->cfg.cov) {
            coverage *cv = h->cfg.cov;
            if (offer[0] && ready[0] && offer[1] && ready[1]) cov_ports(cv, COV_PORTS_BOTH_ACCEPTED);
            if (rsp[0] && rsp[1]) cov_ports(cv, COV_PORTS_BOTH_ANSWERED);
            if (fencing && flen[0] && flen[1]) cov_ports(cv, COV_PORTS_FENCE_BOTH);
            /* a request in flight and not answered in the cycle after its
             * acceptance waits for a walk; here the walker is the other port's */
            for (int p = 0; p < 2; p++)
                if (flen[p] && !rsp[p] && now > fly[p][fhead[p]].at && o.mon_ptw_state != RVMMU_PTW_IDLE &&
                    (int)o.mon_walk_port != p)
                    cov_ports(cv, p ? COV_PORTS_I_WAITS : COV_PORTS_D_WAITS);
        }
        for (int p = 0; p < 2; p++) {
            /* a response in the cycle a request is accepted answers the older one */
            if (rsp[p] && flen[p] > 0) {
                flying *f = &fly[p][fhead[p]];
                int k = (int)(f->seq % ROB_SIZE);
                memset(&rob[k].r, 0, sizeof rob[k].r);
                take_response(&o, p, now - f->at, &rob[k].r);
                rob[k].r.at = now;
                rob[k].it = f->it;
                rob[k].ready = 1;
                fhead[p] = (fhead[p] + 1) % PIPE_DEPTH;
                flen[p]--;
                quiet = 0;
            }
            if (offer[p] && ready[p]) {
                if (!h->no_scoreboard) sb_request(p ? h->sbi : h->sb, &slot[p].ctx, slot[p].va, slot[p].acc, h->mem);
                if (flen[p] == PIPE_DEPTH) return -1;   /* more in flight than the port allows */
                fly[p][(fhead[p] + flen[p]) % PIPE_DEPTH] = (flying){slot[p], now, slot_seq[p]};
                flen[p]++;
                has[p] = 0;
            } else if (has[p] && gap[p] > 0) {
                gap[p]--;
            }
        }
        if (fencing) {
            if (o.sfence_ready) has_fence = 0;   /* else driven again: sfence_ready_o was low */
        } else if (has_fence && fgap > 0 && !has[0] && !has[1]) fgap--;
        while (rob[seq_out % ROB_SIZE].ready) {
            int k = (int)(seq_out++ % ROB_SIZE);
            rob[k].ready = 0;
            if (sink) sink(arg, &rob[k].it, &rob[k].r);
        }
    }
    h->in.req_valid = h->in.ireq_valid = 0;
    return 0;
}

int hs_pipeline(harness *h, hs_source_fn src, hs_sink_fn sink, void *arg)
{
    if (h->sbi) return pipeline2(h, src, sink, arg);
    mmu_outputs o;
    hs_item next, fly[PIPE_DEPTH];
    uint64_t fly_at[PIPE_DEPTH];
    int have = 0, done = 0, head = 0, len = 0;
    unsigned gap = 0, quiet = 0;
    req_offer(h, 0);
    for (;;) {
        if (!have && !done) {
            if (src(arg, &next) > 0) {
                have = 1;
                gap = next.gap;
            } else {
                done = 1;
            }
        }
        if (done && len == 0) break;
        if (quiet++ >= HS_HANG_CYCLES) {
            req_offer(h, 0);
            note_hang(h);
            return -1;
        }
        int offer = 0, fencing = 0;
        if (have && gap == 0) {
            if (next.is_fence) {
                set_fence(h, &next.fence);
                fencing = 1;
            } else {
                set_request(h, &next.ctx, next.va, next.acc);
                offer = 1;
            }
        }
        req_offer(h, offer);
        uint64_t now = h->cycle;
        cycle(h, &o);
        h->in.sfence_valid = 0;
        /* A response in the cycle a request is accepted answers the older one. */
        if (rsp_seen(h, &o) && len > 0) {
            hs_result r;
            memset(&r, 0, sizeof r);
            take_response(&o, h->iport, now - fly_at[head], &r);
            r.at = now;
            if (sink) sink(arg, &fly[head], &r);
            head = (head + 1) % PIPE_DEPTH;
            len--;
            quiet = 0;
        }
        if (fencing) {
            if (o.sfence_ready) have = 0;   /* else driven again: sfence_ready_o was low */
        } else if (offer && req_taken(h, &o)) {
            if (!h->no_scoreboard) sb_request(port_sb(h), &next.ctx, next.va, next.acc, h->mem);
            if (len == PIPE_DEPTH) return -1;   /* more in flight than the port allows: a protocol break */
            fly[(head + len) % PIPE_DEPTH] = next;
            fly_at[(head + len) % PIPE_DEPTH] = now;
            len++;
            have = 0;
        } else if (have && gap > 0) {
            gap--;
        }
    }
    req_offer(h, 0);
    return 0;
}

/* hs_stream over hs_pipeline: the addresses in order, gap 0. */
typedef struct {
    harness *h;
    const ref_ctx *c;
    const uint64_t *va;
    int n, sent, answered;
    unsigned acc;
    uint64_t first, last;
} stream_arg;

static int stream_source(void *arg, hs_item *it)
{
    stream_arg *s = arg;
    if (s->sent == s->n) return 0;
    memset(it, 0, sizeof *it);
    it->ctx = *s->c;
    it->va = s->va[s->sent];
    it->acc = s->acc;
    it->user = (uint64_t)s->sent++;
    return 1;
}

static void stream_sink(void *arg, const hs_item *it, const hs_result *r)
{
    stream_arg *s = arg;
    uint64_t now = r->at;   /* the response's cycle */
    if (it->user == 0) s->first = now - r->cycles;
    s->last = now;
    s->answered++;
}

int hs_stream(harness *h, const ref_ctx *c, const uint64_t *va, int n, unsigned acc, uint64_t *cycles)
{
    stream_arg s = {h, c, va, n, 0, 0, acc, 0, 0};
    int rc = hs_pipeline(h, stream_source, stream_sink, &s);
    *cycles = s.last - s.first;
    return rc == 0 && s.answered == n ? 0 : -1;
}

int hs_dual_stream(harness *h, const ref_ctx *c, const uint64_t *dva, int dn, const uint64_t *iva, int in,
                   hs_dual_stats *st)
{
    const uint64_t *va[2] = {dva, iva};
    const int n[2] = {dn, in};
    const unsigned acc[2] = {RVMMU_ACC_LOAD, RVMMU_ACC_FETCH};
    int sent[2] = {0, 0}, fly[2] = {0, 0};
    uint64_t at[2] = {0, 0}, first = UINT64_MAX, last = 0;
    unsigned quiet = 0;
    mmu_outputs o;
    memset(st, 0, sizeof *st);
    if (!h->sbi) return -1;
    for (;;) {
        if (sent[0] == n[0] && sent[1] == n[1] && !fly[0] && !fly[1]) break;
        if (quiet++ >= HS_HANG_CYCLES) {
            req_offer(h, 0);
            note_hang(h);
            return -1;
        }
        /* each port's next request (set_request picks the port by the access) */
        for (int p = 0; p < 2; p++)
            if (sent[p] < n[p]) set_request(h, c, va[p][sent[p]], acc[p]);
        h->in.req_valid = (uint8_t)(sent[0] < n[0]);
        h->in.ireq_valid = (uint8_t)(sent[1] < n[1]);
        uint64_t now = h->cycle;
        cycle(h, &o);
        const int rsp[2] = {o.rsp_valid, o.irsp_valid};
        const int took[2] = {h->in.req_valid && o.req_ready, h->in.ireq_valid && o.ireq_ready};
        for (int p = 0; p < 2; p++) {
            if (rsp[p] && fly[p]) {   /* a response answers the request taken before */
                unsigned wait = (unsigned)(now - at[p]);
                if (wait > st->worst[p]) st->worst[p] = wait;
                st->answered[p]++;
                fly[p] = 0;
                last = now;
                quiet = 0;
            }
            if (took[p]) {
                if (!h->no_scoreboard) sb_request(p ? h->sbi : h->sb, c, va[p][sent[p]], acc[p], h->mem);
                if (fly[p]) return -1;   /* taken while one was pending, unanswered: a protocol break */
                fly[p] = 1;
                at[p] = now;
                if (now < first) first = now;
                sent[p]++;
            }
        }
    }
    req_offer(h, 0);
    h->in.req_valid = 0;
    st->cycles = last - first;
    return 0;
}

void hs_sfence(harness *h, int rs1_x0, uint64_t va, int rs2_x0, uint32_t asid)
{
    mmu_outputs o;
    hs_fence f = {rs1_x0, rs2_x0, va, asid};
    /* Driven until taken (sfence_ready_o is low while the L2 TLB sweeps),
     * then, with an L2 TLB, idle until the MMU could take another: the
     * sweep (after an rs1=x0 form, or a VA form while Svnapot leaves may be
     * held) is done, so what follows does not depend on how long it takes.
     * (hs_pipeline races fences with requests instead.) */
    int taken = 0, sweeps = hs_build(h).l2_entries > 0;
    for (unsigned n = 0; n < HS_HANG_CYCLES; n++) {
        if (!taken) set_fence(h, &f);
        cycle(h, &o);
        h->in.sfence_valid = 0;
        if (taken && o.sfence_ready) return;
        taken = taken || o.sfence_ready;
        if (taken && !sweeps) return;
    }
    note_hang(h);
}

void hs_idle(harness *h, unsigned n)
{
    mmu_outputs o;
    while (n--) cycle(h, &o);
}

int hs_take_mismatch(harness *h, char *buf, size_t len)
{
    int rc = sb_take_message(h->sb, buf, len);
    if (rc == 0 && h->sbi) {
        rc = sb_take_message(h->sbi, buf, len);
        if (rc != 0) {   /* say whose it is */
            char tmp[600];
            snprintf(tmp, sizeof tmp, "instruction port: %s", buf);
            snprintf(buf, len, "%s", tmp);
        }
    }
    return rc;
}
