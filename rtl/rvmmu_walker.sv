// rvmmu_walker -- the page-table walker with what it shares: its PMP check
// and the page-walk cache.
//
// One walk at a time, for whichever port was granted it (rvmmu's arbiter;
// with one port, that port). start_i starts a walk with the context on the
// ctx inputs, which the port holds until done_o; the leaf's permission
// verdict comes back from that port's checker (chk_fault_i, chk_ad_i), as
// the leaf is judged against its request. The walker's memory requests are
// checked by the PMP at S mode ("PMP checks are also applied to page-table
// accesses for virtual-address translation, for which the effective
// privilege mode is S", spec "Physical Memory Protection"); a refused
// request is not issued and the walk ends in an access fault.
//
// The page-walk cache (PWC_ENTRIES > 0, rtl/rvmmu_pwc.sv) looks each port's
// next request up at the edge that accepts it (nx_*: one key per port), so
// that a walk starts at the deepest cached table at once; lk_sel_i says
// whose lookup the starting walk uses.
//
// The second-level TLB (L2_ENTRIES > 0, rtl/rvmmu_l2tlb.sv) holds the
// leaves of earlier walks in block RAM: a walk looks it up first, and a hit
// ends the walk without a memory access; a miss then walks, and a walk's
// leaf fills it.
//
// Timing: an L-level walk (L' levels below a cached pointer) ends
// L*(LAT+1) cycles after start_i with memory latency LAT, and one walk
// more per failed A/D swap; with the L2 TLB, 2 cycles later (its lookup),
// and an L2 hit ends 2 cycles after start_i, when the L2 TLB read the
// walk's set at the edge before start_i (its prefetch of port 0's request,
// else port 1's: a walk started in the cycle after its request was
// accepted); else 4 (both 2 cycles later). done_o is combinational from
// the last memory response (an L2 hit: from flip-flops).
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_walker #(
    parameter  bit RV64        = 1'b0,                      // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter  int PMP_ENTRIES = 16,                        // PMP entries on the walker's requests (0: none)
    parameter  int PMP_GRAN    = 0,                         // PMP grain G (2^(G+2) bytes)
    parameter  int PWC_ENTRIES = 0,                         // page-walk cache entries (0: none; 1 to 16)
    parameter  int PORTS       = 1,                         // ports that look the walk cache up (1 or 2)
    parameter  int L2_ENTRIES  = 0,                         // L2 TLB entries for 4 KiB pages (0: no L2 TLB; 16 to 2048)
    parameter  int L2_WAYS     = 4,                         // ... its ways (1, 2, 4, 8)
    parameter  int L2_SP       = 2,                         // ... its superpage entries (levels >= 1, flip-flops, 1 to 16)
    // Derived (rtl/rvmmu_pkg.sv); not parameters.
    localparam int PA_W    = rvmmu_pkg::pa_w(RV64),         // physical address
    localparam int PTE_W   = rvmmu_pkg::pte_w(RV64),        // page-table entry
    localparam int ASID_W  = rvmmu_pkg::asid_w(RV64),       // satp.ASID
    localparam int VPN_W   = rvmmu_pkg::vpn_w(RV64),        // virtual page number
    localparam int PPN_W   = rvmmu_pkg::ppn_w(RV64),        // physical page number
    localparam int PMP_AW  = rvmmu_pkg::pa_w(RV64) - 2,     // pmpaddr: PA bits PA_W-1:2
    localparam int PMP_CFG_W  = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * 8,       // pmpcfg_i
    localparam int PMP_ADDR_W = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * PMP_AW,  // pmpaddr_i
    localparam int SEL_W   = PORTS > 1 ? $clog2(PORTS) : 1  // lk_sel_i
) (
    input  logic               clk_i,
    input  logic               rst_ni,

    // The walk: started with start_i; busy_i while it runs after that cycle
    // (the owner's request stage is walking); the context held meanwhile.
    input  logic               start_i,
    input  logic               busy_i,
    input  logic [VPN_W-1:0]   vpn_i,
    input  logic [3:0]         mode_i,
    input  logic [ASID_W-1:0]  asid_i,
    input  logic [PPN_W-1:0]   root_i,
    input  logic [2:0]         top_level_i,   // the mode's top level
    input  logic [1:0]         acc_i,         // read only after the start's cycle (step 7, the swap)
    input  logic               adue_i,        // ... likewise
    input  logic               chk_fault_i,   // the owner's checker on leaf_flags_o
    input  logic               chk_ad_i,

    // The walk cache's lookups: each port's next key, loaded when it
    // accepts a request; lk_sel_i picks the one a starting walk uses.
    input  logic [PORTS-1:0]        nx_valid_i,   // each port's request input is valid (the L2 TLB's prefetch)
    input  logic [PORTS-1:0]        nx_load_i,
    input  logic [PORTS*VPN_W-1:0]  nx_vpn_i,
    input  logic [PORTS*ASID_W-1:0] nx_asid_i,
    input  logic [PORTS*4-1:0]      nx_mode_i,
    input  logic [SEL_W-1:0]        lk_sel_i,

    // SFENCE.VMA: the walk cache takes the rs1=x0 forms, the L2 TLB all;
    // sfence_valid_i only when sfence_ready_o (the L2 TLB sweeps its block
    // RAM after an rs1=x0 form; always 1 without it).
    input  logic               sfence_valid_i,
    output logic               sfence_ready_o,
    input  logic               sfence_rs1_x0_i,
    input  logic               sfence_rs2_x0_i,
    input  logic [VPN_W-1:0]   sfence_vpn_i,
    input  logic [ASID_W-1:0]  sfence_asid_i,

    // The PMP CSRs.
    input  logic [PMP_CFG_W-1:0]  pmpcfg_i,
    input  logic [PMP_ADDR_W-1:0] pmpaddr_i,

    // The walk's result (with done_o).
    output logic               done_o,
    output logic               fault_o,
    output logic               afault_o,      // ... an access fault (bus error or PMP)
    output logic [PPN_W-1:0]   ppn_o,
    output logic [2:0]         level_o,
    output logic               napot_o,
    output logic [7:0]         flags_o,       // D A G U X W R V (also while the leaf is judged)
    output logic [1:0]         pbmt_o,
    output logic               l2_hit_o,      // ... the leaf came from the L2 TLB (no memory access)

    // Walker memory port (rvmmu's mem_*).
    output logic               mem_req_valid_o,
    input  logic               mem_req_ready_i,
    output logic [PA_W-1:0]    mem_req_addr_o,
    output logic               mem_req_cas_o,
    output logic [PTE_W-1:0]   mem_req_cmp_o,
    output logic [PTE_W-1:0]   mem_req_wdata_o,
    input  logic               mem_rsp_valid_i,
    input  logic [PTE_W-1:0]   mem_rsp_data_i,
    input  logic               mem_rsp_err_i,

    // Monitor and the formal properties' view.
    output logic [2:0]         state_o,       // RVMMU_PTW_*
    output logic               look_o,        // the L2 TLB lookup of a walk runs (state_o is IDLE then)
    output logic               ptr_o,         // the walk follows a pointer PTE
    output logic               pwc_hit_o,     // the selected lookup hit the walk cache
    output logic [2:0]         pwc_level_o,   // ... the level of the table its pointer gives
    output logic [2:0]         start_level_o, // the level a starting walk reads first
    output logic [PPN_W-1:0]   start_ppn_o,   // ... and that table's PPN
    output logic               pwc_fill_o,    // a pointer is written into the walk cache
    output logic               pwc_stale_o,   // the walk's pointers may be stale (a covering fence came)
    output logic               pmp_chk_o,     // the PMP judges a request to be issued
    output logic               pmp_allow_o    // ... and allows it
);
  // ---------------------------------------------------------------- PMP
  // A PTE read needs R (translation step 2), the A/D swap R and W (step 7:
  // it reads the PTE again and stores it); the walker does not issue a
  // refused request and ends in an access fault, as for a bus error.
  logic ptw_pmp_allow, ptw_pmp_chk;
  rvmmu_pmp #(.RV64(RV64), .ENTRIES(PMP_ENTRIES), .GRAN(PMP_GRAN)) u_pmp_ptw (
      .cfg_i      (pmpcfg_i),
      .addr_i     (pmpaddr_i),
      .valid_i    (ptw_pmp_chk),
      .pa_i       (mem_req_addr_o),
      .two_words_i(RV64),
      .priv_i     (`RVMMU_PRIV_S),
      .need_i     ({1'b0, mem_req_cas_o, 1'b1}),
      .allow_o    (ptw_pmp_allow)
  );
  assign pmp_chk_o   = ptw_pmp_chk;
  assign pmp_allow_o = ptw_pmp_allow;

  // ---------------------------------------------------------------- page-walk cache
  // PWC_ENTRIES > 0: a walk starts at the table the deepest cached pointer
  // for its VA, mode and ASID gives (rtl/rvmmu_pwc.sv), so an L-level walk
  // whose upper pointers are cached reads only L' levels and ends
  // L'*(LAT+1) cycles after it starts (no cycle added: the tags are
  // compared at the edge that accepts the request, like the TLB's).
  // Pointers are filled as the walk follows them (their own G bit makes
  // them global), never after a restart from the root (a failed A/D swap)
  // so that no pointer is held twice, and never in or after the cycle of an
  // SFENCE.VMA with rs1=x0 that may cover the walk's ASID (G assumed clear):
  // a pointer read before that fence may be stale. The rs1!=x0 forms order
  // only the leaf PTEs of a VA (spec, "Supervisor Memory-Management Fence
  // Instruction"), so the pointers are kept across them: software that
  // changes a non-leaf PTE must fence with rs1=x0, as the spec says, and a
  // pointer rewritten with only a rs1!=x0 fence may still be used (the
  // scoreboard allows exactly that staleness). Dropping them instead would
  // make every VA fence of an OS (one per unmapped page) empty the cache.
  logic             pwc_hit, pwc_fill, pwc_cov;
  logic [2:0]       pwc_level;
  logic [PPN_W-1:0] pwc_ppn;
  logic             walk_ptr, walk_done;
  // The page-table walk proper (rvmmu_ptw): started at once, or after the
  // L2 TLB's lookup missed, from the table given then.
  logic             ptw_start, ptw_done, ptw_fault, ptw_afault, ptw_napot;
  logic [PPN_W-1:0] ptw_ppn, ptw_start_ppn;
  logic [2:0]       ptw_level, ptw_start_level;
  logic [7:0]       ptw_flags;
  logic [1:0]       ptw_pbmt;
  logic             pwc_stale_q, pwc_again_q;
  assign pwc_cov = sfence_valid_i && sfence_rs1_x0_i && (sfence_rs2_x0_i || sfence_asid_i == asid_i);
  generate
    if (PWC_ENTRIES > 0) begin : g_pwc
      logic [PWC_ENTRIES-1:0] pwc_valid;
      // A pointer read in this walk may be stale once a covering fence came;
      // a walk that starts again from the root fills nothing more.
      always_ff @(posedge clk_i) begin
        if (start_i) begin
          pwc_stale_q <= pwc_cov;
          pwc_again_q <= 1'b0;
        end else if (busy_i) begin
          pwc_stale_q <= pwc_stale_q || pwc_cov;
          if (state_o == `RVMMU_PTW_CAS_CHK && !ptw_done) pwc_again_q <= 1'b1;
        end
      end
      assign pwc_fill = busy_i && walk_ptr && !pwc_stale_q && !pwc_again_q && !pwc_cov;

      rvmmu_pwc #(.RV64(RV64), .ENTRIES(PWC_ENTRIES), .LOOKUPS(PORTS)) u_pwc (
          .clk_i         (clk_i),
          .rst_ni        (rst_ni),
          .nx_load_i     (nx_load_i),
          .nx_vpn_i      (nx_vpn_i),
          .nx_asid_i     (nx_asid_i),
          .nx_mode_i     (nx_mode_i),
          .lk_sel_i      (lk_sel_i),
          .lk_hit_o      (pwc_hit),
          .lk_level_o    (pwc_level),
          .lk_ppn_o      (pwc_ppn),
          .fill_i        (pwc_fill),
          .fill_vpn_i    (vpn_i),
          .fill_level_i  (ptw_level - 3'd1),
          .fill_asid_i   (asid_i),
          .fill_mode_i   (mode_i),
          .fill_g_i      (ptw_flags[5]),
          .fill_ppn_i    (ptw_ppn),
          .flush_i       (sfence_valid_i && sfence_rs1_x0_i),
          .flush_rs2_x0_i(sfence_rs2_x0_i),
          .flush_asid_i  (sfence_asid_i),
          .valid_o       (pwc_valid)
      );
      logic unused_pwc;
      assign unused_pwc = ^pwc_valid;
    end else begin : g_nopwc
      logic unused_pwc;
      assign unused_pwc = ^{walk_ptr, pwc_cov, pwc_fill, pwc_stale_q, pwc_again_q, nx_load_i, nx_vpn_i,
                            nx_asid_i, nx_mode_i, lk_sel_i, sfence_rs2_x0_i, busy_i};
      assign pwc_stale_q = 1'b0;
      assign pwc_again_q = 1'b0;
      assign pwc_hit   = 1'b0;
      assign pwc_level = '0;
      assign pwc_ppn   = '0;
      assign pwc_fill  = 1'b0;
    end
  endgenerate
  assign start_ppn_o   = pwc_hit ? pwc_ppn   : root_i;
  assign start_level_o = pwc_hit ? pwc_level : top_level_i;
  assign pwc_hit_o     = pwc_hit;
  assign pwc_level_o   = pwc_level;
  assign pwc_fill_o    = pwc_fill;
  assign pwc_stale_o   = pwc_stale_q;
  assign ptr_o         = walk_ptr;
  assign done_o        = walk_done;

  // ---------------------------------------------------------------- second-level TLB
  // L2_ENTRIES > 0: the walk first looks its VA up in the L2 TLB
  // (rtl/rvmmu_l2tlb.sv: 4 KiB pages in block RAM, set associative;
  // superpages and Svnapot pages in a few flip-flop entries), tagged like
  // the L1 TLBs (mode, ASID unless G, the VPN above the page's size). The
  // lookup starts with start_i and answers 2 cycles later:
  //  - a hit whose PTE needs no A/D update for this access (A set, and D
  //    set for a store; step 7) ends the walk then, without a memory
  //    access: the leaf goes to the port's checker as a walk's would, and
  //    into its L1 TLB. A hit that needs an update is taken as a miss (the
  //    walk does step 7 on the PTE in memory).
  //  - a miss starts the page-table walk then, from the table the walk
  //    cache gave at start_i (held; a pointer the walk cache had at
  //    start_i is legal for this request even if a fence drops it since:
  //    the request came before the fence).
  // A walk that ends without a fault fills the L2 TLB with its leaf, unless
  // an SFENCE.VMA came since start_i (the leaf may be stale: the rule the
  // L1 applies to covering fences, applied to every fence) or the lookup
  // was skipped. An SFENCE.VMA with rs1=x0 sweeps the block RAM set by set
  // after the fence: meanwhile sfence_ready_o is low (the next fence waits)
  // and walks skip the lookup (they walk 2 cycles later, as on a miss, and
  // fill nothing), so no entry the fence covers is ever used after it. The rs1!=x0 forms clear
  // their VA's set at once (more than the spec asks: dropping is legal).
  generate
    if (L2_ENTRIES > 0) begin : g_l2
      logic             lk_ready, lk_valid, rs_valid, rs_hit, rs_napot, fill, l2_use;
      logic [PPN_W-1:0] rs_ppn, start_ppn_q;
      logic [2:0]       rs_level, start_level_q;
      logic [7:0]       rs_flags;
      logic [1:0]       rs_pbmt;
      logic             looked_q, fenced_q, sweep;
      logic [1:0]       started_q;   // a walk started (looked up or skipped the lookup), 1 and 2 cycles ago
      logic             lk_wait_q;   // its lookup runs (S+1 to the answer's cycle)
      logic [VPN_W-1:0] pr_vpn;      // the VPN the L2 TLB prefetches: port 0's request, else port 1's
      assign lk_valid = start_i && lk_ready;
      assign pr_vpn   = (PORTS == 1 || nx_valid_i[0]) ? nx_vpn_i[0 +: VPN_W] : nx_vpn_i[(PORTS-1)*VPN_W +: VPN_W];
      // A hit is used when step 7 would leave the PTE as it is.
      assign l2_use   = rs_valid && rs_hit && rs_flags[6] && (acc_i != `RVMMU_ACC_STORE || rs_flags[7]);
      always_ff @(posedge clk_i) begin
        if (!rst_ni) started_q <= '0;
        else         started_q <= {started_q[0], start_i};
      end
      assign look_o = lk_wait_q || (!looked_q && |started_q);
      always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
          looked_q  <= 1'b0;
          lk_wait_q <= 1'b0;
          fenced_q  <= 1'b0;
        end else if (start_i) begin
          looked_q  <= lk_valid;
          lk_wait_q <= lk_valid;
          fenced_q  <= sfence_valid_i;
        end else begin
          if (rs_valid)       lk_wait_q <= 1'b0;
          if (sfence_valid_i) fenced_q  <= 1'b1;
        end
      end
      // The table the walk cache gave at start_i, for a walk started later.
      always_ff @(posedge clk_i) begin
        if (start_i) begin
          start_ppn_q   <= start_ppn_o;
          start_level_q <= start_level_o;
        end
      end
      // The page-table walk starts when the lookup answers a miss (2 or 4
      // cycles after start_i), or 2 cycles after a skipped one: from
      // registers only, so no path runs from the L1 TLBs' lookups into the
      // walk's first request.
      assign ptw_start       = (rs_valid && !l2_use) || (started_q[1] && !looked_q);
      assign ptw_start_ppn   = start_ppn_q;
      assign ptw_start_level = start_level_q;
      assign fill = ptw_done && !ptw_fault && looked_q && !fenced_q && !sfence_valid_i;

`ifdef FORMAL
      logic              f_pend;
      logic              f_answered;
      logic [VPN_W-1:0]  f_key_vpn;
      logic [3:0]        f_key_mode;
      logic [ASID_W-1:0] f_key_asid;
`endif
      rvmmu_l2tlb #(.RV64(RV64), .ENTRIES(L2_ENTRIES), .WAYS(L2_WAYS), .SP_ENTRIES(L2_SP)) u_l2 (
          .clk_i, .rst_ni,
          .lk_valid_i  (lk_valid),
          .lk_ready_o  (lk_ready),
          .lk_vpn_i    (vpn_i),
          .lk_mode_i   (mode_i),
          .lk_asid_i   (asid_i),
          .pr_vpn_i    (pr_vpn),
          .rs_valid_o  (rs_valid),
          .rs_hit_o    (rs_hit),
          .rs_ppn_o    (rs_ppn),
          .rs_level_o  (rs_level),
          .rs_napot_o  (rs_napot),
          .rs_flags_o  (rs_flags),
          .rs_pbmt_o   (rs_pbmt),
          .fl_valid_i  (fill),
          .fl_vpn_i    (vpn_i),
          .fl_mode_i   (mode_i),
          .fl_asid_i   (asid_i),
          .fl_level_i  (ptw_level),
          .fl_napot_i  (ptw_napot),
          .fl_ppn_i    (ptw_ppn),
          .fl_flags_i  (ptw_flags),
          .fl_pbmt_i   (ptw_pbmt),
          .fc_valid_i  (sfence_valid_i),
          .fc_ready_o  (sfence_ready_o),
          .fc_rs1_x0_i (sfence_rs1_x0_i),
          .fc_rs2_x0_i (sfence_rs2_x0_i),
          .fc_vpn_i    (sfence_vpn_i),
          .fc_asid_i   (sfence_asid_i),
          .mon_sweep_o (sweep)
`ifdef FORMAL
          , .f_pend_o     (f_pend)
          , .f_answered_o (f_answered)
          , .f_key_vpn_o  (f_key_vpn)
          , .f_key_mode_o (f_key_mode)
          , .f_key_asid_o (f_key_asid)
`endif
      );
      // The walk's result: the L2 TLB's leaf (judged by the port's checker:
      // a page fault only, its A/D need no update), else the walk's. The
      // leaf is the L2 TLB's in the cycle it answers (rs_valid, a flip-flop:
      // the page-table walk is idle then), not on the hit: the walk's own
      // check, its end and the fills it makes then do not wait for the L2
      // TLB's tag compare, nor the multiplexer for a decode of the walk's state.
      logic l2_leaf;
      assign l2_leaf   = rs_valid;
      assign walk_done = l2_use || ptw_done;
      assign fault_o   = l2_use ? chk_fault_i : ptw_fault;
      assign afault_o  = !l2_use && ptw_afault;
      assign ppn_o     = l2_leaf ? rs_ppn   : ptw_ppn;
      assign level_o   = l2_leaf ? rs_level : ptw_level;
      assign napot_o   = l2_leaf ? rs_napot : ptw_napot;
      assign flags_o   = l2_leaf ? rs_flags : ptw_flags;
      assign pbmt_o    = l2_leaf ? rs_pbmt  : ptw_pbmt;
      assign l2_hit_o  = l2_use;
      logic unused_l2;
      assign unused_l2 = ^{sweep, nx_valid_i};
`ifdef FORMAL
      // ---- helper invariants of the lookup phase (rvmmu's proofs with
      // L2_ENTRIES > 0, formal/run.sh l2mmu32/l2mmu64): one walk, whose
      // page-table walk has not started; the lookup runs (and answers) as
      // long as the L2 TLB has it in flight; the table it will start from
      // is the root at the top level, or a lower level's (the walk cache's).
      `include "rvmmu_spec.vh"
      always @* begin
        if (rst_ni && look_o) begin
          h_wk_look:      assert(busy_i && state_o == `RVMMU_PTW_IDLE && started_q != 2'b11 && !start_i);
          h_wk_look_mode: assert(fs_levels(mode_i) != 3'd0 && (RV64 ? fs_levels(mode_i) >= 3'd3 : 1'b1) &&
                                 start_level_q <= fs_levels(mode_i) - 3'd1 &&
                                 (start_level_q != fs_levels(mode_i) - 3'd1 || start_ppn_q == root_i));
        end
        if (rst_ni)
          h_wk_look_rs:   assert(lk_wait_q == f_pend && (!lk_wait_q || looked_q) && (!rs_valid || lk_wait_q) &&
                                 (!(|started_q) || looked_q || !f_pend));
        // a page-table walk after a lookup: the L2 TLB has answered that
        // lookup, of this walk's key, and takes a fill; no sweep runs
        // unless a fence came since the lookup
        if (rst_ni && state_o != `RVMMU_PTW_IDLE && looked_q)
          h_wk_fill_ready: assert(f_answered && f_key_vpn == vpn_i && f_key_mode == mode_i && f_key_asid == asid_i);
        if (rst_ni && (look_o || state_o != `RVMMU_PTW_IDLE) && looked_q && !fenced_q)
          h_wk_no_sweep:   assert(!sweep);
      end
      always @(posedge clk_i) begin
        if (rst_ni) begin
          c_wk_l2_hit:          cover(l2_use && !chk_fault_i);             // a walk answered from the L2 TLB
          c_wk_l2_clean_walks:  cover(rs_valid && rs_hit && !l2_use);       // a hit that needs step 7 walks
          c_wk_l2_fill:         cover(fill);
          c_wk_l2_skip:         cover(started_q[1] && !looked_q);          // a walk during a sweep
        end
      end
`endif
    end else begin : g_nol2
      assign ptw_start       = start_i;
      assign look_o          = 1'b0;
      assign ptw_start_ppn   = start_ppn_o;
      assign ptw_start_level = start_level_o;
      assign walk_done = ptw_done;
      assign fault_o   = ptw_fault;
      assign afault_o  = ptw_afault;
      assign ppn_o     = ptw_ppn;
      assign level_o   = ptw_level;
      assign napot_o   = ptw_napot;
      assign flags_o   = ptw_flags;
      assign pbmt_o    = ptw_pbmt;
      assign l2_hit_o  = 1'b0;
      assign sfence_ready_o = 1'b1;
      logic unused_l2;
      assign unused_l2 = ^{sfence_vpn_i, nx_valid_i};
    end
  endgenerate

  // ---------------------------------------------------------------- the walker
  rvmmu_ptw #(.RV64(RV64)) u_ptw (
      .clk_i          (clk_i),
      .rst_ni         (rst_ni),
      .start_i        (ptw_start),
      .vpn_i          (vpn_i),
      .mode_i         (mode_i),
      .root_ppn_i     (root_i),
      .start_ppn_i    (ptw_start_ppn),
      .start_level_i  (ptw_start_level),
      .acc_i          (acc_i),
      .adue_i         (adue_i),
      .leaf_flags_o   (ptw_flags),
      .chk_fault_i    (chk_fault_i),
      .chk_ad_i       (chk_ad_i),
      .done_o         (ptw_done),
      .fault_o        (ptw_fault),
      .access_fault_o (ptw_afault),
      .leaf_ppn_o     (ptw_ppn),
      .leaf_level_o   (ptw_level),
      .leaf_napot_o   (ptw_napot),
      .leaf_pbmt_o    (ptw_pbmt),
      .pmp_chk_o      (ptw_pmp_chk),
      .pmp_deny_i     (!ptw_pmp_allow),
      .ptr_o          (walk_ptr),
      .mem_req_valid_o(mem_req_valid_o),
      .mem_req_ready_i(mem_req_ready_i),
      .mem_req_addr_o (mem_req_addr_o),
      .mem_req_cas_o  (mem_req_cas_o),
      .mem_req_cmp_o  (mem_req_cmp_o),
      .mem_req_wdata_o(mem_req_wdata_o),
      .mem_rsp_valid_i(mem_rsp_valid_i),
      .mem_rsp_data_i (mem_rsp_data_i),
      .mem_rsp_err_i  (mem_rsp_err_i),
      .state_o        (state_o)
  );
endmodule

`default_nettype wire
