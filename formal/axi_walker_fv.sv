// axi_walker_fv -- formal harness of rvmmu_axi_walker (jobs axi32, axi64 of
// formal/run.sh).
//
// The adapter alone, between a free walker and a free AXI4 slave. The
// environment is assumed: reset in the first cycle only; the walker keeps
// its port's rules as rvmmu proves them (p_mem_one_outstanding,
// p_mem_request_held: no request while one is unanswered, an offered
// request held unchanged until taken; a PTE address aligned to PTESIZE);
// the slave keeps the AXI4 rules (formal/axi4_master_props.sv with
// MASTER_IS_DUT = 1, which asserts the master's), has one ID and answers
// with single beats. Asserted at the ports, against the harness' own record
// of the request taken and the AXI beats:
//
// * the walker's contract: one response per accepted request, never in the
//   cycle it is taken, and only then; no request taken while one is out;
// * its meaning: a response comes exactly when the transaction ends (an R
//   beat of a read, of a failed or mismatching exclusive read; a B beat that
//   is not a failed exclusive), with mem_rsp_err_o exactly for SLVERR,
//   DECERR or OKAY to an exclusive read, the data of the last R beat (0 with
//   an error), and for a swap data == cmp exactly when it was written;
// * the CAS: AW and W only after an exclusive read of this request answered
//   EXOKAY with RDATA == cmp, to the request's address, with its wdata; after
//   a failed exclusive write (BRESP OKAY) the same exclusive read again,
//   with no answer to the walker in between; mon_excl_fail_o exactly then;
// * the timing: while idle AR is the walker's request and ARREADY its ready
//   (no cycle added), RREADY high exactly while a read is outstanding.
//
// The h_* invariants tie the adapter's state (f_state_o, f_cmp_o, its
// proof-only ports) and the checker's records to the harness' record, so
// that k-induction closes.
`default_nettype none

module axi_walker_fv #(
    parameter bit RV64 = 1'b0                             // the adapter's RV64
) (
    input  logic clk_i,
    input  logic rst_ni
);
  localparam int PA_W  = rvmmu_pkg::pa_w(RV64);
  localparam int PTE_W = rvmmu_pkg::pte_w(RV64);
  localparam int IDX   = rvmmu_pkg::pte_idx_lsb(RV64);  // log2(PTESIZE) = AxSIZE
  localparam int ID_W  = 2;                             // an ID other than 0, to see it is driven
  localparam logic [ID_W-1:0] AXI_ID = 2'd2;
  localparam logic [1:0] OKAY = 2'b00, EXOKAY = 2'b01, SLVERR = 2'b10;
  // the adapter's states (rtl/rvmmu_axi_walker.sv)
  localparam logic [2:0] S_INIT = 3'd0, S_IDLE = 3'd1, S_READ = 3'd2, S_XREAD = 3'd3,
                         S_XAR = 3'd4, S_XWRITE = 3'd5;

  // ---------------------------------------------------------------- the adapter
  (* anyseq *) logic              mem_req_valid_i;
  (* anyseq *) logic [PA_W-1:0]   mem_req_addr_i;
  (* anyseq *) logic              mem_req_cas_i;
  (* anyseq *) logic [PTE_W-1:0]  mem_req_cmp_i;
  (* anyseq *) logic [PTE_W-1:0]  mem_req_wdata_i;
  (* anyseq *) logic              arready, rvalid, rlast, awready, wready, bvalid;
  (* anyseq *) logic [ID_W-1:0]   rid, bid;
  (* anyseq *) logic [PTE_W-1:0]  rdata;
  (* anyseq *) logic [1:0]        rresp, bresp;
  logic              mem_req_ready_o, mem_rsp_valid_o, mem_rsp_err_o, mon_excl_fail_o;
  logic [PTE_W-1:0]  mem_rsp_data_o;
  logic              arvalid, arlock, rready, awvalid, awlock, wvalid, wlast, bready;
  logic [ID_W-1:0]   arid, awid;
  logic [PA_W-1:0]   araddr, awaddr;
  logic [7:0]        arlen, awlen;
  logic [2:0]        arsize, awsize, arprot, awprot;
  logic [1:0]        arburst, awburst;
  logic [3:0]        arcache, awcache;
  logic [PTE_W-1:0]  wdata;
  logic [PTE_W/8-1:0] wstrb;
  logic [2:0]        f_state;
  logic [PTE_W-1:0]  f_cmp;

  rvmmu_axi_walker #(.RV64(RV64), .ID_W(ID_W), .AXI_ID(AXI_ID)) u_dut (
      .clk_i, .rst_ni,
      .mem_req_valid_i, .mem_req_ready_o, .mem_req_addr_i, .mem_req_cas_i, .mem_req_cmp_i,
      .mem_req_wdata_i, .mem_rsp_valid_o, .mem_rsp_data_o, .mem_rsp_err_o,
      .m_axi_arvalid_o(arvalid), .m_axi_arready_i(arready), .m_axi_arid_o(arid),
      .m_axi_araddr_o(araddr), .m_axi_arlen_o(arlen), .m_axi_arsize_o(arsize),
      .m_axi_arburst_o(arburst), .m_axi_arlock_o(arlock), .m_axi_arcache_o(arcache),
      .m_axi_arprot_o(arprot),
      .m_axi_rvalid_i(rvalid), .m_axi_rready_o(rready), .m_axi_rid_i(rid), .m_axi_rdata_i(rdata),
      .m_axi_rresp_i(rresp), .m_axi_rlast_i(rlast),
      .m_axi_awvalid_o(awvalid), .m_axi_awready_i(awready), .m_axi_awid_o(awid),
      .m_axi_awaddr_o(awaddr), .m_axi_awlen_o(awlen), .m_axi_awsize_o(awsize),
      .m_axi_awburst_o(awburst), .m_axi_awlock_o(awlock), .m_axi_awcache_o(awcache),
      .m_axi_awprot_o(awprot),
      .m_axi_wvalid_o(wvalid), .m_axi_wready_i(wready), .m_axi_wdata_o(wdata),
      .m_axi_wstrb_o(wstrb), .m_axi_wlast_o(wlast),
      .m_axi_bvalid_i(bvalid), .m_axi_bready_o(bready), .m_axi_bid_i(bid), .m_axi_bresp_i(bresp),
      .mon_excl_fail_o,
      .f_state_o(f_state), .f_cmp_o(f_cmp)
  );

  // ---------------------------------------------------------------- the AXI4 rules
  logic             f_rd_out, f_wr_out, f_wd_out, f_arlock0, f_awlock0;
  logic [7:0]       f_arlen0, f_awlen0, f_rbeat, f_wbeat;
  axi4_master_props #(
      .ADDR_W(PA_W), .DATA_W(PTE_W), .ID_W(ID_W), .MAX_OUT(1), .MASTER_IS_DUT(1'b1)
  ) u_axi (
      .clk_i, .rst_ni,
      .arvalid_i(arvalid), .arready_i(arready), .arid_i(arid), .araddr_i(araddr), .arlen_i(arlen),
      .arsize_i(arsize), .arburst_i(arburst), .arlock_i(arlock), .arcache_i(arcache), .arprot_i(arprot),
      .rvalid_i(rvalid), .rready_i(rready), .rid_i(rid), .rdata_i(rdata), .rresp_i(rresp), .rlast_i(rlast),
      .awvalid_i(awvalid), .awready_i(awready), .awid_i(awid), .awaddr_i(awaddr), .awlen_i(awlen),
      .awsize_i(awsize), .awburst_i(awburst), .awlock_i(awlock), .awcache_i(awcache), .awprot_i(awprot),
      .wvalid_i(wvalid), .wready_i(wready), .wdata_i(wdata), .wstrb_i(wstrb), .wlast_i(wlast),
      .bvalid_i(bvalid), .bready_i(bready), .bid_i(bid), .bresp_i(bresp),
      .f_rd_out_o(f_rd_out), .f_wr_out_o(f_wr_out), .f_wd_out_o(f_wd_out),
      .f_arlen_o(f_arlen0), .f_arlock_o(f_arlock0), .f_awlen_o(f_awlen0), .f_awlock_o(f_awlock0),
      .f_rbeat_o(f_rbeat), .f_wbeat_o(f_wbeat)
  );

  // ---------------------------------------------------------------- environment
  // Reset in the first cycle, and only then.
  reg f_init = 1'b1;
  always @(posedge clk_i) f_init <= 1'b0;

  logic accept, ar_hs, r_hs, aw_hs, w_hs, b_hs;
  assign accept = mem_req_valid_i && mem_req_ready_o;
  assign ar_hs  = arvalid && arready;
  assign r_hs   = rvalid && rready;
  assign aw_hs  = awvalid && awready;
  assign w_hs   = wvalid && wready;
  assign b_hs   = bvalid && bready;

  // The harness' record: the request taken and not yet answered, the last
  // R beat, whether the last exclusive read allows the write, a retry due.
  reg              f_first;     // the last cycle was a reset cycle
  logic            f_mem_out;   // walker_port_props: a request taken and not yet answered,
  logic [PA_W-1:0] f_req_addr;  // ... and the request
  logic            f_req_cas;
  logic [PTE_W-1:0] f_req_cmp, f_req_wdata;
  reg [PTE_W-1:0]  f_rdata;
  reg              f_xok;       // the last R beat: this swap's exclusive read, EXOKAY, RDATA == cmp
  reg              f_retry;     // an exclusive write failed; its exclusive read not yet taken again
  reg              f_failed;    // an exclusive write of this request failed (covers)
  reg              f_rsp_last;  // the last cycle had a response (covers)
  always @(posedge clk_i) begin
    f_first <= !rst_ni;
    f_rsp_last <= rst_ni && mem_rsp_valid_o;
    if (r_hs) f_rdata <= rdata;
    if (!rst_ni || accept || b_hs) f_xok <= 1'b0;
    else if (r_hs) f_xok <= f_req_cas && rresp == EXOKAY && rdata == f_req_cmp;
    if (!rst_ni || ar_hs) f_retry <= 1'b0;
    else if (b_hs && bresp == OKAY) f_retry <= 1'b1;
    if (!rst_ni || accept) f_failed <= 1'b0;
    else if (b_hs && bresp == OKAY) f_failed <= 1'b1;
  end

  // The walker's side, as rvmmu proves it (one request at a time, held
  // until taken), assumed; the adapter's answers asserted (one, to a
  // request taken earlier): the walker port's checker.
  walker_port_props #(.PA_W(PA_W), .PTE_W(PTE_W), .MASTER_IS_DUT(1'b0)) u_walker (
      .clk_i, .rst_ni,
      .req_valid_i(mem_req_valid_i), .req_ready_i(mem_req_ready_o), .req_addr_i(mem_req_addr_i),
      .req_cas_i(mem_req_cas_i), .req_cmp_i(mem_req_cmp_i), .req_wdata_i(mem_req_wdata_i),
      .rsp_valid_i(mem_rsp_valid_o),
      .f_out_o(f_mem_out), .f_addr_o(f_req_addr), .f_cas_o(f_req_cas), .f_cmp_o(f_req_cmp), .f_wdata_o(f_req_wdata));

  always @* begin
    assume(rst_ni == !f_init);
    // the walker's requests are PTE-aligned
    if (mem_req_valid_i) assume(mem_req_addr_i[IDX-1:0] == '0);
    // the slave: one ID, single beats
    if (rvalid) assume(rid == AXI_ID && rlast);
    if (bvalid) assume(bid == AXI_ID);
  end

  // ---------------------------------------------------------------- properties
  always @* begin
    if (!f_init && rst_ni) begin
      // ---- the walker's contract
      // A response answers a request taken in an earlier cycle.
      // No request is taken while one is unanswered.
      p_no_accept_busy:    assert(!f_mem_out || !mem_req_ready_o);
      // A response exactly when the transaction ends: an R beat that does
      // not lead to the write, or a B beat that is not a failed exclusive.
      p_rsp_when:          assert(mem_rsp_valid_o ==
                                  (f_mem_out && ((r_hs && (!f_req_cas || rresp != EXOKAY || rdata != f_req_cmp)) ||
                                                 (b_hs && bresp != OKAY))));
      if (mem_rsp_valid_o) begin
        // err exactly for SLVERR/DECERR, or OKAY to the exclusive read.
        p_rsp_err:         assert(mem_rsp_err_o == (r_hs ? (rresp[1] || (f_req_cas && rresp == OKAY)) : bresp[1]));
        // The data: the R beat's of the last read (0 with an error).
        p_rsp_data:        assert(mem_rsp_data_o == (mem_rsp_err_o ? '0 : r_hs ? rdata : f_rdata));
        // A swap answered without error returns cmp exactly when it wrote.
        if (f_req_cas && !mem_rsp_err_o)
          p_cas_written_iff_match: assert((mem_rsp_data_o == f_req_cmp) == b_hs);
      end
      // ---- AR: zero latency while idle; else only the retry
      if (!f_mem_out && !f_first)
        p_ar_is_request:   assert(arvalid == mem_req_valid_i && mem_req_ready_o == arready &&
                                  (!arvalid || (araddr == mem_req_addr_i && arlock == mem_req_cas_i)));
      if (f_mem_out && arvalid)
        p_ar_busy_is_retry: assert(f_retry && arlock && araddr == f_req_addr);
      if (arvalid)
        p_ar_fields:       assert(arid == AXI_ID && arlen == 8'd0 && arsize == IDX[2:0] && arburst == 2'b01 &&
                                  arcache == 4'b0011 && arprot == 3'b001);
      // RREADY exactly while a read is outstanding (R passes at once).
      p_rready:            assert(rready == f_rd_out);
      // ---- the exclusive write
      p_write_only_after_match: assert(!(awvalid || wvalid) || f_xok);
      if (awvalid)
        p_write_target:    assert(awaddr == f_req_addr && awlock && awid == AXI_ID && awlen == 8'd0 &&
                                  awsize == IDX[2:0] && awburst == 2'b01 && awcache == 4'b0011 && awprot == 3'b001);
      if (wvalid)
        p_write_data:      assert(wdata == f_req_wdata && wstrb == '1 && wlast);
      p_bready:            assert(bready == (f_wr_out && f_wd_out));
      // After a failed exclusive write: the same exclusive read again, and
      // nothing else, no answer.
      if (f_retry)
        p_retry_rereads:   assert(arvalid && arlock && araddr == f_req_addr && !mem_rsp_valid_o &&
                                  !awvalid && !wvalid && f_mem_out);
      p_mon_excl_fail:     assert(mon_excl_fail_o == (b_hs && bresp == OKAY));

      // ---- invariants (k-induction)
      h_state_legal:       assert(f_state <= S_XWRITE && (f_state == S_INIT) == f_first);
      if (f_state == S_INIT || f_state == S_IDLE)
        h_idle:            assert(!f_mem_out && !f_rd_out && !f_wr_out && !f_wd_out && !f_retry && !f_xok);
      if (f_state == S_READ || f_state == S_XREAD)
        h_read:            assert(f_mem_out && f_req_cas == (f_state == S_XREAD) && f_rd_out && !f_wr_out &&
                                  !f_wd_out && !f_retry && !f_xok);
      if (f_state == S_XAR)
        h_xar:             assert(f_mem_out && f_req_cas && !f_rd_out && !f_wr_out && !f_wd_out && f_retry && !f_xok);
      if (f_state == S_XWRITE)
        h_xwrite:          assert(f_mem_out && f_req_cas && !f_rd_out && f_xok && !f_retry &&
                                  f_wr_out == !awvalid && f_wd_out == !wvalid && f_rdata == f_req_cmp);
      if (f_mem_out)
        h_request:         assert(f_cmp == f_req_cmp && awaddr == f_req_addr && wdata == f_req_wdata &&
                                  f_req_addr[IDX-1:0] == '0);
      h_axi_records:       assert(f_rbeat == 8'd0 && f_wbeat == 8'd0 &&
                                  (!f_rd_out || (f_arlen0 == 8'd0 && f_arlock0 == f_req_cas)) &&
                                  (!f_wr_out || (f_awlen0 == 8'd0 && f_awlock0)));
    end
  end

  // ---------------------------------------------------------------- covers
  always @(posedge clk_i) begin
    if (!f_init && rst_ni) begin
      c_plain_read:        cover(mem_rsp_valid_o && !f_req_cas && !mem_rsp_err_o);
      c_cas_success:       cover(mem_rsp_valid_o && f_req_cas && b_hs && bresp == EXOKAY);
      c_cas_mismatch:      cover(mem_rsp_valid_o && f_req_cas && r_hs && !mem_rsp_err_o);
      c_cas_retry_success: cover(mem_rsp_valid_o && f_req_cas && b_hs && bresp == EXOKAY && f_failed);
      c_r_slverr:          cover(mem_rsp_valid_o && r_hs && rresp == SLVERR && mem_rsp_err_o);
      c_b_slverr:          cover(mem_rsp_valid_o && b_hs && bresp == SLVERR && mem_rsp_err_o);
      c_excl_no_monitor:   cover(mem_rsp_valid_o && f_req_cas && r_hs && rresp == OKAY && mem_rsp_err_o);
      c_aw_before_w:       cover(aw_hs && wvalid && !wready);
      c_w_before_aw:       cover(w_hs && awvalid && !awready);
      c_ar_stalled:        cover(arvalid && !arready && !f_mem_out && mem_req_valid_i);
      c_back_to_back:      cover(accept && f_rsp_last);
    end
  end
endmodule

`default_nettype wire
