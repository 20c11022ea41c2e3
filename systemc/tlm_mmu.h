// tlm_mmu.h -- the rvmmu RTL as a TLM-2.0 component of a virtual platform.
//
// TlmMmu sits between an initiator that issues virtual addresses (a core, a
// DMA engine, a trace player) and the physical bus:
//
//   va_socket (target)     takes virtual-address transactions, each carrying
//                          an mmu_access_ext (mmu_extension.h) with the
//                          access's context. b_transport first waits out the
//                          annotated delay, then hands the request to the
//                          Verilated RTL inside, which runs on `clk` in
//                          SystemC time, and blocks until the RTL answers:
//                          - translated: the outcome goes into the extension,
//                            the payload's address becomes the PA and the
//                            transaction goes on through pa_socket (its
//                            response status and delay are the target's);
//                          - fault: the cause goes into the extension and the
//                            transaction ends, never forwarded, with
//                            TLM_ADDRESS_ERROR_RESPONSE.
//   iva_socket (target)    the same for the RTL's instruction port (rvmmu
//                          PORTS=2, its own TLB): a core's fetches. The two
//                          sockets translate at the same time, each through
//                          its port; the walker is shared.
//   pa_socket (initiator)  the translated accesses, and the walker's own
//                          traffic: each PTE read is a TLM read, each A/D
//                          update a write with a pte_cas_ext (an atomic
//                          compare-and-swap in one b_transport). A response
//                          that is not OK is a bus error for the walker (an
//                          access fault of the access's kind). The response
//                          reaches the RTL in the first clock cycle that
//                          starts once the target's delay has passed: delay 0
//                          is the replay tool's memory latency 1.
//   clk                    the RTL's clock; its first two cycles are reset.
//   sfence_vma()           SFENCE.VMA (mmu_sfence_if), applied by the RTL at
//                          the first edge with sfence_ready (with an L2 TLB,
//                          it returns once any sweep it started is done);
//                          bind an sc_port to the MMU.
//
// transport_dbg on va_socket translates without side effects: a software walk
// of the page tables as they are in memory now (the reference model lib/ref.c,
// reading PTEs with transport_dbg on pa_socket, leaving A/D bits and the TLB
// alone), then a debug access at the PA. It is what a debugger wants; it may
// differ from b_transport while the TLB holds a translation that software
// changed without SFENCE.VMA. A fault returns 0 bytes with the cause in the
// extension. A transaction without an mmu_access_ext is a generic error.
//
// One translation is in each RTL port at a time (its request stage holds
// one); concurrent callers of one socket queue. make() builds the RV32 (Sv32) or the RV64 (Sv39,
// Sv48, Sv57 by satp.MODE) RTL; the Verilated models live in tlm_mmu.cpp.
#ifndef RVMMU_SC_TLM_MMU_H
#define RVMMU_SC_TLM_MMU_H

#include <memory>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "mmu_extension.h"

class TlmMmu : public sc_core::sc_module, public mmu_sfence_if {
public:
    tlm_utils::simple_target_socket<TlmMmu> va_socket;
    tlm_utils::simple_target_socket<TlmMmu> iva_socket;
    tlm_utils::simple_initiator_socket<TlmMmu> pa_socket;
    sc_core::sc_in<bool> clk;

    // An MMU around the RTL built for xlen 32 or 64; nullptr for another xlen.
    static std::unique_ptr<TlmMmu> make(const char *name, int xlen);

protected:
    explicit TlmMmu(const sc_core::sc_module_name &name);
    virtual void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay) = 0;
    virtual void b_transport_i(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay) = 0;
    virtual unsigned transport_dbg(tlm::tlm_generic_payload &trans) = 0;
};

#endif
