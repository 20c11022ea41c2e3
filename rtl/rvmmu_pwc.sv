// rvmmu_pwc -- page-walk cache: non-leaf PTEs (pointers) of earlier walks.
//
// Fully associative, ENTRIES entries shared by every level, each with a
// level tag. An entry holds a pointer PTE that a walk read and followed:
// the PPN of the next table (the one at level LEVEL, where LEVEL is the
// pointer's own level minus one), tagged with everything the pointer's
// meaning depends on: satp.MODE, the ASID (unless the pointer's own G bit
// is set, which makes every mapping below it global: spec, "Addressing and
// Memory Protection"), and the VPN fields above LEVEL (those that chose the
// pointer, from the root down). satp.PPN is not a tag: a new root under the
// same ASID is the reuse of an ASID, for which the spec requires an
// SFENCE.VMA with rs1=x0 (and the TLB's leaves are not tagged with it
// either).
//
// Lookup: the tags are compared with the next request's key at the edge
// that accepts it (nx_*), and the match bits kept in flip-flops, like the
// TLB's; in the next cycle (the one whose walk may start) a match counts if
// its entry is still valid, and the deepest one (lowest LEVEL, then the
// lowest index) gives the table the walk starts at. Entries cannot change
// between the two edges except by a flush (only valid bits), as no pointer
// is filled in the cycle a request is accepted (rvmmu: h_pwc_no_fill_at_accept).
// With LOOKUPS > 1 (one key per request port, lk_sel_i choosing the one a
// starting walk uses) another port's walk may fill a pointer between a
// key's load and its use: a fill clears every lookup's match bit of the
// slot it writes, so a lookup never answers with an entry written after
// its compare (it misses instead, and the walk starts from the root).
// Fill: the first invalid slot, else a round-robin victim.
// SFENCE.VMA (flush_i: only the rs1=x0 forms reach here): rs2=x0 drops
// every entry, rs2!=x0 the non-global entries of that ASID. The rs1!=x0
// forms order leaf PTEs only (spec, "Supervisor Memory-Management Fence
// Instruction"), and pointers are kept across them (rvmmu says why).
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_pwc #(
    parameter  bit RV64    = 1'b0,                         // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter  int ENTRIES = 4,                            // entries (1 to 16)
    parameter  int LOOKUPS = 1,                            // keys looked up (one per request port: 1 or 2)
    // Derived (rtl/rvmmu_pkg.sv); not parameters.
    localparam int VPN_W   = rvmmu_pkg::vpn_w(RV64),       // virtual page number
    localparam int PPN_W   = rvmmu_pkg::ppn_w(RV64),       // physical page number
    localparam int ASID_W  = rvmmu_pkg::asid_w(RV64),      // satp.ASID
    localparam int IDX_W   = ENTRIES > 1 ? $clog2(ENTRIES) : 1,
    localparam int SEL_W   = LOOKUPS > 1 ? $clog2(LOOKUPS) : 1
) (
    input  logic               clk_i,
    input  logic               rst_ni,
    // the next request's key (key l in bits l*W +: W), compared at the
    // edge when its nx_load_i bit is high
    input  logic [LOOKUPS-1:0]        nx_load_i,
    input  logic [LOOKUPS*VPN_W-1:0]  nx_vpn_i,
    input  logic [LOOKUPS*ASID_W-1:0] nx_asid_i,
    input  logic [LOOKUPS*4-1:0]      nx_mode_i,
    input  logic [SEL_W-1:0]          lk_sel_i,      // the key whose lookup answers
    // this cycle's lookup (of the key loaded at its last nx_load_i)
    output logic               lk_hit_o,
    output logic [2:0]         lk_level_o,    // level of the table the pointer gives
    output logic [PPN_W-1:0]   lk_ppn_o,      // ... and its PPN
    // fill: a pointer the walk follows
    input  logic               fill_i,
    input  logic [VPN_W-1:0]   fill_vpn_i,
    input  logic [2:0]         fill_level_i,  // the level of the table it points to
    input  logic [ASID_W-1:0]  fill_asid_i,
    input  logic [3:0]         fill_mode_i,
    input  logic               fill_g_i,
    input  logic [PPN_W-1:0]   fill_ppn_i,
    // SFENCE.VMA with rs1=x0
    input  logic               flush_i,
    input  logic               flush_rs2_x0_i,
    input  logic [ASID_W-1:0]  flush_asid_i,
    output logic [ENTRIES-1:0] valid_o
);
  localparam int VPNB = rvmmu_pkg::vpnb(RV64);  // bits per VPN field

  logic [ENTRIES-1:0] valid_q, match;
  logic [LOOKUPS*ENTRIES-1:0] match_q;   // lookup l's match bits at l*ENTRIES
  // Flip-flops, entry i at [i*W +: W] (flat vectors: no memory is
  // inferred, every entry is read at once; Yosys 0.23 has no packed arrays).
  logic [ENTRIES*VPN_W-1:0]  e_vpn;    // the VPN, bits below the pointer's fields cleared
  logic [ENTRIES*3-1:0]      e_level;
  logic [ENTRIES*ASID_W-1:0] e_asid;
  logic [ENTRIES*4-1:0]      e_mode;
  logic [ENTRIES-1:0]        e_g;
  logic [ENTRIES*PPN_W-1:0]  e_ppn;
  logic [IDX_W-1:0]   rr_q;

  // The VPN bits that chose a pointer to a table of level lvl: every field
  // above lvl.
  function automatic [VPN_W-1:0] ones_from(input integer n);
    integer k;
    ones_from = '0;
    for (k = 0; k < VPN_W; k = k + 1) if (k >= n) ones_from[k] = 1'b1;
  endfunction
  function automatic [VPN_W-1:0] above(input [2:0] lvl);
    case (lvl)
      3'd0:    above = ones_from(VPNB);
      3'd1:    above = ones_from(2 * VPNB);
      3'd2:    above = ones_from(3 * VPNB);
      default: above = ones_from(4 * VPNB);
    endcase
  endfunction

  logic [IDX_W-1:0] slot;       // the entry a fill writes
  logic             any_free;

  // ---------------------------------------------------------------- lookup
  always_ff @(posedge clk_i) begin
    for (int l = 0; l < LOOKUPS; l++) begin
      if (nx_load_i[l])
        for (int i = 0; i < ENTRIES; i++)
          match_q[l*ENTRIES + i] <= e_mode[i*4 +: 4] == nx_mode_i[l*4 +: 4] &&
                                    (e_g[i] || e_asid[i*ASID_W +: ASID_W] == nx_asid_i[l*ASID_W +: ASID_W]) &&
                                    ((nx_vpn_i[l*VPN_W +: VPN_W] & above(e_level[i*3 +: 3])) == e_vpn[i*VPN_W +: VPN_W]);
      if (LOOKUPS > 1 && fill_i)
        for (int i = 0; i < ENTRIES; i++)
          if (slot == IDX_W'(i)) match_q[l*ENTRIES + i] <= 1'b0;
    end
  end
  generate
    if (LOOKUPS > 1) begin : g_sel
      assign match = match_q[lk_sel_i*ENTRIES +: ENTRIES];
    end else begin : g_one
      assign match = match_q;
      logic unused_sel;
      assign unused_sel = ^lk_sel_i;
    end
  endgenerate

  logic [IDX_W-1:0] lk_idx;  // the entry that answers (read by the formal properties)
  always_comb begin
    lk_hit_o   = 1'b0;
    lk_level_o = '0;
    lk_ppn_o   = '0;
    lk_idx     = '0;
    for (int i = 0; i < ENTRIES; i++)
      if (valid_q[i] && match[i] && (!lk_hit_o || e_level[i*3 +: 3] < lk_level_o)) begin
        lk_hit_o   = 1'b1;
        lk_level_o = e_level[i*3 +: 3];
        lk_ppn_o   = e_ppn[i*PPN_W +: PPN_W];
        lk_idx     = IDX_W'(i);
      end
  end

  // ---------------------------------------------------------------- fill
  always_comb begin
    slot     = rr_q;
    any_free = 1'b0;
    for (int i = ENTRIES - 1; i >= 0; i--)
      if (!valid_q[i]) begin
        slot     = IDX_W'(i);
        any_free = 1'b1;
      end
  end

  // One entry at a time, with constant part-selects: a variable one
  // (slot*VPN_W) becomes a multiplier and a shifter per field on the FPGA.
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < ENTRIES; i++)
      if (fill_i && slot == IDX_W'(i)) begin
        e_vpn[i*VPN_W +: VPN_W]     <= fill_vpn_i & above(fill_level_i);
        e_level[i*3 +: 3]           <= fill_level_i;
        e_asid[i*ASID_W +: ASID_W]  <= fill_asid_i;
        e_mode[i*4 +: 4]            <= fill_mode_i;
        e_g[i]                      <= fill_g_i;
        e_ppn[i*PPN_W +: PPN_W]     <= fill_ppn_i;
      end
  end

  // Valid bits: the flush, then the fill (rvmmu never fills a pointer a
  // flush of the same cycle covers).
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= '0;
      rr_q    <= '0;
    end else begin
      if (flush_i)
        for (int i = 0; i < ENTRIES; i++)
          if (flush_rs2_x0_i || (!e_g[i] && e_asid[i*ASID_W +: ASID_W] == flush_asid_i)) valid_q[i] <= 1'b0;
      if (fill_i) begin
        for (int i = 0; i < ENTRIES; i++)   // (a variable index: a carry chain on the ECP5)
          if (slot == IDX_W'(i)) valid_q[i] <= 1'b1;
        if (!any_free) rr_q <= (rr_q == IDX_W'(ENTRIES - 1)) ? '0 : rr_q + 1'b1;
      end
    end
  end

  assign valid_o = valid_q;
  logic unused_idx;
  assign unused_idx = ^lk_idx;

`ifdef FORMAL
  // ================================================================ formal properties
  // Proven by formal/run.sh, jobs pwc32e2 and pwc64e2 (formal/README.md).
  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  // Each lookup's key, as it arrived on nx_*; f_* that of the lookup
  // answered this cycle (lk_sel_i).
  reg [LOOKUPS-1:0]        f_loaded_a;   // key l loaded since reset
  reg [LOOKUPS*VPN_W-1:0]  f_vpn_a;
  reg [LOOKUPS*ASID_W-1:0] f_asid_a;
  reg [LOOKUPS*4-1:0]      f_mode_a;
  always @(posedge clk_i) begin
    for (int l = 0; l < LOOKUPS; l++) begin
      if (LOOKUPS == 1) f_loaded_a[l] <= rst_ni && nx_load_i[l];
      else if (!rst_ni) f_loaded_a[l] <= 1'b0;
      else if (nx_load_i[l]) f_loaded_a[l] <= 1'b1;
      if (nx_load_i[l]) begin
        f_vpn_a[l*VPN_W +: VPN_W]    <= nx_vpn_i[l*VPN_W +: VPN_W];
        f_asid_a[l*ASID_W +: ASID_W] <= nx_asid_i[l*ASID_W +: ASID_W];
        f_mode_a[l*4 +: 4]           <= nx_mode_i[l*4 +: 4];
      end
    end
  end
  logic              f_loaded;
  logic [VPN_W-1:0]  f_vpn;
  logic [ASID_W-1:0] f_asid;
  logic [3:0]        f_mode;
  logic [SEL_W-1:0]  f_sel;
  assign f_sel    = LOOKUPS > 1 ? lk_sel_i : '0;
  assign f_loaded = f_loaded_a[f_sel];
  assign f_vpn    = f_vpn_a[f_sel*VPN_W +: VPN_W];
  assign f_asid   = f_asid_a[f_sel*ASID_W +: ASID_W];
  assign f_mode   = f_mode_a[f_sel*4 +: 4];

  // An entry a flush covered since it was written: f_cov (the rs1=x0 forms,
  // as the spec gives them: rs2=x0 every entry, else the non-global
  // entries of that ASID).
  reg [ENTRIES-1:0] f_cov;
  always @(posedge clk_i) begin
    for (int i = 0; i < ENTRIES; i++) begin
      if (flush_i && (flush_rs2_x0_i || (!e_g[i] && e_asid[i*ASID_W +: ASID_W] == flush_asid_i))) f_cov[i] <= 1'b1;
      if (fill_i && slot == IDX_W'(i)) f_cov[i] <= 1'b0;
    end
  end

  function automatic f_tag_ok(input [3:0] mode, input [ASID_W-1:0] asid, input [VPN_W-1:0] vpn,
                              input [3:0] e_m, input [ASID_W-1:0] e_a, input e_gl, input [2:0] e_l,
                              input [VPN_W-1:0] e_v);
    f_tag_ok = e_m == mode && (e_gl || e_a == asid) && (vpn & above(e_l)) == e_v;
  endfunction

  // Per entry (vectors, asserted whole below): matches the key; a hit no
  // deeper than it; not covered since written; the match bit fresh; a sane entry.
  logic [ENTRIES-1:0] f_tag, f_deepest, f_uncov, f_sane;
  logic [LOOKUPS*ENTRIES-1:0] f_fresh;
  logic               f_key_ok;
  always @* begin
    for (int i = 0; i < ENTRIES; i++) begin
      f_tag[i]     = valid_q[i] && f_tag_ok(f_mode, f_asid, f_vpn, e_mode[i*4 +: 4], e_asid[i*ASID_W +: ASID_W], e_g[i], e_level[i*3 +: 3], e_vpn[i*VPN_W +: VPN_W]);
      f_deepest[i] = !f_tag[i] || (lk_hit_o && lk_level_o <= e_level[i*3 +: 3]);
      f_uncov[i]   = !valid_q[i] || !f_cov[i];
      // one lookup: the match bit is the compare; several: a match bit
      // set is a compare that still holds (a fill may clear it)
      for (int l = 0; l < LOOKUPS; l++) begin
        f_key_ok = f_tag_ok(f_mode_a[l*4 +: 4], f_asid_a[l*ASID_W +: ASID_W], f_vpn_a[l*VPN_W +: VPN_W],
                            e_mode[i*4 +: 4], e_asid[i*ASID_W +: ASID_W], e_g[i], e_level[i*3 +: 3],
                            e_vpn[i*VPN_W +: VPN_W]);
        f_fresh[l*ENTRIES + i] = !f_loaded_a[l] || (LOOKUPS == 1 ? match_q[l*ENTRIES + i] == f_key_ok
                                                                 : !match_q[l*ENTRIES + i] || f_key_ok);
      end
      f_sane[i]    = !valid_q[i] ||
                     ((RV64 ? (e_mode[i*4 +: 4] == `RVMMU_MODE_SV39 || e_mode[i*4 +: 4] == `RVMMU_MODE_SV48 ||
                               e_mode[i*4 +: 4] == `RVMMU_MODE_SV57) : e_mode[i*4 +: 4] == `RVMMU_MODE_SV32) &&
                      e_level[i*3 +: 3] < rvmmu_pkg::mode_top_level(e_mode[i*4 +: 4]) && e_vpn[i*VPN_W +: VPN_W] == (e_vpn[i*VPN_W +: VPN_W] & above(e_level[i*3 +: 3])));
    end
  end

  always @* begin
    if (f_past_valid && rst_ni) begin
      // ---- no lookup key changes under a fill: none in the cycle of a load
      if (LOOKUPS == 1)
        p_pwc_no_fill_at_load: assert(!(fill_i && nx_load_i[0]));
      // ---- a hit is an entry of the lookup's mode, of its ASID or global,
      // whose VPN fields above its table are the lookup's (no hit across
      // ASIDs or modes), and the deepest such entry
      if (f_loaded && lk_hit_o) begin
        p_pwc_hit_tag:     assert(valid_q[lk_idx] && f_tag_ok(f_mode, f_asid, f_vpn, e_mode[lk_idx*4 +: 4], e_asid[lk_idx*ASID_W +: ASID_W],
                                                              e_g[lk_idx], e_level[lk_idx*3 +: 3], e_vpn[lk_idx*VPN_W +: VPN_W]) &&
                                  lk_level_o == e_level[lk_idx*3 +: 3] && lk_ppn_o == e_ppn[lk_idx*PPN_W +: PPN_W]);
      end
      if (LOOKUPS == 1 && f_loaded)
        p_pwc_hit_deepest: assert(&f_deepest);
      // ---- no entry answers after a flush that covers it
      p_pwc_no_hit_after_flush: assert(&f_uncov);
      // ---- helpers: the match bits are the key's compare; entries hold a
      // table below the top of a mode of the build
      h_pwc_match: assert(&f_fresh);
      h_pwc_entry: assert(&f_sane);
    end
  end

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni) begin
      c_pwc_hit_l0:     cover(f_loaded && lk_hit_o && lk_level_o == 3'd0);
      if (RV64) c_pwc_hit_l1: cover(f_loaded && lk_hit_o && lk_level_o == 3'd1);
      c_pwc_full_fill:  cover(fill_i && !any_free);
      c_pwc_asid_flush: cover(flush_i && !flush_rs2_x0_i && valid_q != '0);
    end
  end
`endif
endmodule

`default_nettype wire
