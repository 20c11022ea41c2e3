// phys_memory.h -- the platform's physical memory: a TLM-2.0 target with the
// tlbtrace's ram windows, keeping its bytes in the project's one sparse
// memory model (lib/mem.h).
//
// Sparse (4 KiB frames made on the first write; bytes never written read 0),
// byte addressed, little endian, any number of initiators on one socket. An
// access not wholly inside one ram window is a bus error:
// TLM_ADDRESS_ERROR_RESPONSE, which the MMU's walker turns into an access
// fault. It honours byte enables and pte_cas_ext (a write that is an atomic
// compare-and-swap, mmu_extension.h), and keeps the address of every word a
// swap wrote: the words the hardware itself wrote, which the replay tool
// prints as `pte` lines. Each b_transport adds `latency` to the delay;
// transport_dbg reads and writes without timing and never swaps.
#ifndef RVMMU_SC_PHYS_MEMORY_H
#define RVMMU_SC_PHYS_MEMORY_H

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

extern "C" {
#include "mem.h"
}

class PhysMemory : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<PhysMemory> socket;

    PhysMemory(sc_core::sc_module_name name, sc_core::sc_time latency);

    // Make [base, base+size) ram.
    void add_ram(uint64_t base, uint64_t size);

    // Addresses of the words a compare-and-swap wrote, ascending.
    std::vector<uint64_t> swapped_words() const;

    // The little-endian word of `bytes` bytes at addr, as it is now.
    uint64_t peek_word(uint64_t addr, unsigned bytes) const;

private:
    struct MemFree {
        void operator()(physmem *m) const { mem_free(m); }
    };

    sc_core::sc_time latency_;
    std::unique_ptr<physmem, MemFree> mem_;

    void b_transport(int initiator, tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
    unsigned transport_dbg(int initiator, tlm::tlm_generic_payload &trans);
    bool in_ram(uint64_t addr, unsigned len) const;
    unsigned char peek(uint64_t addr) const;
    void poke(uint64_t addr, unsigned char value);
};

#endif
