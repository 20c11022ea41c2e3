// wb_master_props -- the rules of a Wishbone B4 pipelined bus, as properties
// about one master and its slave, for any harness (read with -formal).
//
// Written from the Wishbone B4 specification (OpenCores, 2010), pipelined
// mode: a request is STB with ADR, WE, DAT (a write's), SEL, inside a bus
// cycle (CYC); it is taken at a rising edge where STB is high and STALL low
// (3.1.3 and 3.2, the pipelined forms; STALL_I) and answered by exactly
// one of ACK, ERR or RTY (3.1.5, in pipelined mode one per request) in a
// later cycle, in order. The checker counts the requests taken and not yet
// answered (f_outstanding, for the harness' own lemmas) and states:
//
//   master                                     slave
//   p_wb_reset: CYC, STB low in the cycle      p_wb_rsp_in_cyc: ACK/ERR/RTY
//     after a reset cycle (3.1.1, reset)         only inside a bus cycle
//   p_wb_stb_in_cyc: STB only with CYC         p_wb_rsp_outstanding: only
//   p_wb_lock_in_cyc: LOCK only with CYC         for a request taken in an
//     (LOCK_O qualifies a bus cycle)             earlier cycle: never in the
//   p_wb_held: a request refused (STB &&         cycle it is taken (pipelined
//     STALL) is offered again in the next        slaves answer later)
//     cycle unchanged: ADR, WE, SEL, and DAT   p_wb_rsp_onehot: at most one
//     for a write (3.1.3 pipelined, STALL_I)     of ACK, ERR, RTY at a time
//   p_wb_no_abandon: CYC low only with no
//     request outstanding
//   p_wb_max_out: no more than MAX_OUT
//     requests outstanding
//
// Abandoning: B4 lets a master end a cycle (negate CYC) with requests still
// outstanding, the slave then dropping them. This checker does not allow it
// (p_wb_no_abandon): a master checked here waits for every answer. The
// counter restarts at reset only. Same-cycle answers: the checker takes an
// answer only for a request taken in an earlier cycle (as rvmmu's walker
// port does); a slave that answers combinationally in the cycle its STB is
// taken is outside it.
//
// MASTER_IS_DUT = 1: the master's rules are asserted and the slave's
// assumed (the slave is the environment); 0: the reverse. Everything is
// checked only while rst_ni is high (and, for p_wb_reset, in the cycle
// after it was low). The counter's range is a lemma, h_wb_out_range.
`default_nettype none

module wb_master_props #(
    parameter  int ADDR_W        = 32,   // ADR width
    parameter  int DATA_W        = 32,   // DAT width
    parameter  int SEL_W         = 4,    // SEL width
    parameter  int MAX_OUT       = 1,    // most requests outstanding (the counter's range)
    parameter  bit MASTER_IS_DUT = 1'b1, // 1: assert the master's rules, assume the slave's; 0: the reverse
    // Derived; not a parameter.
    localparam int CNT_W         = $clog2(MAX_OUT + 2)  // the counter, with room for MAX_OUT + 1
) (
    input  logic              clk_i,
    input  logic              rst_ni,
    // master to slave
    input  logic              cyc_i,
    input  logic              stb_i,
    input  logic              we_i,
    input  logic              lock_i,
    input  logic [ADDR_W-1:0] adr_i,
    input  logic [DATA_W-1:0] dat_i,     // the master's DAT_O (write data)
    input  logic [SEL_W-1:0]  sel_i,
    // slave to master
    input  logic              stall_i,
    input  logic              ack_i,
    input  logic              err_i,
    input  logic              rty_i,
    // requests taken in earlier cycles and not yet answered
    output logic [CNT_W-1:0]  f_outstanding
);
  logic take, answer;
  assign take   = cyc_i && stb_i && !stall_i;
  assign answer = ack_i || err_i || rty_i;

  reg [CNT_W-1:0] f_out_q;
  always @(posedge clk_i) begin
    if (!rst_ni) f_out_q <= '0;
    else f_out_q <= f_out_q + {{(CNT_W-1){1'b0}}, take} - {{(CNT_W-1){1'b0}}, answer};
  end
  assign f_outstanding = f_out_q;

  // The cycle before: reset, and a request refused (with its fields).
  reg              f_past_valid = 1'b0;
  reg              f_past_rst;
  reg              f_refused;
  reg [ADDR_W-1:0] f_adr;
  reg              f_we;
  reg [DATA_W-1:0] f_dat;
  reg [SEL_W-1:0]  f_sel;
  always @(posedge clk_i) begin
    f_past_valid <= 1'b1;
    f_past_rst   <= !rst_ni;
    f_refused    <= rst_ni && stb_i && stall_i;
    f_adr        <= adr_i;
    f_we         <= we_i;
    f_dat        <= dat_i;
    f_sel        <= sel_i;
  end

  // The rules, each as a condition (1: kept in this cycle).
  logic m_reset, m_stb_in_cyc, m_lock_in_cyc, m_held, m_no_abandon, m_max_out;
  logic s_rsp_in_cyc, s_rsp_outstanding, s_rsp_onehot;
  assign m_reset           = !(f_past_valid && f_past_rst) || (!cyc_i && !stb_i);
  assign m_stb_in_cyc      = !stb_i || cyc_i;
  assign m_lock_in_cyc     = !lock_i || cyc_i;
  assign m_held            = !f_refused || (stb_i && adr_i == f_adr && we_i == f_we && sel_i == f_sel &&
                                            (!we_i || dat_i == f_dat));
  assign m_no_abandon      = cyc_i || f_out_q == '0;
  assign m_max_out         = f_out_q + take <= MAX_OUT;   // in 32 bits: no wrap
  assign s_rsp_in_cyc      = !answer || cyc_i;
  assign s_rsp_outstanding = !answer || f_out_q != '0;
  assign s_rsp_onehot      = $onehot0({ack_i, err_i, rty_i});

  generate
    if (MASTER_IS_DUT) begin : g_master
      always @* begin
        p_wb_reset: assert(m_reset);
        if (rst_ni) begin
          p_wb_stb_in_cyc:      assert(m_stb_in_cyc);
          p_wb_lock_in_cyc:     assert(m_lock_in_cyc);
          p_wb_held:            assert(m_held);
          p_wb_no_abandon:      assert(m_no_abandon);
          p_wb_max_out:         assert(m_max_out);
          p_wb_rsp_in_cyc:      assume(s_rsp_in_cyc);
          p_wb_rsp_outstanding: assume(s_rsp_outstanding);
          p_wb_rsp_onehot:      assume(s_rsp_onehot);
          h_wb_out_range:       assert(f_out_q <= MAX_OUT);
        end
      end
    end else begin : g_slave
      always @* begin
        p_wb_reset: assume(m_reset);
        if (rst_ni) begin
          p_wb_stb_in_cyc:      assume(m_stb_in_cyc);
          p_wb_lock_in_cyc:     assume(m_lock_in_cyc);
          p_wb_held:            assume(m_held);
          p_wb_no_abandon:      assume(m_no_abandon);
          p_wb_max_out:         assume(m_max_out);
          p_wb_rsp_in_cyc:      assert(s_rsp_in_cyc);
          p_wb_rsp_outstanding: assert(s_rsp_outstanding);
          p_wb_rsp_onehot:      assert(s_rsp_onehot);
          h_wb_out_range:       assert(f_out_q <= MAX_OUT);
        end
      end
    end
  endgenerate

  // Covers: a request held while stalled and then taken; an answer.
  always @(posedge clk_i) begin
    if (rst_ni) begin
      c_wb_stalled_then_taken: cover(f_refused && take);
      c_wb_ack:                cover(ack_i && f_out_q != '0);
    end
  end
endmodule

`default_nettype wire
