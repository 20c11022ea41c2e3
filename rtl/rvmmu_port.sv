// rvmmu_port -- one translation port: request stage, L1 TLB, response.
//
// One translation request is held at a time in a request stage, with its
// whole context (satp, privilege, SUM, MXR, A/D policy, access kind). At the
// edge that accepts it, every TLB entry compares its tag with the request
// and judges its PTE bits with the permission checker against the request's
// context, keeping the verdicts in flip-flops; in the next cycle the hit is
// read out, so a hit answers in one cycle and a new request can be accepted
// in the same cycle (one translation per cycle). A miss (or a store that
// hits a page whose D bit is clear) asks the page-table walker for a walk
// (wk_req_o) and starts it in the cycle the walker grants it (wk_gnt_i:
// tied high when the walker is the port's own, in rvmmu with PORTS=1, so
// the walk starts in the lookup's cycle). While the walk runs the port
// holds its context on wk_* for the walker; the leaf the walker returns is
// judged by this port's checker (wk_chk_*) and installed in this port's
// TLB unless an SFENCE.VMA covering the walk arrived while it was in
// flight. M mode and satp.MODE=Bare bypass translation (PA = VA). The PA
// of every response is checked by the PMP (access fault 1/5/7).
//
// Timing: a hit, a bypass and a non-canonical VA answer in the cycle after
// the request is accepted; a walk's response is in the cycle its last
// memory response arrives (walk_done_i).
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_port #(
    parameter  bit RV64    = 1'b0,                          // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter  int ENTRIES = 16,                            // TLB entries, a power of two (2 to 256)
    parameter  bit PARITY  = 1'b0,                          // parity on the TLB's entries (rvmmu says how)
    parameter  int PMP_ENTRIES = 16,                        // PMP entries on the response's PA (0: none)
    parameter  int PMP_GRAN    = 0,                         // PMP grain G (2^(G+2) bytes)
    parameter  int PWC_ENTRIES = 0,                         // the walker's walk cache (read only by the formal properties)
    // Derived from RV64 and ENTRIES (rtl/rvmmu_pkg.sv); not parameters.
    localparam int XLEN    = rvmmu_pkg::xlen(RV64),         // satp width
    localparam int VA_W    = rvmmu_pkg::va_w(RV64),         // virtual address
    localparam int PA_W    = rvmmu_pkg::pa_w(RV64),         // physical address
    localparam int ASID_W  = rvmmu_pkg::asid_w(RV64),       // satp.ASID
    localparam int IDX_W   = rvmmu_pkg::idx_w(ENTRIES),     // TLB entry index
    localparam int VPN_W   = rvmmu_pkg::vpn_w(RV64),        // virtual page number
    localparam int PPN_W   = rvmmu_pkg::ppn_w(RV64),        // physical page number
    localparam int RPA_W   = rvmmu_pkg::rpa_w(RV64),        // response PA: Bare passes the whole VA
    localparam int PMP_AW  = rvmmu_pkg::pa_w(RV64) - 2,     // pmpaddr: PA bits PA_W-1:2
    localparam int PMP_CFG_W  = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * 8,       // pmpcfg_i
    localparam int PMP_ADDR_W = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * PMP_AW   // pmpaddr_i
) (
    input  logic               clk_i,
    input  logic               rst_ni,        // synchronous, active low

    // Translation requests, with their context (rvmmu's req_*).
    input  logic               req_valid_i,
    output logic               req_ready_o,
    input  logic [VA_W-1:0]    req_va_i,
    input  logic [1:0]         req_acc_i,
    input  logic [XLEN-1:0]    req_satp_i,
    input  logic [1:0]         req_priv_i,
    input  logic               req_sum_i,
    input  logic               req_mxr_i,
    input  logic               req_adue_i,
    input  logic [1:0]         req_size_i,

    // The PMP CSRs.
    input  logic [PMP_CFG_W-1:0]  pmpcfg_i,
    input  logic [PMP_ADDR_W-1:0] pmpaddr_i,

    // Translation responses (rvmmu's rsp_*).
    output logic               rsp_valid_o,
    output logic [RPA_W-1:0]   rsp_pa_o,
    output logic               rsp_fault_o,
    output logic [4:0]         rsp_cause_o,
    output logic [1:0]         rsp_pbmt_o,

    // SFENCE.VMA (rvmmu's sfence_*).
    input  logic               sfence_valid_i,
    input  logic               sfence_rs1_x0_i,
    input  logic               sfence_rs2_x0_i,
    input  logic [VA_W-1:0]    sfence_va_i,
    input  logic [ASID_W-1:0]  sfence_asid_i,

    // The walker: a walk is asked for and granted; while it runs (from the
    // grant to walk_done_i) the port holds its context on wk_*.
    output logic               wk_req_o,        // a lookup missed: a walk is wanted
    input  logic               wk_gnt_i,        // ... and starts in this cycle
    output logic               wk_walking_o,    // this port's walk runs (after the start's cycle)
    output logic [VPN_W-1:0]   wk_vpn_o,
    output logic [3:0]         wk_mode_o,
    output logic [ASID_W-1:0]  wk_asid_o,
    output logic [PPN_W-1:0]   wk_root_o,
    output logic [2:0]         wk_top_level_o,  // the mode's top level
    output logic [1:0]         wk_acc_o,
    output logic               wk_adue_o,
    output logic               wk_chk_fault_o,  // the walk's leaf judged against this request
    output logic               wk_chk_ad_o,
    input  logic               walk_done_i,
    input  logic               walk_fault_i,
    input  logic               walk_afault_i,
    input  logic [PPN_W-1:0]   walk_ppn_i,
    input  logic [2:0]         walk_level_i,
    input  logic               walk_napot_i,
    input  logic [7:0]         walk_flags_i,
    input  logic [1:0]         walk_pbmt_i,
    // the next request's key, for the walk cache's lookup at the accepting edge
    output logic               nx_load_o,
    output logic [VPN_W-1:0]   nx_vpn_o,
    output logic [ASID_W-1:0]  nx_asid_o,
    output logic [3:0]         nx_mode_o,

`ifdef FORMAL
    // Formal only: the walker as this port sees it (its state while it runs
    // this port's walk, IDLE otherwise), for the properties below.
    input  logic [2:0]         f_wk_state_i,
    input  logic               f_wk_look_i,     // ... its L2 TLB lookup runs (f_wk_state_i IDLE)
    input  logic               f_wk_memreq_i,   // a memory request offered for this port's walk
    input  logic               f_wk_cas_i,      // ... an A/D swap (mem_req_cas_o of that walk)
    input  logic               f_pwc_hit_i,     // with a grant: the walk starts from a cached pointer
    input  logic [2:0]         f_pwc_level_i,   // ... of this level
    input  logic               f_pwc_fill_i,    // this port's walk writes a pointer
    input  logic               f_wk_ptr_i,      // ... its walk reads a pointer
    input  logic               f_pwc_stale_i,   // ... its pointers may be stale
    input  logic               f_pmp_chk_i,     // the walker's PMP judges a request of this port's walk
    input  logic               f_pmp_allow_i,
`endif

    // Monitor.
    output logic               mon_hit_o,       // a lookup answered from the TLB
    output logic               mon_miss_o,      // a walk started for this port
    output logic [IDX_W-1:0]   mon_hit_idx_o,
    output logic               mon_fill_o,      // an entry was written
    output logic [IDX_W-1:0]   mon_fill_idx_o,
    output logic               mon_walk_end_o,
    output logic [ENTRIES-1:0] mon_valid_o,
    output logic               mon_parity_err_o,
    output logic [IDX_W-1:0]   mon_parity_idx_o
);
  // ---------------------------------------------------------------- request stage
  logic              s_valid_q, s_walk_q, s_stale_q;
  logic [VA_W-1:0]   s_va_q;
  logic [1:0]        s_acc_q, s_priv_q;
  logic              s_sum_q, s_mxr_q, s_adue_q;
  logic [1:0]        s_size_q;
  logic [3:0]        s_mode_q;
  logic [ASID_W-1:0] s_asid_q;
  logic [PPN_W-1:0]  s_root_q;

  // satp fields (RV32: MODE 31, ASID 30:22, PPN 21:0; RV64: MODE 63:60,
  // ASID 59:44, PPN 43:0). An RV64 MODE this build does not implement is
  // taken as Bare, as a WARL satp would never hold it.
  logic [3:0]        req_mode;
  logic [ASID_W-1:0] req_asid;
  logic [PPN_W-1:0]  req_root;
  generate
    if (RV64) begin : g_satp64
      assign req_mode = (req_satp_i[63:60] == `RVMMU_MODE_SV39 || req_satp_i[63:60] == `RVMMU_MODE_SV48 ||
                         req_satp_i[63:60] == `RVMMU_MODE_SV57) ? req_satp_i[63:60] : `RVMMU_MODE_BARE;
      assign req_asid = req_satp_i[59:44];
      assign req_root = req_satp_i[43:0];
    end else begin : g_satp32
      assign req_mode = req_satp_i[31] ? `RVMMU_MODE_SV32 : `RVMMU_MODE_BARE;
      assign req_asid = req_satp_i[30:22];
      assign req_root = req_satp_i[21:0];
    end
  endgenerate

  logic accept;
  assign req_ready_o = !s_valid_q || rsp_valid_o;
  assign accept      = req_valid_i && req_ready_o;

  always_ff @(posedge clk_i) begin
    if (accept) begin
      s_va_q   <= req_va_i;
      s_acc_q  <= req_acc_i;
      s_priv_q <= req_priv_i;
      s_sum_q  <= req_sum_i;
      s_mxr_q  <= req_mxr_i;
      s_adue_q <= req_adue_i;
      s_size_q <= req_size_i;
      s_mode_q <= req_mode;
      s_asid_q <= req_asid;
      s_root_q <= req_root;
    end
  end

  // Page offsets of an SFENCE VA are not used; the hit's flags are checked
  // inside the TLB, which also says whether a hit answers, so the flags and
  // the bare hit are read here only by the formal properties.
  logic unused_bits;
  assign unused_bits = ^{sfence_va_i, tlb_flags, tlb_hit};

  logic [VPN_W-1:0] s_vpn;
  assign s_vpn = s_va_q[12 +: VPN_W];

  // Bypass: M mode, or satp.MODE = Bare, is not translated.
  logic bypass;
  assign bypass = (s_priv_q == `RVMMU_PRIV_M) || (s_mode_q == `RVMMU_MODE_BARE);

  // RV64: a VA must be sign-extended from its top bit (39, 48 or 57 bits),
  // else it faults at once (spec: Sv39 "Virtual Address" rule).
  logic canon_fault;
  generate
    if (RV64) begin : g_canon
      always_comb begin
        case (s_mode_q)
          `RVMMU_MODE_SV39: canon_fault = (s_va_q[63:38] != '0) && (s_va_q[63:38] != '1);
          `RVMMU_MODE_SV48: canon_fault = (s_va_q[63:47] != '0) && (s_va_q[63:47] != '1);
          `RVMMU_MODE_SV57: canon_fault = (s_va_q[63:56] != '0) && (s_va_q[63:56] != '1);
          default:   canon_fault = 1'b0;
        endcase
      end
    end else begin : g_nocanon
      assign canon_fault = 1'b0;
    end
  endgenerate

  // ---------------------------------------------------------------- TLB
  logic              tlb_hit, tlb_napot;
  logic [IDX_W-1:0]  tlb_idx, fill_idx;
  logic [PPN_W-1:0]  tlb_ppn;
  logic [2:0]        tlb_level;
  logic [7:0]        tlb_flags;
  logic [1:0]        tlb_pbmt;
  logic              fill;

  // The walker's results (valid with walk_done_i, of this port's walk).
  logic              walk_start, walk_done, walk_fault, walk_afault, walk_napot;
  logic [PPN_W-1:0]  walk_ppn;
  logic [2:0]        walk_level;
  logic [7:0]        walk_flags;
  logic [1:0]        walk_pbmt;
  assign walk_done   = walk_done_i;
  assign walk_fault  = walk_fault_i;
  assign walk_afault = walk_afault_i;
  assign walk_napot  = walk_napot_i;
  assign walk_ppn    = walk_ppn_i;
  assign walk_level  = walk_level_i;
  assign walk_flags  = walk_flags_i;
  assign walk_pbmt   = walk_pbmt_i;

  // ---------------------------------------------------------------- the checker
  // The one permission checker module judges the walker's leaf (here) and
  // the TLB hit (an instance beside each entry, in rvmmu_tlb): one rule, an
  // instance for each path, so the hit path never reaches the walker's
  // fill logic.
  logic hit_fault, hit_answer;

  rvmmu_perm_check u_chk_walk (
      .flags_i(walk_flags),
      .acc_i  (s_acc_q),
      .priv_i (s_priv_q),
      .sum_i  (s_sum_q),
      .mxr_i  (s_mxr_q),
      .fault_o(wk_chk_fault_o),
      .ad_o   (wk_chk_ad_o)
  );

  // ---------------------------------------------------------------- lookup
  // A hit answers unless it is allowed but needs A/D set (a store to a page
  // whose D is clear): that one walks again (rvmmu_tlb decides which). A
  // miss asks for the walker until it is granted; until then nothing it
  // looked up can turn into a hit (only this port's walks fill its TLB).
  logic lookup, hit_done;
  assign lookup     = s_valid_q && !s_walk_q && !bypass && !canon_fault;
  assign hit_done   = hit_answer;
  assign wk_req_o   = lookup && !hit_done;
  assign walk_start = wk_req_o && wk_gnt_i;

  // ---------------------------------------------------------------- SFENCE.VMA
  // An SFENCE.VMA whose rs1 holds no valid virtual address has no effect
  // (spec: "Supervisor Memory-Management Fence Instruction"). In RV64 a VA
  // whose bits 63:56 are not all equal is valid in no mode; validity in the
  // narrower modes follows from the TLB's compare of bits 56:12 with the
  // canonical VA each entry was filled from.
  logic flush;
  generate
    if (RV64) begin : g_sfence_va64
      assign flush = sfence_valid_i &&
                     (sfence_rs1_x0_i || sfence_va_i[63:56] == '0 || sfence_va_i[63:56] == '1);
    end else begin : g_sfence_va32
      assign flush = sfence_valid_i;
    end
  endgenerate

  // ---------------------------------------------------------------- flush vs walk
  // A walk in flight, starting or ending when an SFENCE.VMA that may cover
  // its VA and ASID arrives must not install its result. The leaf's size
  // and G are not known yet, so the VA is compared at the mode's largest
  // page and G is assumed clear. (A fence while the walk is only asked for
  // does not matter: the walk has not read anything yet.)
  logic [2:0]       s_top_level;
  logic [VPN_W-1:0] top_low;
  logic             walk_covered;
  assign s_top_level = rvmmu_pkg::mode_top_level(s_mode_q);
  rvmmu_page_mask #(.RV64(RV64), .W(VPN_W)) u_top_mask (
      .level_i(s_top_level), .napot_i(1'b0), .low_o(top_low)
  );
  assign walk_covered = flush &&
      (sfence_rs1_x0_i || (((s_vpn ^ sfence_va_i[12 +: VPN_W]) & ~top_low) == '0)) &&
      (sfence_rs2_x0_i || sfence_asid_i == s_asid_q);

  // The walk's result is written into the TLB unless the walk faulted or a
  // covering SFENCE.VMA came while it ran; one that comes in this very
  // cycle lets the write happen but leaves the entry invalid (fill_kill_i),
  // which keeps the SFENCE inputs off the entries' write enables.
  assign fill = s_walk_q && walk_done && !walk_fault && !s_stale_q;

  // ---------------------------------------------------------------- response
  logic [PPN_W-1:0] sel_ppn, sel_low, pa_ppn, vpn_ext;
  logic [2:0]       sel_level;
  logic             sel_napot;
  logic [1:0]       sel_pbmt;
  logic             afault;

  assign sel_ppn   = s_walk_q ? walk_ppn   : tlb_ppn;
  assign sel_level = s_walk_q ? walk_level : tlb_level;
  assign sel_napot = s_walk_q ? walk_napot : tlb_napot;
  assign sel_pbmt  = s_walk_q ? walk_pbmt  : tlb_pbmt;

  // Step 8: pa.ppn takes the VPN fields inside the page from the VA.
  rvmmu_page_mask #(.RV64(RV64), .W(PPN_W)) u_pa_mask (
      .level_i(sel_level), .napot_i(sel_napot), .low_o(sel_low)
  );
  generate
    if (PPN_W > VPN_W) begin : g_vext
      assign vpn_ext = {{(PPN_W-VPN_W){1'b0}}, s_vpn};
    end else begin : g_vtrunc
      assign vpn_ext = s_vpn[PPN_W-1:0];
    end
  endgenerate
  assign pa_ppn = (sel_ppn & ~sel_low) | (vpn_ext & sel_low);

  // PMP on the PA of every response (walk, TLB hit, Bare, M mode), at the
  // request's privilege, over every byte of the access (req_size_i: "if
  // the PMP entry matches all bytes of an access"; a naturally aligned
  // access of up to 4 bytes lies in one word, which the PMP's 4-byte grain
  // decides as a whole; one of 8 bytes is two words): a refused PA is an
  // access fault of the access's type ("Failed accesses generate an
  // instruction, load, or store access-fault exception"). A page fault
  // found before it comes first.
  logic       xlate_fault, pa_allow, pa_deny;
  logic [2:0] pa_need;
  assign pa_need = s_acc_q == `RVMMU_ACC_STORE ? 3'b010 : s_acc_q == `RVMMU_ACC_FETCH ? 3'b100 : 3'b001;
  rvmmu_pmp #(.RV64(RV64), .ENTRIES(PMP_ENTRIES), .GRAN(PMP_GRAN)) u_pmp_pa (
      .cfg_i      (pmpcfg_i),
      .addr_i     (pmpaddr_i),
      .valid_i    (rsp_valid_o && !xlate_fault),
      .pa_i       (rsp_pa_o[PA_W-1:0]),
      .two_words_i(s_size_q == 2'd3),
      .priv_i     (s_priv_q),
      .need_i     (pa_need),
      .allow_o    (pa_allow)
  );

  assign rsp_valid_o = s_valid_q && (s_walk_q ? walk_done : (bypass || canon_fault || hit_done));
  assign xlate_fault = s_walk_q ? walk_fault : (!bypass && (canon_fault || hit_fault));
  assign pa_deny     = !xlate_fault && !pa_allow;
  assign rsp_fault_o = xlate_fault || pa_deny;
  assign afault      = (s_walk_q && walk_afault) || pa_deny;

  // Bare and M mode: PA = VA, every bit of it (an address beyond the
  // physical address width is for the PMA/PMP checks to reject).
  generate
    if (RPA_W > VA_W) begin : g_pa_wide
      assign rsp_pa_o = bypass ? {{(RPA_W-VA_W){1'b0}}, s_va_q} : {pa_ppn, s_va_q[11:0]};
    end else begin : g_pa_narrow
      assign rsp_pa_o = bypass ? s_va_q : {{(RPA_W-PA_W){1'b0}}, pa_ppn, s_va_q[11:0]};
    end
  endgenerate
  assign rsp_pbmt_o = (bypass || rsp_fault_o) ? `RVMMU_PBMT_PMA : sel_pbmt;

  // The fault cause: page or access fault of the access's own kind.
  always_comb begin
    case (s_acc_q)
      `RVMMU_ACC_STORE: rsp_cause_o = afault ? `RVMMU_CAUSE_STORE_ACCESS : `RVMMU_CAUSE_STORE_PAGE;
      `RVMMU_ACC_FETCH: rsp_cause_o = afault ? `RVMMU_CAUSE_FETCH_ACCESS : `RVMMU_CAUSE_FETCH_PAGE;
      default:   rsp_cause_o = afault ? `RVMMU_CAUSE_LOAD_ACCESS  : `RVMMU_CAUSE_LOAD_PAGE;
    endcase
  end

  // ---------------------------------------------------------------- stage control
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s_valid_q <= 1'b0;
      s_walk_q  <= 1'b0;
      s_stale_q <= 1'b0;
    end else begin
      if (accept) s_valid_q <= 1'b1;
      else if (rsp_valid_o) s_valid_q <= 1'b0;
      if (walk_start) s_walk_q <= 1'b1;
      else if (rsp_valid_o) s_walk_q <= 1'b0;
      if (walk_start) s_stale_q <= walk_covered;
      else if (s_walk_q) s_stale_q <= s_stale_q || walk_covered;
    end
  end

  // ---------------------------------------------------------------- the walker's view
  assign wk_walking_o   = s_walk_q;
  assign wk_vpn_o       = s_vpn;
  assign wk_mode_o      = s_mode_q;
  assign wk_asid_o      = s_asid_q;
  assign wk_root_o      = s_root_q;
  assign wk_top_level_o = s_top_level;
  assign wk_acc_o       = s_acc_q;
  assign wk_adue_o      = s_adue_q;
  assign nx_load_o      = accept;
  assign nx_vpn_o       = req_va_i[12 +: VPN_W];
  assign nx_asid_o      = req_asid;
  assign nx_mode_o      = req_mode;

  // ---------------------------------------------------------------- TLB instance
  rvmmu_tlb #(.RV64(RV64), .ENTRIES(ENTRIES), .PARITY(PARITY)) u_tlb (
      .clk_i         (clk_i),
      .rst_ni        (rst_ni),
      .lk_vpn_i      (s_vpn),
      .lk_asid_i     (s_asid_q),
      .lk_mode_i     (s_mode_q),
      .nx_load_i     (accept),
      .nx_vpn_i      (req_va_i[12 +: VPN_W]),
      .nx_asid_i     (req_asid),
      .nx_mode_i     (req_mode),
      .lk_hit_o      (tlb_hit),
      .lk_idx_o      (tlb_idx),
      .lk_ppn_o      (tlb_ppn),
      .lk_level_o    (tlb_level),
      .lk_napot_o    (tlb_napot),
      .lk_flags_o    (tlb_flags),
      .lk_pbmt_o     (tlb_pbmt),
      .lk_acc_i      (s_acc_q),
      .lk_priv_i     (s_priv_q),
      .lk_sum_i      (s_sum_q),
      .lk_mxr_i      (s_mxr_q),
      .nx_acc_i      (req_acc_i),
      .nx_priv_i     (req_priv_i),
      .nx_sum_i      (req_sum_i),
      .nx_mxr_i      (req_mxr_i),
      .lk_fault_o    (hit_fault),
      .lk_answer_o   (hit_answer),
      .lk_use_i      (lookup && hit_done),
      .fill_i        (fill),
      .fill_kill_i   (walk_covered),
      .fill_vpn_i    (s_vpn),
      .fill_level_i  (walk_level),
      .fill_napot_i  (walk_napot),
      .fill_asid_i   (s_asid_q),
      .fill_mode_i   (s_mode_q),
      .fill_ppn_i    (walk_ppn),
      .fill_flags_i  (walk_flags),
      .fill_pbmt_i   (walk_pbmt),
      .fill_idx_o    (fill_idx),
      .flush_i       (flush),
      .flush_rs1_x0_i(sfence_rs1_x0_i),
      .flush_rs2_x0_i(sfence_rs2_x0_i),
      .flush_vpn_i   (sfence_va_i[12 +: VPN_W]),
      .flush_asid_i  (sfence_asid_i),
      .valid_o       (mon_valid_o),
      .parity_err_o  (mon_parity_err_o),
      .parity_idx_o  (mon_parity_idx_o)
  );

  // ---------------------------------------------------------------- monitor
  assign mon_hit_o      = lookup && hit_done;
  assign mon_miss_o     = walk_start;
  assign mon_hit_idx_o  = tlb_idx;
  assign mon_fill_o     = fill;
  assign mon_fill_idx_o = fill_idx;
  assign mon_walk_end_o = s_walk_q && walk_done;

`ifdef FORMAL
  // ================================================================ formal properties
  // Proven by formal/run.sh (see formal/README.md); the environment (reset,
  // memory protocol) is assumed by the harness formal/rvmmu_fv.sv. Rules
  // written from the spec are in formal/rvmmu_spec.vh.
  `include "rvmmu_spec.vh"

  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  // The request being served, as it arrived on the ports.
  reg [63:0] f_va, f_satp;
  reg [1:0]  f_acc, f_priv, f_size;
  reg        f_sum, f_mxr, f_adue;
  always @(posedge clk_i) begin
    if (accept) begin
      f_size <= req_size_i;
      f_va   <= {{(64-VA_W){1'b0}}, req_va_i};
      f_satp <= {{(64-XLEN){1'b0}}, req_satp_i};
      f_acc  <= req_acc_i;
      f_priv <= req_priv_i;
      f_sum  <= req_sum_i;
      f_mxr  <= req_mxr_i;
      f_adue <= req_adue_i;
    end
  end

  logic [3:0]  f_mode;
  logic [2:0]  f_top;
  logic        f_xlate, f_canon;
  logic [63:0] f_rsp_pa;
  logic [4:0]  f_cause_page, f_cause_access;
  assign f_mode   = fs_satp_mode(f_satp, RV64);
  assign f_top    = fs_levels(f_mode) - 3'd1;
  // Translated: not M mode, and satp.MODE is not Bare.
  assign f_xlate  = f_priv != `RVMMU_PRIV_M && fs_levels(f_mode) != 3'd0;
  assign f_canon  = !RV64 || fs_va_canonical(f_va, f_mode);
  assign f_rsp_pa = rsp_pa_o;
  assign f_cause_page   = f_acc == 2'd0 ? 5'd13 : f_acc == 2'd1 ? 5'd15 : 5'd12;
  assign f_cause_access = f_acc == 2'd0 ? 5'd5  : f_acc == 2'd1 ? 5'd7  : 5'd1;

  // PMP on the response's PA (PMP_ENTRIES > 0): the PA the spec gives (the
  // VA in Bare and M mode; step 8's for a hit) is allowed by the PMP chapter
  // (formal/pmp_spec.vh, written apart from rtl/rvmmu_pmp.sv) at the
  // request's privilege, for the access's own permission, every byte of it
  // (req_size_i: an 8-byte access is the aligned doubleword, as the port
  // says accesses are naturally aligned). With PMP_ENTRIES = 0 it is 1:
  // nothing is refused.
  logic        f_pa_ok;
  logic [63:0] f_exp_pa;
  logic [2:0]  f_need;
  assign f_exp_pa = f_xlate ? fs_pa(sel_ppn, sel_level, sel_napot, f_va, RV64) : f_va;
  assign f_need   = f_acc == 2'd1 ? 3'b010 : f_acc == 2'd2 ? 3'b100 : 3'b001;   // W, X, R
  generate
    if (PMP_ENTRIES > 0) begin : g_fpmp
      localparam int PS_N    = PMP_ENTRIES;
      localparam int PS_AW   = PMP_AW;
      localparam int PS_G    = PMP_GRAN;
      localparam int PS_PA_W = PA_W;
`include "pmp_spec.vh"
      assign f_pa_ok = ps_allows(pmpcfg_i, pmpaddr_i, {f_exp_pa[PA_W-1:3], f_exp_pa[2:0] & {3{f_size != 2'd3}}},
                                 f_size == 2'd3, f_priv, f_need);
    end else begin : g_nofpmp
      assign f_pa_ok = 1'b1;
    end
  endgenerate

  // An SFENCE.VMA with an effect: rs1=x0, or a VA valid in some mode
  // (RV64: bits 63:56 equal; the spec makes any other VA a no-op).
  logic        f_sf;
  logic [63:0] f_sf_va;
  assign f_sf_va = {{(64-VA_W){1'b0}}, sfence_va_i};
  assign f_sf    = sfence_valid_i && (sfence_rs1_x0_i || !RV64 || fs_va_canonical(f_sf_va, 4'd10));

  // The flush-vs-walk race: one SFENCE.VMA, chosen by the solver among
  // those that arrive from the cycle a walk starts to the cycle it ends
  // (any of them: f_pick is free), is remembered; the walk's result must
  // not be installed if that flush covers it.
  logic        f_pick;
  assign f_pick = $anyseq;
  reg              f_fl_v, f_fl_rs1, f_fl_rs2;
  reg [VPN_W-1:0]  f_fl_vpn;
  reg [ASID_W-1:0] f_fl_asid;
  always @(posedge clk_i) begin
    if (walk_start || (s_walk_q && !f_fl_v)) begin
      f_fl_v    <= f_sf && f_pick;
      f_fl_rs1  <= sfence_rs1_x0_i;
      f_fl_rs2  <= sfence_rs2_x0_i;
      f_fl_vpn  <= sfence_va_i[12 +: VPN_W];
      f_fl_asid <= sfence_asid_i;
    end
  end

  // The same for the page-walk cache: one SFENCE.VMA with rs1=x0 among
  // those from the cycle a walk starts (f_pick2 chooses it); a pointer the
  // walk writes must not be one that fence covers (rs2=x0: every pointer;
  // else the non-global pointers of that ASID).
  logic        f_pick2;
  assign f_pick2 = $anyseq;
  reg              f_pf_v, f_pf_rs2;
  reg [ASID_W-1:0] f_pf_asid;
  always @(posedge clk_i) begin
    if (walk_start || (s_walk_q && !f_pf_v)) begin
      f_pf_v    <= f_sf && sfence_rs1_x0_i && f_pick2;
      f_pf_rs2  <= sfence_rs2_x0_i;
      f_pf_asid <= sfence_asid_i;
    end
  end
  logic f_pwc_cov_now, f_pwc_cov_past;
  assign f_pwc_cov_now  = f_sf && sfence_rs1_x0_i && (sfence_rs2_x0_i || (!walk_flags[5] && sfence_asid_i == s_asid_q));
  assign f_pwc_cov_past = f_pf_v && (f_pf_rs2 || (!walk_flags[5] && f_pf_asid == s_asid_q));

  logic f_fill_cov_now, f_fill_cov_past, f_walk_cov_past;
  assign f_fill_cov_now  = f_sf && fs_flush_covers(s_vpn, walk_level, walk_napot, s_asid_q, walk_flags[5],
                                                   sfence_rs1_x0_i, sfence_rs2_x0_i,
                                                   sfence_va_i[12 +: VPN_W], sfence_asid_i, RV64);
  assign f_fill_cov_past = f_fl_v && fs_flush_covers(s_vpn, walk_level, walk_napot, s_asid_q, walk_flags[5],
                                                     f_fl_rs1, f_fl_rs2, f_fl_vpn, f_fl_asid, RV64);
  // Conservatively (the mode's largest page, G clear) the walk is covered.
  assign f_walk_cov_past = f_fl_v && fs_flush_covers(s_vpn, f_top, 1'b0, s_asid_q, 1'b0,
                                                     f_fl_rs1, f_fl_rs2, f_fl_vpn, f_fl_asid, RV64);

  always @* begin
    if (f_past_valid && rst_ni) begin
      // ---- the context: what the lookup and the walk use is the request's
      if (s_valid_q) begin
        h_ctx:             assert(s_va_q == f_va[VA_W-1:0] && s_acc_q == f_acc && s_priv_q == f_priv &&
                                  s_sum_q == f_sum && s_mxr_q == f_mxr && s_adue_q == f_adue &&
                                  s_size_q == f_size && f_acc != 2'd3 && f_priv != 2'd2 &&
                                  (f_size != 2'd3 || f_va[2:0] == 3'd0) &&   // the harness' aligned access
                                  (!RV64 || f_mode == 4'd0 || fs_levels(f_mode) >= 3'd3));
        p_ctx_satp:        assert(bypass == !f_xlate &&
                                  (!f_xlate || (s_mode_q == f_mode && s_asid_q == fs_satp_asid(f_satp, RV64) &&
                                                s_root_q == fs_satp_ppn(f_satp, RV64))));
      end
      // ---- Bare and M mode: the identity, at once, with no TLB or walker;
      // an access fault exactly when the PMP refuses the PA (never without PMP)
      if (s_valid_q && !f_xlate)
        p_bypass_identity: assert(rsp_valid_o && rsp_fault_o == !f_pa_ok &&
                                  (!rsp_fault_o || rsp_cause_o == f_cause_access) && f_rsp_pa == f_va &&
                                  rsp_pbmt_o == `RVMMU_PBMT_PMA && !walk_start && !mon_hit_o && !fill);
      // ---- RV64: a non-canonical VA faults at once, with no walk
      if (s_valid_q && f_xlate && !f_canon)
        p_noncanonical_faults: assert(rsp_valid_o && rsp_fault_o && rsp_cause_o == f_cause_page &&
                                      !walk_start && !fill);
      // ---- the walk runs for a translated request, with its context held
      if (s_walk_q)
        h_walk:            assert(s_valid_q && f_xlate && f_canon && (f_wk_state_i != `RVMMU_PTW_IDLE || f_wk_look_i) &&
                                  (!accept || rsp_valid_o));
      else
        h_nowalk:          assert(f_wk_state_i == `RVMMU_PTW_IDLE && !f_wk_look_i);
      // ---- no permission amplification: a response that grants an access
      // is one the installed PTE allows under the request's privilege, SUM
      // and MXR, with A (and for a store D) set
      if (rsp_valid_o && !rsp_fault_o && f_xlate && !s_walk_q)
        p_hit_grants_only_pte: assert(fs_perm_ok(tlb_flags, f_acc, f_priv, f_sum, f_mxr) &&
                                      fs_ad_ok(tlb_flags, f_acc) && mon_hit_o);
      if (rsp_valid_o && !rsp_fault_o && f_xlate && s_walk_q)
        p_walk_grants_only_pte: assert(fs_perm_ok(walk_flags, f_acc, f_priv, f_sum, f_mxr) &&
                                       fs_ad_ok(walk_flags, f_acc));
      // the A/D swap is made only for an access the leaf permits
      if (f_wk_memreq_i && f_wk_cas_i)
        p_cas_only_if_permitted: assert(s_walk_q && fs_perm_ok(walk_flags, f_acc, f_priv, f_sum, f_mxr) &&
                                        f_adue && !fs_ad_ok(walk_flags, f_acc));
      // a hit faults exactly when its PTE forbids the access (a page fault)
      // or the PMP refuses its PA (an access fault; never without PMP)
      if (mon_hit_o)
        p_hit_fault_is_spec: assert(rsp_valid_o &&
                                    rsp_fault_o == (!fs_perm_ok(tlb_flags, f_acc, f_priv, f_sum, f_mxr) || !f_pa_ok) &&
                                    (!rsp_fault_o || rsp_cause_o == (fs_perm_ok(tlb_flags, f_acc, f_priv, f_sum, f_mxr) ?
                                                                     f_cause_access : f_cause_page)));
      // ---- the physical address of a granted access is the PTE's (step 8)
      if (rsp_valid_o && !rsp_fault_o && f_xlate)
        p_pa_from_pte: assert(f_rsp_pa == fs_pa(sel_ppn, sel_level, sel_napot, f_va, RV64));
      // ---- the fault cause: the access's own kind; access fault = bus error
      if (rsp_valid_o && rsp_fault_o)
        p_fault_cause: assert(rsp_cause_o == (afault ? f_cause_access : f_cause_page));
      // ---- only a walk's successful result is installed
      if (fill)
        p_fill_is_walk_result: assert(s_walk_q && walk_done && !walk_fault && rsp_valid_o);
      // ---- SFENCE.VMA reaches the TLB (with a valid VA, or rs1=x0)
      if (f_sf)
        p_sfence_reaches_tlb: assert(flush);
      // ---- the race: a walk that started or ran under a covering
      // SFENCE.VMA writes nothing (one that ends under it: see
      // p_tlb_fill_not_flushed)
      if (fill)
        p_fill_not_under_flush: assert(!f_fill_cov_past);
      if (s_walk_q && f_walk_cov_past)
        h_stale:           assert(s_stale_q);
      // ---- the page-walk cache (PWC_ENTRIES > 0): a walk starts from a
      // cached pointer only below the top of its mode (the PWC's own
      // properties: of its mode and ASID or global, not covered by a flush
      // since it was written); a pointer is written only from this walk's
      // reads, never in or after the cycle of an SFENCE.VMA (rs1=x0) that
      // covers it, and never in the cycle a request is accepted
      if (walk_start && f_pwc_hit_i)
        p_pwc_start_below_top: assert(f_pwc_level_i < s_top_level);
      if (f_pwc_fill_i) begin
        p_pwc_fill_is_pointer: assert(s_walk_q && f_wk_ptr_i && !walk_done && walk_level != 3'd0 &&
                                      walk_level <= s_top_level && !accept);
        p_pwc_fill_not_under_flush: assert(!f_pwc_cov_now && !f_pwc_cov_past);
      end
      if (PWC_ENTRIES > 0 && s_walk_q && f_pf_v && (f_pf_rs2 || f_pf_asid == s_asid_q))
        h_pwc_stale:       assert(f_pwc_stale_i);
      // ---- PMP: a walker request offered and not yet taken is one the PMP
      // allows (the CSRs are held while a request is pending), so it is
      // never withdrawn
      // ---- PMP: nothing is returned outside what the PMP allows: the PA of
      // a response that grants an access is allowed at the request's
      // privilege for the access's own permission (the spec's PA: with
      // p_pa_from_pte and p_bypass_identity, the PA returned)
      if (PMP_ENTRIES > 0 && rsp_valid_o && !rsp_fault_o)
        p_pmp_pa_returned_allowed: assert(f_pa_ok && f_rsp_pa[PA_W-1:0] == f_exp_pa[PA_W-1:0]);
      if (PMP_ENTRIES > 0 && (f_wk_state_i == `RVMMU_PTW_REQ || f_wk_state_i == `RVMMU_PTW_CAS_REQ))
        h_pmp_offer_allowed: assert(f_pmp_allow_i);
    end
  end

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni) begin
      c_hit:                cover(mon_hit_o && !rsp_fault_o);
      c_superpage_hit:      cover(mon_hit_o && !rsp_fault_o && tlb_level != 3'd0);
      c_store_rewalks_clean_page: cover(walk_start && tlb_hit);
      c_walk_ends_under_flush: cover(s_walk_q && walk_done && !walk_fault && f_fill_cov_now);
      c_walk_flushed_midway: cover(s_walk_q && walk_done && !walk_fault && s_stale_q && !f_fill_cov_now);
      if (PWC_ENTRIES > 0) begin
        c_pwc_walk_from_cache: cover(walk_start && f_pwc_hit_i);
        c_pwc_fill_under_flush: cover(s_walk_q && f_wk_ptr_i && f_pwc_cov_now);
        c_pwc_fill_after_flush: cover(s_walk_q && f_wk_ptr_i && f_pwc_stale_i && !f_pwc_cov_now);
      end
      c_bypass_m:           cover(rsp_valid_o && s_valid_q && f_priv == `RVMMU_PRIV_M && fs_levels(f_mode) != 3'd0);
      c_bypass_bare:        cover(rsp_valid_o && s_valid_q && f_priv != `RVMMU_PRIV_M && fs_levels(f_mode) == 3'd0);
      if (PMP_ENTRIES > 0) begin
        // the walker's refused requests (not issued: an access fault)
        c_pmp_ptw_read_refused: cover(f_pmp_chk_i && !f_pmp_allow_i && !f_wk_cas_i);
        c_pmp_ptw_cas_refused:  cover(f_pmp_chk_i && !f_pmp_allow_i && f_wk_cas_i);
        c_pmp_hit_refused:      cover(mon_hit_o && rsp_fault_o && fs_perm_ok(tlb_flags, f_acc, f_priv, f_sum, f_mxr));
        c_pmp_bypass_refused:   cover(rsp_valid_o && s_valid_q && !f_xlate && rsp_fault_o);
      end
      if (RV64) begin
        c_noncanonical:     cover(rsp_valid_o && s_valid_q && f_xlate && !f_canon);
        c_napot_hit:        cover(mon_hit_o && !rsp_fault_o && tlb_napot);
      end
    end
  end
`endif
endmodule

`default_nettype wire
