// tlm_mmu.cpp -- TlmMmu over the Verilated SystemC models of rvmmu.
//
// RtlMmu<Rtl> holds one model (verilator --sc, top rvmmu: Vrvmmu32sc for
// RV32, Vrvmmu64sc for RV64) and one sc_signal per port, of the port's own
// type. The port names come from RVMMU_SC_PORTS in rvmmu_ports.h, which
// sim/gen_edge.py generates from rtl/rvmmu.sv, so the port list is written
// there only.
//
// It drives the RTL as tb/harness.c does, cycle for cycle, in SystemC time:
//  * Every process here wakes on a rising edge of clk and reads the RTL's
//    outputs then. sc_signal semantics give the values they had during the
//    cycle the edge ends (the RTL's own update lands a delta later), and a
//    value written then is what the RTL samples at the next edge. So an input
//    written after edge N-1 and an output read at edge N belong to one cycle.
//  * translate(): put the request and its context on req_* (ireq_* for the
//    instruction port), wait for the edge at which req_ready was high
//    (accepted), then count edges up to the one at which rsp_valid was high:
//    the response and its cycle count. The two ports' callers run at once.
//  * serve_walker_port(): hold reset for two cycles, then at every edge take
//    the walker's accepted mem_req, perform it with one b_transport on
//    pa_socket (a read, or a write with a pte_cas_ext for a compare-and-swap)
//    and drive mem_rsp_* for one cycle, in the first cycle that starts once
//    the target's annotated delay has passed. mem_req_ready is low meanwhile.
//  * sfence_vma(): sfence_* until sfence_ready is high at an edge (taken);
//    with an L2 TLB (RVMMU_VP_L2_ENTRIES > 0, the model's L2_ENTRIES), then
//    idle edges until sfence_ready is high again (the MMU could take another
//    fence: the sweep of its block RAM a fence may start is done), as
//    tb/harness.c's hs_sfence, so that what follows does not depend on the
//    sweep's length.
//  * access.walk_cached: the port's walk started at a page-walk-cache pointer
//    (mon_pwc_hit with mon_walk_start) or was answered by the L2 TLB
//    (mon_l2_hit with the response).
#include "tlm_mmu.h"

#include <cstring>
#include <type_traits>

#include "Vrvmmu32sc.h"
#include "Vrvmmu64sc.h"
#include "rvmmu_ports.h"

extern "C" {
#include "pt.h"
#include "ref.h"
}

// The models' L2_ENTRIES (the Makefile passes the one it Verilated them with).
#ifndef RVMMU_VP_L2_ENTRIES
#error "RVMMU_VP_L2_ENTRIES: the Verilated models' L2_ENTRIES (Makefile, section systemc/)"
#endif

TlmMmu::TlmMmu(const sc_core::sc_module_name &name)
    : sc_core::sc_module(name), va_socket("va_socket"), iva_socket("iva_socket"), pa_socket("pa_socket"), clk("clk")
{
    va_socket.register_b_transport(this, &TlmMmu::b_transport);
    va_socket.register_transport_dbg(this, &TlmMmu::transport_dbg);
    iva_socket.register_b_transport(this, &TlmMmu::b_transport_i);
    iva_socket.register_transport_dbg(this, &TlmMmu::transport_dbg);
}

namespace {

// The value type of a Verilated port (decltype gives `sc_in<T> &`).
template <class Port>
using port_value = typename std::remove_reference_t<Port>::data_type;

// Write v to a signal, converted to the signal's width.
template <class Signal>
void drive(Signal &s, uint64_t v)
{
    s.write(static_cast<std::decay_t<decltype(s.read())>>(v));
}

// Cycles without a response after which the RTL is declared hung (as tb/harness.c).
constexpr unsigned hang_cycles = 100000;

template <class Rtl>
class RtlMmu final : public TlmMmu {
public:
    SC_HAS_PROCESS(RtlMmu);

    explicit RtlMmu(sc_core::sc_module_name name) : TlmMmu(name), rtl("rtl")
    {
        rtl.clk_i(clk);
#define RVMMU_SC_BIND(port) rtl.port(port);
        RVMMU_SC_PORTS(RVMMU_SC_BIND)
#undef RVMMU_SC_BIND
        SC_THREAD(serve_walker_port);
    }

