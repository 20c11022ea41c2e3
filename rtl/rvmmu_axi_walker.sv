// rvmmu_axi_walker -- the page-table walker's memory port on an AXI4 bus.
//
// rvmmu's walker port carries one PTE read or one atomic compare-and-swap
// (the Svadu A/D update) at a time; this adapter turns each into single-beat
// AXI4 transactions (ARM IHI 0022, AXI4) as a master of data width PTE_W and
// address width PA_W, with one ID (AXI_ID), one transaction at a time:
//
// * A read is one AR beat (ARLEN 0, ARSIZE log2(PTE_W/8), ARBURST INCR,
//   ARLOCK 0) and its R beat. RRESP OKAY (or EXOKAY, which a slave may not
//   give a normal access, A7.2.3: taken as OKAY) answers the walker with
//   RDATA; SLVERR or DECERR answer with mem_rsp_err_o (data 0), which the
//   walker turns into an access fault.
// * A compare-and-swap is an exclusive access pair (A7.2, "Exclusive
//   accesses"): an exclusive read (ARLOCK 1), then, only if it returned
//   EXOKAY and RDATA equals cmp, an exclusive write (AWLOCK 1) of wdata to
//   the same address with the same size, length and ID (A7.2.4), WSTRB all
//   ones, WLAST 1. BRESP EXOKAY: the swap happened, the walker is answered
//   with the old value (= cmp). BRESP OKAY: the exclusive write failed
//   (another master wrote the location since the read, A7.2.3); nothing was
//   written, mon_excl_fail_o pulses and the pair starts again from the
//   exclusive read, so the walker sees one answer. RDATA != cmp after
//   EXOKAY: no write, the walker is answered with RDATA and, seeing the
//   mismatch, walks again. SLVERR/DECERR on R or B: an access fault. An
//   exclusive read answered OKAY (not EXOKAY) means the slave has no
//   exclusive monitor (A7.2.3): the swap cannot be made atomic, and a plain
//   read-compare-write could overwrite an A/D update or a PTE change another
//   hart made in between, so it is answered with mem_rsp_err_o (an access
//   fault: the PTE's memory does not support the access) and nothing is
//   written. The walker's addresses are aligned to PTESIZE, so each
//   exclusive access meets A7.2.4's alignment rule. AXI_CACHE must let the
//   exclusive write reach the slave's monitor: with the default (Normal
//   Non-cacheable Bufferable) the interconnect must not answer an
//   exclusive write from a buffer.
//
// Handshakes (A3.2.1 "Handshake process"): every VALID is held until its
// READY and the payload stays stable while VALID && !READY. In the idle
// state AR is driven combinationally from the walker's request (ARVALID =
// mem_req_valid_i, mem_req_ready_o = ARREADY); that is legal because the
// walker holds a request, unchanged, until it is taken (rvmmu's
// p_mem_request_held). AW and W of the exclusive write are offered in the
// same cycle and each completes on its own READY (A3.3.1: neither waits for
// the other); BREADY is raised once both are taken, which is where an AXI4
// slave may first raise BVALID (A3.3.1, write response dependencies), so it
// costs no cycle. RREADY is high while a read is outstanding. After reset
// (A3.1.2) the adapter spends one cycle (S_INIT) with every VALID low.
//
// Timing: a read adds no cycle: AR leaves in the cycle the walker offers
// the request, and the R beat is the walker's response in the same cycle
// (combinational, mem_rsp_* from R*), so a walk over AXI with slave latency
// LAT takes exactly the cycles it takes on the native port. A CAS: the
// exclusive read the same; a mismatch or error on it is answered with the
// R beat; a match offers AW and W in the cycle after the R beat (from
// flip-flops), and the B beat is the walker's response in its own cycle.
// So a successful CAS takes read latency + 1 + write latency (AW/W offered
// to B); a failed exclusive write adds one cycle (S_XAR) before the
// exclusive read is offered again. Paths: mem_req_valid_i/addr/cas to
// ARVALID/ARADDR/ARLOCK, ARREADY to mem_req_ready_o, RVALID/RRESP/RDATA
// (with a PTE_W-bit compare with cmp) and BVALID/BRESP to mem_rsp_*.
//
// RID, BID and RLAST are not looked at: a single-ID master with one
// transaction outstanding gets only its own single-beat responses (the
// proofs assume RID = BID = AXI_ID and RLAST = 1). Under `ifdef FORMAL two
// proof-only outputs follow the ports (f_state_o, f_cmp_o: the state and the
// word compared with, for the harness' invariants); a build without FORMAL
// has exactly the ports below up to mon_excl_fail_o.
`default_nettype none

module rvmmu_axi_walker #(
    parameter  bit       RV64     = 1'b0,             // 0: Sv32 widths; 1: RV64 widths
    parameter  int       ID_W     = 1,                // AXI ID width
    parameter  bit [ID_W-1:0] AXI_ID = '0,            // ARID/AWID of every transaction
    parameter  bit [2:0] AXI_PROT = 3'b001,           // ARPROT/AWPROT: privileged, secure, data
    parameter  bit [3:0] AXI_CACHE = 4'b0011,         // ARCACHE/AWCACHE: normal non-cacheable bufferable
    // Derived from RV64 (rtl/rvmmu_pkg.sv); not parameters.
    localparam int PA_W  = rvmmu_pkg::pa_w(RV64),     // physical address = AXI address width
    localparam int PTE_W = rvmmu_pkg::pte_w(RV64)     // page-table entry = AXI data width
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
    // AXI4 master (data width PTE_W, address width PA_W), single beat only
    output logic              m_axi_arvalid_o,
    input  logic              m_axi_arready_i,
    output logic [ID_W-1:0]   m_axi_arid_o,
    output logic [PA_W-1:0]   m_axi_araddr_o,
    output logic [7:0]        m_axi_arlen_o,
    output logic [2:0]        m_axi_arsize_o,
    output logic [1:0]        m_axi_arburst_o,
    output logic              m_axi_arlock_o,
    output logic [3:0]        m_axi_arcache_o,
    output logic [2:0]        m_axi_arprot_o,
    input  logic              m_axi_rvalid_i,
    output logic              m_axi_rready_o,
    input  logic [ID_W-1:0]   m_axi_rid_i,
    input  logic [PTE_W-1:0]  m_axi_rdata_i,
    input  logic [1:0]        m_axi_rresp_i,
    input  logic              m_axi_rlast_i,
    output logic              m_axi_awvalid_o,
    input  logic              m_axi_awready_i,
    output logic [ID_W-1:0]   m_axi_awid_o,
    output logic [PA_W-1:0]   m_axi_awaddr_o,
    output logic [7:0]        m_axi_awlen_o,
    output logic [2:0]        m_axi_awsize_o,
    output logic [1:0]        m_axi_awburst_o,
    output logic              m_axi_awlock_o,
    output logic [3:0]        m_axi_awcache_o,
    output logic [2:0]        m_axi_awprot_o,
    output logic              m_axi_wvalid_o,
    input  logic              m_axi_wready_i,
    output logic [PTE_W-1:0]  m_axi_wdata_o,
    output logic [PTE_W/8-1:0] m_axi_wstrb_o,
    output logic              m_axi_wlast_o,
    input  logic              m_axi_bvalid_i,
    output logic              m_axi_bready_o,
    input  logic [ID_W-1:0]   m_axi_bid_i,
    input  logic [1:0]        m_axi_bresp_i,
    // monitor: pulses once per failed exclusive write (BRESP=OKAY on an AWLOCK write), for coverage counters
    output logic              mon_excl_fail_o
`ifdef FORMAL
    ,
    // Proofs only (the invariants of formal/axi_walker_fv.sv): the state
    // and the word a swap compares with. Not in a synthesised build.
    output logic [2:0]        f_state_o,
    output logic [PTE_W-1:0]  f_cmp_o
