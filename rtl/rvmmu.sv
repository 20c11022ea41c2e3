// rvmmu -- a RISC-V MMU: TLBs, page-table walker and permission checker.
//
// A request port (rtl/rvmmu_port.sv) holds one translation request at a
// time with its whole context (satp, privilege, SUM, MXR, A/D policy,
// access kind) and looks it up in its own L1 TLB at the edge that accepts
// it: a hit answers in the next cycle, and a new request can be accepted in
// that same cycle (one translation per cycle per port). A miss (or a store
// that hits a page whose D bit is clear) asks the page-table walker
// (rtl/rvmmu_walker.sv: the walker, its PMP check and the page-walk cache),
// whose leaf the port judges with its permission checker and installs in
// its TLB unless an SFENCE.VMA covering the walk arrived while it was in
// flight. M mode and satp.MODE=Bare bypass translation (PA = VA).
// RV64=0 builds Sv32; RV64=1 builds Sv39, Sv48 and Sv57, chosen per request
// by satp.MODE.
//
// PORTS=2 adds the instruction port (ireq_*/irsp_*) with its own L1 TLB,
// answering a hit in the same cycle as the data port (req_*/rsp_*); the one
// walker is shared through a round-robin arbiter: a port that asks for it
// waits for at most the walk the other port has in flight and, when both
// ask at once, for one walk of the other (p_arb_bound_*). SFENCE.VMA reaches
// both TLBs and the walk cache. PORTS=1 (the default) is the single-port
// MMU: the ireq_* inputs are not read and the irsp_* outputs are zero.
//
// Timing: a TLB hit, Bare/M and a non-canonical VA answer in the cycle
// after the request is accepted; an L-level walk that starts at once
// answers L*(LAT+1)+1 cycles after it (memory latency LAT).
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu #(
    parameter  bit RV64    = 1'b0,                          // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter  int ENTRIES = 16,                            // TLB entries, a power of two (2 to 256)
    // 1: a parity bit over each TLB entry's stored fields and valid bit,
    // and one over its registered lookup verdicts, checked on every hit: an
    // entry with bad parity never answers, it is dropped and the request
    // walks (mon_parity_err_o). 0 (the default): no parity logic at all.
    parameter  bit PARITY  = 1'b0,
    // PMP (rtl/rvmmu_pmp.sv): entries, 0 to 64 (0: no PMP logic, nothing
    // refused), and the grain G (2^(G+2) bytes). The CSR values come in on
    // pmpcfg_i and pmpaddr_i.
    parameter  int PMP_ENTRIES = 16,
    parameter  int PMP_GRAN    = 0,
    // Page-walk cache entries (rtl/rvmmu_pwc.sv): pointers (non-leaf PTEs)
    // of earlier walks, so that a walk starts at the deepest cached one and
    // reads only the levels below it. 0 (the default): no walk cache at all,
    // the design exactly as without it (formal/equiv.sh). 1 to 16.
    parameter  int PWC_ENTRIES = 0,
    // Second-level TLB (rtl/rvmmu_l2tlb.sv): leaves of earlier walks in
    // block RAM, set associative, looked up by a walk before it reads
    // memory (2 cycles; a hit ends the walk then). L2_ENTRIES 4 KiB-page
    // entries in L2_WAYS ways, and L2_SP flip-flop entries for superpages
    // and Svnapot pages. 0 (the default): no L2 TLB at all.
    parameter  int L2_ENTRIES  = 0,
    parameter  int L2_WAYS     = 4,                         // the L2 TLB's ways: 1, 2, 4 or 8
    parameter  int L2_SP       = 2,                         // the L2 TLB's superpage entries: 1 to 16
    // Request ports: 1 (the data port req_*/rsp_* alone) or 2 (and the
    // instruction port ireq_*/irsp_*, with its own L1 TLB of I_ENTRIES
    // entries; the walker is shared).
    parameter  int PORTS     = 1,
    parameter  int I_ENTRIES = 16,                          // PORTS=2: the instruction TLB's entries (2 to 256)
    // Derived from RV64 and ENTRIES (rtl/rvmmu_pkg.sv); not parameters.
    localparam int XLEN    = rvmmu_pkg::xlen(RV64),         // satp width
    localparam int VA_W    = rvmmu_pkg::va_w(RV64),         // virtual address
    localparam int PA_W    = rvmmu_pkg::pa_w(RV64),         // physical address
    localparam int PTE_W   = rvmmu_pkg::pte_w(RV64),        // page-table entry
    localparam int ASID_W  = rvmmu_pkg::asid_w(RV64),       // satp.ASID
    localparam int IDX_W   = rvmmu_pkg::idx_w(ENTRIES),     // TLB entry index
    localparam int IIDX_W  = rvmmu_pkg::idx_w(I_ENTRIES),   // instruction TLB entry index
    localparam int VPN_W   = rvmmu_pkg::vpn_w(RV64),        // virtual page number
    localparam int PPN_W   = rvmmu_pkg::ppn_w(RV64),        // physical page number
    localparam int RPA_W   = rvmmu_pkg::rpa_w(RV64),        // response PA: Bare passes the whole VA
    localparam int PMP_AW  = rvmmu_pkg::pa_w(RV64) - 2,     // pmpaddr: PA bits PA_W-1:2
    localparam int PMP_CFG_W  = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * 8,       // pmpcfg_i
    localparam int PMP_ADDR_W = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * PMP_AW   // pmpaddr_i
) (
    input  logic               clk_i,
    input  logic               rst_ni,        // synchronous, active low

    // Translation requests, with their context.
    input  logic               req_valid_i,
    output logic               req_ready_o,
    input  logic [VA_W-1:0]    req_va_i,
    input  logic [1:0]         req_acc_i,     // RVMMU_ACC_LOAD/STORE/FETCH
    input  logic [XLEN-1:0]    req_satp_i,    // the satp CSR
    input  logic [1:0]         req_priv_i,    // RVMMU_PRIV_U/S/M
    input  logic               req_sum_i,     // mstatus.SUM
    input  logic               req_mxr_i,     // mstatus.MXR
    input  logic               req_adue_i,    // 1: Svadu (menvcfg.ADUE), 0: Svade
    input  logic [1:0]         req_size_i,    // the data access's size, log2 bytes (naturally aligned), for PMP

    // The PMP CSRs as the core holds them, read in every cycle (not held per
    // request: the core keeps them stable while a translation is in flight,
    // as it does between PMP CSR writes and the SFENCE.VMA the spec asks for).
    input  logic [PMP_CFG_W-1:0]  pmpcfg_i,   // pmpNcfg in bits 8N+7:8N
    input  logic [PMP_ADDR_W-1:0] pmpaddr_i,  // pmpaddrN in bits PMP_AW*N +: PMP_AW

    // Translation responses: one per request, a one-cycle valid.
    output logic               rsp_valid_o,
    output logic [RPA_W-1:0]   rsp_pa_o,
    output logic               rsp_fault_o,
    output logic [4:0]         rsp_cause_o,   // CAUSE_* when rsp_fault_o
    output logic [1:0]         rsp_pbmt_o,    // Svpbmt type of the page

    // SFENCE.VMA, applied in the cycle it is valid and ready. The x0 flags
    // come from the instruction's register indices, never from the
    // register values. sfence_ready_o is 1 but for the L2 TLB's sweep of
    // its block RAM after an rs1=x0 form (L2_ENTRIES/L2_WAYS+2 cycles at
    // most), or after an rs1!=x0 form while a Svnapot leaf may be held
    // (min(L2_ENTRIES/L2_WAYS, 16)+2 cycles); a core holds the fence until
    // it is taken.
    input  logic               sfence_valid_i,
    output logic               sfence_ready_o,
    input  logic               sfence_rs1_x0_i,
    input  logic               sfence_rs2_x0_i,
    input  logic [VA_W-1:0]    sfence_va_i,
    input  logic [ASID_W-1:0]  sfence_asid_i,

    // Walker memory port: PTE reads and A/D compare-and-swap.
    output logic               mem_req_valid_o,
    input  logic               mem_req_ready_i,
    output logic [PA_W-1:0]    mem_req_addr_o,
    output logic               mem_req_cas_o,   // 1: swap if mem == cmp
    output logic [PTE_W-1:0]   mem_req_cmp_o,
    output logic [PTE_W-1:0]   mem_req_wdata_o,
    input  logic               mem_rsp_valid_i,
    input  logic [PTE_W-1:0]   mem_rsp_data_i,  // the word read (old value for a swap)
    input  logic               mem_rsp_err_i,   // bus error

    // Monitor, for the harness and performance counters.
    output logic               mon_hit_o,       // a lookup answered from the TLB
    output logic               mon_miss_o,      // a lookup started a walk
    output logic [IDX_W-1:0]   mon_hit_idx_o,
    output logic               mon_fill_o,      // an entry was written (valid unless a flush kills it)
    output logic [IDX_W-1:0]   mon_fill_idx_o,
    output logic [VPN_W-1:0]   mon_fill_vpn_o,
    output logic [2:0]         mon_fill_level_o,
    output logic               mon_fill_napot_o,
    output logic [ASID_W-1:0]  mon_fill_asid_o,
    output logic [3:0]         mon_fill_mode_o,
    output logic [PPN_W-1:0]   mon_fill_ppn_o,
    output logic [7:0]         mon_fill_flags_o,
    output logic [1:0]         mon_fill_pbmt_o,
    output logic               mon_flush_o,
    output logic               mon_walk_start_o,
    output logic               mon_walk_end_o,
    output logic [2:0]         mon_ptw_state_o,
    output logic [ENTRIES-1:0] mon_valid_o,
    output logic               mon_parity_err_o, // PARITY: a TLB entry failed its parity check, dropped at this edge
    output logic [IDX_W-1:0]   mon_parity_idx_o, // ... its index (the lowest, if several)
    output logic               mon_pwc_hit_o,    // with mon_walk_start_o: the walk starts from a cached pointer
    output logic [2:0]         mon_pwc_level_o,  // ... the level of the table it reads first
    output logic [PPN_W-1:0]   mon_pwc_ppn_o,    // ... and that table's PPN
    output logic               mon_l2_hit_o,     // with a walk's response: its leaf came from the L2 TLB (no memory read)

    // The instruction port (PORTS=2; with PORTS=1 its inputs are not read
    // and its outputs are 0): as req_*/rsp_*, with its own TLB. Any access
    // kind is taken, though a core sends it fetches.
    input  logic               ireq_valid_i,
    output logic               ireq_ready_o,
    input  logic [VA_W-1:0]    ireq_va_i,
    input  logic [1:0]         ireq_acc_i,
    input  logic [XLEN-1:0]    ireq_satp_i,
    input  logic [1:0]         ireq_priv_i,
    input  logic               ireq_sum_i,
    input  logic               ireq_mxr_i,
    input  logic               ireq_adue_i,
    input  logic [1:0]         ireq_size_i,
    output logic               irsp_valid_o,
    output logic [RPA_W-1:0]   irsp_pa_o,
    output logic               irsp_fault_o,
    output logic [4:0]         irsp_cause_o,
    output logic [1:0]         irsp_pbmt_o,
    // Monitor of the instruction port (mon_hit_o and the other per-port
    // monitors above are the data port's; mon_miss_o, mon_walk_*, mon_fill_*
    // and mon_pwc_* are the walker's, for the port mon_walk_port_o names).
    output logic               mon_walk_port_o,   // 0: the data port's walk, 1: the instruction port's
    output logic               mon_ihit_o,
    output logic [IIDX_W-1:0]  mon_ihit_idx_o,
    output logic [IIDX_W-1:0]  mon_ifill_idx_o,   // with mon_fill_o and mon_walk_port_o = 1: the entry written
    output logic [I_ENTRIES-1:0] mon_ivalid_o,
    output logic               mon_iparity_err_o,
    output logic [IIDX_W-1:0]  mon_iparity_idx_o
);

  // ---------------------------------------------------------------- the ports
  // Port 0 is the data port (req_*/rsp_*), port 1 the instruction port
  // (ireq_*/irsp_*): each signal of a port packed with the other's, port p
  // at index p, and one rvmmu_port per port in g_port. wk_*[p] is port p's
  // side of the walker.
  localparam int NP = PORTS > 1 ? 2 : 1;
  logic [1:0]        rq_valid, rq_sum, rq_mxr, rq_adue, rs_ready, rs_valid, rs_fault, rs_hit, rs_parity;
  logic [2*VA_W-1:0] rq_va;
  logic [3:0]        rq_acc, rq_priv, rq_size, rs_pbmt;
  logic [2*XLEN-1:0] rq_satp;
  logic [2*RPA_W-1:0] rs_pa;
  logic [9:0]        rs_cause;
  assign rq_valid = {ireq_valid_i, req_valid_i};
  assign rq_va    = {ireq_va_i, req_va_i};
  assign rq_acc   = {ireq_acc_i, req_acc_i};
  assign rq_satp  = {ireq_satp_i, req_satp_i};
  assign rq_priv  = {ireq_priv_i, req_priv_i};
  assign rq_sum   = {ireq_sum_i, req_sum_i};
  assign rq_mxr   = {ireq_mxr_i, req_mxr_i};
  assign rq_adue  = {ireq_adue_i, req_adue_i};
  assign rq_size  = {ireq_size_i, req_size_i};
  assign {ireq_ready_o, req_ready_o} = rs_ready;
  assign {irsp_valid_o, rsp_valid_o} = rs_valid;
  assign {irsp_pa_o, rsp_pa_o}       = rs_pa;
  assign {irsp_fault_o, rsp_fault_o} = rs_fault;
  assign {irsp_cause_o, rsp_cause_o} = rs_cause;
  assign {irsp_pbmt_o, rsp_pbmt_o}   = rs_pbmt;
  assign {mon_ihit_o, mon_hit_o}     = rs_hit;
  assign {mon_iparity_err_o, mon_parity_err_o} = rs_parity;

  logic [NP-1:0]        wk_req, wk_gnt, wk_walking, wk_adue, wk_chk_fault, wk_chk_ad, nx_load;
  logic [NP*VPN_W-1:0]  wk_vpn, nx_vpn;
  logic [NP*4-1:0]      wk_mode, nx_mode;
  logic [NP*ASID_W-1:0] wk_asid, nx_asid;
  logic [NP*PPN_W-1:0]  wk_root;
  logic [NP*3-1:0]      wk_top;
  logic [NP*2-1:0]      wk_acc;
  logic [NP-1:0]        port_walk_end, port_miss, port_fill;

  // The walker's side.
  logic             walk_start, walk_busy, walk_done, walk_fault, walk_afault, walk_napot, walk_l2_hit, walk_look;
  // A fence is taken when valid and ready: every TLB and cache applies it then.
  logic             sfence_fire;
  assign sfence_fire = sfence_valid_i && sfence_ready_o;
  logic [PPN_W-1:0] walk_ppn;
  logic [2:0]       walk_level;
  logic [7:0]       walk_flags;
  logic [1:0]       walk_pbmt;
  logic             sel;          // the port the walker serves (the one starting, else the owner)
  logic             own;          // the port whose walk runs (the owner: set by the start, from the next cycle)
  logic             sel_walking;  // ... whose walk runs
  logic             pwc_hit, pwc_fill, pwc_stale, walk_ptr, ptw_pmp_chk, ptw_pmp_allow;
  logic [2:0]       pwc_level, start_level;
  logic [PPN_W-1:0] start_ppn;

  // The walker's result reaches only the port whose walk runs: the other
  // sees no walk_done (its own walk cannot be running). The owner, not the
  // port starting a walk: a walk never ends in the cycle it starts, and so
  // no path runs from one port's lookup through the arbiter into the other
  // port's TLB.
  logic [NP-1:0] port_done;
  always_comb begin
    port_done = '0;
    port_done[own] = walk_done;
  end

  generate
    for (genvar p = 0; p < NP; p++) begin : g_port
      localparam int  PE     = p == 0 ? ENTRIES : I_ENTRIES;  // this port's TLB entries
      localparam int  PIDX_W = rvmmu_pkg::idx_w(PE);
