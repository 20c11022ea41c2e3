// rvmmu_fmax -- rvmmu alone, of any build, for an Fmax and area measurement:
// every input port is loaded from a serial input through a shift register
// and every output port (the monitor too) is captured into a register and
// shifted out, so the design fits five pins and every rvmmu path runs from
// a flip-flop to a flip-flop. Nothing else is on the chip.
`default_nettype none
module rvmmu_fmax #(
    parameter bit RV64    = 1'b0,  // rvmmu's RV64
    parameter int ENTRIES = 16,    // rvmmu's ENTRIES
    parameter bit PARITY  = 1'b0,  // rvmmu's PARITY
    parameter int PMP_ENTRIES = 0, // rvmmu's PMP_ENTRIES (0: no PMP; the figures as before PMP)
    parameter int PMP_GRAN = 0,  // rvmmu's PMP_GRAN
    parameter int PWC_ENTRIES = 0, // rvmmu's PWC_ENTRIES
    parameter int L2_ENTRIES = 0,  // rvmmu's L2_ENTRIES (0: no L2 TLB)
    parameter int L2_WAYS = 4,     // rvmmu's L2_WAYS
    parameter int L2_SP = 2,       // rvmmu's L2_SP
    parameter int PORTS = 1,       // rvmmu's PORTS (2: the instruction port too)
    parameter int I_ENTRIES = 16   // rvmmu's I_ENTRIES
) (
    input  logic clk_i,
    input  logic rst_ni,
    input  logic sin_i,      // serial data for the input shift register
    input  logic load_i,     // 1: shift in, shift out; 0: hold the inputs, capture the outputs
    output logic sout_o
);
  // rvmmu's derived widths, a wire per port, the instance u_mmu, and
  // edge_in (every input, IN_W bits) and edge_out (every output, OUT_W
  // bits) in port order: generated from rtl/rvmmu.sv by sim/gen_edge.py.
`include "rvmmu_fmax_edge.vh"

  logic [IN_W-1:0]  in_q;
  logic [OUT_W-1:0] out_q;

  always_ff @(posedge clk_i) if (load_i) in_q <= {in_q[IN_W-2:0], sin_i};
  assign edge_in = in_q;

  // Capture when not shifting; shift out when shifting.
  always_ff @(posedge clk_i) out_q <= load_i ? {out_q[OUT_W-2:0], 1'b0} : edge_out;
  assign sout_o = out_q[OUT_W-1];
endmodule

`default_nettype wire
