/* bus_model.c -- AXI4 and Wishbone B4 pipelined slaves for the walker bus
 * adapters (see bus_model.h). */
#include "bus_model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* AXI xRESP (AMBA AXI, A3.4.4). */
#define RESP_OKAY   0u
#define RESP_EXOKAY 1u
#define RESP_SLVERR 2u
#define RESP_DECERR 3u

/* A channel's request as last seen (valid and its payload); all of one
 * type, so that no padding makes two equal ones differ under memcmp. */
typedef struct {
    uint64_t valid, addr, id, len, size, burst, lock, data, strb, last;
} axi_req;

struct bus_model {
    bus_cfg c;
    physmem *mem;
    uint64_t rng, cycle, failures;
    int injected;             /* an injected error since bus_take_injected */
    int swaps;                /* words the slave swapped since bus_take_swaps */
    char err[256];
    /* AXI: the read in flight, the write's address and data, the exclusive monitor */
    struct {
        int busy, shown;      /* AR taken; R on the bus (shown: resp/data fixed) */
        uint64_t addr, due, data;
        unsigned lock, resp;
    } rd;
    struct {
        int aw, w, shown;     /* AW taken, W taken, B on the bus */
        uint64_t addr, data, due;
        unsigned lock, resp;
    } wr;
    struct {
        int valid;
        uint64_t addr, word;  /* the exclusive read's address and the word it returned */
    } mon;
    axi_req ar_q, aw_q, w_q;  /* each channel in the last cycle, if its valid was not taken */
    /* Wishbone: the request in flight (one: the adapter waits for each), the
     * locked cycle's read, the request held under stall */
    struct {
        int busy, shown;
        uint64_t adr, dat, due, rdata;
        unsigned we, kind;    /* kind: 0 ack, 1 err, 2 rty */
    } op;
    struct {
        int valid;
        uint64_t adr, word;   /* the read of this locked cycle */
    } lk;
    int cyc_q, lock_q, stalled_q;
    uint64_t s_adr, s_dat, s_we, s_sel;
};

static double uniform(bus_model *b)
{
    b->rng ^= b->rng >> 12;
    b->rng ^= b->rng << 25;
    b->rng ^= b->rng >> 27;
    return (double)((b->rng * 0x2545f4914f6cdd1dull) >> 11) / 9007199254740992.0;
}

static uint64_t due(bus_model *b)
{
    unsigned lat = b->c.latency;
    if (b->c.latency_max > lat) lat += (unsigned)(uniform(b) * (double)(b->c.latency_max - lat + 1));
    return b->cycle + lat;
}

