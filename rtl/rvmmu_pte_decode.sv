// rvmmu_pte_decode -- the one PTE decoder of rvmmu.
//
// Splits a page-table entry into its fields and applies every rule of the
// translation process that depends on the PTE alone (not on the access):
// validity and reserved encodings (step 3), leaf or pointer and the last
// level (step 4), superpage alignment (step 6), and in the RV64 formats the
// reserved bits 60:54, Svpbmt's reserved PBMT=3 and Svnapot's N-bit rules.
// The walker is its only user: the TLB stores the decoded fields of leaves
// that passed these checks.
`default_nettype none

module rvmmu_pte_decode #(
    parameter  bit RV64  = 1'b0,                    // 0: Sv32; 1: Sv39, Sv48 and Sv57
    // Derived from RV64 (rtl/rvmmu_pkg.sv); not parameters.
    localparam int PTE_W = rvmmu_pkg::pte_w(RV64),  // page-table entry
    localparam int PPN_W = rvmmu_pkg::ppn_w(RV64)   // physical page number
) (
    input  logic [PTE_W-1:0] pte_i,
    input  logic [2:0]       level_i,   // level the PTE was read at
    output logic [7:0]       flags_o,   // D A G U X W R V
    output logic [PPN_W-1:0] ppn_o,
    output logic [1:0]       pbmt_o,    // Svpbmt (RV64), 0 in Sv32
    output logic             napot_o,   // Svnapot 64 KiB leaf (RV64)
    output logic             leaf_o,    // R or X set
    output logic             fault_o    // page fault whatever the access
);
  logic v, r, w, x, u, a, d;
  logic n_bit, reserved, misaligned;
  logic [PPN_W-1:0] low;

  logic unused_rsw;  // bits 9:8 are for supervisor software
  assign unused_rsw = ^pte_i[9:8];

  assign flags_o = pte_i[7:0];
  assign {d, a, u, x, w, r, v} = {pte_i[7:6], pte_i[4:0]};
  assign ppn_o = pte_i[10 +: PPN_W];
  assign leaf_o = r | x;

  // Bits of the PPN that a superpage at this level must have zero (step 6).
  rvmmu_page_mask #(.RV64(RV64), .W(PPN_W)) u_mask (
      .level_i(level_i), .napot_i(1'b0), .low_o(low)
  );

  generate
    if (RV64) begin : g_rv64
      assign n_bit  = pte_i[63];
      assign pbmt_o = pte_i[62:61];
      // Step 3, RV64 formats: bits 60:54 reserved; PBMT=3 reserved (Svpbmt);
      // a pointer must have N=0 and PBMT=0; N=1 only on a level-0 leaf whose
      // PPN[3:0] is 1000 (Svnapot: the only defined size is 64 KiB).
      assign reserved = (pte_i[60:54] != 7'd0) || (pte_i[62:61] == 2'd3) ||
                        (!leaf_o && (n_bit || pte_i[62:61] != 2'd0)) ||
                        (leaf_o && n_bit && (level_i != 3'd0 || pte_i[13:10] != 4'b1000));
    end else begin : g_rv32
      assign n_bit    = 1'b0;
      assign pbmt_o   = 2'd0;
      assign reserved = 1'b0;
    end
  endgenerate

  assign napot_o = leaf_o & n_bit;
  assign misaligned = leaf_o && ((ppn_o & low) != '0);

  // Step 3: V=0, or W=1 with R=0, or a reserved encoding. D, A and U are
  // reserved in a pointer (non-leaf) PTE. Step 4: a pointer at level 0.
  // Step 6: a misaligned superpage.
  assign fault_o = !v || (w && !r) || reserved ||
                   (!leaf_o && (d || a || u || level_i == 3'd0)) ||
                   misaligned;
endmodule

`default_nettype wire
