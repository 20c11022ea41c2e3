// rvmmu_tlb -- fully associative TLB with ASID and global tags.
//
// Each of ENTRIES entries holds one leaf translation of any page size: the
// VPN, the leaf level (page size), the Svnapot flag, the ASID, G, the mode it
// was made under, the PPN, the PTE's flag bits and PBMT. A lookup matches an
// entry when the mode is the same, the entry is global or has the lookup's
// ASID, and the VPN bits above the page size agree. A fill first removes
// every entry that overlaps the new one (same mode, a shared ASID or a
// global, intersecting pages), so that at most one entry ever matches a
// lookup; it writes the first invalid slot, else the tree pseudo-LRU
// victim, both taken from flip-flops so that the write enables carry no
// comparison. SFENCE.VMA removes entries by the spec's four forms.
// Each entry has its own instance of the one permission checker
// (rvmmu_perm_check) on its stored flags, judged like the tag at the edge
// that takes the lookup and kept beside it; the hit selects its verdict, so
// no comparison or check lies on the path that decides whether the MMU is
// ready for the next request.
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_tlb #(
    parameter  bit RV64    = 1'b0,                         // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter  int ENTRIES = 16,                           // entries, a power of two
    parameter  bit PARITY  = 1'b0,                         // 1: a parity bit per entry, checked on every hit
    // Derived from RV64 and ENTRIES (rtl/rvmmu_pkg.sv); not parameters.
    localparam int VPN_W   = rvmmu_pkg::vpn_w(RV64),       // virtual page number
    localparam int PPN_W   = rvmmu_pkg::ppn_w(RV64),       // physical page number
    localparam int ASID_W  = rvmmu_pkg::asid_w(RV64),      // satp.ASID
    localparam int IDX_W   = rvmmu_pkg::idx_w(ENTRIES)     // entry index
) (
    input  logic               clk_i,
    input  logic               rst_ni,
    // lookup: the key of the lookup made this cycle, and the key of the
    // next one, taken at the edge when nx_load_i is high. The tags are
    // compared with the next key a cycle ahead; the hit is answered from
    // flip-flops this cycle.
    input  logic [VPN_W-1:0]   lk_vpn_i,
    input  logic [ASID_W-1:0]  lk_asid_i,
    input  logic [3:0]         lk_mode_i,
    input  logic               nx_load_i,
    input  logic [VPN_W-1:0]   nx_vpn_i,
    input  logic [ASID_W-1:0]  nx_asid_i,
    input  logic [3:0]         nx_mode_i,
    output logic               lk_hit_o,
    output logic [IDX_W-1:0]   lk_idx_o,
    output logic [PPN_W-1:0]   lk_ppn_o,
    output logic [2:0]         lk_level_o,
    output logic               lk_napot_o,
    output logic [7:0]         lk_flags_o,
    output logic [1:0]         lk_pbmt_o,
    input  logic [1:0]         lk_acc_i,     // the lookup's access, for the permission check
    input  logic [1:0]         lk_priv_i,
    input  logic               lk_sum_i,
    input  logic               lk_mxr_i,
    input  logic [1:0]         nx_acc_i,     // the next lookup's access
    input  logic [1:0]         nx_priv_i,
    input  logic               nx_sum_i,
    input  logic               nx_mxr_i,
    output logic               lk_fault_o,   // rvmmu_perm_check on the hit: a page fault
    output logic               lk_answer_o,  // a hit that answers (no A/D to set)
    input  logic               lk_use_i,     // the hit was used (replacement)
    // fill
    input  logic               fill_i,        // write the entry below
    input  logic               fill_kill_i,   // ... but leave it invalid (a flush covers it)
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
    output logic [ENTRIES-1:0] valid_o,
    output logic               parity_err_o,  // an entry failed its parity check: dropped at this edge
    output logic [IDX_W-1:0]   parity_idx_o   // ... the lowest such entry
);

  logic [ENTRIES-1:0] valid_q, valid_d;
  logic [ENTRIES-1:0] hit, overlap, covered, e_fault, e_answer, fill_slot;
  logic [ENTRIES-1:0] e_fault_nx, e_ad_nx;
  logic [VPN_W-1:0]   fill_low;
  logic [IDX_W-1:0]   victim;
  // PARITY: entries whose tag matches the lookup key but whose parity is
  // bad (never a hit; dropped at the edge). All zero without PARITY.
  logic [ENTRIES-1:0] perr;

  // The fill's own page mask, to compare it with each entry's.
  rvmmu_page_mask #(.RV64(RV64), .W(VPN_W)) u_fill_mask (
      .level_i(fill_level_i), .napot_i(fill_napot_i), .low_o(fill_low)
  );

  // Spec: "Virtual Address Translation Process" -- a TLB entry stands for
  // the leaf PTE of the page holding the VA, made under this satp.MODE and
  // ASID, or G. An entry of page mask e_low matches a lookup key when:
  function automatic logic tag_match(
      input logic [VPN_W-1:0] e_vpn, input logic [VPN_W-1:0] e_low, input logic [ASID_W-1:0] e_asid,
      input logic e_g, input logic [3:0] e_mode,
      input logic [VPN_W-1:0] k_vpn, input logic [ASID_W-1:0] k_asid, input logic [3:0] k_mode);
    tag_match = (!RV64 || e_mode == k_mode) && (e_g || e_asid == k_asid) &&
                (((e_vpn ^ k_vpn) & ~e_low) == '0);
  endfunction

  // The entry being filled, against the next key and the current one, and
  // its permission check for the next access and the current one.
  logic fill_match_nx, fill_match_lk, fill_fault_nx, fill_ad_nx, fill_fault_lk, fill_ad_lk;
  rvmmu_perm_check u_chk_fill_nx (
      .flags_i(fill_flags_i), .acc_i(nx_acc_i), .priv_i(nx_priv_i), .sum_i(nx_sum_i), .mxr_i(nx_mxr_i),
      .fault_o(fill_fault_nx), .ad_o(fill_ad_nx)
  );
  rvmmu_perm_check u_chk_fill_lk (
      .flags_i(fill_flags_i), .acc_i(lk_acc_i), .priv_i(lk_priv_i), .sum_i(lk_sum_i), .mxr_i(lk_mxr_i),
      .fault_o(fill_fault_lk), .ad_o(fill_ad_lk)
  );
  assign fill_match_nx = tag_match(fill_vpn_i, fill_low, fill_asid_i, fill_flags_i[5], fill_mode_i,
                                   nx_vpn_i, nx_asid_i, nx_mode_i);
  assign fill_match_lk = tag_match(fill_vpn_i, fill_low, fill_asid_i, fill_flags_i[5], fill_mode_i,
                                   lk_vpn_i, lk_asid_i, lk_mode_i);

  // A hit answers at once unless the access is allowed but A, or for a
  // store D, must be set (step 7): that one walks again, to fault (Svade)
  // or to set them (Svadu) from the PTE as it is in memory now.
  function automatic logic answers(input logic fault, input logic ad);
    answers = fault || !ad;
  endfunction

  // PARITY: the parity of an entry's fields, every one the lookup, the
  // fill's overlap, the flush or the answer reads (the mode only in RV64:
  // RV32 never compares it, and it is not kept); that of the entry being
  // filled.
  function automatic logic entry_parity(
      input logic [VPN_W-1:0] vpn, input logic [2:0] level, input logic napot, input logic [ASID_W-1:0] asid,
      input logic [3:0] mode, input logic [PPN_W-1:0] ppn, input logic [7:0] flags, input logic [1:0] pbmt);
    entry_parity = ^{vpn, level, napot, asid, ppn, flags, pbmt} ^ (RV64 && ^mode);
  endfunction
  logic fill_par;
  assign fill_par = entry_parity(fill_vpn_i, fill_level_i, fill_napot_i, fill_asid_i, fill_mode_i, fill_ppn_i,
                                 fill_flags_i, fill_pbmt_i);
  generate
    if (!PARITY) begin : g_nofillpar
      logic unused_fill_par;
      assign unused_fill_par = fill_par;
    end
  endgenerate

  // Per-entry storage and the three comparisons: lookup, overlap, flush.
  // An entry's record for the lookup's multiplexer: its index, then its fields.
  localparam int REC_W = IDX_W + PPN_W + 3 + 1 + 8 + 2;
  logic [ENTRIES*REC_W-1:0] e_rec;

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
      logic              g, tag_q, fault_q, answer_q;

      rvmmu_page_mask #(.RV64(RV64), .W(VPN_W)) u_mask (
          .level_i(level_q), .napot_i(napot_q), .low_o(low)
      );
      assign g = flags_q[5];
      assign fill_slot[gi] = fill_i && fill_idx_o == gi[IDX_W-1:0];

      // The tag comparison and the permission check of the lookup, made
      // when its key is taken; a fill into this slot brings its own.
      rvmmu_perm_check u_chk (
          .flags_i(flags_q), .acc_i(nx_acc_i), .priv_i(nx_priv_i), .sum_i(nx_sum_i), .mxr_i(nx_mxr_i),
          .fault_o(e_fault_nx[gi]), .ad_o(e_ad_nx[gi])
      );
      always_ff @(posedge clk_i) begin
        if (nx_load_i) begin
          tag_q    <= fill_slot[gi] ? fill_match_nx : tag_match(vpn_q, low, asid_q, g, mode_q, nx_vpn_i, nx_asid_i, nx_mode_i);
          fault_q  <= fill_slot[gi] ? fill_fault_nx : e_fault_nx[gi];
          answer_q <= fill_slot[gi] ? answers(fill_fault_nx, fill_ad_nx) : answers(e_fault_nx[gi], e_ad_nx[gi]);
        end else if (fill_slot[gi]) begin
          tag_q    <= fill_match_lk;
          fault_q  <= fill_fault_lk;
          answer_q <= answers(fill_fault_lk, fill_ad_lk);
        end
      end

      assign hit[gi] = valid_q[gi] && tag_q && !perr[gi];
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
        if (fill_slot[gi]) begin
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

      // Parity (PARITY=1): par_q is the even parity of the valid bit and
      // every stored field (written at the fill; it flips whenever the
      // valid bit falls, so an upset that sets the valid bit of a dead
      // entry shows), vpar_q that of the verdicts registered for the
      // lookup (written with them). A single upset anywhere in the entry
      // makes one of them wrong; an entry whose tag matches with a wrong
      // parity does not hit and is dropped, so the request walks.
      if (PARITY) begin : g_par
        logic par_q, vpar_q, vpar_d, par_ok, e_par;
        // Upsets of the parity bits themselves: free in the proofs (so that
        // the check, the drop and the no-hit are exercised), 0 otherwise.
        logic up_par, up_vpar;
