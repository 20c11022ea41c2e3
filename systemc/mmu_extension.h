// mmu_extension.h -- what travels with a transaction through the SystemC MMU.
//
// The TLM-2.0 generic payload has an address and read/write, but an MMU needs
// the context the RTL latches with each request, and an initiator wants to
// know why a translation failed. So:
//
//  * mmu_access_ext rides on every virtual-address transaction. The initiator
//    fills the context: privilege, satp as its three fields (MODE, ASID, root
//    PPN; the MMU packs them into the CSR layout of its XLEN), mstatus.SUM,
//    mstatus.MXR, adue (1 Svadu, 0 Svade) and the access kind (a fetch is a
//    read as far as the generic payload can tell). The MMU fills the outcome:
//    fault and its mcause code, the PA and Svpbmt type, whether a page-table
//    walk answered it, and the cycles from acceptance to response.
//  * pte_cas_ext turns a write into the walker's atomic compare-and-swap of an
//    A/D update: the target writes the data only if the word at the address
//    holds `expected`, and returns the word it found in `old`, all within one
//    b_transport (so it stays atomic whatever else shares the bus). A target
//    on the walker's path must honour it.
//  * mmu_sfence_if is SFENCE.VMA as a SystemC interface: the MMU implements
//    it, and whoever executes the instruction calls it through an sc_port.
//  * A PTE travels in a payload's data as a little-endian word of 4 (Sv32)
//    or 8 (RV64) bytes: pte_word_load / pte_word_store.
#ifndef RVMMU_SC_MMU_EXTENSION_H
#define RVMMU_SC_MMU_EXTENSION_H

#include <cstdint>

#include <systemc>
#include <tlm>

#include "rvmmu_defs.h"

extern "C" {
#include "pmp.h"
}

// The translation context of an access (set by the initiator) and its outcome
// (set by the MMU).
struct mmu_access_ext : tlm::tlm_extension<mmu_access_ext> {
    // Context.
    unsigned priv = RVMMU_PRIV_S;          // RVMMU_PRIV_U/S/M
    unsigned satp_mode = RVMMU_MODE_BARE;  // RVMMU_MODE_BARE/SV32/SV39/SV48/SV57
    uint32_t satp_asid = 0;
    uint64_t satp_ppn = 0;                 // root page table's PPN
    bool sum = false, mxr = false;
    bool adue = false;                     // true: Svadu (hardware A/D update)
    unsigned acc = RVMMU_ACC_LOAD;         // RVMMU_ACC_LOAD/STORE/FETCH
    unsigned bytes = 0;                    // the data access's size (1, 2, 4, 8; 0: one byte), for the PA's PMP check
    // The PMP CSRs (lib/pmp.h), driven on the RTL's pmpcfg/pmpaddr with the
    // request; nullptr: every address allowed (one NAPOT entry over all
    // memory, RWX), as for a trace without pmp lines.
    const pmp_state *pmp = nullptr;

    // Outcome. On a fault the transaction ends with TLM_ADDRESS_ERROR_RESPONSE.
    bool fault = false;
    unsigned cause = 0;                    // RVMMU_CAUSE_* when fault
    uint64_t pa = 0;                       // when !fault
    unsigned pbmt = RVMMU_PBMT_PMA;        // RVMMU_PBMT_* of the page (RV64)
    bool walked = false;                   // a page-table walk answered it (not a TLB hit or bypass)
    bool walk_cached = false;              // ... a walk that started at a page-walk-cache pointer or that the
                                           // L2 TLB answered: like a TLB hit, it may use what software changed
                                           // without SFENCE.VMA (never without PWC_ENTRIES / L2_ENTRIES)
    unsigned cycles = 0;                   // clock cycles from acceptance to response

    tlm::tlm_extension_base *clone() const override { return new mmu_access_ext(*this); }
    void copy_from(const tlm::tlm_extension_base &other) override
    {
        *this = static_cast<const mmu_access_ext &>(other);
    }
};

// Makes a write an atomic compare-and-swap (see the top of this file).
struct pte_cas_ext : tlm::tlm_extension<pte_cas_ext> {
    uint64_t expected = 0;  // set by the initiator
    uint64_t old = 0;       // set by the target: the word it found
    bool swapped = false;   // set by the target: old == expected, the data was written

    tlm::tlm_extension_base *clone() const override { return new pte_cas_ext(*this); }
    void copy_from(const tlm::tlm_extension_base &other) override
    {
        *this = static_cast<const pte_cas_ext &>(other);
    }
};

// SFENCE.VMA. rs1_x0 / rs2_x0: the instruction's rs1 / rs2 is x0 (all
// addresses / all ASIDs), else va / asid apply. Blocks the calling thread
// until the clock cycle in which the flush is applied (the MMU's
// sfence_ready), and with an L2 TLB until the MMU could take another fence
// (the sweep a fence may start is done, docs/l2tlb.md), as the replay tool's
// harness does.
struct mmu_sfence_if : virtual sc_core::sc_interface {
    virtual void sfence_vma(bool rs1_x0, uint64_t va, bool rs2_x0, uint32_t asid) = 0;
};

inline uint64_t pte_word_load(const unsigned char *data, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) v |= uint64_t(data[i]) << (8 * i);
    return v;
}

inline void pte_word_store(unsigned char *data, unsigned bytes, uint64_t v)
{
    for (unsigned i = 0; i < bytes; i++) data[i] = static_cast<unsigned char>(v >> (8 * i));
}

#endif
