// wb_walker_fv -- formal harness of rvmmu_wb_walker, the Wishbone B4 adapter
// of the walker's memory port (read by formal/run.sh, jobs wb32 and wb64).
//
// It instantiates the adapter alone and is its whole world: on one side
// rvmmu's walker, as rvmmu's proofs show it behaves (p_mem_one_outstanding,
// p_mem_request_held: one request at a time, none before the answer, a
// request held unchanged until taken; PTE addresses aligned), on the other
// a Wishbone B4 pipelined slave that keeps the B4 rules (wb_master_props
// with MASTER_IS_DUT = 1: the master's rules asserted, the slave's assumed;
// one request outstanding at most). Everything else is free: the slave's
// STALL, ACK/ERR/RTY (one at a time) and data, the walker's request values.
// Asserted at the ports:
//
// * the walker's contract: one answer per accepted request, never in the
//   cycle it is accepted, none while none is pending; the answer is the
//   word of the last read's ACK (a swap's old value), or mem_rsp_err_o
//   (data 0) exactly when an ERR ended the operation;
// * the meaning of a swap: its read is locked; a write (WE 1) only inside
//   the locked cycle whose read returned DAT_I == cmp, once, at the
//   request's address, with its wdata, SEL all ones; LOCK and CYC held
//   from that read to the write's answer, LOCK falling only with CYC;
// * RTY: the cycle ends (CYC low the next cycle), mon_retry_o pulses, no
//   answer reaches the walker, and the same operation is issued again from
//   its read;
// * the timing: an idle adapter puts a walker's read on the bus in the
//   cycle it is offered (ready = !STALL), and a read's ACK is its answer in
//   the same cycle.
//
// The h_* lemmas say what the adapter shows at its ports while it holds a
// request (the address on ADR, the wdata on DAT_O, the cmp on
// mem_rsp_data_o while no answer, the outstanding request's direction on
// WE, whether it waits for an answer by CYC && !STB): with the adapter's own
// lemmas (rtl/rvmmu_wb_walker.sv) they make k-induction (k = 3) close.
`default_nettype none

module wb_walker_fv #(
    parameter bit RV64 = 1'b0            // the adapter's RV64 (widths of Sv32 or RV64)
) (
    input  logic clk_i,
    input  logic rst_ni
);
  localparam int PA_W  = rvmmu_pkg::pa_w(RV64);
  localparam int PTE_W = rvmmu_pkg::pte_w(RV64);
  localparam int SEL_W = PTE_W / 8;
  localparam int OFF_W = rvmmu_pkg::pte_idx_lsb(RV64);   // log2(SEL_W)

  // ---------------------------------------------------------------- the adapter
  // Free inputs (anyseq: any value in any cycle, as rvmmu_fv's; an
  // undriven wire would fail run.sh's `check -assert`), constrained below.
  (* anyseq *) logic             mem_req_valid_i, mem_req_cas_i;
  (* anyseq *) logic [PA_W-1:0]  mem_req_addr_i;
  (* anyseq *) logic [PTE_W-1:0] mem_req_cmp_i, mem_req_wdata_i;
  (* anyseq *) logic             wb_stall_i, wb_ack_i, wb_err_i, wb_rty_i;
  (* anyseq *) logic [PTE_W-1:0] wb_dat_i;
  // Outputs.
  logic             mem_req_ready_o, mem_rsp_valid_o, mem_rsp_err_o;
  logic [PTE_W-1:0] mem_rsp_data_o;
  logic             wb_cyc_o, wb_stb_o, wb_we_o, wb_lock_o;
  logic [PA_W-1:0]  wb_adr_o;
  logic [PTE_W-1:0] wb_dat_o;
  logic [SEL_W-1:0] wb_sel_o;
  logic             mon_retry_o;

  rvmmu_wb_walker #(.RV64(RV64)) u_dut (
      .clk_i, .rst_ni,
      .mem_req_valid_i, .mem_req_ready_o, .mem_req_addr_i, .mem_req_cas_i, .mem_req_cmp_i, .mem_req_wdata_i,
      .mem_rsp_valid_o, .mem_rsp_data_o, .mem_rsp_err_o,
      .wb_cyc_o, .wb_stb_o, .wb_we_o, .wb_lock_o, .wb_adr_o, .wb_dat_o, .wb_sel_o,
      .wb_stall_i, .wb_ack_i, .wb_err_i, .wb_rty_i, .wb_dat_i,
      .mon_retry_o
  );

  // ---------------------------------------------------------------- the bus rules
  logic [1:0] f_out;      // bus requests taken and not answered (0 or 1)
  wb_master_props #(
      .ADDR_W(PA_W), .DATA_W(PTE_W), .SEL_W(SEL_W), .MAX_OUT(1), .MASTER_IS_DUT(1'b1)
  ) u_wb (
      .clk_i, .rst_ni,
      .cyc_i(wb_cyc_o), .stb_i(wb_stb_o), .we_i(wb_we_o), .lock_i(wb_lock_o), .adr_i(wb_adr_o),
      .dat_i(wb_dat_o), .sel_i(wb_sel_o),
      .stall_i(wb_stall_i), .ack_i(wb_ack_i), .err_i(wb_err_i), .rty_i(wb_rty_i),
      .f_outstanding(f_out)
  );

  // ---------------------------------------------------------------- environment: the walker
  // Reset in the first cycle, and only then.
  reg f_init = 1'b1;
  always @(posedge clk_i) f_init <= 1'b0;

  logic accept;           // the walker's request is taken
  logic taken;            // a bus request is taken
  logic answered;         // the bus request outstanding is answered
  assign accept   = mem_req_valid_i && mem_req_ready_o;
  assign taken    = wb_cyc_o && wb_stb_o && !wb_stall_i;
  assign answered = (wb_ack_i || wb_err_i || wb_rty_i) && f_out != 2'd0;

  // The request accepted and not yet answered, as the walker gave it, from
  // the walker port's checker: the walker's side (one request at a time,
  // held unchanged until taken: rvmmu's p_mem_one_outstanding and
  // p_mem_request_held) assumed, the adapter's answer (only to a request
  // taken earlier) asserted.
  logic             w_out, w_cas;
  logic [PA_W-1:0]  w_addr;
  logic [PTE_W-1:0] w_cmp, w_wdata;
  walker_port_props #(.PA_W(PA_W), .PTE_W(PTE_W), .MASTER_IS_DUT(1'b0)) u_walker (
      .clk_i, .rst_ni,
      .req_valid_i(mem_req_valid_i), .req_ready_i(mem_req_ready_o), .req_addr_i(mem_req_addr_i),
      .req_cas_i(mem_req_cas_i), .req_cmp_i(mem_req_cmp_i), .req_wdata_i(mem_req_wdata_i),
      .rsp_valid_i(mem_rsp_valid_o),
      .f_out_o(w_out), .f_addr_o(w_addr), .f_cas_o(w_cas), .f_cmp_o(w_cmp), .f_wdata_o(w_wdata));

  // A request offered and refused in the last cycle (a cover).
  reg w_offer;
  always @(posedge clk_i) w_offer <= rst_ni && mem_req_valid_i && !mem_req_ready_o;

  always @* begin
    assume(rst_ni == !f_init);
    if (!f_init) begin
      // A PTE's address is aligned to its size.
      if (mem_req_valid_i) assume(mem_req_addr_i[OFF_W-1:0] == '0);
    end
  end

  // ---------------------------------------------------------------- what the bus did
  reg               f_req_we;     // the last bus request taken was a write
  reg  [PTE_W-1:0]  f_rd_dat;     // DAT_I of the last read's ACK
  reg               f_match;      // a swap's read returned cmp; its write not yet answered
  reg               f_wr_taken;   // ... and the write was taken
  reg               f_rty_q;      // RTY answered the request in the cycle before
  reg               f_retry;      // RTY answered; the request not yet taken again
  reg               f_seen_retry; // RTY came during the walker's request (covers)
  reg               f_gap_q;      // the cycle after reset or after a swap's answer
  reg               f_lock_q;     // LOCK (with CYC) in the cycle before
  logic             rd_ack;       // a read's ACK
  assign rd_ack = wb_ack_i && f_out != 2'd0 && !f_req_we;
  always @(posedge clk_i) begin
    if (taken) f_req_we <= wb_we_o;
    if (rd_ack) f_rd_dat <= wb_dat_i;
    if (!rst_ni || (answered && f_req_we)) begin
      f_match    <= 1'b0;
      f_wr_taken <= 1'b0;
    end else begin
      if (rd_ack && w_cas && wb_dat_i == w_cmp) f_match <= 1'b1;
      if (taken && wb_we_o) f_wr_taken <= 1'b1;
    end
    f_rty_q <= rst_ni && answered && wb_rty_i;
    if (!rst_ni || taken) f_retry <= 1'b0;
    else if (answered && wb_rty_i) f_retry <= 1'b1;
    if (!rst_ni || accept) f_seen_retry <= 1'b0;
    else if (answered && wb_rty_i) f_seen_retry <= 1'b1;
    f_gap_q  <= !rst_ni || (mem_rsp_valid_o && w_cas);
    f_lock_q <= rst_ni && wb_cyc_o && wb_lock_o;
  end

  // ---------------------------------------------------------------- properties
  always @* begin
    if (!f_init && rst_ni) begin
      // ---- the walker's contract
      // An answer only to a request accepted in an earlier cycle and not
      // yet answered: one answer per request, never in its own cycle.
      // mem_rsp_err_o exactly when an ERR ends the operation; data 0 then.
      p_rsp_err_exact:      assert((mem_rsp_valid_o && mem_rsp_err_o) == (wb_err_i && f_out != 2'd0));
      p_rsp_err_valid:      assert(!mem_rsp_err_o || mem_rsp_valid_o);
      p_rsp_err_data:       assert(!mem_rsp_err_o || mem_rsp_data_o == '0);
      // Any other answer comes with an ACK, with the word of the last
      // read's ACK (this cycle's, or for a swap's write the read's).
      p_rsp_ok_on_ack:      assert(!mem_rsp_valid_o || mem_rsp_err_o || (wb_ack_i && f_out != 2'd0));
      p_rsp_data:           assert(!mem_rsp_valid_o || mem_rsp_err_o ||
                                   mem_rsp_data_o == (rd_ack ? wb_dat_i : f_rd_dat));
      // Every ACK is answered, but a swap's read that returned cmp (the
      // write comes first); a swap's successful answer is cmp, the old value.
      p_ack_answered:       assert(!(wb_ack_i && f_out != 2'd0) ||
                                   (mem_rsp_valid_o != (rd_ack && w_cas && wb_dat_i == w_cmp)));
      p_cas_rsp_old:        assert(!(mem_rsp_valid_o && !mem_rsp_err_o && f_req_we) ||
                                   (w_cas && mem_rsp_data_o == w_cmp));
      // The walker's request is taken exactly with its bus request, and
      // only when idle.
      p_accept_with_stb:    assert(accept == (taken && !w_out));
      p_ready_idle:         assert(!w_out || !mem_req_ready_o);
      // ---- what goes on the bus
      // A bus request is the walker's: offered now (idle) or accepted.
      p_stb_for_request:    assert(!wb_stb_o || w_out || (mem_req_valid_i && wb_adr_o == mem_req_addr_i));
      // Every operation starts with a read; a swap's read is locked, a
      // plain read is not.
      p_read_first:         assert(!(wb_stb_o && !w_out) || (!wb_we_o && wb_lock_o == mem_req_cas_i));
      p_lock_is_cas:        assert(!(w_out && wb_cyc_o) || wb_lock_o == w_cas);
      // A write only in the locked cycle whose read returned cmp, once, at
      // the request's address, with its wdata, every byte.
      p_write_cas:          assert(!(wb_stb_o && wb_we_o) ||
                                   (wb_cyc_o && wb_lock_o && w_out && w_cas && f_match && !f_wr_taken &&
                                    wb_adr_o == w_addr && wb_dat_o == w_wdata && wb_sel_o == '1));
      // From the read that matched to the write's answer, CYC and LOCK
      // stay high: the read-modify-write is one locked cycle.
      p_lock_held:          assert(!f_match || (wb_cyc_o && wb_lock_o));
      // LOCK falls only with CYC (the locked cycle ends).
      p_lock_ends_cycle:    assert(!(f_lock_q && !wb_lock_o) || !wb_cyc_o);
      // ---- RTY
      p_rty_no_rsp:         assert(!(answered && wb_rty_i) || !mem_rsp_valid_o);
      p_mon_retry:          assert(mon_retry_o == (answered && wb_rty_i));
      p_rty_ends_cycle:     assert(!f_rty_q || !wb_cyc_o);
      // ... then the same operation again, from its read, at once.
      p_retry_reissue:      assert(!f_retry || f_rty_q ||
                                   (wb_stb_o && !wb_we_o && wb_adr_o == w_addr && wb_lock_o == w_cas));
      p_retry_no_rsp:       assert(!f_retry || !mem_rsp_valid_o);
      // ---- timing
      // Idle (not in the cycle after a swap or reset): a read offered is on
      // the bus in the same cycle, taken when the slave takes it.
      p_read_at_once:       assert(!(mem_req_valid_i && !w_out && !f_gap_q) ||
                                   (wb_cyc_o && wb_stb_o && wb_adr_o == mem_req_addr_i &&
                                    mem_req_ready_o == !wb_stall_i));
      p_gap_idle:           assert(!f_gap_q || (!wb_cyc_o && !mem_req_ready_o));
      // While a request is pending, the adapter waits for the bus, offers
      // a request, or is in the cycle after an RTY: it never stops.
      p_progress:           assert(!w_out || f_out != 2'd0 || wb_stb_o || f_rty_q);

      // ---- lemmas: the held request at the ports
      h_out_is_wait:        assert(f_out == {1'b0, wb_cyc_o && !wb_stb_o});
      h_out_pending:        assert(f_out == 2'd0 || w_out);
      h_out_we:             assert(f_out == 2'd0 || wb_we_o == f_req_we);
      h_busy:               assert(!w_out || wb_cyc_o || f_rty_q);
      h_adr:                assert(!w_out || wb_adr_o == w_addr);
      h_dat:                assert(!w_out || wb_dat_o == w_wdata);
      h_cmp:                assert(!w_out || mem_rsp_valid_o || mem_rsp_data_o == w_cmp);
      h_match:              assert(!f_match || (w_out && w_cas && f_rd_dat == w_cmp &&
                                               (f_out != 2'd0 ? (f_wr_taken && f_req_we)
                                                              : (!f_wr_taken && wb_stb_o && wb_we_o))));
      h_no_match:           assert(f_match || (!f_wr_taken && (f_out == 2'd0 || !f_req_we)));
      h_retry:              assert(!f_retry || (w_out && f_out == 2'd0));
    end
  end

  // ---------------------------------------------------------------- covers
  always @(posedge clk_i) begin
    if (!f_init && rst_ni) begin
      c_read_answered:      cover(mem_rsp_valid_o && !mem_rsp_err_o && !w_cas);
      c_cas_success:        cover(mem_rsp_valid_o && !mem_rsp_err_o && w_cas && f_req_we);
      c_cas_mismatch:       cover(mem_rsp_valid_o && !mem_rsp_err_o && w_cas && !f_req_we);
      c_retry_then_success: cover(mem_rsp_valid_o && !mem_rsp_err_o && f_seen_retry);
      c_cas_write_retried:  cover(mem_rsp_valid_o && !mem_rsp_err_o && w_cas && f_req_we && f_seen_retry);
      c_err_read:           cover(mem_rsp_valid_o && mem_rsp_err_o && !f_req_we);
      c_err_cas_write:      cover(mem_rsp_valid_o && mem_rsp_err_o && f_req_we);
      c_read_stalled:       cover(accept && w_offer);
      c_back_to_back:       cover(accept && $past(mem_rsp_valid_o));
    end
  end
endmodule

`default_nettype wire
