// rvmmu_wb_walker -- the page-table walker's memory port on a Wishbone B4
// pipelined bus.
//
// rvmmu's walker port carries one PTE read or one atomic compare-and-swap
// (the Svadu A/D update) at a time; this adapter is a Wishbone B4 master in
// pipelined mode (B4 3.1.3 "Handshaking protocol" and 3.2 "Single
// read/write cycles": the pipelined forms, with STALL_I, not the classic
// ones, whose master waits for ACK before the next STB) with a
// byte address of PA_W bits (low log2(SEL_W) bits zero) and a data bus of
// PTE_W bits, SEL all ones, one request on the bus at a time:
//
// * A read is one pipelined read (WE 0) inside a bus cycle: CYC is raised
//   with STB and held until the request's ACK, ERR or RTY. ACK answers the
//   walker with DAT_I; ERR (B4 ERR_I: the access ended abnormally) answers
//   with mem_rsp_err_o (data 0), which the walker turns into an access
//   fault.
// * A compare-and-swap is a read-modify-write cycle (B4 3.4 "RMW cycle")
//   with LOCK_O held with CYC over the whole of it (B4 LOCK_O: the cycle is
//   not interrupted, so an arbiter grants no other master in between): the
//   read (WE 0), and at its ACK, if DAT_I != cmp, the cycle ends and the
//   walker is answered with DAT_I (nothing written; the walker sees the
//   mismatch and walks again); if DAT_I == cmp, the write (WE 1, DAT_O =
//   wdata) in the same bus cycle, and at its ACK the walker is answered with
//   the old value (= cmp). ERR on the read or the write: an access fault.
//   The cycle is closed after a swap (CYC and LOCK low for one cycle,
//   S_GAP), so LOCK never outlives its CYC and falls with it.
// * RTY (B4 RTY_I: the slave is not ready, the master should retry) on any
//   request ends the bus cycle (CYC low for one cycle, S_RETRY, which
//   frees the bus for other masters), pulses mon_retry_o, and the operation
//   is issued again from the start: a read again, a swap again from its
//   locked read (its write alone must not be retried: the location may
//   have changed while the bus was free). The walker is not answered in
//   between: it sees one answer per request, after any number of retries.
//
// Handshakes (B4 3.1.3, pipelined; STALL_I): a request (STB with ADR, WE,
// DAT, SEL) is taken at a rising edge where STB is high and STALL_I low,
// and is held unchanged while STALL_I is high. While idle, CYC, STB, ADR and LOCK are
// driven combinationally from the walker's request (STB = mem_req_valid_i,
// mem_req_ready_o = !STALL_I) -- legal because the walker holds a request
// unchanged until it is taken (rvmmu's p_mem_request_held), so the request
// is held while stalled as B4 requires; the adapter keeps the request in
// flip-flops when it is taken, for a write and for a retry. CYC is never
// low while a request is outstanding. After reset (B4 3.1.1) CYC and STB
// are low for one cycle (S_GAP). Outside a request ADR shows the request's
// address, DAT_O its wdata, WE the direction of the request outstanding and
// mem_rsp_data_o (while no answer) its cmp: values no one samples there,
// chosen so that the formal harness sees the held request at the ports.
//
// Timing: a read adds no cycle: STB leaves in the cycle the walker offers
// the request, and ACK with DAT_I is the walker's response in the same
// cycle (combinational), so a walk over Wishbone with slave latency LAT
// takes exactly the cycles it takes on the native port. A swap: the read
// the same; a mismatch or an error is answered with the read's ACK/ERR; a
// match offers the write in the cycle after the read's ACK (from
// flip-flops: no path from DAT_I to STB), answered at the write's ACK:
// read latency + 1 + write latency in all. After a swap's answer the
// adapter takes no request for one cycle (S_GAP), which costs rvmmu
// nothing: its walker decodes a swap's answer for a cycle (RVMMU_PTW_CAS_CHK)
// before it asks again. A retry costs one cycle with CYC low before the
// request is offered again. Paths: mem_req_valid_i/addr/cas to CYC, STB,
// ADR, LOCK; STALL_I to mem_req_ready_o; ACK/ERR/RTY and DAT_I (with a
// PTE_W-bit compare with cmp) to mem_rsp_* and mon_retry_o.
`default_nettype none

module rvmmu_wb_walker #(
    parameter  bit RV64  = 1'b0,                    // 0: Sv32 widths; 1: RV64 widths
    // Derived from RV64 (rtl/rvmmu_pkg.sv); not parameters.
    localparam int PA_W  = rvmmu_pkg::pa_w(RV64),   // physical address = ADR width (bytes)
    localparam int PTE_W = rvmmu_pkg::pte_w(RV64),  // page-table entry = DAT width
    localparam int SEL_W = PTE_W / 8                // byte selects
) (
    input  logic              clk_i,
    input  logic              rst_ni,
    // rvmmu's walker port (connect to rvmmu's mem_* ports)
    input  logic              mem_req_valid_i,
    output logic              mem_req_ready_o,
    input  logic [PA_W-1:0]   mem_req_addr_i,
    input  logic              mem_req_cas_i,
    input  logic [PTE_W-1:0]  mem_req_cmp_i,
    input  logic [PTE_W-1:0]  mem_req_wdata_i,
    output logic              mem_rsp_valid_o,
    output logic [PTE_W-1:0]  mem_rsp_data_o,
    output logic              mem_rsp_err_o,
    // Wishbone B4 pipelined master: ADR the byte address (low log2(SEL_W) bits zero), data PTE_W bits
    output logic              wb_cyc_o,     // the bus cycle
    output logic              wb_stb_o,     // a request
    output logic              wb_we_o,      // 1: write (only a swap's, inside its locked cycle)
    output logic              wb_lock_o,    // held with CYC over a swap's read and write
    output logic [PA_W-1:0]   wb_adr_o,     // the PTE's byte address
    output logic [PTE_W-1:0]  wb_dat_o,     // the word a swap writes
    output logic [SEL_W-1:0]  wb_sel_o,     // all ones: whole PTEs
    input  logic              wb_stall_i,   // the request is not taken this cycle
    input  logic              wb_ack_i,     // done (a read: with DAT_I)
    input  logic              wb_err_i,     // failed: an access fault
    input  logic              wb_rty_i,     // not done, try again: the bus cycle ends and the operation is issued again
    input  logic [PTE_W-1:0]  wb_dat_i,     // the word read
    // monitor: pulses once per retried bus cycle (RTY), for coverage counters
    output logic              mon_retry_o
);
  // log2(PTESIZE) = log2(SEL_W): the address bits below a PTE, always zero.
  localparam int OFF_W = rvmmu_pkg::pte_idx_lsb(RV64);

  // States.
  localparam logic [2:0] S_IDLE    = 3'd0;  // STB follows the walker's request
  localparam logic [2:0] S_RD_WAIT = 3'd1;  // the read taken, its answer awaited
  localparam logic [2:0] S_WR_REQ  = 3'd2;  // a swap's write offered (locked)
  localparam logic [2:0] S_WR_WAIT = 3'd3;  // the write taken, its answer awaited (locked)
  localparam logic [2:0] S_RETRY   = 3'd4;  // after RTY: CYC low for a cycle
  localparam logic [2:0] S_RD_REQ  = 3'd5;  // after RTY: the read offered again
  localparam logic [2:0] S_GAP     = 3'd6;  // after reset and a swap: CYC low for a cycle

  logic [2:0]       state_q, state_d;
  // The request taken (data, not reset): the address of a re-read and of
  // the write, whether it is a swap, the word compared with and the word
  // written.
  logic [PA_W-1:OFF_W] addr_q;
  logic             cas_q;
  logic [PTE_W-1:0] cmp_q, wdata_q;

  logic             accept;      // the walker's request is taken (with its STB)
  logic             match;       // the read's word is the swap's cmp
  logic             rsp_read;    // mem_rsp_data_o is DAT_I (a read's ACK)
  assign accept   = mem_req_valid_i && mem_req_ready_o;
  assign match    = wb_dat_i == cmp_q;
  assign rsp_read = state_q == S_RD_WAIT && wb_ack_i;

  always_comb begin
    state_d         = state_q;
    mem_req_ready_o = 1'b0;
    mem_rsp_valid_o = 1'b0;
    mem_rsp_err_o   = 1'b0;
    mon_retry_o     = 1'b0;
    wb_cyc_o        = 1'b1;
    wb_stb_o        = 1'b0;
    wb_we_o         = 1'b0;
    wb_lock_o       = cas_q;
    wb_adr_o        = {addr_q, {OFF_W{1'b0}}};
    case (state_q)
      S_IDLE: begin                       // the bus request is the walker's
        wb_cyc_o        = mem_req_valid_i;
        wb_stb_o        = mem_req_valid_i;
        wb_lock_o       = mem_req_valid_i && mem_req_cas_i;
        wb_adr_o        = {mem_req_addr_i[PA_W-1:OFF_W], {OFF_W{1'b0}}};
        mem_req_ready_o = !wb_stall_i;
        if (accept) state_d = S_RD_WAIT;
      end
      S_RD_REQ: begin                     // the read again, after RTY
        wb_stb_o = 1'b1;
        if (!wb_stall_i) state_d = S_RD_WAIT;
      end
      S_RD_WAIT: begin
        if (wb_err_i) begin               // an access fault
          mem_rsp_valid_o = 1'b1;
          mem_rsp_err_o   = 1'b1;
          state_d         = cas_q ? S_GAP : S_IDLE;
        end else if (wb_rty_i) begin      // end the cycle, read again
          mon_retry_o = 1'b1;
          state_d     = S_RETRY;
        end else if (wb_ack_i) begin
          if (cas_q && match) begin       // unchanged: the write, same bus cycle
            state_d = S_WR_REQ;
          end else begin                  // a read's word, or a swap's changed PTE
            mem_rsp_valid_o = 1'b1;
            state_d         = cas_q ? S_GAP : S_IDLE;
          end
        end
      end
      S_WR_REQ: begin
        wb_stb_o = 1'b1;
        wb_we_o  = 1'b1;
        if (!wb_stall_i) state_d = S_WR_WAIT;
      end
      S_WR_WAIT: begin
        wb_we_o = 1'b1;                   // the direction of the request outstanding
        if (wb_err_i) begin
          mem_rsp_valid_o = 1'b1;
          mem_rsp_err_o   = 1'b1;
          state_d         = S_GAP;
        end else if (wb_rty_i) begin      // the whole swap again, from its read
          mon_retry_o = 1'b1;
          state_d     = S_RETRY;
        end else if (wb_ack_i) begin      // swapped: the old value, = cmp
          mem_rsp_valid_o = 1'b1;
          state_d         = S_GAP;
        end
      end
      S_RETRY: begin
        wb_cyc_o  = 1'b0;
        wb_lock_o = 1'b0;
        state_d   = S_RD_REQ;
      end
      default: begin                      // S_GAP
        wb_cyc_o  = 1'b0;
        wb_lock_o = 1'b0;
        state_d   = S_IDLE;
      end
    endcase
  end

  // The answer's word: a read's DAT_I, else cmp (a swap's old value); 0
  // with an error.
  assign mem_rsp_data_o = mem_rsp_err_o ? '0 : rsp_read ? wb_dat_i : cmp_q;

  assign wb_dat_o = wdata_q;
  assign wb_sel_o = {SEL_W{1'b1}};

  always_ff @(posedge clk_i) begin
    if (!rst_ni) state_q <= S_GAP;
    else state_q <= state_d;
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      addr_q  <= mem_req_addr_i[PA_W-1:OFF_W];
      cas_q   <= mem_req_cas_i;
      cmp_q   <= mem_req_cmp_i;
      wdata_q <= mem_req_wdata_i;
    end
  end

  // The walker's PTE addresses are aligned: the bits below a PTE carry
  // nothing (ADR's are driven 0).
  logic unused_addr;
  assign unused_addr = ^mem_req_addr_i[OFF_W-1:0];

`ifdef FORMAL
  // ================================================================ formal properties
  // Proven by formal/run.sh (jobs wb32, wb64; harness formal/wb_walker_fv.sv,
  // which states the Wishbone B4 rules (formal/wb_master_props.sv) and the
  // walker port's contract at the ports). h_wbw_busy ties the state to
  // the walker's request, which the harness cannot see inside; with
  // p_wbw_walker_one_out (the walker's rule on this copy) it makes
  // k-induction close: without them k = 3 fails (an S_RD_REQ that looks
  // like an idle adapter offering the walker's request).
  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  // The walker's request accepted and not yet answered.
  reg f_mem_out;
  always @(posedge clk_i) begin
    if (!rst_ni) f_mem_out <= 1'b0;
    else if (accept) f_mem_out <= 1'b1;
    else if (mem_rsp_valid_o) f_mem_out <= 1'b0;
  end

  always @* begin
    if (f_past_valid && rst_ni) begin
      // The walker's contract (rvmmu's p_mem_one_outstanding; the harness
      // assumes it on its own copy of f_mem_out): no request while one is
      // unanswered. Asserted, not assumed, so that a proof of rvmmu with
      // this adapter still checks the walker; as a lemma it ties the
      // harness' copy to h_wbw_busy.
      p_wbw_walker_one_out: assert(!mem_req_valid_i || !f_mem_out);
      // Only the seven states are ever reached.
      h_wbw_state_legal: assert(state_q <= S_GAP);
      // Busy (any state but S_IDLE and S_GAP) exactly while the walker
      // waits for an answer.
      h_wbw_busy:        assert(f_mem_out == (state_q != S_IDLE && state_q != S_GAP));
      // Only a swap writes.
      p_wbw_write_is_cas: assert(!(state_q == S_WR_REQ || state_q == S_WR_WAIT) || cas_q);
      // The walker's request is taken only with its STB, and only when idle.
      p_wbw_accept_with_stb: assert(!accept || (state_q == S_IDLE && wb_stb_o && !wb_stall_i));
    end
  end
`endif
endmodule

`default_nettype wire