`endif
);
  // AxSIZE: log2 of the bytes of a beat, PTESIZE.
  localparam int         SIZE_LOG2 = rvmmu_pkg::pte_idx_lsb(RV64);
  localparam logic [2:0] AXI_SIZE  = SIZE_LOG2[2:0];
  localparam logic [1:0] BURST_INCR = 2'b01;
  // xRESP encodings (A3.4.4).
  localparam logic [1:0] RESP_OKAY   = 2'b00;
  localparam logic [1:0] RESP_EXOKAY = 2'b01;   // 2'b1x: SLVERR, DECERR

  // States.
  localparam logic [2:0] S_INIT   = 3'd0;  // the cycle after reset: every VALID low (A3.1.2)
  localparam logic [2:0] S_IDLE   = 3'd1;  // AR follows the walker's request
  localparam logic [2:0] S_READ   = 3'd2;  // a normal read's R beat awaited
  localparam logic [2:0] S_XREAD  = 3'd3;  // an exclusive read's R beat awaited
  localparam logic [2:0] S_XAR    = 3'd4;  // the exclusive read offered again (after a failed write)
  localparam logic [2:0] S_XWRITE = 3'd5;  // the exclusive write: AW, W, then B

  logic [2:0]       state_q, state_d;
  logic             aw_done_q, aw_done_d;   // S_XWRITE: AW taken
  logic             w_done_q, w_done_d;     // S_XWRITE: W taken
  // The request taken (data, not reset): the address of a re-read and of
  // the write, the word compared with and the word written.
  logic [PA_W-1:0]  addr_q;
  logic [PTE_W-1:0] cmp_q, wdata_q;

  logic             accept;                 // the walker's request is taken (with its AR)
  logic             r_err, b_err;           // SLVERR or DECERR
  assign accept = mem_req_valid_i && mem_req_ready_o;
  assign r_err  = m_axi_rresp_i[1];
  assign b_err  = m_axi_bresp_i[1];

  always_comb begin
    state_d         = state_q;
    aw_done_d       = aw_done_q;
    w_done_d        = w_done_q;
    mem_req_ready_o = 1'b0;
    m_axi_arvalid_o = 1'b0;
    m_axi_araddr_o  = addr_q;
    m_axi_arlock_o  = 1'b1;
    m_axi_rready_o  = 1'b0;
    m_axi_awvalid_o = 1'b0;
    m_axi_wvalid_o  = 1'b0;
    m_axi_bready_o  = 1'b0;
    mem_rsp_valid_o = 1'b0;
    mem_rsp_err_o   = 1'b0;
    mem_rsp_data_o  = m_axi_rdata_i;
    mon_excl_fail_o = 1'b0;
    case (state_q)
      S_IDLE: begin                      // AR is the walker's request
        m_axi_arvalid_o = mem_req_valid_i;
        m_axi_araddr_o  = mem_req_addr_i;
        m_axi_arlock_o  = mem_req_cas_i;
        mem_req_ready_o = m_axi_arready_i;
        if (accept) state_d = mem_req_cas_i ? S_XREAD : S_READ;
      end
      S_READ: begin                      // R is the answer; EXOKAY as OKAY
        m_axi_rready_o = 1'b1;
        if (m_axi_rvalid_i) begin
          mem_rsp_valid_o = 1'b1;
          mem_rsp_err_o   = r_err;
          state_d         = S_IDLE;
        end
      end
      S_XREAD: begin
        m_axi_rready_o = 1'b1;
        if (m_axi_rvalid_i) begin
          if (m_axi_rresp_i != RESP_EXOKAY) begin        // error, or no exclusive monitor
            mem_rsp_valid_o = 1'b1;
            mem_rsp_err_o   = 1'b1;
            state_d         = S_IDLE;
          end else if (m_axi_rdata_i != cmp_q) begin     // changed: no write, the old value
            mem_rsp_valid_o = 1'b1;
            state_d         = S_IDLE;
          end else begin                                 // unchanged: the exclusive write
            aw_done_d = 1'b0;
            w_done_d  = 1'b0;
            state_d   = S_XWRITE;
          end
        end
      end
      S_XAR: begin                       // the same exclusive read again
        m_axi_arvalid_o = 1'b1;
        if (m_axi_arready_i) state_d = S_XREAD;
      end
      S_XWRITE: begin
        m_axi_awvalid_o = !aw_done_q;
        m_axi_wvalid_o  = !w_done_q;
        aw_done_d       = aw_done_q || m_axi_awready_i;
        w_done_d        = w_done_q || m_axi_wready_i;
        m_axi_bready_o  = aw_done_q && w_done_q;
        mem_rsp_data_o  = cmp_q;         // the old value, which matched
        if (m_axi_bready_o && m_axi_bvalid_i) begin
          if (m_axi_bresp_i == RESP_OKAY) begin          // exclusive failed: read again
            mon_excl_fail_o = 1'b1;
            state_d         = S_XAR;
          end else begin                                 // EXOKAY: swapped; or an error
            mem_rsp_valid_o = 1'b1;
            mem_rsp_err_o   = b_err;
            state_d         = S_IDLE;
          end
        end
      end
      default: state_d = S_IDLE;         // S_INIT
    endcase
    if (mem_rsp_err_o) mem_rsp_data_o = '0;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q   <= S_INIT;
      aw_done_q <= 1'b0;
      w_done_q  <= 1'b0;
    end else begin
      state_q   <= state_d;
      aw_done_q <= aw_done_d;
      w_done_q  <= w_done_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      addr_q  <= mem_req_addr_i;
      cmp_q   <= mem_req_cmp_i;
      wdata_q <= mem_req_wdata_i;
    end
  end

  // The constant fields of AR and AW, and W.
  assign m_axi_arid_o    = AXI_ID;
  assign m_axi_arlen_o   = 8'd0;
  assign m_axi_arsize_o  = AXI_SIZE;
  assign m_axi_arburst_o = BURST_INCR;
  assign m_axi_arcache_o = AXI_CACHE;
  assign m_axi_arprot_o  = AXI_PROT;
  assign m_axi_awid_o    = AXI_ID;
  assign m_axi_awaddr_o  = addr_q;
  assign m_axi_awlen_o   = 8'd0;
  assign m_axi_awsize_o  = AXI_SIZE;
  assign m_axi_awburst_o = BURST_INCR;
  assign m_axi_awlock_o  = 1'b1;
  assign m_axi_awcache_o = AXI_CACHE;
  assign m_axi_awprot_o  = AXI_PROT;
  assign m_axi_wdata_o   = wdata_q;
  assign m_axi_wstrb_o   = '1;
  assign m_axi_wlast_o   = 1'b1;

  // Single ID, one transaction, single beats: IDs and RLAST carry nothing.
  logic unused_axi;
  assign unused_axi = ^{m_axi_rid_i, m_axi_bid_i, m_axi_rlast_i};

`ifdef FORMAL
  // ================================================================ formal properties
  // Proven by formal/run.sh (jobs axi32, axi64; harness formal/axi_walker_fv.sv,
  // which states the AXI4 rules and the walker port's contract at the ports).
  assign f_state_o = state_q;
  assign f_cmp_o   = cmp_q;

  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  always @* begin
    if (f_past_valid) begin
      // Only the six states are ever reached.
      h_axiw_state_legal: assert(state_q <= S_XWRITE);
      // B is taken only after both AW and W.
      p_axiw_bready_after_aw_w: assert(!m_axi_bready_o || (state_q == S_XWRITE && aw_done_q && w_done_q));
      // The walker's request is taken only with its AR, and only when idle.
      p_axiw_accept_with_ar: assert(!accept || (state_q == S_IDLE && m_axi_arvalid_o && m_axi_arready_i));
    end
  end
`endif
endmodule

`default_nettype wire
