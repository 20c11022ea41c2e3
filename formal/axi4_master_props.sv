// axi4_master_props -- an AXI4 protocol checker for formal proofs (ours,
// written from the AXI specification, ARM IHI 0022, AXI4).
//
// It watches one AXI4 interface (every signal an input) and states the
// rules each side must keep: with MASTER_IS_DUT = 1 the master's rules are
// asserted (p_axi_*) and the slave's assumed; with 0 the other way round.
// Which rules:
//
// * A3.1.2 "Reset": the valids a side drives are low in a cycle that
//   follows a reset cycle (the synchronous reset has then acted: during a
//   reset longer than a cycle, and in the first cycle after it; a VALID may
//   rise only at an edge after ARESETn is high). The first reset cycle is
//   not checked: flip-flops reset at its end.
// * A3.2.1 "Handshake process": once VALID is high it stays high until the
//   cycle of its READY, and the channel's payload is stable meanwhile (AR,
//   AW, W by the master; R, B by the slave). READY is free.
// * A3.3.1 "Dependencies between channel handshake signals" (AXI4): an R
//   beat only for a read whose AR was taken in an earlier cycle; a B only
//   for a write whose AW and whose last W beat were both taken in earlier
//   cycles.
// * A3.4.1 "Address structure" (burst length, size and type): RLAST
//   exactly on the read burst's last beat (ARLEN + 1 beats), WLAST on the
//   write burst's (counted against AWLEN when the burst's AW was taken
//   first; a W burst that runs ahead of its AW is not checked); AxSIZE not
//   wider than the bus, AxBURST not the reserved 2'b11, a WRAP burst 2, 4,
//   8 or 16 beats.
// * A7.2 "Exclusive accesses": an exclusive access (AxLOCK = 1) moves a
//   power of two bytes, at most 128 (at most 16 beats), from an address
//   aligned to that total (A7.2.4); EXOKAY answers only an exclusive
//   access (A7.2.3: a normal access gets OKAY).
//
// Responses are taken in order (one ID, or a slave that answers in order):
// the checker keeps the ARLEN and ARLOCK of up to MAX_OUT reads, and the
// AWLEN and AWLOCK of up to MAX_OUT writes, oldest first; a master must not
// have more outstanding (asserted or assumed with the rest, so MAX_OUT = 1
// also proves "one at a time"). RID/BID matching is the harness' business.
// The counters are outputs, for the harness' invariants: f_rd_out_o reads
// taken and not finished (AR taken, RLAST beat not yet taken), f_wr_out_o
// writes taken and not answered (AW taken, B not yet), f_wd_out_o write
// bursts whose data is complete (WLAST beat taken) and not yet answered.
`default_nettype none

module axi4_master_props #(
    parameter int ADDR_W  = 32,                   // AxADDR width
    parameter int DATA_W  = 32,                   // xDATA width (bits; a power of two, 8 or more)
    parameter int ID_W    = 1,                    // xID width
    parameter int MAX_OUT = 1,                    // most reads (and most writes) outstanding that are tracked
    parameter bit MASTER_IS_DUT = 1'b1,           // 1: assert the master's rules, assume the slave's; 0: the reverse
    localparam int CNT_W  = $clog2(MAX_OUT + 1)   // outstanding counters
) (
    input  logic              clk_i,
    input  logic              rst_ni,
    input  logic              arvalid_i,
    input  logic              arready_i,
    input  logic [ID_W-1:0]   arid_i,
    input  logic [ADDR_W-1:0] araddr_i,
    input  logic [7:0]        arlen_i,
    input  logic [2:0]        arsize_i,
    input  logic [1:0]        arburst_i,
    input  logic              arlock_i,
    input  logic [3:0]        arcache_i,
    input  logic [2:0]        arprot_i,
    input  logic              rvalid_i,
    input  logic              rready_i,
    input  logic [ID_W-1:0]   rid_i,
    input  logic [DATA_W-1:0] rdata_i,
    input  logic [1:0]        rresp_i,
    input  logic              rlast_i,
    input  logic              awvalid_i,
    input  logic              awready_i,
    input  logic [ID_W-1:0]   awid_i,
    input  logic [ADDR_W-1:0] awaddr_i,
    input  logic [7:0]        awlen_i,
    input  logic [2:0]        awsize_i,
    input  logic [1:0]        awburst_i,
    input  logic              awlock_i,
    input  logic [3:0]        awcache_i,
    input  logic [2:0]        awprot_i,
    input  logic              wvalid_i,
    input  logic              wready_i,
    input  logic [DATA_W-1:0] wdata_i,
    input  logic [DATA_W/8-1:0] wstrb_i,
    input  logic              wlast_i,
    input  logic              bvalid_i,
    input  logic              bready_i,
    input  logic [ID_W-1:0]   bid_i,
    input  logic [1:0]        bresp_i,
    output logic [CNT_W-1:0]  f_rd_out_o,
    output logic [CNT_W-1:0]  f_wr_out_o,
    output logic [CNT_W-1:0]  f_wd_out_o,
    // what is kept of the outstanding transactions, oldest first (entry 0
    // in the low bits), and the beats taken of the burst under way
    output logic [8*MAX_OUT-1:0] f_arlen_o,
    output logic [MAX_OUT-1:0]   f_arlock_o,
    output logic [8*MAX_OUT-1:0] f_awlen_o,
    output logic [MAX_OUT-1:0]   f_awlock_o,
    output logic [7:0]        f_rbeat_o,
    output logic [7:0]        f_wbeat_o
);
  localparam int AR_W = ID_W + ADDR_W + 8 + 3 + 2 + 1 + 4 + 3;   // an AR (or AW) payload
  localparam int R_W  = ID_W + DATA_W + 2 + 1;
  localparam int W_W  = DATA_W + DATA_W / 8 + 1;
  localparam int B_W  = ID_W + 2;
  localparam logic [CNT_W-1:0] CNT_MAX = MAX_OUT[CNT_W-1:0];
  localparam logic [1:0] EXOKAY = 2'b01;

  // ---------------------------------------------------------------- handshakes
  logic ar_hs, r_hs, r_end, aw_hs, w_hs, w_end, b_hs;
  assign ar_hs = arvalid_i && arready_i;
  assign r_hs  = rvalid_i && rready_i;
  assign r_end = r_hs && rlast_i;
  assign aw_hs = awvalid_i && awready_i;
  assign w_hs  = wvalid_i && wready_i;
  assign w_end = w_hs && wlast_i;
  assign b_hs  = bvalid_i && bready_i;

  logic [AR_W-1:0] ar_pl, aw_pl;
  logic [R_W-1:0]  r_pl;
  logic [W_W-1:0]  w_pl;
  logic [B_W-1:0]  b_pl;
  assign ar_pl = {arid_i, araddr_i, arlen_i, arsize_i, arburst_i, arlock_i, arcache_i, arprot_i};
  assign aw_pl = {awid_i, awaddr_i, awlen_i, awsize_i, awburst_i, awlock_i, awcache_i, awprot_i};
  assign r_pl  = {rid_i, rdata_i, rresp_i, rlast_i};
  assign w_pl  = {wdata_i, wstrb_i, wlast_i};
  assign b_pl  = {bid_i, bresp_i};

  // ---------------------------------------------------------------- the last cycle
  reg              f_rst_q = 1'b0;   // the last cycle was a reset cycle
  reg              f_ar_wait, f_aw_wait, f_w_wait, f_r_wait, f_b_wait;  // VALID && !READY last cycle
  reg [AR_W-1:0]   f_ar_q, f_aw_q;
  reg [R_W-1:0]    f_r_q;
  reg [W_W-1:0]    f_w_q;
  reg [B_W-1:0]    f_b_q;
  always @(posedge clk_i) begin
    f_rst_q   <= !rst_ni;
    f_ar_wait <= rst_ni && arvalid_i && !arready_i;
    f_aw_wait <= rst_ni && awvalid_i && !awready_i;
    f_w_wait  <= rst_ni && wvalid_i && !wready_i;
    f_r_wait  <= rst_ni && rvalid_i && !rready_i;
    f_b_wait  <= rst_ni && bvalid_i && !bready_i;
    f_ar_q    <= ar_pl;
    f_aw_q    <= aw_pl;
    f_r_q     <= r_pl;
    f_w_q     <= w_pl;
    f_b_q     <= b_pl;
  end

  // ---------------------------------------------------------------- outstanding transactions
  // Oldest first: entry 0 is the read (write) the next R (B) belongs to.
  reg [CNT_W-1:0]      f_rd_q, f_wr_q, f_wd_q;
  reg [8*MAX_OUT-1:0]  f_arlen_q, f_awlen_q;
  reg [MAX_OUT-1:0]    f_arlock_q, f_awlock_q;
  reg [7:0]            f_rbeat_q;   // beats taken of the oldest read burst
  reg [7:0]            f_wbeat_q;   // beats taken of the W burst under way
  assign f_rd_out_o = f_rd_q;
  assign f_wr_out_o = f_wr_q;
  assign f_wd_out_o = f_wd_q;
  assign f_arlen_o  = f_arlen_q;
  assign f_arlock_o = f_arlock_q;
  assign f_awlen_o  = f_awlen_q;
  assign f_awlock_o = f_awlock_q;
  assign f_rbeat_o  = f_rbeat_q;
  assign f_wbeat_o  = f_wbeat_q;

  logic [CNT_W-1:0] rd_push_at, wr_push_at;   // where a new AR (AW) goes, after this cycle's pop
  assign rd_push_at = f_rd_q - {{(CNT_W-1){1'b0}}, r_end};
  assign wr_push_at = f_wr_q - {{(CNT_W-1){1'b0}}, b_hs};

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_rd_q    <= '0;
      f_wr_q    <= '0;
      f_wd_q    <= '0;
      f_rbeat_q <= 8'd0;
      f_wbeat_q <= 8'd0;
    end else begin
      f_rd_q    <= f_rd_q + {{(CNT_W-1){1'b0}}, ar_hs} - {{(CNT_W-1){1'b0}}, r_end};
      f_wr_q    <= f_wr_q + {{(CNT_W-1){1'b0}}, aw_hs} - {{(CNT_W-1){1'b0}}, b_hs};
      f_wd_q    <= f_wd_q + {{(CNT_W-1){1'b0}}, w_end} - {{(CNT_W-1){1'b0}}, b_hs};
      if (r_hs) f_rbeat_q <= rlast_i ? 8'd0 : f_rbeat_q + 8'd1;
      if (w_hs) f_wbeat_q <= wlast_i ? 8'd0 : f_wbeat_q + 8'd1;
    end
  end

  // The queues shift down when the oldest finishes (entry gi takes entry
  // NXT's; the last entry keeps its own, which is then past the count), and
  // a new transaction is written behind the last one still outstanding.
  genvar gi;
  generate
    for (gi = 0; gi < MAX_OUT; gi = gi + 1) begin : g_q
      localparam int NXT = gi + 1 < MAX_OUT ? gi + 1 : gi;
      always @(posedge clk_i) begin
        if (r_end) begin
          f_arlen_q[8*gi +: 8] <= f_arlen_q[8*NXT +: 8];
          f_arlock_q[gi]       <= f_arlock_q[NXT];
        end
        if (ar_hs && rd_push_at == gi) begin
          f_arlen_q[8*gi +: 8] <= arlen_i;
          f_arlock_q[gi]       <= arlock_i;
        end
        if (b_hs) begin
          f_awlen_q[8*gi +: 8] <= f_awlen_q[8*NXT +: 8];
          f_awlock_q[gi]       <= f_awlock_q[NXT];
        end
        if (aw_hs && wr_push_at == gi) begin
          f_awlen_q[8*gi +: 8] <= awlen_i;
          f_awlock_q[gi]       <= awlock_i;
        end
      end
    end
  endgenerate

  // The AW the W burst under way belongs to: the f_wd_q-th outstanding one.
  logic       w_aw_known;
  logic [7:0] w_awlen;
  integer     k;
  always @* begin
    w_aw_known = f_wr_q > f_wd_q;
    w_awlen    = 8'd0;
    for (k = 0; k < MAX_OUT; k = k + 1)
      if (f_wd_q == k[CNT_W-1:0]) w_awlen = f_awlen_q[8*k +: 8];
  end

  // ---------------------------------------------------------------- the rules
  // A legal address channel payload (A3.4.1, A7.2.4).
  function automatic logic addr_ok(input logic [ADDR_W-1:0] addr, input logic [7:0] len,
                                   input logic [2:0] size, input logic [1:0] burst, input logic lock);
    logic [11:0] bytes;   // total bytes of an exclusive access (len < 16)
    logic [11:0] mask;
    bytes = ({4'd0, len} + 12'd1) << size;
    mask  = bytes - 12'd1;
    addr_ok = (8 << size) <= DATA_W && burst != 2'b11 &&
              (burst != 2'b10 || len == 8'd1 || len == 8'd3 || len == 8'd7 || len == 8'd15) &&
              (!lock || (len < 8'd16 && bytes <= 12'd128 && (bytes & mask) == 12'd0 &&
                         (addr[11:0] & mask) == 12'd0));
  endfunction

  // The master's rules.
  logic m_reset, m_ar_held, m_aw_held, m_w_held, m_ar_ok, m_aw_ok, m_ar_room, m_aw_room, m_w_room, m_wlast;
  assign m_reset   = !f_rst_q || (!arvalid_i && !awvalid_i && !wvalid_i);
  assign m_ar_held = !f_ar_wait || (arvalid_i && ar_pl == f_ar_q);
  assign m_aw_held = !f_aw_wait || (awvalid_i && aw_pl == f_aw_q);
  assign m_w_held  = !f_w_wait  || (wvalid_i && w_pl == f_w_q);
  assign m_ar_ok   = !arvalid_i || addr_ok(araddr_i, arlen_i, arsize_i, arburst_i, arlock_i);
  assign m_aw_ok   = !awvalid_i || addr_ok(awaddr_i, awlen_i, awsize_i, awburst_i, awlock_i);
  assign m_ar_room = !ar_hs || f_rd_q != CNT_MAX || r_end;
  assign m_aw_room = !aw_hs || f_wr_q != CNT_MAX || b_hs;
  assign m_w_room  = !w_end || f_wd_q != CNT_MAX || b_hs;
  assign m_wlast   = !wvalid_i || !w_aw_known || wlast_i == (f_wbeat_q == w_awlen);
  // (invariant) no more W beats than AWLEN + 1 once the burst's AW is known
  logic m_wbeat;
  assign m_wbeat   = !w_aw_known || f_wbeat_q <= w_awlen;

  // The slave's rules.
  logic s_reset, s_r_held, s_b_held, s_r_for_ar, s_b_for_aw_w, s_rlast, s_r_exokay, s_b_exokay;
  assign s_reset      = !f_rst_q || (!rvalid_i && !bvalid_i);
  assign s_r_held     = !f_r_wait || (rvalid_i && r_pl == f_r_q);
  assign s_b_held     = !f_b_wait || (bvalid_i && b_pl == f_b_q);
  assign s_r_for_ar   = !rvalid_i || f_rd_q != '0;
  assign s_b_for_aw_w = !bvalid_i || (f_wr_q != '0 && f_wd_q != '0);
  assign s_rlast      = !rvalid_i || f_rd_q == '0 || rlast_i == (f_rbeat_q == f_arlen_q[7:0]);
  assign s_r_exokay   = !rvalid_i || rresp_i != EXOKAY || f_arlock_q[0];
  assign s_b_exokay   = !bvalid_i || bresp_i != EXOKAY || f_awlock_q[0];
  // (invariant) no beat counted without a read; no more than ARLEN + 1
  logic s_rbeat;
  assign s_rbeat      = f_rd_q == '0 ? f_rbeat_q == 8'd0 : f_rbeat_q <= f_arlen_q[7:0];

  generate
    if (MASTER_IS_DUT) begin : g_master_is_dut
      always @* begin
        p_axi_reset_master_valids_low: assert(m_reset);
        assume(s_reset);
        if (rst_ni) begin
          p_axi_ar_held:      assert(m_ar_held);
          p_axi_aw_held:      assert(m_aw_held);
          p_axi_w_held:       assert(m_w_held);
          p_axi_ar_legal:     assert(m_ar_ok);
          p_axi_aw_legal:     assert(m_aw_ok);
          p_axi_ar_max_out:   assert(m_ar_room);
          p_axi_aw_max_out:   assert(m_aw_room);
          p_axi_w_max_out:    assert(m_w_room);
          p_axi_wlast:        assert(m_wlast);
          h_axi_wbeat:        assert(m_wbeat);
          assume(s_r_held);
          assume(s_b_held);
          assume(s_r_for_ar);
          assume(s_b_for_aw_w);
          assume(s_rlast);
          h_axi_rbeat:        assert(s_rbeat);   // follows from the slave's rules
          assume(s_r_exokay);
          assume(s_b_exokay);
        end
      end
    end else begin : g_slave_is_dut
      always @* begin
        assume(m_reset);
        p_axi_reset_slave_valids_low: assert(s_reset);
        if (rst_ni) begin
          assume(m_ar_held);
          assume(m_aw_held);
          assume(m_w_held);
          assume(m_ar_ok);
          assume(m_aw_ok);
          assume(m_ar_room);
          assume(m_aw_room);
          assume(m_w_room);
          assume(m_wlast);
          assume(m_wbeat);
          p_axi_r_held:       assert(s_r_held);
          p_axi_b_held:       assert(s_b_held);
          p_axi_r_for_ar:     assert(s_r_for_ar);
          p_axi_b_for_aw_w:   assert(s_b_for_aw_w);
          p_axi_rlast:        assert(s_rlast);
          h_axi_rbeat:        assert(s_rbeat);
          p_axi_r_exokay:     assert(s_r_exokay);
          p_axi_b_exokay:     assert(s_b_exokay);
        end
      end
    end
  endgenerate
endmodule

`default_nettype wire
