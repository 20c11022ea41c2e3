// pmp_fv -- formal check of rtl/rvmmu_pmp.sv against the PMP chapter,
// written again here in bytes (not words) and by counting NAPOT's trailing
// ones one by one (not the checker's pmpaddr ^ (pmpaddr + 1)): for every
// pmpcfg/pmpaddr value, address, size, privilege and permission the checker
// must answer as the spec does (formal/pmp_check.sh proves it, for a few
// entry counts and grains). The chapter's rules, quoted, and the functions:
// formal/pmp_spec.vh, which formal/rvmmu_fv.sv uses too (job pmp32e2:
// nothing the MMU reads, writes or returns is outside an allowed region).
`default_nettype none
`include "rvmmu_defs.vh"

module pmp_fv #(
    parameter bit RV64    = 1'b0,
    parameter int ENTRIES = 3,
    parameter int GRAN    = 0
);
  localparam int PA_W = RV64 ? 56 : 34;
  localparam int AW   = PA_W - 2;

  (* anyseq *) logic [ENTRIES*8-1:0]  cfg;
  (* anyseq *) logic [ENTRIES*AW-1:0] addr;
  (* anyseq *) logic [PA_W-1:0]       pa;
  (* anyseq *) logic                  two;    // an 8-byte access (pa 8-aligned), else one byte at pa
  (* anyseq *) logic [1:0]            priv;
  (* anyseq *) logic [2:0]            need;
  logic allow;

  rvmmu_pmp #(.RV64(RV64), .ENTRIES(ENTRIES), .GRAN(GRAN)) dut (
      .cfg_i(cfg), .addr_i(addr), .valid_i(1'b1), .pa_i(pa), .two_words_i(two), .priv_i(priv),
      .need_i(need), .allow_o(allow)
  );

  localparam int PS_N    = ENTRIES;
  localparam int PS_AW   = AW;
  localparam int PS_G    = GRAN;
  localparam int PS_PA_W = PA_W;
`include "pmp_spec.vh"

  always @* begin
    if (!two || pa[2:0] == 3'd0)
      p_pmp_is_spec: assert(allow == ps_allows(cfg, addr, pa, two, priv, need));
  end
endmodule

`default_nettype wire