`ifdef FORMAL
        assign up_par  = $anyseq;
        assign up_vpar = $anyseq;
`else
        assign up_par  = 1'b0;
        assign up_vpar = 1'b0;
`endif
        assign e_par = entry_parity(vpn_q, level_q, napot_q, asid_q, mode_q, ppn_q, flags_q, pbmt_q);
        assign vpar_d = nx_load_i ? (fill_slot[gi] ? fill_match_nx ^ fill_fault_nx ^ answers(fill_fault_nx, fill_ad_nx)
                                                   : tag_match(vpn_q, low, asid_q, g, mode_q, nx_vpn_i, nx_asid_i, nx_mode_i) ^
                                                     e_fault_nx[gi] ^ answers(e_fault_nx[gi], e_ad_nx[gi]))
                                  : (fill_match_lk ^ fill_fault_lk ^ answers(fill_fault_lk, fill_ad_lk));
        always_ff @(posedge clk_i) begin
          if (nx_load_i || fill_slot[gi]) vpar_q <= vpar_d;
          else vpar_q <= vpar_q ^ up_vpar;
          // (reset clears the valid bit; a fill may still write the slot)
          if (!rst_ni) par_q <= fill_slot[gi] ? fill_par : e_par;
          else if (fill_slot[gi]) par_q <= valid_d[gi] ^ fill_par;
          else par_q <= par_q ^ valid_q[gi] ^ valid_d[gi] ^ up_par;
        end
        assign par_ok  = par_q == (valid_q[gi] ^ e_par) &&
                         vpar_q == (tag_q ^ fault_q ^ answer_q);
        assign perr[gi] = valid_q[gi] && tag_q && !par_ok;
      end else begin : g_nopar
        assign perr[gi] = 1'b0;
      end

      assign e_fault[gi]  = fault_q;
      assign e_answer[gi] = answer_q;

      assign e_rec[gi*REC_W +: REC_W] = {IDX_W'(gi), ppn_q, level_q, napot_q, flags_q, pbmt_q};
    end
  endgenerate

  // Read the (at most one) hitting entry: an AND-OR multiplexer over each
  // entry's record (its index and fields, packed by g_entry). A function,
  // because an always_comb that reads what it writes never settles under
  // Icarus.
  function automatic logic [REC_W-1:0] hit_mux(input logic [ENTRIES-1:0] h, input logic [ENTRIES*REC_W-1:0] recs);
    hit_mux = '0;
    for (int k = 0; k < ENTRIES; k = k + 1)
      if (h[k]) hit_mux = hit_mux | recs[k*REC_W +: REC_W];
  endfunction
  assign lk_hit_o    = |hit;
  assign lk_fault_o  = |(hit & e_fault);
  assign lk_answer_o = |(hit & e_answer);
  assign {lk_idx_o, lk_ppn_o, lk_level_o, lk_napot_o, lk_flags_o, lk_pbmt_o} = hit_mux(hit, e_rec);

  // Fill slot, chosen from flip-flops so that no comparison sits in front
  // of the entries' write enables (the iCE40 critical path otherwise): the
  // first entry that was invalid at the last edge, else the pseudo-LRU
  // victim, which rvmmu_plru registers too. The fill invalidates every
  // entry it overlaps and writes this slot. A slot seen invalid a cycle ago
  // is still invalid: only a fill makes an entry valid, and two fills are
  // never on consecutive edges (a walk reads at least one PTE between them;
  // p_tlb_fills_spaced).
  logic             any_inv_d, any_inv_q;
  logic [IDX_W-1:0] inv_slot_d, inv_slot_q;
  always_comb begin
    any_inv_d  = 1'b0;
    inv_slot_d = '0;
    for (int j = ENTRIES - 1; j >= 0; j = j - 1) begin
      if (!valid_q[j]) begin
        any_inv_d  = 1'b1;
        inv_slot_d = j[IDX_W-1:0];
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      any_inv_q  <= 1'b1;
      inv_slot_q <= '0;
    end else begin
      any_inv_q  <= any_inv_d;
      inv_slot_q <= inv_slot_d;
    end
  end

  assign fill_idx_o = any_inv_q ? inv_slot_q : victim;

  rvmmu_plru #(.ENTRIES(ENTRIES)) u_plru (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .touch_i    (fill_i | lk_use_i),
      .touch_idx_i(fill_i ? fill_idx_o : lk_idx_o),
      .victim_o   (victim)
  );

  // Valid bits: a flush and a fill may land on the same edge; the caller
  // never fills a translation that the same flush covers.
  // Each bit on its own: the filled slot is set (unless the fill is
  // killed, when whatever the slot held is gone too), a flushed or
  // overlapped entry cleared.
  // An entry that failed its parity check is dropped too.
  assign valid_d = (fill_slot & {ENTRIES{!fill_kill_i}}) |
                   (valid_q & ~fill_slot & ~({ENTRIES{flush_i}} & covered) & ~({ENTRIES{fill_i}} & overlap) & ~perr);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) valid_q <= '0;
    else valid_q <= valid_d;
  end

  assign valid_o = valid_q;

  // The monitor's view of a parity drop: the lowest failing entry.
  logic [IDX_W-1:0] perr_idx;
  always_comb begin
    perr_idx = '0;
    for (int j = ENTRIES - 1; j >= 0; j = j - 1)
      if (perr[j]) perr_idx = j[IDX_W-1:0];
  end
  assign parity_err_o = |perr;
  assign parity_idx_o = perr_idx;

`ifdef FORMAL
  // ================================================================ formal properties
  // Proven by formal/run.sh (yosys-smtbmc; the table is in formal/README.md).
  // p_* are the properties, h_* helper invariants that make k-induction
  // close, c_* cover statements. Rules written from the spec are in
  // formal/rvmmu_spec.vh.
  `include "rvmmu_spec.vh"

  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;
  reg f_fill_q = 1'b0;
  always @(posedge clk_i) f_fill_q <= fill_i && rst_ni;
  // The last edge filled slot f_ffc_idx under a flush covering the fill.
  reg             f_ffc_q = 1'b0;
  reg [IDX_W-1:0] f_ffc_idx;
  always @(posedge clk_i) begin
    f_ffc_q   <= rst_ni && fill_i && flush_i &&
                 fs_flush_covers(fill_vpn_i, fill_level_i, fill_napot_i, fill_asid_i, fill_flags_i[5],
                                 flush_rs1_x0_i, flush_rs2_x0_i, flush_vpn_i, flush_asid_i, RV64);
    f_ffc_idx <= fill_idx_o;
  end

  logic [ENTRIES-1:0] f_tag_fresh, f_chk_fresh;
  logic [ENTRIES-1:0] f_no_xasid, f_hit_spec, f_tag_kept, f_held_legal, f_lk_read;
  logic [ENTRIES-1:0] f_flushed, f_canon, f_cov_now, f_xasid_miss, f_g_survives;
  logic [ENTRIES*ENTRIES-1:0] f_disjoint;
  logic [44:0] f_lk_vpn, f_fill_vpn, f_flush_vpn;
  logic [15:0] f_lk_asid, f_fill_asid, f_flush_asid;
  assign f_lk_vpn     = lk_vpn_i;
  assign f_fill_vpn   = fill_vpn_i;
  assign f_flush_vpn  = flush_vpn_i;
  assign f_lk_asid    = lk_asid_i;
  assign f_fill_asid  = fill_asid_i;
  assign f_flush_asid = flush_asid_i;

  genvar fi, fj;
  generate
    for (fi = 0; fi < ENTRIES; fi = fi + 1) begin : f_entry
      // What the fill that made this entry was given: its ASID (the
      // request's satp.ASID) and the leaf PTE's G bit.
      reg [ASID_W-1:0] f_asid;
      reg              f_g;
      // The last edge had a flush that covered this entry (spec rules) and
      // did not refill the slot; a global entry stood through an ASID flush.
      reg              f_cov_q, f_gsurv_q;
      logic [44:0]     e_vpn;
      logic [15:0]     e_asid;
      logic [2:0]      e_lvl;
      logic            e_napot, e_g;
      logic [7:0]      e_f;
      assign e_vpn   = g_entry[fi].vpn_q;
      assign e_asid  = f_asid;
      assign e_lvl   = g_entry[fi].level_q;
      assign e_napot = g_entry[fi].napot_q;
      assign e_g     = f_g;
      assign e_f     = g_entry[fi].flags_q;

      always @(posedge clk_i) begin
        if (fill_i && fill_idx_o == fi) begin
          f_asid <= fill_asid_i;
          f_g    <= fill_flags_i[5];
        end
        f_cov_q   <= f_cov_now[fi] && !(fill_i && fill_idx_o == fi);
        f_gsurv_q <= flush_i && flush_rs1_x0_i && !flush_rs2_x0_i && valid_q[fi] && e_g &&
                     e_asid == flush_asid_i && !(fill_i && fill_idx_o == fi);
      end

      // No cross-ASID hit: an entry filled from a G=0 PTE under one ASID
      // matches only lookups under that ASID.
      assign f_no_xasid[fi] = !hit[fi] || e_g || e_asid == lk_asid_i;
      // The registered comparison is the comparison with today's key.
      assign f_tag_fresh[fi] = !valid_q[fi] || g_entry[fi].tag_q ==
          tag_match(g_entry[fi].vpn_q, g_entry[fi].low, g_entry[fi].asid_q, g_entry[fi].g, g_entry[fi].mode_q,
                    lk_vpn_i, lk_asid_i, lk_mode_i);
      // So is the registered permission check (for a translated access).
      assign f_chk_fresh[fi] = !valid_q[fi] || lk_acc_i == 2'd3 ||
          !(lk_priv_i == `RVMMU_PRIV_U || lk_priv_i == `RVMMU_PRIV_S) ||
          (g_entry[fi].fault_q == !fs_perm_ok(e_f, lk_acc_i, lk_priv_i, lk_sum_i, lk_mxr_i) &&
           g_entry[fi].answer_q == (!fs_perm_ok(e_f, lk_acc_i, lk_priv_i, lk_sum_i, lk_mxr_i) ||
                                    fs_ad_ok(e_f, lk_acc_i)));
      // A hit is what the spec calls a match: the VA lies in the entry's
      // page, same mode, global or same ASID.
      assign f_hit_spec[fi] = !hit[fi] ||
          (fs_vpn_in_page(e_vpn, e_lvl, e_napot, f_lk_vpn, RV64) &&
           (!RV64 || g_entry[fi].mode_q == lk_mode_i) && (e_g || e_asid == lk_asid_i));
      // G is never fabricated: the G (and ASID) a stored entry is compared
      // with are the ones its fill was given.
      assign f_tag_kept[fi] = !valid_q[fi] || (g_entry[fi].g == f_g && g_entry[fi].asid_q == f_asid);
      // Only legal leaves are held: V, R or X, no W without R, a level the
      // mode has, Svnapot at level 0 only.
      assign f_held_legal[fi] = !valid_q[fi] ||
          (e_f[0] && (e_f[1] || e_f[3]) && !(e_f[2] && !e_f[1]) &&
           (!e_napot || (RV64 && e_lvl == 3'd0)) &&
           (RV64 ? (fs_levels(g_entry[fi].mode_q) >= 3'd3 && e_lvl < fs_levels(g_entry[fi].mode_q))
                 : e_lvl <= 3'd1));
      // RV64: an entry's VPN is that of a canonical VA of its mode.
      if (RV64) begin : g_canon
        logic [5:0]  top;
        logic [44:0] hi;
        assign top = 6'd9 * fs_levels(g_entry[fi].mode_q) - 6'd1;
        assign hi  = e_vpn >> top;
        assign f_canon[fi] = !valid_q[fi] || hi == '0 || hi == ({45{1'b1}} >> top);
      end else begin : g_nocanon
        assign f_canon[fi] = 1'b1;
      end
      // The lookup returns the matching entry's own fields.
      assign f_lk_read[fi] = !hit[fi] ||
          (lk_idx_o == fi && lk_ppn_o == g_entry[fi].ppn_q && lk_level_o == e_lvl &&
           lk_napot_o == e_napot && lk_flags_o == e_f && lk_pbmt_o == g_entry[fi].pbmt_q);
      // SFENCE.VMA completeness: an entry the spec says the flush covers is
      // gone after the edge, unless that edge refilled the slot.
      assign f_cov_now[fi] = flush_i && valid_q[fi] &&
          fs_flush_covers(e_vpn, e_lvl, e_napot, e_asid, e_g, flush_rs1_x0_i, flush_rs2_x0_i,
                          f_flush_vpn, f_flush_asid, RV64);
      assign f_flushed[fi] = !f_cov_q || !valid_q[fi];
      // For the covers: an entry of another ASID holds the lookup's VA.
      assign f_xasid_miss[fi] = valid_q[fi] && !e_g && e_asid != lk_asid_i &&
          fs_vpn_in_page(e_vpn, e_lvl, e_napot, f_lk_vpn, RV64);
      assign f_g_survives[fi] = f_gsurv_q && valid_q[fi] && hit[fi] && lk_asid_i != e_asid;

      // At most one match needs: no two valid entries overlap (same mode,
      // a shared ASID or a global, intersecting pages).
      for (fj = 0; fj < ENTRIES; fj = fj + 1) begin : f_pair
        if (fj > fi) begin : g_p
          assign f_disjoint[fi*ENTRIES+fj] = !(valid_q[fi] && valid_q[fj] &&
              (!RV64 || g_entry[fi].mode_q == g_entry[fj].mode_q) &&
              (f_entry[fi].f_g || f_entry[fj].f_g || f_entry[fi].f_asid == f_entry[fj].f_asid) &&
              (fs_vpn_in_page(f_entry[fi].e_vpn, f_entry[fi].e_lvl, f_entry[fi].e_napot, f_entry[fj].e_vpn, RV64) ||
               fs_vpn_in_page(f_entry[fj].e_vpn, f_entry[fj].e_lvl, f_entry[fj].e_napot, f_entry[fi].e_vpn, RV64)));
        end else begin : g_n
          assign f_disjoint[fi*ENTRIES+fj] = 1'b1;
        end
      end
    end
  endgenerate

  logic [7:0] f_fill_f;
  assign f_fill_f = fill_flags_i;

  always @* begin
    if (f_past_valid) begin
      p_tlb_one_match:     assert($onehot0(hit));
      p_tlb_no_cross_asid: assert(&f_no_xasid);
      p_tlb_hit_is_match:  assert(&f_hit_spec);
      p_tlb_g_not_fabricated: assert(&f_tag_kept);
      p_tlb_holds_legal:   assert(&f_held_legal);
      p_tlb_lookup_fields: assert(&f_lk_read);
      p_tlb_flush_complete: assert(&f_flushed);
      h_tlb_disjoint:      assert(&f_disjoint);
      h_tlb_tag_fresh:     assert(&f_tag_fresh);
      h_tlb_chk_fresh:     assert(&f_chk_fresh);
      // The fill slot comes from last cycle's valid bits (see above).
      if (f_fill_q) p_tlb_fills_spaced: assert(!fill_i);
      h_tlb_canonical:     assert(&f_canon);
      // The race: an entry filled at the edge of a flush that covers it
      // is not valid after that edge.
      if (f_ffc_q)
        p_tlb_fill_not_flushed: assert(!valid_q[f_ffc_idx]);
    end
  end

  // PARITY: the proofs upset the parity bits themselves (up_par, up_vpar:
  // free inputs under FORMAL) and track which are flipped (f_pflip,
  // f_vflip, until the bit is written again). The stored parity is always
  // that of what the entry holds, but for those flips; an entry fails its
  // check only when a bit of it is flipped (parity never drops a good
  // entry, and every other property holds with it), and always when one is
  // and its tag matches; an entry that fails it never hits and is gone
  // after the edge. Upsets of the fields are measured by the
  // fault-injection campaign (tb/inject.c); the parity over them is
  // written here a second time (f_par_cons), so a parity over fewer bits
  // fails h_tlb_parity_consistent.
  genvar fp;
  generate
    if (PARITY) begin : f_par
      logic [ENTRIES-1:0] f_par_cons, f_perr_no_hit, f_perr_true, f_perr_found;
      reg   [ENTRIES-1:0] f_perr_q = '0, f_pflip = '0, f_vflip = '0;
      for (fp = 0; fp < ENTRIES; fp = fp + 1) begin : f_pe
        always @(posedge clk_i) begin
          if (!rst_ni || fill_slot[fp]) f_pflip[fp] <= 1'b0;
          else if (g_entry[fp].g_par.up_par) f_pflip[fp] <= !f_pflip[fp];
          if (nx_load_i || fill_slot[fp]) f_vflip[fp] <= 1'b0;
          else if (g_entry[fp].g_par.up_vpar) f_vflip[fp] <= !f_vflip[fp];
        end
        assign f_par_cons[fp] =
            g_entry[fp].g_par.par_q == (f_pflip[fp] ^ valid_q[fp] ^
                                        (^{g_entry[fp].vpn_q, g_entry[fp].level_q, g_entry[fp].napot_q,
                                           g_entry[fp].asid_q, g_entry[fp].ppn_q, g_entry[fp].flags_q,
                                           g_entry[fp].pbmt_q}) ^ (RV64 && ^g_entry[fp].mode_q)) &&
            (!valid_q[fp] || g_entry[fp].g_par.vpar_q ==
                             (f_vflip[fp] ^ g_entry[fp].tag_q ^ g_entry[fp].fault_q ^ g_entry[fp].answer_q));
        assign f_perr_no_hit[fp] = !perr[fp] || !hit[fp];
        // an error only on a flipped bit, and found on every matching entry
        assign f_perr_true[fp]  = !perr[fp] || f_pflip[fp] || f_vflip[fp];
        assign f_perr_found[fp] = !(valid_q[fp] && g_entry[fp].tag_q && (f_pflip[fp] || f_vflip[fp])) || perr[fp];
      end
      always @(posedge clk_i) f_perr_q <= perr & ~fill_slot;
      always @* begin
        if (f_past_valid) begin
          h_tlb_parity_consistent:    assert(&f_par_cons);
          p_tlb_parity_no_false_drop: assert(&f_perr_true);
          p_tlb_parity_detects:       assert(&f_perr_found);
          p_tlb_parity_error_no_hit:  assert(&f_perr_no_hit);
          p_tlb_parity_drops:         assert((f_perr_q & valid_q) == '0);
        end
      end
      always @(posedge clk_i) begin
        if (f_past_valid && rst_ni) begin
          c_tlb_parity_drop:     cover(|perr);
        end
      end
    end
  endgenerate

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni) begin
      c_tlb_eviction:      cover(fill_i && overlap == '0 && valid_q == '1);
      c_tlb_flush_all:     cover(|f_cov_now && flush_rs1_x0_i && flush_rs2_x0_i);
      c_tlb_flush_asid:    cover(|f_cov_now && flush_rs1_x0_i && !flush_rs2_x0_i);
      c_tlb_flush_va:      cover(|f_cov_now && !flush_rs1_x0_i && flush_rs2_x0_i);
      c_tlb_flush_va_asid: cover(|f_cov_now && !flush_rs1_x0_i && !flush_rs2_x0_i);
      c_tlb_global_survives_asid_flush: cover(|f_g_survives);
      c_tlb_other_asid_misses: cover(fill_i && |f_xasid_miss);
    end
  end
`endif
endmodule

`default_nettype wire
