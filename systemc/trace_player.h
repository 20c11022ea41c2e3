// trace_player.h -- a traffic generator that replays one tlbtrace file
// (docs/tlbtrace.md, parsed by lib/trace.c) into the platform and
// prints the result lines that `build/rvmmu replay FILE` prints.
//
//   va_socket  each access: a one-byte read (load, fetch) or write (store) at
//              the VA, with an mmu_access_ext holding the trace's context at
//              that point. A tlbtrace has no data, so a store's one byte
//              enable is off: the store is translated and routed like any
//              other, but memory keeps exactly the words that the trace and
//              the walker wrote, as in the replay tool. Prints
//              `LINE KIND VA -> pa PA` or `LINE KIND VA -> fault NAME`, then
//              `  ; hit cycles=N` or `  ; miss cycles=N` (a walk answered),
//              and ` data=address_error` when the translated access found no
//              ram at its PA: that is the data access's business, not the
//              translation's, so the result is still the PA.
//   iva_socket with two_ports, each fetch goes here instead (the MMU's
//              instruction port, its own TLB), as `build/rvmmu replay --ports
//              2` sends it; without, it is bound but unused.
//   pa_socket  `mem` lines as software stores (b_transport writes) and
//              `check` lines as debug reads, straight to memory.
//   sfence     `sfence` lines, through the MMU's mmu_sfence_if.
// `satp`, `priv`, `sum`, `mxr` and `adue` lines change the context. With
// debug_check, each access is first translated with transport_dbg, which
// must change nothing (so the printed results stay those of the replay
// tool) and, when the access then walks, must agree with it (a walk reads the
// page tables as they are; a TLB hit may legitimately be stale, and so may a
// walk that starts at a page-walk-cache pointer or that the L2 TLB answers:
// those are not compared). An
// `expect` or `check` that does not hold is reported on err as the replay
// tool reports it, and exit_status() is then 1; a `mem` or `check` outside
// ram makes it 2 and ends the replay. Then the player stops the simulation.
#ifndef RVMMU_SC_TRACE_PLAYER_H
#define RVMMU_SC_TRACE_PLAYER_H

#include <cstdio>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "mmu_extension.h"

extern "C" {
#include "trace.h"
}

class TracePlayer : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<TracePlayer> va_socket;
    tlm_utils::simple_initiator_socket<TracePlayer> iva_socket;
    tlm_utils::simple_initiator_socket<TracePlayer> pa_socket;
    sc_core::sc_port<mmu_sfence_if> sfence;

    // Replays t (which must outlive the player), printing results on out and
    // failures on err.
    TracePlayer(sc_core::sc_module_name name, const ::trace &t, std::FILE *out, std::FILE *err,
                bool debug_check = false, bool two_ports = false);

    // 0: every expect and check held; 1: one did not; 2: unusable input.
    int exit_status() const { return status_; }

private:
    const ::trace &trace_;
    std::FILE *out_, *err_;
    unsigned pte_bytes_;
    bool debug_check_, two_ports_;
    pmp_state pmp_;   // the trace's pmp lines (lib/pmp.h)
    int status_ = 0;

    void play();
    void access(const tr_op &op, const mmu_access_ext &context);
    mmu_access_ext debug_translate(const tr_op &op, const mmu_access_ext &context);
    void write_word(const tr_op &op);
    void check_word(const tr_op &op);
};

#endif
