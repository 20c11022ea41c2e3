// vp_main.cpp -- the example virtual platform around the SystemC MMU:
//
//     build/systemc/rvmmu-vp [--mem-latency N] [--debug-check] [--ports 1|2] FILE
//
//   TracePlayer --va_socket--> TlmMmu --pa_socket--> PhysMemory
//               --iva_socket->   (fetches with --ports 2: the instruction port)
//        |                    (rvmmu RTL,               ^
//        |                     clk: 100 MHz sc_clock)   |
//        +--pa_socket (mem / check lines)---------------+
//        +--sfence port--> TlmMmu (mmu_sfence_if)
//
// It replays one tlbtrace file and prints what `build/rvmmu replay FILE`
// prints: the result line of every access (identical up to `  ;`, and after it
// the same hit/miss and cycle count), then `pte PA VALUE` for every word the
// walker wrote, ascending; it exits 0 (every expect and check held), 1 (one
// did not) or 2 (malformed or unusable input), with the same messages on
// stderr. The trace's mode line picks the RV32 or the RV64 RTL; its ram lines
// are the memory's windows. --mem-latency N (1..1000, default 1): the memory
// answers N cycles after accepting a walker request, as in the replay tool
// (it annotates N-1 clock periods of delay). --debug-check: translate every
// access with transport_dbg first too, and check it (see trace_player.h).
// --ports 2: fetches through the MMU's instruction port (iva_socket, the
// RTL's ireq_*/irsp_*, its own TLB), as `build/rvmmu replay --ports 2`.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <systemc>

#include "phys_memory.h"
#include "tlm_mmu.h"
#include "trace_player.h"

namespace {

int usage()
{
    std::fprintf(stderr, "usage: rvmmu-vp [--mem-latency N] [--debug-check] [--ports 1|2] FILE\n");
    return 2;
}

// Elaborate the platform for trace t, run it, print the `pte` lines.
int run_platform(const trace &t, unsigned mem_latency, bool debug_check, bool two_ports)
{
    const sc_core::sc_time period(10, sc_core::SC_NS);
    sc_core::sc_clock clk("clk", period);
    PhysMemory memory("memory", period * (mem_latency - 1));
    for (size_t i = 0; i < t.nram; i++) memory.add_ram(t.ram[i].base, t.ram[i].size);
    TracePlayer player("player", t, stdout, stderr, debug_check, two_ports);
    std::unique_ptr<TlmMmu> mmu = TlmMmu::make("mmu", t.xlen);
    if (!mmu) return 2;  // not an XLEN the parser gives

    mmu->clk(clk);
    player.va_socket.bind(mmu->va_socket);
    player.iva_socket.bind(mmu->iva_socket);
    player.pa_socket.bind(memory.socket);
    player.sfence.bind(*mmu);
    mmu->pa_socket.bind(memory.socket);
    sc_core::sc_start();

    const unsigned bytes = trace_pte_bytes(t.xlen);
    for (uint64_t pa : memory.swapped_words())
        std::printf("pte 0x%" PRIx64 " 0x%" PRIx64 "\n", pa, memory.peek_word(pa, bytes));
    return player.exit_status();
}

}  // namespace

int sc_main(int argc, char *argv[])
{
    unsigned mem_latency = 1;
    bool debug_check = false, two_ports = false;
    const char *path = nullptr;
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--mem-latency") && i + 1 < argc) {
            char *end;
            unsigned long n = std::strtoul(argv[++i], &end, 10);
            if (*end || n < 1 || n > 1000) return usage();
            mem_latency = static_cast<unsigned>(n);
        } else if (!std::strcmp(argv[i], "--debug-check")) {
            debug_check = true;
        } else if (!std::strcmp(argv[i], "--ports") && i + 1 < argc) {
            const char *v = argv[++i];
            if (std::strcmp(v, "1") && std::strcmp(v, "2")) return usage();
            two_ports = v[0] == '2';
        } else if (argv[i][0] == '-' || path) {
            return usage();
        } else {
            path = argv[i];
        }
    }
    if (!path) return usage();

    // stdout carries the results only: no SystemC info messages there.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);

    trace t;
    trace_parse_file(path, &t);
    if (t.error && t.error_line == 0) {  // unreadable
        std::fprintf(stderr, "%s\n", t.errmsg);
        trace_free(&t);
        return 2;
    }
    // Without a mode line there is nothing to run (it comes before any access).
    int status = t.xlen ? run_platform(t, mem_latency, debug_check, two_ports) : 0;
    if (t.error && status != 2) {  // malformed at error_line: the lines before it ran
        std::fprintf(stderr, "%s\n", t.errmsg);
        status = 2;
    }
    trace_free(&t);
    return status;
}

// SystemC prints its banner before sc_main: silence it unless asked for.
int main(int argc, char *argv[])
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
