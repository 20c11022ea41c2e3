// phys_memory.cpp -- PhysMemory (see phys_memory.h).
#include "phys_memory.h"

#include "mmu_extension.h"

PhysMemory::PhysMemory(sc_core::sc_module_name name, sc_core::sc_time latency)
    : sc_core::sc_module(name), socket("socket"), latency_(latency), mem_(mem_new())
{
    if (!mem_) SC_REPORT_FATAL(this->name(), "out of memory");
    socket.register_b_transport(this, &PhysMemory::b_transport);
    socket.register_transport_dbg(this, &PhysMemory::transport_dbg);
}

void PhysMemory::add_ram(uint64_t base, uint64_t size)
{
    if (mem_add_ram(mem_.get(), base, size) != 0) SC_REPORT_FATAL(name(), "bad ram window");
}

bool PhysMemory::in_ram(uint64_t addr, unsigned len) const
{
    return mem_in_ram(mem_.get(), addr, len);
}

unsigned char PhysMemory::peek(uint64_t addr) const
{
    return mem_peek_byte(mem_.get(), addr);
}

void PhysMemory::poke(uint64_t addr, unsigned char value)
{
    if (mem_poke_byte(mem_.get(), addr, value) != 0) SC_REPORT_FATAL(name(), "out of memory");
}

std::vector<uint64_t> PhysMemory::swapped_words() const
{
    std::vector<uint64_t> words;
    for (int i = 0; i < mem_hw_write_count(mem_.get()); i++) words.push_back(mem_hw_write_addr(mem_.get(), i));
    return words;
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
        if (mem_note_hw_write(mem_.get(), addr) != 0) SC_REPORT_FATAL(name(), "out of memory");
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
