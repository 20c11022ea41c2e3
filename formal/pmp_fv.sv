// pmp_fv -- formal check of rtl/rvmmu_pmp.sv against the PMP chapter,
// written again here in bytes (not words) and by counting NAPOT's trailing
// ones one by one (not the checker's pmpaddr ^ (pmpaddr + 1)): for every
// pmpcfg/pmpaddr value, address, size, privilege and permission the checker
// must answer as the spec does (formal/pmp_check.sh proves it, for a few
// entry counts and grains). With the walker's requests and the responses
// gated by the checker (rtl/rvmmu.sv), nothing outside an allowed region is
// read, written or returned.
//   - "The lowest-numbered PMP entry that matches any byte of an access
//     determines whether that access succeeds or fails. The matching PMP
//     entry must match all bytes of an access, or the access fails"
//   - "If the L bit is clear and the privilege mode of the access is M, the
//     access succeeds. Otherwise ... only if the R, W, or X bit
//     corresponding to the access type is set."
//   - "If no PMP entry matches an M-mode access, the access succeeds. If no
//     PMP entry matches an S-mode or U-mode access, but at least one PMP
//     entry is implemented, the access fails."
//   - TOR: pmpaddr[i-1] <= y < pmpaddr[i], 0 for entry 0; G >= 1: bits G-1:0
//     do not take part; NAPOT with G >= 2: bits G-2:0 read as ones; NA4 is
//     not selectable with G >= 1 (taken as NAPOT, rtl/rvmmu_pmp.sv's choice).
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

  // Entry i's region in bytes, [lo, hi) (64 bits: hi may be 2^(AW+3)); 0 if it matches nothing.
  function automatic logic region(input logic [ENTRIES*8-1:0] c, input logic [ENTRIES*AW-1:0] ad, input int i,
                                  output logic [63:0] lo, output logic [63:0] hi);
    logic [1:0]  a;
    logic [63:0] r, prev;
    int          k;
    a    = c[8*i+3 +: 2];
    r    = {{(64-AW){1'b0}}, ad[AW*i +: AW]};
    prev = i == 0 ? 64'd0 : {{(64-AW){1'b0}}, ad[AW*(i == 0 ? 0 : i-1) +: AW]};
    lo = 64'd0;
    hi = 64'd0;
    region = 1'b0;
    if (a == 2'd1) begin                                  // TOR
      lo = (prev >> GRAN) << (GRAN + 2);
      hi = (r >> GRAN) << (GRAN + 2);
      region = lo < hi;
    end else if (a == 2'd2 && GRAN == 0) begin            // NA4
      lo = r << 2;
      hi = lo + 64'd4;
      region = 1'b1;
    end else if (a != 2'd0) begin                         // NAPOT (NA4 when G >= 1)
      for (int b = 0; b < GRAN - 1; b++) r[b] = 1'b1;      // bits G-2:0 read as ones
      k = 0;                                              // trailing ones, one by one
      for (int b = 0; b < AW; b++) if (k == b && r[b]) k = b + 1;
      lo = (r >> (k + 1)) << (k + 3);
      hi = lo + (64'd1 << (k + 3));
      region = 1'b1;
    end
  endfunction

  function automatic logic spec(input logic [ENTRIES*8-1:0] c, input logic [ENTRIES*AW-1:0] ad,
                                input logic [PA_W-1:0] p, input logic t, input logic [1:0] pv, input logic [2:0] nd);
    logic [63:0] first, last, lo, hi;
    logic        has, decided;
    first = {{(64-PA_W){1'b0}}, p};
    last  = first + (t ? 64'd7 : 64'd0);
    spec = pv == `RVMMU_PRIV_M;                           // no match
    decided = 1'b0;
    for (int i = 0; i < ENTRIES; i++) begin
      has = region(c, ad, i, lo, hi);
      if (!decided && has && first < hi && last >= lo) begin  // the lowest entry with any byte
        decided = 1'b1;
        if (!(first >= lo && last < hi)) spec = 1'b0;         // not every byte: fails
        else if (pv == `RVMMU_PRIV_M && !c[8*i+7]) spec = 1'b1;
        else spec = (nd & c[8*i +: 3]) == nd;
      end
    end
  endfunction

  always @* begin
    if (!two || pa[2:0] == 3'd0)
      p_pmp_is_spec: assert(allow == spec(cfg, addr, pa, two, priv, need));
  end
endmodule

`default_nettype wire
