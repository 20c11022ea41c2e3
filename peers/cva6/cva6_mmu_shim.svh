// cva6_mmu_shim.svh -- the body of cva6_mmu_shim: CVA6's own MMU
// (core/mmu_sv32 or core/mmu_sv39: its ITLB, DTLB and page-table walker,
// unmodified, read from the installed pythondata-cpu-cva6 package) behind
// rvmmu's edge, so that the harness drives it exactly as it drives rvmmu
// (peers/peers.mk, docs/peers.md).
//
// The module's header (parameters and ports) is rtl/rvmmu.sv's own: it is
// copied by peers/cva6/gen_shim.py into build/peers/cva6_mmu_shim.sv around
// this body, so the harness' port list (build/gen/rvmmu_ports.h) fits it by
// construction. ENTRIES sizes each of CVA6's two TLBs (CVA6 instantiates
// 16 + 16). What the shim adds is only what CVA6's core would put around
// its MMU:
//  - the CSR side: enable_translation = satp.MODE is CVA6's mode (Sv39 or
//    Sv32) and priv != M (csr_regfile's en_translation_o, no MPRV); satp
//    PPN/ASID (ASID cut to ariane_pkg::ASID_WIDTH, as CVA6 does: 16 bits in
//    RV64, 1 bit in CV32A6), SUM, MXR, priv. A satp.MODE CVA6 lacks (Sv48,
//    Sv57) is taken as Bare, as rvmmu takes a mode it lacks.
//  - the LSU/frontend side: a data access is looked up on the DTLB port in
//    the cycle it is accepted (as CVA6's LSU presents it), held there until
//    lsu_valid_o; a fetch is presented on the ITLB port from the cycle after
//    acceptance, held until fetch_valid (CVA6 answers ITLB hits in the same
//    cycle). CVA6 reads its context (priv, SUM, satp...) from CSRs that only
//    change with a pipeline flush, so a request whose context differs from
//    the previous one is looked up one cycle later (the context register
//    is loaded first); same-context requests go back to back.
//  - SFENCE.VMA: flush_tlb_i with CVA6's operand convention (a zero VA/ASID
//    means "all"; rs1/rs2 = x0 are given as 0) and flush_i to the walker, as
//    CVA6's controller flushes the pipeline on SFENCE.VMA: a walk in flight
//    is dropped and the held request walks again.
//  - the walker's D$ port: data_req/data_gnt = mem_req_valid/ready, the
//    address from address_tag and address_index, data_rvalid/data_rdata =
//    mem_rsp_valid/data. CVA6's walker never writes (no A/D update: it
//    faults, Svade behaviour) and its port has no bus error (mem_rsp_err is
//    not seen). No PMP entries (NrPMPEntries = 0, as rvmmu has no PMP) and
//    one execute region covering all memory.
// Monitor: mon_hit (answered by a TLB lookup with no walk), mon_miss and
// mon_walk_start (CVA6's itlb_miss_o/dtlb_miss_o: a walk starts),
// mon_walk_end (the response of a request that walked); the others are 0.

  import ariane_pkg::*;

  localparam int CASID = ariane_pkg::ASID_WIDTH;
  localparam int PLEN  = riscv::PLEN;

  // CVA6's configuration: the default, without PMP entries and with every
  // address executable (rvmmu has neither PMP nor PMA checks).
  function automatic ariane_pkg::ariane_cfg_t peer_cfg();
    peer_cfg = ariane_pkg::ArianeDefaultConfig;
    peer_cfg.NrPMPEntries = 0;
    peer_cfg.NrExecuteRegionRules = 1;
    peer_cfg.ExecuteRegionAddrBase[0] = 64'h0;
    peer_cfg.ExecuteRegionLength[0] = 64'hffff_ffff_ffff_ffff;
  endfunction
  localparam ariane_pkg::ariane_cfg_t PeerCfg = peer_cfg();

  // ---------------------------------------------------------------- context (CSRs)
  logic [XLEN-1:0] c_satp_q;
  logic [1:0]      c_priv_q;
  logic            c_sum_q, c_mxr_q, c_adue_q;
  logic            c_en;                 // translation on: CVA6's mode and not M
  logic [CASID-1:0] c_asid;
  logic [riscv::PPNW-1:0] c_ppn;
  generate
    if (RV64) begin : g_csr64
      assign c_en   = c_satp_q[63:60] == `RVMMU_MODE_SV39 && c_priv_q != `RVMMU_PRIV_M;
      assign c_asid = c_satp_q[44 +: CASID];
      assign c_ppn  = c_satp_q[43:0];
    end else begin : g_csr32
      assign c_en   = c_satp_q[31] && c_priv_q != `RVMMU_PRIV_M;
      assign c_asid = c_satp_q[22 +: CASID];
      assign c_ppn  = c_satp_q[21:0];
    end
  endgenerate

  // ---------------------------------------------------------------- request stage
  logic            s_valid_q, s_walked_q;
  logic [VA_W-1:0] s_va_q;
  logic [1:0]      s_acc_q;
  logic            accept, same_ctx, walk_start;
  logic            s_fetch, s_data;

  assign req_ready_o = !s_valid_q || rsp_valid_o;
  assign accept      = req_valid_i && req_ready_o;
  assign same_ctx    = req_satp_i == c_satp_q && req_priv_i == c_priv_q && req_sum_i == c_sum_q &&
                       req_mxr_i == c_mxr_q && req_adue_i == c_adue_q;
  assign s_fetch     = s_valid_q && s_acc_q == `RVMMU_ACC_FETCH;
  assign s_data      = s_valid_q && s_acc_q != `RVMMU_ACC_FETCH;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s_valid_q  <= 1'b0;
      s_walked_q <= 1'b0;
      c_satp_q   <= '0;
      c_priv_q   <= `RVMMU_PRIV_M;
      c_sum_q    <= 1'b0;
      c_mxr_q    <= 1'b0;
      c_adue_q   <= 1'b0;
    end else begin
      if (accept) s_valid_q <= 1'b1;
      else if (rsp_valid_o) s_valid_q <= 1'b0;
      // a walk starting in the cycle of an acceptance is the new request's
      s_walked_q <= accept ? walk_start : (s_walked_q || walk_start);
      if (accept) begin
        c_satp_q <= req_satp_i;
        c_priv_q <= req_priv_i;
        c_sum_q  <= req_sum_i;
        c_mxr_q  <= req_mxr_i;
        c_adue_q <= req_adue_i;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (accept) begin
      s_va_q  <= req_va_i;
      s_acc_q <= req_acc_i;
    end
  end

  // ---------------------------------------------------------------- CVA6's MMU
  icache_areq_o_t  if_req;
  icache_areq_i_t  if_rsp;
  exception_t      lsu_ex;
  logic            lsu_req, lsu_store, lsu_valid, itlb_miss, dtlb_miss;
  logic [riscv::VLEN-1:0] lsu_vaddr;
  logic [PLEN-1:0] lsu_paddr;
  dcache_req_o_t   ptw_rsp;
  dcache_req_i_t   ptw_req;
  riscv::pmpcfg_t [15:0]        pmpcfg;
  logic [15:0][PLEN-3:0]        pmpaddr;
  logic [riscv::PPNW-1:0]       unused_dtlb_ppn;
  logic                         unused_dtlb_hit;

  assign pmpcfg  = '0;
  assign pmpaddr = '0;

  // Data: the accepted request in its own cycle when its context is the
  // registered one, else the held request until it is answered.
  logic fast;
  assign fast      = accept && same_ctx && req_acc_i != `RVMMU_ACC_FETCH;
  assign lsu_req   = fast || (s_data && !rsp_valid_o);
  assign lsu_vaddr = riscv::VLEN'(accept ? req_va_i : s_va_q);
  assign lsu_store = accept ? req_acc_i == `RVMMU_ACC_STORE : s_acc_q == `RVMMU_ACC_STORE;
  // Fetch: the held request, from the cycle after acceptance.
  assign if_req.fetch_req   = s_fetch;
  assign if_req.fetch_vaddr = riscv::VLEN'(s_va_q);

  assign ptw_rsp.data_gnt    = mem_req_ready_i;
  assign ptw_rsp.data_rvalid = mem_rsp_valid_i;
  assign ptw_rsp.data_rdata  = riscv::xlen_t'(mem_rsp_data_i);
  assign ptw_rsp.data_ruser  = '0;

  // SFENCE.VMA in CVA6's convention: rs1/rs2 = x0 are VA/ASID 0.
  logic [riscv::VLEN-1:0] fl_va;
  logic [CASID-1:0]       fl_asid;
  assign fl_va   = sfence_rs1_x0_i ? '0 : riscv::VLEN'(sfence_va_i);
  assign fl_asid = sfence_rs2_x0_i ? '0 : sfence_asid_i[CASID-1:0];

`ifdef PEER_SV39
  mmu #(