`ifdef FORMAL
      localparam bit  PB     = p == 1;                        // the port's number, as sel holds it
`endif
      logic [PIDX_W-1:0] hit_idx, fill_idx, parity_idx;
      logic [PE-1:0]     valid;
      rvmmu_port #(.RV64(RV64), .ENTRIES(PE), .PARITY(PARITY), .PMP_ENTRIES(PMP_ENTRIES),
                   .PMP_GRAN(PMP_GRAN), .PWC_ENTRIES(PWC_ENTRIES)) u_port (
          .clk_i, .rst_ni,
          .req_valid_i    (rq_valid[p]),
          .req_ready_o    (rs_ready[p]),
          .req_va_i       (rq_va[p*VA_W +: VA_W]),
          .req_acc_i      (rq_acc[p*2 +: 2]),
          .req_satp_i     (rq_satp[p*XLEN +: XLEN]),
          .req_priv_i     (rq_priv[p*2 +: 2]),
          .req_sum_i      (rq_sum[p]),
          .req_mxr_i      (rq_mxr[p]),
          .req_adue_i     (rq_adue[p]),
          .req_size_i     (rq_size[p*2 +: 2]),
          .pmpcfg_i, .pmpaddr_i,
          .rsp_valid_o    (rs_valid[p]),
          .rsp_pa_o       (rs_pa[p*RPA_W +: RPA_W]),
          .rsp_fault_o    (rs_fault[p]),
          .rsp_cause_o    (rs_cause[p*5 +: 5]),
          .rsp_pbmt_o     (rs_pbmt[p*2 +: 2]),
          .sfence_valid_i (sfence_fire),
          .sfence_rs1_x0_i, .sfence_rs2_x0_i, .sfence_va_i, .sfence_asid_i,
          .wk_req_o       (wk_req[p]),
          .wk_gnt_i       (wk_gnt[p]),
          .wk_walking_o   (wk_walking[p]),
          .wk_vpn_o       (wk_vpn[p*VPN_W +: VPN_W]),
          .wk_mode_o      (wk_mode[p*4 +: 4]),
          .wk_asid_o      (wk_asid[p*ASID_W +: ASID_W]),
          .wk_root_o      (wk_root[p*PPN_W +: PPN_W]),
          .wk_top_level_o (wk_top[p*3 +: 3]),
          .wk_acc_o       (wk_acc[p*2 +: 2]),
          .wk_adue_o      (wk_adue[p]),
          .wk_chk_fault_o (wk_chk_fault[p]),
          .wk_chk_ad_o    (wk_chk_ad[p]),
          .walk_done_i    (port_done[p]),
          .walk_fault_i   (walk_fault),
          .walk_afault_i  (walk_afault),
          .walk_ppn_i     (walk_ppn),
          .walk_level_i   (walk_level),
          .walk_napot_i   (walk_napot),
          .walk_flags_i   (walk_flags),
          .walk_pbmt_i    (walk_pbmt),
          .nx_load_o      (nx_load[p]),
          .nx_vpn_o       (nx_vpn[p*VPN_W +: VPN_W]),
          .nx_asid_o      (nx_asid[p*ASID_W +: ASID_W]),
          .nx_mode_o      (nx_mode[p*4 +: 4]),
`ifdef FORMAL
          // The walker as this port sees it: idle unless it serves this port.
          .f_wk_state_i   (sel == PB ? mon_ptw_state_o : `RVMMU_PTW_IDLE),
          .f_wk_look_i    (sel == PB && walk_look),
          .f_wk_memreq_i  (sel == PB && mem_req_valid_o),
          .f_wk_cas_i     (sel == PB && mem_req_cas_o),
          .f_pwc_hit_i    (sel == PB && pwc_hit),
          .f_pwc_level_i  (pwc_level),
          .f_pwc_fill_i   (sel == PB && pwc_fill),
          .f_wk_ptr_i     (sel == PB && walk_ptr),
          .f_pwc_stale_i  (sel == PB && pwc_stale),
          .f_pmp_chk_i    (sel == PB && ptw_pmp_chk),
          .f_pmp_allow_i  (ptw_pmp_allow),
