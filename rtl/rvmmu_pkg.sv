// rvmmu_pkg -- the one home of rvmmu's widths and geometry.
//
// Every width of the MMU follows from two choices, RV64 (0: Sv32; 1: Sv39,
// Sv48 and Sv57) and ENTRIES (TLB entries); the functions below derive them,
// and each module turns them into localparams, so no derived value can be
// overridden and none is written twice. The satp.MODE -> walk levels rule is
// here too (mode_top_level), for the walker and for the flush-vs-walk check.
// Spec: "Sv32"/"Sv39"/"Sv48"/"Sv57" (virtual and physical address and PTE
// formats) and "Virtual Address Translation Process" (LEVELS, PTESIZE).
//
// Written for both Verilator and Yosys 0.23: constant functions assign to
// their own name (Yosys has no `return`), and modules name these
// rvmmu_pkg::xlen(...) explicitly (Yosys takes no `import` in a header).
// This file is the first of rtl/rvmmu.f.
`default_nettype none
`include "rvmmu_defs.vh"

package rvmmu_pkg;
  // Bits of the page offset: 4 KiB pages in every mode.
  localparam int PAGE_W = 12;

  // XLEN of the build.
  function automatic int xlen(input bit rv64);
    xlen = rv64 ? 64 : 32;
  endfunction

  // Virtual address width: the whole register (RV64 modes use its low 39,
  // 48 or 57 bits, the rest must be their sign extension).
  function automatic int va_w(input bit rv64);
    va_w = xlen(rv64);
  endfunction

  // Physical address width: 34 (Sv32), 56 (Sv39/48/57).
  function automatic int pa_w(input bit rv64);
    pa_w = rv64 ? 56 : 34;
  endfunction

  // PTE width: PTESIZE is 4 bytes in Sv32, 8 in the RV64 modes.
  function automatic int pte_w(input bit rv64);
    pte_w = xlen(rv64);
  endfunction

  // log2(PTESIZE): the low zero bits of a PTE address.
  function automatic int pte_idx_lsb(input bit rv64);
    pte_idx_lsb = rv64 ? 3 : 2;
  endfunction

  // satp.ASID width: 9 (Sv32), 16 (RV64).
  function automatic int asid_w(input bit rv64);
    asid_w = rv64 ? 16 : 9;
  endfunction

  // Bits per VPN field: 10 (Sv32), 9 (Sv39/48/57).
  function automatic int vpnb(input bit rv64);
    vpnb = rv64 ? 9 : 10;
  endfunction

  // The most levels a mode of the build has: 2 (Sv32), 5 (Sv57).
  function automatic int max_levels(input bit rv64);
    max_levels = rv64 ? 5 : 2;
  endfunction

  // VPN width: every field of the widest mode (20 in Sv32, 45 in Sv57).
  function automatic int vpn_w(input bit rv64);
    vpn_w = max_levels(rv64) * vpnb(rv64);
  endfunction

  // PPN width: the physical address above the page offset.
  function automatic int ppn_w(input bit rv64);
    ppn_w = pa_w(rv64) - PAGE_W;
  endfunction

  // Width of a response PA: Bare (and M mode) pass the whole VA through.
  function automatic int rpa_w(input bit rv64);
    rpa_w = pa_w(rv64) > va_w(rv64) ? pa_w(rv64) : va_w(rv64);
  endfunction

  // Width of a TLB entry index.
  function automatic int idx_w(input int entries);
    idx_w = $clog2(entries);
  endfunction

  // Step 1 of the translation process: the walk of a mode starts at level
  // LEVELS-1 (Sv32 1, Sv39 2, Sv48 3, Sv57 4). Any other MODE (Bare, which
  // never walks) gets Sv32's value, so that in an RV32 build, whose MODE is
  // Bare or Sv32, the result is a constant.
  function automatic logic [2:0] mode_top_level(input logic [3:0] mode);
    case (mode)
      `RVMMU_MODE_SV39: mode_top_level = 3'd2;
      `RVMMU_MODE_SV48: mode_top_level = 3'd3;
      `RVMMU_MODE_SV57: mode_top_level = 3'd4;
      default:          mode_top_level = 3'd1;  // Sv32
    endcase
  endfunction
endpackage

`default_nettype wire
