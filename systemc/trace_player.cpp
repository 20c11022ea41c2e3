// trace_player.cpp -- TracePlayer (see trace_player.h).
#include "trace_player.h"

#include <cinttypes>
#include <cstring>

#include "rvmmu_ports.h"

#include "result.h"

TracePlayer::TracePlayer(sc_core::sc_module_name name, const ::trace &t, std::FILE *out, std::FILE *err,
                         bool debug_check, bool two_ports)
    : sc_core::sc_module(name), va_socket("va_socket"), iva_socket("iva_socket"), pa_socket("pa_socket"),
      sfence("sfence"), trace_(t), out_(out), err_(err), pte_bytes_(trace_pte_bytes(t.xlen)),
      debug_check_(debug_check), two_ports_(two_ports)
{
    SC_HAS_PROCESS(TracePlayer);
    SC_THREAD(play);
}

void TracePlayer::play()
{
    mmu_access_ext context;  // the format's defaults: satp bare 0 0, priv S, SUM, MXR, adue 0
    // A trace with pmp lines runs with PMP from its start, every entry OFF
    // until a line sets it (so S and U are refused until then), as in the
    // replay tool; without, the RTL's PMP allows everything.
    std::memset(&pmp_, 0, sizeof pmp_);
    pmp_.xlen = trace_.xlen;
    pmp_.entries = RVMMU_PARAM_PMP_ENTRIES;
    pmp_.gran = RVMMU_PARAM_PMP_GRAN;
    if (trace_.has_pmp) context.pmp = &pmp_;
    for (size_t i = 0; i < trace_.nops && status_ != 2; i++) {
        const tr_op &op = trace_.ops[i];
        if (trace_op_is_hyp(&op)) {
            std::fprintf(err_, "%s:%d: error: '%s': the hypervisor extension (tlbtrace 2): the SystemC platform has no H "
                         "extension yet (its TLM module translates in one stage)\n", trace_.path, op.line,
                         trace_op_keyword(&op));
            status_ = 2;
            break;
        }
        switch (op.kind) {
        case TR_MEM: write_word(op); break;
        case TR_CHECK: check_word(op); break;
        case TR_SATP:
            context.satp_mode = op.mode;
            context.satp_asid = op.asid;
            context.satp_ppn = op.ppn;
            break;
        case TR_PRIV: context.priv = op.val; break;
        case TR_SUM: context.sum = op.val != 0; break;
        case TR_MXR: context.mxr = op.val != 0; break;
        case TR_ADUE: context.adue = op.val != 0; break;
        case TR_SFENCE:
            sfence->sfence_vma(!op.has_va, op.has_va ? op.a : 0, !op.has_asid, op.has_asid ? op.asid : 0);
            break;
        case TR_ACCESS: access(op, context); break;
        case TR_PMP:
            // As the replay tool: the model's entries and grain (rtl/rvmmu.sv's defaults).
            if (op.val >= unsigned(pmp_.entries)) {
                std::fprintf(err_, "%s:%d: error: 'pmp': entry %u, but the PMP has %d entries (0 to %d)\n",
                             trace_.path, op.line, op.val, pmp_.entries, pmp_.entries - 1);
                status_ = 2;
                break;
            }
            pmp_.cfg[op.val] = uint8_t(op.b);
            pmp_.addr[op.val] = op.a;
            break;
        default: break;   // the hypervisor extension's ops: refused above
        }
    }
    sc_core::sc_stop();
}