`endif
          .mon_hit_o      (rs_hit[p]),
          .mon_miss_o     (port_miss[p]),
          .mon_hit_idx_o  (hit_idx),
          .mon_fill_o     (port_fill[p]),
          .mon_fill_idx_o (fill_idx),
          .mon_walk_end_o (port_walk_end[p]),
          .mon_valid_o    (valid),
          .mon_parity_err_o(rs_parity[p]),
          .mon_parity_idx_o(parity_idx)
      );
      // The monitors whose width is the port's TLB's.
      if (p == 0) begin : g_dmon
        assign mon_hit_idx_o    = hit_idx;
        assign mon_fill_idx_o   = fill_idx;
        assign mon_valid_o      = valid;
        assign mon_parity_idx_o = parity_idx;
      end else begin : g_imon
        assign mon_ihit_idx_o    = hit_idx;
        assign mon_ifill_idx_o   = fill_idx;
        assign mon_ivalid_o      = valid;
        assign mon_iparity_idx_o = parity_idx;
      end
    end

    // ---------------------------------------------------------------- the arbiter
    if (PORTS > 1) begin : g_arb
      // Round robin: the walker, when no walk runs, goes to the port that
      // asks; when both ask, to the one not served last. A port that asks
      // therefore waits for the walk in flight (if any) and at most one
      // walk of the other port after it (p_arb_bound).
      logic last_q, owner_q;   // the port served last; the one whose walk runs
      assign walk_busy = |wk_walking;
      always_comb begin
        wk_gnt = '0;
        if (!walk_busy) begin
          if (wk_req[0] && (!wk_req[1] || last_q)) wk_gnt[0] = 1'b1;
          else if (wk_req[1])                      wk_gnt[1] = 1'b1;
        end
      end
      always_ff @(posedge clk_i) begin
        if (!rst_ni) begin
          last_q  <= 1'b0;
          owner_q <= 1'b0;
        end else if (walk_start) begin
          last_q  <= wk_gnt[1];
          owner_q <= wk_gnt[1];
        end
      end
      assign sel = walk_start ? wk_gnt[1] : owner_q;
      assign own = owner_q;
    end else begin : g_oneport
      assign wk_gnt    = 1'b1;
      assign walk_busy = wk_walking[0];
      assign sel       = 1'b0;
      assign own       = 1'b0;
      // The instruction port's outputs are 0 and its inputs not read.
      assign rs_ready[1]  = 1'b0;
      assign rs_valid[1]  = 1'b0;
      assign rs_pa[RPA_W +: RPA_W] = '0;
      assign rs_fault[1]  = 1'b0;
      assign rs_cause[9:5] = '0;
      assign rs_pbmt[3:2] = '0;
      assign rs_hit[1]    = 1'b0;
      assign rs_parity[1] = 1'b0;
      assign mon_ihit_idx_o  = '0;
      assign mon_ifill_idx_o = '0;
      assign mon_ivalid_o    = '0;
      assign mon_iparity_idx_o = '0;
      logic unused_iport;
      assign unused_iport = ^{rq_valid[1], rq_va[VA_W +: VA_W], rq_acc[3:2], rq_satp[XLEN +: XLEN], rq_priv[3:2],
                              rq_sum[1], rq_mxr[1], rq_adue[1], rq_size[3:2]};
    end
  endgenerate
  assign walk_start  = |(wk_req & wk_gnt);
  assign sel_walking = wk_walking[own];

  // ---------------------------------------------------------------- the walker
  rvmmu_walker #(.RV64(RV64), .PMP_ENTRIES(PMP_ENTRIES), .PMP_GRAN(PMP_GRAN), .PWC_ENTRIES(PWC_ENTRIES),
                 .L2_ENTRIES(L2_ENTRIES), .L2_WAYS(L2_WAYS), .L2_SP(L2_SP), .PORTS(NP)) u_walker (
      .clk_i, .rst_ni,
      .start_i        (walk_start),
      .busy_i         (sel_walking),
      .vpn_i          (wk_vpn[sel*VPN_W +: VPN_W]),
      .mode_i         (wk_mode[sel*4 +: 4]),
      .asid_i         (wk_asid[sel*ASID_W +: ASID_W]),
      .root_i         (wk_root[sel*PPN_W +: PPN_W]),
      .top_level_i    (wk_top[sel*3 +: 3]),
      // The access kind and the A/D policy, like the leaf's verdict, are
      // only looked at after the start's cycle (the leaf's step 7, the
      // swap's data): the owner's, so that no path runs from the lookups
      // through the arbiter into the walk's end.
      .acc_i          (wk_acc[own*2 +: 2]),
      .adue_i         (wk_adue[own]),
      .chk_fault_i    (wk_chk_fault[own]),
      .chk_ad_i       (wk_chk_ad[own]),
      .nx_valid_i     (rq_valid[NP-1:0]),
      .nx_load_i      (nx_load),
      .nx_vpn_i       (nx_vpn),
      .nx_asid_i      (nx_asid),
      .nx_mode_i      (nx_mode),
      .lk_sel_i       (sel),
      .sfence_valid_i (sfence_fire),
      .sfence_ready_o,
      .sfence_rs1_x0_i, .sfence_rs2_x0_i,
      .sfence_vpn_i   (sfence_va_i[12 +: VPN_W]),
      .sfence_asid_i,
      .pmpcfg_i, .pmpaddr_i,
      .done_o         (walk_done),
      .fault_o        (walk_fault),
      .afault_o       (walk_afault),
      .ppn_o          (walk_ppn),
      .level_o        (walk_level),
      .napot_o        (walk_napot),
      .flags_o        (walk_flags),
      .pbmt_o         (walk_pbmt),
      .l2_hit_o       (walk_l2_hit),
      .mem_req_valid_o, .mem_req_ready_i, .mem_req_addr_o, .mem_req_cas_o, .mem_req_cmp_o,
      .mem_req_wdata_o, .mem_rsp_valid_i, .mem_rsp_data_i, .mem_rsp_err_i,
      .state_o        (mon_ptw_state_o),
      .look_o         (walk_look),
      .ptr_o          (walk_ptr),
      .pwc_hit_o      (pwc_hit),
      .pwc_level_o    (pwc_level),
      .start_level_o  (start_level),
      .start_ppn_o    (start_ppn),
      .pwc_fill_o     (pwc_fill),
      .pwc_stale_o    (pwc_stale),
      .pmp_chk_o      (ptw_pmp_chk),
      .pmp_allow_o    (ptw_pmp_allow)
  );

  // ---------------------------------------------------------------- monitor
  // The walk's record: of the port the walker serves.
  assign mon_walk_port_o  = sel;
  assign mon_miss_o       = walk_start;
  assign mon_fill_o       = |port_fill;
  assign mon_fill_vpn_o   = wk_vpn[own*VPN_W +: VPN_W];
  assign mon_fill_level_o = walk_level;
  assign mon_fill_napot_o = walk_napot;
  assign mon_fill_asid_o  = wk_asid[own*ASID_W +: ASID_W];
  assign mon_fill_mode_o  = wk_mode[own*4 +: 4];
  assign mon_fill_ppn_o   = walk_ppn;
  assign mon_fill_flags_o = walk_flags;
  assign mon_fill_pbmt_o  = walk_pbmt;
  assign mon_flush_o      = sfence_fire;
  assign mon_l2_hit_o     = walk_done && walk_l2_hit;
  assign mon_walk_start_o = walk_start;
  assign mon_walk_end_o   = |port_walk_end;
  assign mon_pwc_hit_o    = walk_start && pwc_hit;
  assign mon_pwc_level_o  = start_level;
  assign mon_pwc_ppn_o    = start_ppn;
  logic unused_mon;
  assign unused_mon = ^{walk_busy, walk_look, port_miss, pwc_fill, pwc_stale, walk_ptr, ptw_pmp_chk, ptw_pmp_allow, pwc_level};
`ifdef FORMAL
  // ================================================================ formal properties
  // The translation rules are asserted in each port (rtl/rvmmu_port.sv) and
  // the walker's modules; here, the sharing (PORTS=2): one walk at a time,
  // owned by one port, and the arbiter's bound. Proven by formal/run.sh
  // (jobs dual32, dual64).
  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;
  generate
    if (L2_ENTRIES > 0) begin : g_fl2
      // (jobs l2mmu32/l2mmu64) a fence held off while the L2 TLB sweeps
      always @(posedge clk_i)
        if (f_past_valid && rst_ni) c_l2_fence_held: cover(sfence_valid_i && !sfence_ready_o);
    end
    if (PORTS > 1) begin : g_farb
      // A port passed over while the walker was free (the other port got it).
      reg [1:0] f_passed;
      always @(posedge clk_i) begin
        if (!rst_ni) f_passed <= 2'b00;
        else
          for (int p = 0; p < 2; p++)
            if (wk_gnt[p]) f_passed[p] <= 1'b0;
            else if (wk_req[p] && !walk_busy) f_passed[p] <= 1'b1;
      end
      always @* begin
        if (f_past_valid && rst_ni) begin
          // ---- one walk at a time: one grant, to a port that asks, when none runs
          p_arb_one_grant: assert(!(wk_gnt[0] && wk_gnt[1]) && (wk_gnt & ~wk_req) == '0 &&
                                  (!(|wk_gnt) || !walk_busy));
          p_arb_one_walk:  assert(!(wk_walking[0] && wk_walking[1]));
          // ---- the walker serves its owner: the walk running is that port's
          if (walk_busy)
            h_arb_owner:   assert(wk_walking[g_arb.owner_q] && sel == g_arb.owner_q && own == g_arb.owner_q);
          // ---- the walker is never idle while a port asks, and the bound:
          // a port passed over once is granted the next time the walker is
          // free (it waits for at most one walk of the other port)
          if (!walk_busy && (|wk_req))
            p_arb_work_conserving: assert(|wk_gnt);
          // (the one passed over has the priority until it is served)
          h_arb_passed: assert((!f_passed[0] || g_arb.last_q) && (!f_passed[1] || !g_arb.last_q));
          if (f_passed[0] && wk_req[0] && !walk_busy)
            p_arb_bound_d: assert(wk_gnt[0]);
          if (f_passed[1] && wk_req[1] && !walk_busy)
            p_arb_bound_i: assert(wk_gnt[1]);
        end
      end
      always @(posedge clk_i) begin
        if (f_past_valid && rst_ni) begin
          c_arb_both_ask:       cover(wk_req == 2'b11 && !walk_busy);
          c_arb_both_hit:       cover(mon_hit_o && mon_ihit_o && !rsp_fault_o && !irsp_fault_o);
          c_arb_passed_granted: cover(f_passed[1] && wk_gnt[1]);
        end
      end
    end
  endgenerate
`endif
endmodule

`default_nettype wire
