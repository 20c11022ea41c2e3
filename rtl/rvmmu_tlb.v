// rvmmu_tlb -- fully associative TLB with ASID and global tags.
//
// Each of ENTRIES entries holds one leaf translation of any page size: the
// VPN, the leaf level (page size), the Svnapot flag, the ASID, G, the mode it
// was made under, the PPN, the PTE's flag bits and PBMT. A lookup matches an
// entry when the mode is the same, the entry is global or has the lookup's
// ASID, and the VPN bits above the page size agree. A fill first removes
// every entry that overlaps the new one (same mode, a shared ASID or a
// global, intersecting pages), so that at most one entry ever matches a
// lookup; it reuses an overlapping slot, else an invalid one, else the tree
// pseudo-LRU victim. SFENCE.VMA removes entries by the spec's four forms.
// Permission checks are not made here: the hit's flags go to the shared
// checker (rvmmu_perm_check) on every lookup.
module rvmmu_tlb #(
    parameter bit RV64    = 1'b0,
    parameter int ENTRIES = 16,
    // Derived from RV64 and ENTRIES; not to be overridden.
    parameter int VPN_W   = RV64 ? 45 : 20,
    parameter int PPN_W   = RV64 ? 44 : 22,
    parameter int ASID_W  = RV64 ? 16 : 9,
    parameter int IDX_W   = $clog2(ENTRIES)
) (
    input  logic               clk_i,
    input  logic               rst_ni,
    // lookup (combinational)
    input  logic [VPN_W-1:0]   lk_vpn_i,
    input  logic [ASID_W-1:0]  lk_asid_i,
    input  logic [3:0]         lk_mode_i,
    output logic               lk_hit_o,
    output logic [IDX_W-1:0]   lk_idx_o,
    output logic [PPN_W-1:0]   lk_ppn_o,
    output logic [2:0]         lk_level_o,
    output logic               lk_napot_o,
    output logic [7:0]         lk_flags_o,
    output logic [1:0]         lk_pbmt_o,
    input  logic               lk_use_i,     // the hit was used (replacement)
    // fill
    input  logic               fill_i,
    input  logic [VPN_W-1:0]   fill_vpn_i,
    input  logic [2:0]         fill_level_i,
    input  logic               fill_napot_i,
    input  logic [ASID_W-1:0]  fill_asid_i,
    input  logic [3:0]         fill_mode_i,
    input  logic [PPN_W-1:0]   fill_ppn_i,
    input  logic [7:0]         fill_flags_i,  // D A G U X W R V
    input  logic [1:0]         fill_pbmt_i,
    output logic [IDX_W-1:0]   fill_idx_o,    // slot the fill writes
    // SFENCE.VMA
    input  logic               flush_i,
    input  logic               flush_rs1_x0_i, // no VA: every page
    input  logic               flush_rs2_x0_i, // no ASID: every address space
    input  logic [VPN_W-1:0]   flush_vpn_i,
    input  logic [ASID_W-1:0]  flush_asid_i,
    // state, for the monitor
    output logic [ENTRIES-1:0] valid_o
);
  localparam int VPNB = RV64 ? 9 : 10;

  logic [ENTRIES-1:0] valid_q, valid_d;
  logic [ENTRIES-1:0] hit, overlap, covered;
  logic [VPN_W-1:0]   fill_low;
  logic [IDX_W-1:0]   victim;

  // The fill's own page mask, to compare it with each entry's.
  rvmmu_page_mask #(.VPNB(VPNB), .W(VPN_W)) u_fill_mask (
      .level_i(fill_level_i), .napot_i(fill_napot_i), .low_o(fill_low)
  );

  // Per-entry storage and the three comparisons: lookup, overlap, flush.
  logic [ENTRIES*PPN_W-1:0] e_ppn;
  logic [ENTRIES*3-1:0]     e_level;
  logic [ENTRIES-1:0]       e_napot;
  logic [ENTRIES*8-1:0]     e_flags;
  logic [ENTRIES*2-1:0]     e_pbmt;

  genvar gi;
  generate
    for (gi = 0; gi < ENTRIES; gi = gi + 1) begin : g_entry
      logic [VPN_W-1:0]  vpn_q;
      logic [2:0]        level_q;
      logic              napot_q;
      logic [ASID_W-1:0] asid_q;
      logic [3:0]        mode_q;
      logic [PPN_W-1:0]  ppn_q;
      logic [7:0]        flags_q;
      logic [1:0]        pbmt_q;
      logic [VPN_W-1:0]  low;
      logic              g, same_mode;

      rvmmu_page_mask #(.VPNB(VPNB), .W(VPN_W)) u_mask (
          .level_i(level_q), .napot_i(napot_q), .low_o(low)
      );
      assign g = flags_q[5];
      // An RV32 build has only Sv32: the mode tag is constant there.
      assign same_mode = !RV64 || (mode_q == lk_mode_i);

      assign hit[gi] = valid_q[gi] && same_mode && (g || asid_q == lk_asid_i) &&
                       (((vpn_q ^ lk_vpn_i) & ~low) == '0);
      assign overlap[gi] = valid_q[gi] && (!RV64 || mode_q == fill_mode_i) &&
                           (g || fill_flags_i[5] || asid_q == fill_asid_i) &&
                           (((vpn_q ^ fill_vpn_i) & ~(low | fill_low)) == '0);
      // SFENCE.VMA: rs1=x0 selects every page, else the page holding the VA
      // (any VA inside a superpage); rs2=x0 selects every address space,
      // else that ASID's non-global entries only.
      assign covered[gi] = valid_q[gi] &&
                         (flush_rs1_x0_i || (((vpn_q ^ flush_vpn_i) & ~low) == '0)) &&
                         (flush_rs2_x0_i || (!g && asid_q == flush_asid_i));

      always_ff @(posedge clk_i) begin
        if (fill_i && fill_idx_o == gi[IDX_W-1:0]) begin
          vpn_q   <= fill_vpn_i;
          level_q <= fill_level_i;
          napot_q <= fill_napot_i;
          asid_q  <= fill_asid_i;
          mode_q  <= fill_mode_i;
          ppn_q   <= fill_ppn_i;
          flags_q <= fill_flags_i;
          pbmt_q  <= fill_pbmt_i;
        end
      end

      assign e_ppn[gi*PPN_W +: PPN_W] = ppn_q;
      assign e_level[gi*3 +: 3]       = level_q;
      assign e_napot[gi]              = napot_q;
      assign e_flags[gi*8 +: 8]       = flags_q;
      assign e_pbmt[gi*2 +: 2]        = pbmt_q;
    end
  endgenerate

  // Read the (at most one) hitting entry: an AND-OR multiplexer.
  integer i;
  always_comb begin
    lk_hit_o   = |hit;
    lk_idx_o   = '0;
    lk_ppn_o   = '0;
    lk_level_o = '0;
    lk_napot_o = 1'b0;
    lk_flags_o = '0;
    lk_pbmt_o  = '0;
    for (i = 0; i < ENTRIES; i = i + 1) begin
      if (hit[i]) begin
        lk_idx_o   = lk_idx_o | i[IDX_W-1:0];
        lk_ppn_o   = lk_ppn_o | e_ppn[i*PPN_W +: PPN_W];
        lk_level_o = lk_level_o | e_level[i*3 +: 3];
        lk_napot_o = lk_napot_o | e_napot[i];
        lk_flags_o = lk_flags_o | e_flags[i*8 +: 8];
        lk_pbmt_o  = lk_pbmt_o | e_pbmt[i*2 +: 2];
      end
    end
  end

  // Fill slot: the first overlapping entry, else the first invalid one,
  // else the pseudo-LRU victim.
  integer j;
  logic found_ovl, found_inv;
  logic [IDX_W-1:0] first_ovl, first_inv;
  always_comb begin
    found_ovl = 1'b0;
    found_inv = 1'b0;
    first_ovl = '0;
    first_inv = '0;
    for (j = ENTRIES - 1; j >= 0; j = j - 1) begin
      if (overlap[j]) begin
        found_ovl = 1'b1;
        first_ovl = j[IDX_W-1:0];
      end
      if (!valid_q[j]) begin
        found_inv = 1'b1;
        first_inv = j[IDX_W-1:0];
      end
    end
    fill_idx_o = found_ovl ? first_ovl : found_inv ? first_inv : victim;
  end

  rvmmu_plru #(.ENTRIES(ENTRIES)) u_plru (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .touch_i    (fill_i | lk_use_i),
      .touch_idx_i(fill_i ? fill_idx_o : lk_idx_o),
      .victim_o   (victim)
  );

  // Valid bits: a flush and a fill may land on the same edge; the caller
  // never fills a translation that the same flush covers.
  always_comb begin
    valid_d = valid_q;
    if (flush_i) valid_d = valid_d & ~covered;
    if (fill_i) begin
      valid_d = valid_d & ~overlap;
      valid_d[fill_idx_o] = 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) valid_q <= '0;
    else valid_q <= valid_d;
  end

  assign valid_o = valid_q;
endmodule