namespace {

// An outcome as an `expect` clause spells it.
std::string describe(bool fault, unsigned cause, uint64_t pa, unsigned pbmt)
{
    char buf[96];
    result_describe(buf, sizeof buf, fault, cause, pa, pbmt);
    return buf;
}

// A one-byte access at va: the size that never crosses a page or a ram window.
void set_one_byte(tlm::tlm_generic_payload &trans, tlm::tlm_command command, uint64_t va, unsigned char *byte)
{
    trans.set_command(command);
    trans.set_address(va);
    trans.set_data_ptr(byte);
    trans.set_data_length(1);
    trans.set_streaming_width(1);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

bool same_translation(const mmu_access_ext &a, const mmu_access_ext &b)
{
    if (a.fault || b.fault) return a.fault == b.fault && a.cause == b.cause;
    return a.pa == b.pa && a.pbmt == b.pbmt;
}

}  // namespace

// The access's translation by transport_dbg (a debug read at the VA).
mmu_access_ext TracePlayer::debug_translate(const tr_op &op, const mmu_access_ext &context)
{
    mmu_access_ext ext = context;
    ext.acc = op.acc;
    ext.bytes = op.size;
    unsigned char byte = 0;
    tlm::tlm_generic_payload trans;
    set_one_byte(trans, tlm::TLM_READ_COMMAND, op.a, &byte);
    trans.set_extension(&ext);
    va_socket->transport_dbg(trans);
    trans.clear_extension(&ext);
    return ext;
}

void TracePlayer::access(const tr_op &op, const mmu_access_ext &context)
{
    const mmu_access_ext debug = debug_check_ ? debug_translate(op, context) : mmu_access_ext();
    mmu_access_ext ext = context;
    ext.acc = op.acc;
    ext.bytes = op.size;
    const bool store = op.acc == RVMMU_ACC_STORE;
    unsigned char byte = 0, enable = 0;  // a store's byte enable is off: no data in a tlbtrace
    tlm::tlm_generic_payload trans;
    set_one_byte(trans, store ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, op.a, &byte);
    if (store) {
        trans.set_byte_enable_ptr(&enable);
        trans.set_byte_enable_length(1);
    }
    trans.set_extension(&ext);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    if (two_ports_ && op.acc == RVMMU_ACC_FETCH)
        iva_socket->b_transport(trans, delay);
    else
        va_socket->b_transport(trans, delay);
    trans.clear_extension(&ext);
    wait(delay);

    const result_line line = {ext.fault, ext.cause, ext.pa, ext.pbmt, ext.walked, ext.cycles};
    result_print(out_, op.line, op.acc, op.a, &line,
                 !ext.fault && !trans.is_response_ok() ? " data=address_error" : nullptr);

    if (debug_check_ && ext.walked && !ext.walk_cached && !same_translation(debug, ext)) {
        std::fprintf(err_, "%s:%d: transport_dbg gave %s, b_transport %s\n", trace_.path, op.line,
                     describe(debug.fault, debug.cause, debug.pa, debug.pbmt).c_str(),
                     describe(ext.fault, ext.cause, ext.pa, ext.pbmt).c_str());
        if (status_ == 0) status_ = 1;
    }

    const tr_expect &e = op.exp;
    if (!e.present) return;
    const bool met = e.fault ? ext.fault && ext.cause == e.cause
                             : !ext.fault && ext.pa == e.pa && ext.pbmt == (e.has_pbmt ? e.pbmt : RVMMU_PBMT_PMA);
    if (met) return;
    std::fprintf(err_, "%s:%d: expected %s, got %s\n", trace_.path, op.line,
                 describe(e.fault, e.cause, e.pa, e.has_pbmt ? e.pbmt : RVMMU_PBMT_PMA).c_str(),
                 describe(ext.fault, ext.cause, ext.pa, ext.pbmt).c_str());
    if (status_ == 0) status_ = 1;
}

void TracePlayer::write_word(const tr_op &op)
{
    unsigned char data[8];
    pte_word_store(data, pte_bytes_, op.b);
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(op.a);
    trans.set_data_ptr(data);
    trans.set_data_length(pte_bytes_);
    trans.set_streaming_width(pte_bytes_);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    pa_socket->b_transport(trans, delay);
    wait(delay);
    if (trans.is_response_ok()) return;
    std::fprintf(err_, "%s:%d: error: mem 0x%" PRIx64 " is outside every ram window\n", trace_.path, op.line, op.a);
    status_ = 2;
}

void TracePlayer::check_word(const tr_op &op)
{
    unsigned char data[8] = {};
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(op.a);
    trans.set_data_ptr(data);
    trans.set_data_length(pte_bytes_);
    trans.set_streaming_width(pte_bytes_);
    if (pa_socket->transport_dbg(trans) != pte_bytes_) {
        std::fprintf(err_, "%s:%d: error: check 0x%" PRIx64 " is outside every ram window\n", trace_.path, op.line,
                     op.a);
        status_ = 2;
        return;
    }
    const uint64_t got = pte_word_load(data, pte_bytes_);
    if (got == op.b) return;
    std::fprintf(err_, "%s:%d: expected 0x%" PRIx64 " at 0x%" PRIx64 ", got 0x%" PRIx64 "\n", trace_.path, op.line,
                 op.b, op.a, got);
    status_ = 1;
}
