// rvmmu_bram_mem -- the board's physical memory for page tables: block RAM
// in FRAMES frames of 1 KiB (256 words), each mapped at a programmable
// 1 KiB-aligned physical address, seen through WINDOWS programmable RAM
// windows (byte base, byte size).
//
//   * A word outside every window is a bus error (rsp_err_o).
//   * A word inside a window and inside a mapped frame is that frame's word.
//   * A word inside a window but in no frame reads 0 (an unwritten page of
//     the trace's RAM); writing it is an error.
//
// After reset (and after clear_i) frame i is mapped at BASE + i*1 KiB and
// window 0 is [BASE, BASE + FRAMES KiB): one contiguous RAM at BASE and a
// bus error everywhere else. The RAM itself is zeroed by clear_i only
// (block RAM has no reset).
//
// One request at a time: accepted, looked up (window and frame compares,
// registered), read from block RAM, answered: a response 3 cycles after
// acceptance. Ops: 0 read, 1 compare-and-swap (write wdata only if the word
// holds cmp; the response carries the old word; swap_o pulses when it
// wrote), 2 write (host).
`default_nettype none
module rvmmu_bram_mem #(
    parameter int          FRAMES  = 16,             // 1..256
    parameter int          WINDOWS = 4,              // a power of two
    parameter logic [33:0] BASE    = 34'h0_8001_0000  // physical address of window 0
) (
    input  logic        clk_i,
    input  logic        rst_ni,           // synchronous, active low

    input  logic        req_valid_i,
    output logic        req_ready_o,
    input  logic [33:0] req_addr_i,       // byte address of a 32-bit word
    input  logic [1:0]  req_op_i,         // 0 read, 1 CAS, 2 write
    input  logic [31:0] req_cmp_i,
    input  logic [31:0] req_wdata_i,
    output logic        rsp_valid_o,
    output logic [31:0] rsp_data_o,
    output logic        rsp_err_o,
    output logic        swap_o,           // a CAS wrote (with rsp_valid_o)
    output logic [33:0] swap_addr_o,

    // Configuration (the bridge's FRAME / WINDOW / RESET commands).
    input  logic        clear_i,          // zero the RAM, default mapping; busy_o meanwhile
    output logic        busy_o,
    input  logic        frame_we_i,
    input  logic [$clog2(FRAMES)-1:0]  frame_idx_i,
    input  logic        frame_en_i,
    input  logic [23:0] frame_base_i,     // address bits 33:10
    input  logic        win_we_i,
    input  logic [$clog2(WINDOWS)-1:0] win_idx_i,
    input  logic [33:0] win_base_i,       // bytes
    input  logic [33:0] win_size_i        // bytes; 0 disables the window
);
  localparam int FW    = $clog2(FRAMES);
  localparam int WW    = $clog2(WINDOWS);
  localparam int DEPTH = FRAMES * 256;
  localparam int AW    = FW + 8;

  localparam logic [2:0] S_IDLE = 3'd0, S_LOOK = 3'd1, S_READ = 3'd2, S_DATA = 3'd3, S_CLEAR = 3'd4;

  logic [2:0]  state_q;
  logic [33:0] addr_q;
  logic [1:0]  op_q;
  logic [31:0] cmp_q, wdata_q;
  logic        inwin_q, framed_q;
  logic [AW-1:0] ram_addr_q, clr_q;

  logic [FRAMES-1:0] fr_en_q;
  logic [23:0]       fr_base_q [0:FRAMES-1];
  logic [31:0]       win_lo_q  [0:WINDOWS-1];   // word addresses, [lo, hi)
  logic [32:0]       win_hi_q  [0:WINDOWS-1];

  // ------------------------------------------------------------ lookup
  logic [31:0]  word;
  logic         inwin, framed;
  logic [FW-1:0] fidx;
  assign word = addr_q[33:2];
  integer lw, lf, rf, rw;
  always_comb begin
    inwin  = 1'b0;
    framed = 1'b0;
    fidx   = '0;
    for (lw = 0; lw < WINDOWS; lw = lw + 1)
      if (word >= win_lo_q[lw] && {1'b0, word} < win_hi_q[lw]) inwin = 1'b1;
    for (lf = 0; lf < FRAMES; lf = lf + 1)
      if (fr_en_q[lf] && fr_base_q[lf] == addr_q[33:10]) begin
        framed = 1'b1;
        fidx   = fidx | FW'(lf);
      end
  end

  // ------------------------------------------------------------ block RAM
  logic [31:0] ram [0:DEPTH-1];
  logic [31:0] rdata_q;
  logic        we;
  logic [AW-1:0] waddr;
  logic [31:0] wdata;
  logic        match;

  assign match = (framed_q ? rdata_q : 32'd0) == cmp_q;
  always_comb begin
    we    = 1'b0;
    waddr = ram_addr_q;
    wdata = wdata_q;
    if (state_q == S_CLEAR) begin
      we    = 1'b1;
      waddr = clr_q;
      wdata = 32'd0;
    end else if (state_q == S_DATA && inwin_q && framed_q)
      we = op_q == 2'd2 || (op_q == 2'd1 && match);
  end

  always_ff @(posedge clk_i) begin
    if (we) ram[waddr] <= wdata;
    rdata_q <= ram[ram_addr_q];
  end

  // ------------------------------------------------------------ control
  assign req_ready_o = state_q == S_IDLE && !clear_i;
  assign busy_o      = state_q == S_CLEAR || clear_i;
  assign rsp_data_o  = framed_q ? rdata_q : 32'd0;
  assign swap_addr_o = addr_q;

  always_comb begin
    rsp_valid_o = state_q == S_DATA;
    // Outside every window; or a write that has no frame behind it.
    rsp_err_o   = !inwin_q || (!framed_q && (op_q == 2'd2 || (op_q == 2'd1 && match)));
    swap_o      = rsp_valid_o && op_q == 2'd1 && inwin_q && framed_q && match;
  end

  always_ff @(posedge clk_i) begin
    case (state_q)
      S_IDLE: if (req_valid_i && !clear_i) begin
        addr_q  <= req_addr_i;
        op_q    <= req_op_i;
        cmp_q   <= req_cmp_i;
        wdata_q <= req_wdata_i;
        state_q <= S_LOOK;
      end
      S_LOOK: begin
        inwin_q    <= inwin;
        framed_q   <= framed;
        ram_addr_q <= {fidx, addr_q[9:2]};
        state_q    <= S_READ;
      end
      S_READ:  state_q <= S_DATA;
      S_DATA:  state_q <= S_IDLE;
      default: begin
        clr_q <= clr_q + 1'b1;
        if (&clr_q) state_q <= S_IDLE;
      end
    endcase
    if (frame_we_i) begin
      fr_en_q[frame_idx_i]   <= frame_en_i;
      fr_base_q[frame_idx_i] <= frame_base_i;
    end
    if (win_we_i) begin
      win_lo_q[win_idx_i] <= win_base_i[33:2];
      win_hi_q[win_idx_i] <= win_size_i == '0 ? 33'd0 : {1'b0, win_base_i[33:2]} + {1'b0, win_size_i[33:2]};
    end
    if (!rst_ni || clear_i) begin
      state_q <= clear_i ? S_CLEAR : S_IDLE;
      clr_q   <= '0;
      for (rf = 0; rf < FRAMES; rf = rf + 1) begin
        fr_en_q[rf]   <= 1'b1;
        fr_base_q[rf] <= BASE[33:10] + 24'(rf);
      end
      for (rw = 0; rw < WINDOWS; rw = rw + 1) begin
        win_lo_q[rw] <= rw == 0 ? BASE[33:2] : 32'd0;
        win_hi_q[rw] <= rw == 0 ? {1'b0, BASE[33:2]} + 33'(FRAMES * 256) : 33'd0;
      end
    end
  end
  logic unused;
  assign unused = ^{addr_q[1:0], win_base_i[1:0], win_size_i[1:0], WW[0]};
endmodule

`default_nettype wire