    void sfence_vma(bool rs1_x0, uint64_t va, bool rs2_x0, uint32_t asid) override
    {
        sfence_lock.lock();
        wait_out_of_reset();
        drive(sfence_rs1_x0_i, rs1_x0);
        drive(sfence_rs2_x0_i, rs2_x0);
        drive(sfence_va_i, va);
        drive(sfence_asid_i, asid);
        drive(sfence_valid_i, true);
        do wait(clk.posedge_event());   // applied at the edge where it is ready
        while (!sfence_ready_o.read());  // (low while the L2 TLB sweeps its block RAM)
        drive(sfence_valid_i, false);
        if (RVMMU_VP_L2_ENTRIES > 0) {
            do wait(clk.posedge_event());    // the sweep this fence started, if any
            while (!sfence_ready_o.read());
        }
        sfence_lock.unlock();
    }

private:
    static constexpr unsigned xlen = 8 * sizeof(port_value<decltype(Rtl::req_va_i)>);
    static constexpr unsigned pte_bytes = xlen / 8;

    Rtl rtl;
#define RVMMU_SC_SIGNAL(port) sc_core::sc_signal<port_value<decltype(Rtl::port)>> port{#port};
    RVMMU_SC_PORTS(RVMMU_SC_SIGNAL)
#undef RVMMU_SC_SIGNAL
    sc_core::sc_mutex request_lock[2], sfence_lock;  // one translation per port, one flush at a time
    bool out_of_reset = false;

    // One request port's signals: the data port (req_*, rsp_*) or the
    // instruction port (ireq_*, irsp_*), of the same types.
    struct Port {
        decltype(req_valid_i) &valid;
        decltype(req_ready_o) &ready;
        decltype(req_va_i) &va;
        decltype(req_acc_i) &acc;
        decltype(req_satp_i) &satp;
        decltype(req_priv_i) &priv;
        decltype(req_sum_i) &sum;
        decltype(req_mxr_i) &mxr;
        decltype(req_adue_i) &adue;
        decltype(req_size_i) &size;
        decltype(rsp_valid_o) &rsp_valid;
        decltype(rsp_fault_o) &fault;
        decltype(rsp_cause_o) &cause;
        decltype(rsp_pa_o) &pa;
        decltype(rsp_pbmt_o) &pbmt;
        decltype(mon_hit_o) &hit;
    };
    Port port[2] = {
        {req_valid_i, req_ready_o, req_va_i, req_acc_i, req_satp_i, req_priv_i, req_sum_i, req_mxr_i, req_adue_i,
         req_size_i, rsp_valid_o, rsp_fault_o, rsp_cause_o, rsp_pa_o, rsp_pbmt_o, mon_hit_o},
        {ireq_valid_i, ireq_ready_o, ireq_va_i, ireq_acc_i, ireq_satp_i, ireq_priv_i, ireq_sum_i, ireq_mxr_i,
         ireq_adue_i, ireq_size_i, irsp_valid_o, irsp_fault_o, irsp_cause_o, irsp_pa_o, irsp_pbmt_o, mon_ihit_o}};

    // The PMP CSRs on pmpcfg_i/pmpaddr_i (pmpNcfg in bits 8N+7:8N, pmpaddrN
    // in the PA_W-2 bits at (PA_W-2)*N), as tb/harness.c drives them.
    void drive_pmp(const pmp_state *s)
    {
        pmp_state allow;
        if (!s) {
            std::memset(&allow, 0, sizeof allow);
            allow.xlen = int(xlen);
            allow.entries = 1;
            allow.cfg[0] = uint8_t((PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W | PMP_X);
            allow.addr[0] = ~0ull;
            s = &allow;
        }
        port_value<decltype(Rtl::pmpcfg_i)> cfg;
        port_value<decltype(Rtl::pmpaddr_i)> addr;
        const int aw = int(pmp_addr_bits(int(xlen)));
        cfg = 0;
        addr = 0;
        for (int i = 0; 8 * (i + 1) <= cfg.length() && i < PMP_MAX_ENTRIES; i++) {
            cfg.range(8 * i + 7, 8 * i) = sc_dt::uint64(s->cfg[i]);
            if (aw * (i + 1) <= addr.length())
                addr.range(aw * i + aw - 1, aw * i) = sc_dt::uint64(s->addr[i] & (~0ull >> (64 - aw)));
        }
        pmpcfg_i.write(cfg);
        pmpaddr_i.write(addr);
    }

    // log2 of an access's bytes (0: one byte).
    static unsigned size_log2(unsigned bytes)
    {
        return bytes >= 8 ? 3 : bytes >= 4 ? 2 : bytes >= 2 ? 1 : 0;
    }
    sc_core::sc_event reset_over;

    void wait_out_of_reset()
    {
        while (!out_of_reset) wait(reset_over);
    }

    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay) override
    {
        transport(trans, delay, 0);
    }