`else
  cva6_mmu_sv32 #(
`endif
      .INSTR_TLB_ENTRIES(ENTRIES),
      .DATA_TLB_ENTRIES (ENTRIES),
      .ASID_WIDTH       (CASID),
      .ArianeCfg        (PeerCfg)
  ) i_cva6_mmu (
      .clk_i                 (clk_i),
      .rst_ni                (rst_ni),
      .flush_i               (sfence_valid_i),
      .enable_translation_i  (c_en),
      .en_ld_st_translation_i(c_en),
      .icache_areq_i         (if_req),
      .icache_areq_o         (if_rsp),
      .misaligned_ex_i       ('0),
      .lsu_req_i             (lsu_req),
      .lsu_vaddr_i           (lsu_vaddr),
      .lsu_is_store_i        (lsu_store),
      .lsu_dtlb_hit_o        (unused_dtlb_hit),
      .lsu_dtlb_ppn_o        (unused_dtlb_ppn),
      .lsu_valid_o           (lsu_valid),
      .lsu_paddr_o           (lsu_paddr),
      .lsu_exception_o       (lsu_ex),
      .priv_lvl_i            (riscv::priv_lvl_t'(c_priv_q)),
      .ld_st_priv_lvl_i      (riscv::priv_lvl_t'(c_priv_q)),
      .sum_i                 (c_sum_q),
      .mxr_i                 (c_mxr_q),
      .satp_ppn_i            (c_ppn),
      .asid_i                (c_asid),
      .asid_to_be_flushed_i  (fl_asid),
      .vaddr_to_be_flushed_i (fl_va),
      .flush_tlb_i           (sfence_valid_i),
      .itlb_miss_o           (itlb_miss),
      .dtlb_miss_o           (dtlb_miss),
      .req_port_i            (ptw_rsp),
      .req_port_o            (ptw_req),
      .pmpcfg_i              (pmpcfg),
      .pmpaddr_i             (pmpaddr)
  );

  // ---------------------------------------------------------------- walker memory port
  assign mem_req_valid_o = ptw_req.data_req;
  assign mem_req_addr_o  = PA_W'({ptw_req.address_tag, ptw_req.address_index});
  assign mem_req_cas_o   = 1'b0;   // CVA6's walker never writes
  assign mem_req_cmp_o   = '0;
  assign mem_req_wdata_o = '0;

  // ---------------------------------------------------------------- response
  logic fetch_done, data_done;
  assign fetch_done  = s_fetch && if_rsp.fetch_valid;
  assign data_done   = s_data && lsu_valid;
  assign rsp_valid_o = fetch_done || data_done;
  assign rsp_fault_o = s_fetch ? if_rsp.fetch_exception.valid : lsu_ex.valid;
  assign rsp_cause_o = s_fetch ? if_rsp.fetch_exception.cause[4:0] : lsu_ex.cause[4:0];
  logic [PLEN-1:0] rsp_paddr;
  assign rsp_paddr   = s_fetch ? if_rsp.fetch_paddr : lsu_paddr;
  assign rsp_pa_o    = RPA_W'(rsp_paddr);
  assign rsp_pbmt_o  = `RVMMU_PBMT_PMA;   // no Svpbmt in this CVA6

  // ---------------------------------------------------------------- monitor
  assign walk_start       = itlb_miss || dtlb_miss;
  assign mon_hit_o        = rsp_valid_o && c_en && !s_walked_q;
  assign mon_miss_o       = walk_start;
  assign mon_walk_start_o = walk_start;
  assign mon_walk_end_o   = rsp_valid_o && s_walked_q;
  assign mon_hit_idx_o    = '0;
  assign mon_fill_o       = 1'b0;
  assign mon_fill_idx_o   = '0;
  assign mon_fill_vpn_o   = '0;
  assign mon_fill_level_o = '0;
  assign mon_fill_napot_o = 1'b0;
  assign mon_fill_asid_o  = '0;
  assign mon_fill_mode_o  = '0;
  assign mon_fill_ppn_o   = '0;
  assign mon_fill_flags_o = '0;
  assign mon_fill_pbmt_o  = '0;
  assign mon_flush_o      = 1'b0;
  assign mon_ptw_state_o  = '0;
  assign mon_valid_o      = '0;
  // CVA6 flushes its TLBs in the fence's cycle: every fence is taken at once.
  assign sfence_ready_o   = 1'b1;
  assign mon_l2_hit_o     = 1'b0;

  // Inputs CVA6 has no use for.
  logic unused;
  assign unused = ^{mem_rsp_err_i, unused_dtlb_ppn, unused_dtlb_hit, ptw_req, if_rsp.fetch_exception.tval,
                    lsu_ex.tval, sfence_asid_i};