static int fail(bus_model *b, const char *fmt, ...)
{
    if (!b->err[0]) {
        int n = snprintf(b->err, sizeof b->err, "%s bus, cycle %" PRIu64 ": ",
                         b->c.kind == BUS_AXI ? "AXI4" : "Wishbone", b->cycle);
        va_list ap;
        va_start(ap, fmt);
        if (n > 0 && (size_t)n < sizeof b->err) vsnprintf(b->err + n, sizeof b->err - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

bus_model *bus_new(const bus_cfg *c, physmem *mem)
{
    bus_model *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->c = *c;
    if (b->c.latency < 1) b->c.latency = 1;
    b->mem = mem;
    b->rng = c->seed * 0x9e3779b97f4a7c15ull + 0xb05ull;
    if (!b->rng) b->rng = 1;
    return b;
}

void bus_free(bus_model *b)
{
    free(b);
}

const char *bus_error(const bus_model *b)
{
    return b->err[0] ? b->err : NULL;
}

int bus_take_swaps(bus_model *b)
{
    int v = b->swaps;
    b->swaps = 0;
    return v;
}

int bus_take_injected(bus_model *b)
{
    int v = b->injected;
    b->injected = 0;
    return v;
}

uint64_t bus_failures(const bus_model *b)
{
    return b->failures;
}

static int chance(bus_model *b, double p)
{
    return p > 0 && uniform(b) < p;
}

/* ---------------------------------------------------------------- AXI4 */

/* The read's response, fixed when it first goes on the bus. */
static void axi_read(bus_model *b)
{
    uint64_t v = 0;
    if (chance(b, b->c.error_rate)) {
        b->rd.resp = RESP_SLVERR;
        b->injected = 1;
    } else if (mem_read_pte(b->mem, b->rd.addr, b->c.pte_bytes, &v) != 0) {
        b->rd.resp = RESP_DECERR;   /* no memory there (or an error injected at that word) */
    } else {
        b->rd.data = v;
        /* An exclusive read arms the monitor (A7.2: the slave supports exclusives). */
        b->rd.resp = b->rd.lock ? RESP_EXOKAY : RESP_OKAY;
        if (b->rd.lock) {
            b->mon.valid = 1;
            b->mon.addr = b->rd.addr;
            b->mon.word = v;
        }
    }
    b->rd.shown = 1;
}

/* The write's response, fixed when it first goes on the bus: an exclusive
 * write succeeds only while the monitor holds its address and the word is
 * unchanged since the exclusive read (the memory model is the monitor). */
static void axi_write(bus_model *b)
{
    if (chance(b, b->c.error_rate)) {
        b->wr.resp = RESP_SLVERR;
        b->injected = 1;
    } else if (!b->wr.lock) {
        b->wr.resp = mem_write_pte(b->mem, b->wr.addr, b->c.pte_bytes, b->wr.data) ? RESP_DECERR : RESP_OKAY;
    } else if (!b->mon.valid || b->mon.addr != b->wr.addr || chance(b, b->c.fail_rate)) {
        b->wr.resp = RESP_OKAY;     /* the exclusive failed: nothing written */
        b->failures++;
    } else {
        uint64_t old = 0;
        int rc = mem_cas_pte(b->mem, b->wr.addr, b->c.pte_bytes, b->mon.word, b->wr.data, &old);
        b->wr.resp = rc ? RESP_DECERR : old == b->mon.word ? RESP_EXOKAY : RESP_OKAY;
        b->swaps += b->wr.resp == RESP_EXOKAY;
    }
    if (b->wr.lock) b->mon.valid = 0;
    b->wr.shown = 1;
}

static void axi_drive(bus_model *b, mmu_inputs *in)
{
    in->m_axi_arready = !b->rd.busy && !chance(b, b->c.stall);
    in->m_axi_awready = !b->wr.aw && !chance(b, b->c.stall);
    in->m_axi_wready = !b->wr.w && !chance(b, b->c.stall);
    if (b->rd.busy && b->cycle >= b->rd.due && !b->rd.shown) axi_read(b);
    in->m_axi_rvalid = b->rd.busy && b->rd.shown;
    in->m_axi_rid = 0;
    in->m_axi_rdata = in->m_axi_rvalid && b->rd.resp <= RESP_EXOKAY ? b->rd.data : 0;
    in->m_axi_rresp = in->m_axi_rvalid ? b->rd.resp : 0;
    in->m_axi_rlast = in->m_axi_rvalid;
    if (b->wr.aw && b->wr.w && b->cycle >= b->wr.due && !b->wr.shown) axi_write(b);
    in->m_axi_bvalid = b->wr.aw && b->wr.w && b->wr.shown;
    in->m_axi_bid = 0;
    in->m_axi_bresp = in->m_axi_bvalid ? b->wr.resp : 0;
}

/* A channel's valid must stay up, with the payload unchanged, until ready
 * (A3.2.1); q: the channel's state in the last cycle if it was not taken. */
static void axi_hold(bus_model *b, const char *ch, axi_req *q, const axi_req *now, int ready)
{
    if (q->valid && (!now->valid || memcmp(q, now, sizeof *q) != 0))
        (void)fail(b, "%s %s before it was taken (A3.2.1)", ch,
                    now->valid ? "changed its payload" : "dropped its valid");
    *q = *now;
    if (ready) q->valid = 0;
}

static void axi_step(bus_model *b, const mmu_inputs *in, const mmu_outputs *o)
{
    unsigned size = b->c.pte_bytes == 8 ? 3 : 2;
    axi_req ar = {o->m_axi_arvalid, o->m_axi_araddr, o->m_axi_arid, o->m_axi_arlen, o->m_axi_arsize,
                  o->m_axi_arburst, o->m_axi_arlock, 0, 0, 0};
    axi_req aw = {o->m_axi_awvalid, o->m_axi_awaddr, o->m_axi_awid, o->m_axi_awlen, o->m_axi_awsize,
                  o->m_axi_awburst, o->m_axi_awlock, 0, 0, 0};
    axi_req w = {o->m_axi_wvalid, 0, 0, 0, 0, 0, 0, o->m_axi_wdata, o->m_axi_wstrb, o->m_axi_wlast};
    if (!ar.valid) memset(&ar, 0, sizeof ar);
    if (!aw.valid) memset(&aw, 0, sizeof aw);
    if (!w.valid) memset(&w, 0, sizeof w);
    axi_hold(b, "AR", &b->ar_q, &ar, in->m_axi_arready);
    axi_hold(b, "AW", &b->aw_q, &aw, in->m_axi_awready);
    axi_hold(b, "W", &b->w_q, &w, in->m_axi_wready);
    if (in->m_axi_rvalid && o->m_axi_rready) b->rd.busy = b->rd.shown = 0;
    if (in->m_axi_bvalid && o->m_axi_bready) b->wr.aw = b->wr.w = b->wr.shown = 0;
    if (ar.valid && in->m_axi_arready) {
        if (ar.len != 0 || ar.size != size || ar.burst != 1 || (ar.addr & (b->c.pte_bytes - 1)))
            (void)fail(b, "AR 0x%" PRIx64 ": not one aligned PTE-sized INCR beat (len %" PRIu64 " size %" PRIu64
                        " burst %" PRIu64 ")", ar.addr, ar.len, ar.size, ar.burst);
        b->rd.busy = 1;
        b->rd.shown = 0;
        b->rd.addr = ar.addr;
        b->rd.lock = (unsigned)ar.lock;
        b->rd.due = due(b);
    }
    if (aw.valid && in->m_axi_awready) {
        if (aw.len != 0 || aw.size != size || aw.burst != 1 || (aw.addr & (b->c.pte_bytes - 1)))
            (void)fail(b, "AW 0x%" PRIx64 ": not one aligned PTE-sized INCR beat", aw.addr);
        /* The adapter writes only to complete an exclusive pair (A7.2.2: same address and size). */
        if (!aw.lock || !b->mon.valid || b->mon.addr != aw.addr)
            (void)fail(b, "AW 0x%" PRIx64 ": a write that does not follow an exclusive read of that address",
                        aw.addr);
        b->wr.aw = 1;
        b->wr.addr = aw.addr;
        b->wr.lock = (unsigned)aw.lock;
    }
    if (w.valid && in->m_axi_wready) {
        uint64_t all = b->c.pte_bytes == 8 ? 0xff : 0xf;
        if (w.strb != all || !w.last) (void)fail(b, "W: strobes 0x%" PRIx64 " last %" PRIu64 ", not one whole PTE",
                                                  w.strb, w.last);
        b->wr.w = 1;
        b->wr.data = w.data;
    }
    if (b->wr.aw && b->wr.w && !b->wr.shown && b->wr.due < b->cycle) b->wr.due = due(b);
}

/* ---------------------------------------------------------------- Wishbone B4 pipelined */

static void wb_answer(bus_model *b)
{
    uint64_t v = 0;
    if (chance(b, b->c.error_rate)) {
        b->op.kind = 1;
        b->injected = 1;
    } else if (chance(b, b->c.fail_rate)) {
        b->op.kind = 2;   /* RTY: nothing done, the master may try again */
        b->failures++;
    } else if (!b->op.we) {
        b->op.kind = mem_read_pte(b->mem, b->op.adr, b->c.pte_bytes, &v) ? 1 : 0;
        b->op.rdata = v;
        if (b->op.kind == 0 && b->lock_q) {
            b->lk.valid = 1;
            b->lk.adr = b->op.adr;
            b->lk.word = v;
        }
    } else {
        uint64_t old = 0;
        int rc = mem_cas_pte(b->mem, b->op.adr, b->c.pte_bytes, b->lk.word, b->op.dat, &old);
        b->op.kind = rc ? 1 : 0;
        /* The locked cycle kept every other master out: the word cannot have changed. */
        if (!rc && old != b->lk.word) b->op.kind = 1;
        b->swaps += b->op.kind == 0;
    }
    b->op.shown = 1;
}

static void wb_drive(bus_model *b, mmu_inputs *in)
{
    in->wb_stall = chance(b, b->c.stall);
    if (b->op.busy && b->cycle >= b->op.due && !b->op.shown) wb_answer(b);
    int show = b->op.busy && b->op.shown;
    in->wb_ack = show && b->op.kind == 0;
    in->wb_err = show && b->op.kind == 1;
    in->wb_rty = show && b->op.kind == 2;
    in->wb_dat = in->wb_ack && !b->op.we ? b->op.rdata : 0;
}

static void wb_step(bus_model *b, const mmu_inputs *in, const mmu_outputs *o)
{
    int cyc = o->wb_cyc, stb = o->wb_stb && cyc;
    if (o->wb_stb && !cyc) (void)fail(b, "STB without CYC");
    /* A request refused by STALL is held, unchanged, until taken. */
    if (b->stalled_q && (!stb || o->wb_adr != b->s_adr || o->wb_we != b->s_we || o->wb_sel != b->s_sel ||
                         (o->wb_we && o->wb_dat != b->s_dat)))
        (void)fail(b, "a request under STALL was %s before it was taken", stb ? "changed" : "withdrawn");
    if (in->wb_ack || in->wb_err || in->wb_rty) {
        if (!cyc) (void)fail(b, "CYC fell with a request outstanding");
        b->op.busy = b->op.shown = 0;
    }
    if (b->op.busy && !cyc) {
        (void)fail(b, "CYC fell with a request outstanding");
        b->op.busy = 0;   /* abandoned */
    }
    /* LOCK falls with CYC only: a locked cycle is not split (B4 LOCK_O). */
    if (b->lock_q && cyc && !o->wb_lock) (void)fail(b, "LOCK fell inside the bus cycle");
    if (!cyc || !o->wb_lock) b->lk.valid = 0;
    b->stalled_q = stb && in->wb_stall;
    if (b->stalled_q) {
        b->s_adr = o->wb_adr;
        b->s_we = o->wb_we;
        b->s_sel = o->wb_sel;
        b->s_dat = o->wb_dat;
    }
    if (stb && !in->wb_stall) {
        uint64_t all = b->c.pte_bytes == 8 ? 0xff : 0xf;
        if (b->op.busy) (void)fail(b, "a second request while one is outstanding (the adapter issues one at a time)");
        if (o->wb_sel != all || (o->wb_adr & (b->c.pte_bytes - 1)))
            (void)fail(b, "ADR 0x%" PRIx64 " SEL 0x%" PRIx64 ": not one aligned whole PTE", (uint64_t)o->wb_adr,
                        (uint64_t)o->wb_sel);
        /* The only write is the second half of a read-modify-write: inside the
         * same locked cycle as the read of that word (B4 LOCK_O). */
        if (o->wb_we && !(o->wb_lock && b->lk.valid && b->lk.adr == o->wb_adr))
            (void)fail(b, "a write to 0x%" PRIx64 " outside a locked cycle that read it", (uint64_t)o->wb_adr);
        b->op.busy = 1;
        b->op.shown = 0;
        b->op.adr = o->wb_adr;
        b->op.we = o->wb_we;
        b->op.dat = o->wb_dat;
        b->op.due = due(b);
    }
    b->cyc_q = cyc;
    b->lock_q = cyc && o->wb_lock;
}

/* ---------------------------------------------------------------- both */

void bus_drive(bus_model *b, mmu_inputs *in)
{
    in->bus_sel = (uint8_t)b->c.kind;
    in->mem_req_ready = 0;
    in->mem_rsp_valid = 0;
    in->mem_rsp_data = 0;
    in->mem_rsp_err = 0;
    if (b->c.kind == BUS_AXI) axi_drive(b, in);
    else wb_drive(b, in);
}

int bus_step(bus_model *b, const mmu_inputs *in, const mmu_outputs *o)
{
    if (b->c.kind == BUS_AXI) axi_step(b, in, o);
    else wb_step(b, in, o);
    b->cycle++;
    return b->err[0] ? -1 : 0;
}
