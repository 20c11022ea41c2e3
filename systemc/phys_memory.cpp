// phys_memory.cpp -- PhysMemory (see phys_memory.h).
#include "phys_memory.h"

#include "mmu_extension.h"

PhysMemory::PhysMemory(sc_core::sc_module_name name, sc_core::sc_time latency)
    : sc_core::sc_module(name), socket("socket"), latency_(latency)
{
    socket.register_b_transport(this, &PhysMemory::b_transport);
    socket.register_transport_dbg(this, &PhysMemory::transport_dbg);
}

void PhysMemory::add_ram(uint64_t base, uint64_t size)
{
    ram_.push_back({base, size});
}

bool PhysMemory::in_ram(uint64_t addr, uint64_t len) const
{
    for (const Window &w : ram_) {
        uint64_t off = addr - w.base;
        if (addr >= w.base && off < w.size && len <= w.size - off) return true;
    }
    return false;
}

unsigned char PhysMemory::peek(uint64_t addr) const
{
    auto f = frames_.find(addr / frame_bytes);
    return f == frames_.end() ? 0 : f->second[addr % frame_bytes];
}

void PhysMemory::poke(uint64_t addr, unsigned char value)
{
    auto f = frames_.find(addr / frame_bytes);
    if (f == frames_.end()) f = frames_.emplace(addr / frame_bytes, std::array<unsigned char, frame_bytes>{}).first;
    f->second[addr % frame_bytes] = value;
}

uint64_t PhysMemory::peek_word(uint64_t addr, unsigned bytes) const
{
    unsigned char data[8];
    for (unsigned i = 0; i < bytes && i < 8; i++) data[i] = peek(addr + i);
    return pte_word_load(data, bytes);
}

void PhysMemory::b_transport(int, tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    unsigned char *data = trans.get_data_ptr();
    const unsigned char *enable = trans.get_byte_enable_ptr();
    const unsigned enable_len = trans.get_byte_enable_length();
    pte_cas_ext *swap = trans.get_extension<pte_cas_ext>();

    delay += latency_;
    if (trans.get_streaming_width() < len) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (!in_ram(addr, len)) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (swap && trans.is_write()) {
        if (len > 8) {
            trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
            return;
        }
        swap->old = peek_word(addr, len);
        swap->swapped = swap->old == swap->expected;
        if (!swap->swapped) {
            trans.set_response_status(tlm::TLM_OK_RESPONSE);
            return;
        }
        swapped_.insert(addr);
    }
    for (unsigned i = 0; i < len; i++) {
        if (trans.is_read()) data[i] = peek(addr + i);
        else if (trans.is_write() && (!enable || enable[i % enable_len] == TLM_BYTE_ENABLED)) poke(addr + i, data[i]);
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned PhysMemory::transport_dbg(int, tlm::tlm_generic_payload &trans)
{
    const uint64_t addr = trans.get_address();
    const unsigned len = trans.get_data_length();
    unsigned char *data = trans.get_data_ptr();
    if (!in_ram(addr, len)) return 0;
    for (unsigned i = 0; i < len; i++) {
        if (trans.is_read()) data[i] = peek(addr + i);
        else if (trans.is_write()) poke(addr + i, data[i]);
    }
    return len;
}
