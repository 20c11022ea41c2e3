// rvmmu_ptw -- hardware page-table walker.
//
// Walks the page table of the request held by rvmmu (root PPN, mode, VPN)
// one level per memory read, exactly as the spec's "Virtual Address
// Translation Process" describes: read the PTE at a + vpn[i]*PTESIZE
// (step 2), decode it (rvmmu_pte_decode: steps 3, 4, 6), follow a pointer to
// the next level, and at a leaf have the permission checker module judge it
// (step 5, step 7). Under Svadu a leaf whose A (or, for a store, D) bit is
// clear is updated with one atomic compare-and-swap on the memory port, only
// after every other check passed; if the PTE changed since it was read, the
// walk starts again from the root. A bus error on a read or on the swap is
// an access fault.
//
// Timing: the first PTE read is requested in the cycle the walk starts, and
// each further read one cycle after the previous response, so an L-level
// walk with memory latency LAT ends L*(LAT+1) cycles after it starts. The
// word is decoded as it arrives and the verdict registered with it, so the
// cycle after a response acts on flip-flops.
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_ptw #(
    parameter  bit RV64    = 1'b0,                           // 0: Sv32; 1: Sv39, Sv48 and Sv57
    // Derived from RV64 (rtl/rvmmu_pkg.sv); not parameters.
    localparam int VPN_W   = rvmmu_pkg::vpn_w(RV64),         // virtual page number
    localparam int PPN_W   = rvmmu_pkg::ppn_w(RV64),         // physical page number
    localparam int PA_W    = rvmmu_pkg::pa_w(RV64),          // physical address
    localparam int PTE_W   = rvmmu_pkg::pte_w(RV64)          // page-table entry
) (
    input  logic             clk_i,
    input  logic             rst_ni,
    // the walk: start pulses once; the rest is held by rvmmu until done
    input  logic             start_i,
    input  logic [VPN_W-1:0] vpn_i,
    input  logic [3:0]       mode_i,
    input  logic [PPN_W-1:0] root_ppn_i,
    // where the walk starts (step 1): the root and level LEVELS-1, or a
    // table a cached pointer gives (rvmmu's page-walk cache); read with
    // start_i only. A walk that starts again after a failed A/D swap starts
    // at the root.
    input  logic [PPN_W-1:0] start_ppn_i,
    input  logic [2:0]       start_level_i,
    input  logic [1:0]       acc_i,
    input  logic             adue_i,
    // the leaf under test, judged by rvmmu's permission checker
    output logic [7:0]       leaf_flags_o,   // D A G U X W R V
    input  logic             chk_fault_i,
    input  logic             chk_ad_i,
    // result
    output logic             done_o,
    output logic             fault_o,         // the walk ends in a fault
    output logic             access_fault_o,  // ... caused by a bus error
    output logic [PPN_W-1:0] leaf_ppn_o,
    output logic [2:0]       leaf_level_o,
    output logic             leaf_napot_o,
    output logic [1:0]       leaf_pbmt_o,
    // a pointer is followed this cycle: the PTE held (leaf_ppn_o,
    // leaf_level_o, leaf_flags_o) is a valid non-leaf PTE
    output logic             ptr_o,
    // memory port
    // PMP refuses the request on mem_req_addr_o/mem_req_cas_o (rvmmu's
    // u_pmp_ptw): it is not issued, and the walk ends in an access fault.
    output logic             pmp_chk_o,      // a request is to be issued: PMP, judge it
    input  logic             pmp_deny_i,
    output logic             mem_req_valid_o,
    input  logic             mem_req_ready_i,
    output logic [PA_W-1:0]  mem_req_addr_o,
    output logic             mem_req_cas_o,
    output logic [PTE_W-1:0] mem_req_cmp_o,
    output logic [PTE_W-1:0] mem_req_wdata_o,
    input  logic             mem_rsp_valid_i,
    input  logic [PTE_W-1:0] mem_rsp_data_i,
    input  logic             mem_rsp_err_i,
    output logic [2:0]       state_o
);
  localparam int VPNB    = rvmmu_pkg::vpnb(RV64);         // bits per VPN field
  localparam int IDX_LSB = rvmmu_pkg::pte_idx_lsb(RV64);  // log2(PTESIZE)

  logic [2:0]       state_q, state_d;
  logic [2:0]       level_q, level_d;    // level i of the PTE in pte_q
  logic [PA_W-1:0]  addr_q, addr_d;      // address of the PTE in pte_q
  logic [PTE_W-1:0] pte_q, pte_d, pte_c;
  logic             err_q, err_d, err_c; // the read (or swap) had a bus error (or PMP refused it)
  logic             cas_ok_q, cas_ok_d;  // the swap found the PTE unchanged

  // Decoded PTE (the one decoder). It reads the word as it is captured
  // into pte_q, and its verdict is registered beside it, so that the walker
  // acts on flip-flops: in the states that use them (PTE, CAS_*), dec_* is
  // the decoding of pte_q at level_q (h_ptw_dec_fresh). The level does not
  // change on the edges that capture a word.
  logic [7:0]       dec_flags, dec_flags_d;
  logic [PPN_W-1:0] dec_ppn, dec_ppn_d;
  logic [1:0]       dec_pbmt, dec_pbmt_d;
  logic             dec_napot, dec_leaf, dec_fault, dec_napot_d, dec_leaf_d, dec_fault_d;

  rvmmu_pte_decode #(.RV64(RV64)) u_dec (
      .pte_i  (pte_d),
      .level_i(level_q),
      .flags_o(dec_flags_d),
      .ppn_o  (dec_ppn_d),
      .pbmt_o (dec_pbmt_d),
      .napot_o(dec_napot_d),
      .leaf_o (dec_leaf_d),
      .fault_o(dec_fault_d)
  );

  always_ff @(posedge clk_i) begin
    dec_flags <= dec_flags_d;
    dec_ppn   <= dec_ppn_d;
    dec_pbmt  <= dec_pbmt_d;
    dec_napot <= dec_napot_d;
    dec_leaf  <= dec_leaf_d;
    dec_fault <= dec_fault_d;
  end

  // Step 1: LEVELS of the mode; the walk starts at i = LEVELS-1.
  logic [2:0] top_level;
  assign top_level = rvmmu_pkg::mode_top_level(mode_i);

  // Step 2: the PTE address a + va.vpn[i] * PTESIZE.
  // va.vpn[i] is picked by a multiplexer (a shift by i * VPNB would become a
  // multiplier on the FPGA).
  function automatic [PA_W-1:0] pte_addr(input [PPN_W-1:0] base,
                                         input [VPN_W-1:0] vpn,
                                         input [2:0] lvl);
    logic [VPNB-1:0] field;
    integer l;
    field = '0;
    for (l = 0; l < VPN_W / VPNB; l = l + 1)
      if (lvl == l[2:0]) field = vpn[l*VPNB +: VPNB];
    pte_addr = {base, field, {IDX_LSB{1'b0}}};
  endfunction

  // Step 7 under Svadu: the bits the swap sets.
  logic [PTE_W-1:0] ad_bits;
  assign ad_bits = {{(PTE_W-8){1'b0}}, (acc_i == `RVMMU_ACC_STORE), 7'b1000000};

  logic             rd_go;
  logic [PPN_W-1:0] rd_base;
  logic [2:0]       rd_level;

  // The steps, state by state: state_c and req_valid_c are the next state
  // and the memory request before the PTE read a step asks for (below).
  logic [2:0]       state_c;
  logic [PA_W-1:0]  rd_addr;
  logic             req_valid_c;
  always_comb begin
    state_c  = state_q;
    pte_c    = pte_q;
    err_c    = err_q;
    cas_ok_d = cas_ok_q;
    rd_go    = 1'b0;
    rd_base  = root_ppn_i;
    rd_level = top_level;
    ptr_o    = 1'b0;
    done_o   = 1'b0;
    fault_o  = 1'b0;
    access_fault_o  = 1'b0;
    req_valid_c     = 1'b0;
    mem_req_cas_o   = 1'b0;

    case (state_q)
      `RVMMU_PTW_IDLE: begin                       // step 1: root, top level (or a cached pointer's table)
        rd_base  = start_ppn_i;
        rd_level = start_level_i;
        if (start_i) rd_go = 1'b1;
      end
      `RVMMU_PTW_REQ: begin
        req_valid_c     = 1'b1;
        if (mem_req_ready_i) state_c = `RVMMU_PTW_WAIT;
      end
      `RVMMU_PTW_WAIT: if (mem_rsp_valid_i) begin
        pte_c   = mem_rsp_data_i;
        err_c   = mem_rsp_err_i;
        state_c = `RVMMU_PTW_PTE;
      end
      `RVMMU_PTW_PTE: begin
        if (err_q) begin                 // step 2: access fault
          done_o = 1'b1; fault_o = 1'b1; access_fault_o = 1'b1;
        end else if (dec_fault) begin    // steps 3, 4, 6
          done_o = 1'b1; fault_o = 1'b1;
        end else if (!dec_leaf) begin    // step 4: next level
          rd_go    = 1'b1;
          ptr_o    = 1'b1;
          rd_base  = dec_ppn;
          rd_level = level_q - 3'd1;
        end else if (chk_fault_i) begin  // step 5
          done_o = 1'b1; fault_o = 1'b1;
        end else if (chk_ad_i) begin     // step 7
          if (!adue_i) begin             // Svade: page fault
            done_o = 1'b1; fault_o = 1'b1;
          end else begin                 // Svadu: set A (and D), atomically
            req_valid_c     = 1'b1;
            mem_req_cas_o   = 1'b1;
            state_c = mem_req_ready_i ? `RVMMU_PTW_CAS_WAIT : `RVMMU_PTW_CAS_REQ;
          end
        end else begin                   // step 8: success
          done_o = 1'b1;
        end
      end
      `RVMMU_PTW_CAS_REQ: begin
        req_valid_c     = 1'b1;
        mem_req_cas_o   = 1'b1;
        if (mem_req_ready_i) state_c = `RVMMU_PTW_CAS_WAIT;
      end
      `RVMMU_PTW_CAS_WAIT: if (mem_rsp_valid_i) begin
        err_c    = mem_rsp_err_i;
        cas_ok_d = (mem_rsp_data_i == pte_q);
        if (!mem_rsp_err_i && mem_rsp_data_i == pte_q) pte_c = pte_q | ad_bits;
        state_c  = `RVMMU_PTW_CAS_CHK;
      end
      `RVMMU_PTW_CAS_CHK: begin
        if (err_q) begin                 // step 7: the store faults
          done_o = 1'b1; fault_o = 1'b1; access_fault_o = 1'b1;
        end else if (!cas_ok_q) begin    // PTE changed: walk again
          rd_go = 1'b1;
        end else begin
          done_o = 1'b1;
        end
      end
      default: state_c = `RVMMU_PTW_IDLE;
    endcase
  end

  // Issue a PTE read (from IDLE, a pointer PTE, or a failed swap), and end
  // the walk when a step is done. Apart from the steps above: an
  // always_comb that reads what it writes never settles under Icarus.
  assign rd_addr = pte_addr(rd_base, vpn_i, rd_level);
  logic [2:0] state_n;
  logic       req_valid_n, pmp_denied;
  always_comb begin
    state_n         = state_c;
    level_d         = level_q;
    addr_d          = addr_q;
    req_valid_n     = req_valid_c;
    mem_req_addr_o  = addr_q;
    if (rd_go) begin
      req_valid_n     = 1'b1;
      mem_req_addr_o  = rd_addr;
      addr_d  = rd_addr;
      level_d = rd_level;
      state_n = mem_req_ready_i ? `RVMMU_PTW_WAIT : `RVMMU_PTW_REQ;
    end
    if (done_o) state_n = `RVMMU_PTW_IDLE;
  end

  // A request PMP refuses is not issued: it ends as if its response were a
  // bus error (steps 2 and 7: an access fault of the access's type), in the
  // state that judges that response.
  assign pmp_chk_o       = req_valid_n;
  assign pmp_denied      = req_valid_n && pmp_deny_i;
  assign mem_req_valid_o = req_valid_n && !pmp_deny_i;
  assign state_d = !pmp_denied ? state_n : mem_req_cas_o ? `RVMMU_PTW_CAS_CHK : `RVMMU_PTW_PTE;
  assign err_d   = err_c || pmp_denied;
  assign pte_d   = pmp_denied ? '0 : pte_c;   // nothing read: a known word, never judged

  assign mem_req_cmp_o   = pte_q;
  // The swap's new word: A, and D for a store. (A read's wdata is not
  // used: A alone, so that the access kind, read only after the walk's
  // first cycle, keeps it as it was offered: p_mem_request_held.)
  assign mem_req_wdata_o = pte_q | {{(PTE_W-8){1'b0}}, mem_req_cas_o && acc_i == `RVMMU_ACC_STORE, 7'b1000000};

  assign leaf_flags_o = dec_flags;
  assign leaf_ppn_o   = dec_ppn;
  assign leaf_level_o = level_q;
  assign leaf_napot_o = dec_napot;
  assign leaf_pbmt_o  = dec_pbmt;
  assign state_o      = state_q;

  // Control state: reset. Data registers: no reset.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) state_q <= `RVMMU_PTW_IDLE;
    else state_q <= state_d;
  end

  always_ff @(posedge clk_i) begin
    level_q  <= level_d;
    addr_q   <= addr_d;
    pte_q    <= pte_d;
    err_q    <= err_d;
    cas_ok_q <= cas_ok_d;
  end

`ifdef FORMAL
  // ================================================================ formal properties
  // Proven by formal/run.sh (see formal/README.md). The walk is followed
  // as the spec describes it (formal/rvmmu_spec.vh): every PTE read is
  // checked against the address the spec computes from the root, the VA
  // and the PTEs read before it; the result against the spec's rules.
  // The walk's inputs (vpn_i, mode_i, root_ppn_i, acc_i, adue_i) are held
  // by rvmmu while the walk runs (asserted there).
  `include "rvmmu_spec.vh"

  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  // The registered decoding is that of the PTE held (see u_dec).
  logic [7:0]       f_dec_flags;
  logic [PPN_W-1:0] f_dec_ppn;
  logic [1:0]       f_dec_pbmt;
  logic             f_dec_napot, f_dec_leaf, f_dec_fault;
  rvmmu_pte_decode #(.RV64(RV64)) f_dec (
      .pte_i(pte_q), .level_i(level_q), .flags_o(f_dec_flags), .ppn_o(f_dec_ppn), .pbmt_o(f_dec_pbmt),
      .napot_o(f_dec_napot), .leaf_o(f_dec_leaf), .fault_o(f_dec_fault)
  );
  always @* begin
    if (f_past_valid && state_q != `RVMMU_PTW_IDLE && state_q != `RVMMU_PTW_REQ && state_q != `RVMMU_PTW_WAIT)
      h_ptw_dec_fresh: assert(dec_flags == f_dec_flags && dec_ppn == f_dec_ppn && dec_pbmt == f_dec_pbmt &&
                              dec_napot == f_dec_napot && dec_leaf == f_dec_leaf && dec_fault == f_dec_fault);
  end

  logic [63:0] f_va, f_rsp, f_addr_o, f_cmp_o, f_wdata_o;
  logic [43:0] f_root;
  logic [2:0]  f_top;                 // LEVELS-1
  assign f_va      = {{(52-VPN_W){1'b0}}, vpn_i, 12'd0};
  assign f_rsp     = mem_rsp_data_i;
  assign f_addr_o  = mem_req_addr_o;
  assign f_cmp_o   = mem_req_cmp_o;
  assign f_wdata_o = mem_req_wdata_o;
  assign f_root    = root_ppn_i;
  assign f_top     = fs_levels(mode_i) - 3'd1;

  reg          f_busy;     // a walk runs: from start_i to done_o
  reg          f_out;      // a memory request is outstanding
  reg          f_out_cas;  // ... and it is the swap
  reg  [2:0]   f_nrd;      // PTE reads since the walk (re)started
  reg  [2:0]   f_lvl;      // level of the last PTE read
  reg  [63:0]  f_addr;     // its address
  reg  [63:0]  f_pte;      // the word it returned
  reg          f_err;      // the last response (read or swap) was a bus error
  reg          f_deny;     // the last request (read or swap) was refused by the PMP (pmp_deny_i):
                           // not issued, taken as answered with an error and, for a read, the word 0
  reg          f_got;      // the last response was a read (not the swap)
  reg          f_ncas;     // a swap was issued since the walk (re)started
  reg          f_same;     // the swap found the PTE as it was read
  reg          f_restart;  // ... or not: the next read starts the walk again
  reg  [43:0]  f_sppn;     // the table the walk started at (start_ppn_i at start_i) ...
  reg  [2:0]   f_slvl;     // ... and its level
  reg  [2:0]   f_plvl;     // level of the first read of this pass

  // The read the spec calls for next: when the walk starts, at the table it
  // is given (the root and level LEVELS-1, or a cached pointer's table:
  // start_ppn_i, start_level_i, taken with start_i); when it restarts after a
  // failed swap, at the root and level LEVELS-1; else at the PPN of the
  // pointer just read, one level down -- and only after a valid pointer.
  logic        f_first, f_may_read;
  logic [2:0]  f_exp_lvl, f_lvl0;
  logic [43:0] f_base0, f_start_ppn;
  logic [63:0] f_exp_addr, f_inst;
  logic        f_rd_hs, f_cas_hs, f_store;
  logic        f_rd_deny, f_cas_deny, f_rd_go, f_cas_go, f_fail;
  assign f_first    = !f_busy || f_nrd == 3'd0 || f_restart;
  assign f_start_ppn = start_ppn_i;
  assign f_base0    = f_restart ? f_root : !f_busy ? f_start_ppn : f_sppn;
  assign f_lvl0     = f_restart ? f_top  : !f_busy ? start_level_i : f_slvl;
  assign f_exp_lvl  = f_first ? f_lvl0 : f_lvl - 3'd1;
  assign f_exp_addr = fs_pte_addr(f_first ? f_base0 : fs_pte_ppn(f_pte, RV64), f_va, f_exp_lvl, RV64);
  assign f_may_read = f_first || (f_got && !f_fail && fs_pointer_ok(f_pte, f_lvl, RV64));
  assign f_rd_hs    = mem_req_valid_o && mem_req_ready_i && !mem_req_cas_o;
  assign f_cas_hs   = mem_req_valid_o && mem_req_ready_i && mem_req_cas_o;
  // A request the PMP refuses (rvmmu's u_pmp_ptw judges the one the walker
  // is about to make, pmp_chk_o) is made but not issued: a read or a swap
  // answered at once with an error. f_rd_go/f_cas_go: a read or swap made,
  // issued (the handshake) or refused. Without PMP pmp_deny_i is 0.
  assign f_rd_deny  = pmp_chk_o && pmp_deny_i && !mem_req_cas_o;
  assign f_cas_deny = pmp_chk_o && pmp_deny_i && mem_req_cas_o;
  assign f_rd_go    = f_rd_hs || f_rd_deny;
  assign f_cas_go   = f_cas_hs || f_cas_deny;
  // the last read or swap failed: a bus error or a PMP refusal
  assign f_fail     = f_err || f_deny;
  assign f_store    = acc_i == `RVMMU_ACC_STORE;
  // The PTE the walk ends with: the one read, or after a swap that found it
  // unchanged, that PTE with A (and for a store D) set.
  assign f_inst     = (!f_got && f_same) ? (f_pte | 64'h40 | (f_store ? 64'h80 : 64'h0)) : f_pte;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_busy    <= 1'b0;
      f_out     <= 1'b0;
    end else begin
      if (start_i && !f_busy) f_busy <= 1'b1;
      if (done_o) f_busy <= 1'b0;
      if (mem_req_valid_o && mem_req_ready_i) begin
        f_out     <= 1'b1;
        f_out_cas <= mem_req_cas_o;
      end
      if (mem_rsp_valid_i && f_out) f_out <= 1'b0;
    end
    if (start_i && !f_busy) begin
      f_sppn    <= f_start_ppn;
      f_slvl    <= start_level_i;
      f_nrd     <= 3'd0;
      f_ncas    <= 1'b0;
      f_restart <= 1'b0;
    end
    if (f_rd_go) begin
      f_nrd  <= f_first ? 3'd1 : f_nrd + 3'd1;
      f_lvl  <= f_exp_lvl;
      if (f_first) f_plvl <= f_exp_lvl;
      f_addr <= f_exp_addr;
      if (f_first) f_ncas <= 1'b0;
      f_restart <= 1'b0;
    end
    if (f_cas_go) f_ncas <= 1'b1;
    if (f_rd_hs || f_cas_hs) f_deny <= 1'b0;
    if (f_rd_deny) begin         // a refused read: an error, the word 0
      f_deny <= 1'b1;
      f_err  <= 1'b0;
      f_got  <= 1'b1;
      f_pte  <= 64'd0;
    end
    if (f_cas_deny) begin        // a refused swap: an error, no restart
      f_deny <= 1'b1;
      f_err  <= 1'b0;
      f_got  <= 1'b0;
    end
    if (mem_rsp_valid_i && f_out) begin
      f_err <= mem_rsp_err_i;
      f_got <= !f_out_cas;
      if (!f_out_cas) f_pte <= f_rsp;
      else begin
        f_same <= f_rsp == f_pte;
        // A swap that found the PTE changed: the walk starts again.
        f_restart <= !mem_rsp_err_i && f_rsp != f_pte;
      end
    end
    if (!rst_ni) f_restart <= 1'b0;
    if (!rst_ni) f_deny <= 1'b0;
  end

  logic [63:0] f_pte_q;
  assign f_pte_q = pte_q;

  always @* begin
    if (f_past_valid && rst_ni) begin
      // ---- the memory port
      if (mem_req_valid_o) begin
        p_ptw_req_in_walk:   assert(f_busy || (start_i && state_q == `RVMMU_PTW_IDLE));
        p_ptw_one_outstanding: assert(!f_out);
      end
      if (start_i)
        p_ptw_start_idle:    assert(state_q == `RVMMU_PTW_IDLE);
      // the walk starts at the root's level or below it (rvmmu's walk cache)
      if (start_i)
        p_ptw_start_level:   assert(start_level_i <= f_top);
      if (start_i && start_level_i == f_top)
        p_ptw_start_at_root: assert(start_ppn_i == root_ppn_i);
      // ---- reads: at most LEVELS, each where the spec says (issued, or
      // made and refused by the PMP)
      if (f_rd_go) begin
        p_ptw_read_follows_pointer: assert(f_may_read);
        p_ptw_read_count:    assert((f_first ? 3'd0 : f_nrd) < fs_levels(mode_i));
        p_ptw_read_addr:     assert(f_addr_o == f_exp_addr);
      end
      // ---- the A/D swap: after every check, the leaf's own PTE, A/D only
      // (issued, or made and refused by the PMP)
      if (f_cas_go) begin
        p_ptw_cas_after_checks: assert(f_got && !f_fail && f_nrd != 3'd0 && fs_leaf_ok(f_pte, f_lvl, RV64) &&
                                       !chk_fault_i && adue_i && !fs_ad_ok(f_pte[7:0], acc_i));
        p_ptw_cas_once:      assert(!f_ncas);
        p_ptw_cas_target:    assert(f_addr_o == f_addr && f_cmp_o == f_pte);
        p_ptw_cas_sets_ad:   assert(f_wdata_o == (f_pte | 64'h40 | (f_store ? 64'h80 : 64'h0)));
      end
      // ---- the result
      if (done_o) begin
        p_ptw_done_in_walk:  assert(f_busy);
        // An access fault is a bus error on the last read or swap, or the
        // PMP's refusal of it (PMP_ENTRIES = 0: f_deny is 0), and always a fault.
        p_ptw_bus_error:     assert(access_fault_o == (f_err || f_deny) && (!(f_err || f_deny) || fault_o));
        if (!fault_o) begin
          // Illegal PTEs are never the result: the leaf passed every check.
          p_ptw_leaf_legal:  assert(f_nrd != 3'd0 && fs_leaf_ok(f_pte, f_lvl, RV64) && !chk_fault_i &&
                                    (f_got ? fs_ad_ok(f_pte[7:0], acc_i) : (f_same && f_ncas)));
          p_ptw_leaf_fields: assert(leaf_flags_o == f_inst[7:0] && leaf_ppn_o == fs_pte_ppn(f_inst, RV64) &&
                                    leaf_level_o == f_lvl && leaf_level_o <= f_top &&
                                    leaf_napot_o == (RV64 && f_inst[63]) &&
                                    leaf_pbmt_o == (RV64 ? f_inst[62:61] : 2'd0));
        end else if (!f_err && !f_deny) begin
          // A page fault has a reason in the spec.
          p_ptw_fault_reason: assert(f_got && !fs_pointer_ok(f_pte, f_lvl, RV64) &&
                                     (!fs_leaf_ok(f_pte, f_lvl, RV64) || chk_fault_i ||
                                      (!adue_i && !fs_ad_ok(f_pte[7:0], acc_i))));
        end
      end
      // A walk never stops short: a valid pointer is followed (its read is
      // issued, unless the PMP refuses it), a leaf that needs A/D under
      // Svadu is swapped.
      if (state_q == `RVMMU_PTW_PTE && !err_q && fs_pointer_ok(f_pte, f_lvl, RV64))
        p_ptw_follows_pointer: assert(!done_o && pmp_chk_o && !mem_req_cas_o && mem_req_valid_o == !pmp_deny_i);

      // ---- helper invariants: the walker's registers against the ghost
      h_ptw_state:  assert(state_q <= `RVMMU_PTW_CAS_CHK);
      h_ptw_busy:   assert(f_busy == (state_q != `RVMMU_PTW_IDLE));
      h_ptw_out:    assert(f_out == (state_q == `RVMMU_PTW_WAIT || state_q == `RVMMU_PTW_CAS_WAIT) &&
                           (!f_out || f_out_cas == (state_q == `RVMMU_PTW_CAS_WAIT)));
      h_ptw_mode:   assert(!f_busy || (fs_levels(mode_i) != 3'd0 && (RV64 ? fs_levels(mode_i) >= 3'd3 : 1'b1) &&
                                       f_slvl <= f_top && (f_slvl != f_top || f_sppn == f_root)));
      if (state_q == `RVMMU_PTW_REQ)
        h_ptw_req:  assert(f_busy && f_may_read && (f_first || (!f_ncas && f_plvl <= f_top && f_nrd <= f_plvl + 3'd1 && f_lvl == f_plvl - (f_nrd - 3'd1))) && (f_first ? 3'd0 : f_nrd) < fs_levels(mode_i) && level_q == f_exp_lvl &&
                           f_addr_o == f_exp_addr);
      if (state_q == `RVMMU_PTW_WAIT || state_q == `RVMMU_PTW_PTE ||
          state_q == `RVMMU_PTW_CAS_REQ || state_q == `RVMMU_PTW_CAS_WAIT || state_q == `RVMMU_PTW_CAS_CHK)
        h_ptw_walked: assert(f_nrd != 3'd0 && f_nrd <= f_plvl + 3'd1 && f_plvl <= f_top && f_lvl == f_plvl - (f_nrd - 3'd1) &&
                             level_q == f_lvl && {{(64-PA_W){1'b0}}, addr_q} == f_addr);
      if (state_q == `RVMMU_PTW_PTE)
        h_ptw_pte:  assert(f_got && f_pte_q == f_pte && err_q == f_fail && !(f_err && f_deny) && !f_ncas);
      if (state_q == `RVMMU_PTW_WAIT)
        h_ptw_wait: assert(!f_ncas && !f_deny);
      if (state_q == `RVMMU_PTW_CAS_REQ || state_q == `RVMMU_PTW_CAS_WAIT)
        h_ptw_cas:  assert(f_got && !f_fail && f_pte_q == f_pte && fs_leaf_ok(f_pte, f_lvl, RV64) &&
                           f_ncas == (state_q == `RVMMU_PTW_CAS_WAIT) && adue_i && !chk_fault_i &&
                           !fs_ad_ok(f_pte[7:0], acc_i));
      if (state_q == `RVMMU_PTW_CAS_CHK)
        // (a refused swap: no word came back, cas_ok_q is not read, pte_q is
        // 0 and so is the leaf the checker judges)
        h_ptw_chk:  assert(!f_got && f_ncas && err_q == f_fail && !(f_err && f_deny) &&
                           (f_deny || (cas_ok_q == f_same && !chk_fault_i)) &&
                           f_restart == (!f_fail && !f_same) &&
                           f_pte_q == (f_deny ? 64'd0 : (f_same && !f_err) ? f_inst : f_pte) &&
                           fs_leaf_ok(f_pte, f_lvl, RV64));
      else if (state_q != `RVMMU_PTW_REQ)
        h_ptw_restart: assert(!f_restart);
    end
  end

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni) begin
      c_ptw_cas_ok:      cover(state_q == `RVMMU_PTW_CAS_CHK && done_o && !fault_o);
      c_ptw_cas_retry:   cover(state_q == `RVMMU_PTW_CAS_CHK && !err_q && !cas_ok_q);
      c_ptw_cas_error:   cover(state_q == `RVMMU_PTW_CAS_CHK && done_o && access_fault_o);
    end
  end
`endif
endmodule

`default_nettype wire