    void b_transport_i(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay) override
    {
        transport(trans, delay, 1);
    }

    // An access through request port p (0 data, 1 instruction).
    void transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay, int p)
    {
        mmu_access_ext *access = trans.get_extension<mmu_access_ext>();
        if (!access) {
            trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
            return;
        }
        wait(delay);  // the RTL runs in SystemC time: catch up with the initiator first
        delay = sc_core::SC_ZERO_TIME;
        translate(trans.get_address(), *access, p);
        if (access->fault) {
            trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        trans.set_address(access->pa);
        pa_socket->b_transport(trans, delay);
    }

    // One translation through the RTL's port p; the outcome goes into `access`.
    void translate(uint64_t va, mmu_access_ext &access, int pi)
    {
        Port &p = port[pi];
        sc_core::sc_mutex &lock = request_lock[pi];
        lock.lock();
        wait_out_of_reset();
        drive(p.va, va);
        drive(p.acc, access.acc);
        drive(p.satp, satp_csr(access));
        drive(p.priv, access.priv);
        drive(p.sum, access.sum);
        drive(p.mxr, access.mxr);
        drive(p.adue, access.adue);
        drive(p.size, size_log2(access.bytes));
        drive_pmp(access.pmp);   // held while the request is pending (one socket at a time uses PMP here)
        drive(p.valid, true);
        do wait(clk.posedge_event());
        while (!p.ready.read());
        drive(p.valid, false);  // accepted at that edge
        unsigned cycles = 0;
        bool pwc_start = false;
        do {
            wait(clk.posedge_event());
            if (++cycles > hang_cycles) SC_REPORT_FATAL(name(), "the RTL gave no response (hang)");
            if (mon_walk_start_o.read() && int(mon_walk_port_o.read()) == pi) pwc_start = mon_pwc_hit_o.read();
        } while (!p.rsp_valid.read());
        access.fault = p.fault.read();
        access.cause = p.cause.read();
        access.pa = p.pa.read();
        access.pbmt = p.pbmt.read();
        access.walked = !p.hit.read() && mon_walk_end_o.read() && int(mon_walk_port_o.read()) == pi;
        access.walk_cached = access.walked && (pwc_start || mon_l2_hit_o.read());
        access.cycles = cycles;
        lock.unlock();
    }

    // The raw satp CSR of this XLEN for the extension's MODE/ASID/PPN.
    static uint64_t satp_csr(const mmu_access_ext &a)
    {
        return pt_satp(int(xlen), a.satp_mode, a.satp_asid, a.satp_ppn);
    }

    void serve_walker_port()
    {
        // Reset: two cycles with every input idle, as sim/mmu_model.c does.
        drive(rst_ni, false);
        for (int i = 0; i < 2; i++) wait(clk.posedge_event());
        drive(rst_ni, true);
        drive(mem_req_ready_i, true);
        out_of_reset = true;
        reset_over.notify(sc_core::SC_ZERO_TIME);

        bool responding = false;
        for (;;) {
            wait(clk.posedge_event());
            if (responding) {  // the response was sampled at this edge
                drive(mem_rsp_valid_i, false);
                drive(mem_rsp_data_i, 0);
                drive(mem_rsp_err_i, false);
                responding = false;
            }
            if (!mem_req_valid_o.read() || !mem_req_ready_i.read()) continue;
            // Accepted at this edge.
            drive(mem_req_ready_i, false);
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            uint64_t word = 0;
            bool ok = access_pte(mem_req_addr_o.read(), mem_req_cas_o.read(), mem_req_cmp_o.read(),
                                 mem_req_wdata_o.read(), word, delay);
            const sc_core::sc_time due = sc_core::sc_time_stamp() + delay;
            while (sc_core::sc_time_stamp() < due) wait(clk.posedge_event());
            drive(mem_rsp_valid_i, true);
            drive(mem_rsp_data_i, ok ? word : 0);
            drive(mem_rsp_err_i, !ok);
            drive(mem_req_ready_i, true);
            responding = true;
        }
    }

    // One walker request on pa_socket: a PTE read, or (cas) a compare-and-swap
    // of wdata against cmp. `word` gets the word read (for a swap: the old one).
    // False on a bus error.
    bool access_pte(uint64_t addr, bool cas, uint64_t cmp, uint64_t wdata, uint64_t &word,
                    sc_core::sc_time &delay)
    {
        unsigned char data[8] = {};
        tlm::tlm_generic_payload p;
        pte_cas_ext swap;
        p.set_command(cas ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        p.set_address(addr);
        p.set_data_ptr(data);
        p.set_data_length(pte_bytes);
        p.set_streaming_width(pte_bytes);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        if (cas) {
            pte_word_store(data, pte_bytes, wdata);
            swap.expected = cmp;
            p.set_extension(&swap);
        }
        pa_socket->b_transport(p, delay);
        if (cas) p.clear_extension(&swap);
        word = cas ? swap.old : pte_word_load(data, pte_bytes);
        return p.is_response_ok();
    }

    // Software walk by the reference model, reading PTEs with transport_dbg.
    unsigned transport_dbg(tlm::tlm_generic_payload &trans) override
    {
        mmu_access_ext *access = trans.get_extension<mmu_access_ext>();
        if (!access) return 0;
        ref_ctx ctx;
        ctx.mode = access->satp_mode;
        ctx.asid = access->satp_asid;
        ctx.root_ppn = access->satp_ppn;
        ctx.priv = access->priv;
        ctx.sum = access->sum;
        ctx.mxr = access->mxr;
        ctx.adue = access->adue;
        ctx.pmp = access->pmp;
        ctx.access_bytes = access->bytes;
        const ref_mem page_tables = {peek_pte, peek_cas, this};
        const ref_result r = ref_translate(&ctx, trans.get_address(), access->acc, &page_tables);
        access->fault = r.fault;
        access->cause = r.cause;
        access->pa = r.pa;
        access->pbmt = r.pbmt;
        access->walked = r.walked;
        access->cycles = 0;
        if (r.fault) return 0;
        trans.set_address(r.pa);
        return pa_socket->transport_dbg(trans);
    }

    // ref_mem read: a debug read of one PTE; -1 (bus error) if the target gave less.
    static int peek_pte(void *self, uint64_t pa, unsigned bytes, uint64_t *val)
    {
        unsigned char data[8] = {};
        tlm::tlm_generic_payload p;
        p.set_command(tlm::TLM_READ_COMMAND);
        p.set_address(pa);
        p.set_data_ptr(data);
        p.set_data_length(bytes);
        p.set_streaming_width(bytes);
        if (static_cast<RtlMmu *>(self)->pa_socket->transport_dbg(p) != bytes) return -1;
        *val = pte_word_load(data, bytes);
        return 0;
    }

    // ref_mem compare-and-swap: report the word as found and write nothing, so
    // the walk goes on as if its A/D update had been made (same PA, same checks).
    static int peek_cas(void *self, uint64_t pa, unsigned bytes, uint64_t, uint64_t, uint64_t *old)
    {
        return peek_pte(self, pa, bytes, old);
    }
};

}  // namespace

std::unique_ptr<TlmMmu> TlmMmu::make(const char *name, int xlen)
{
    if (xlen == 32) return std::make_unique<RtlMmu<Vrvmmu32sc>>(name);
    if (xlen == 64) return std::make_unique<RtlMmu<Vrvmmu64sc>>(name);
    return nullptr;
}
