// rvmmu_bridge -- the byte protocol between a host (over the UART, or the
// self-test ROM) and rvmmu with its block-RAM memory. Request: an opcode
// byte and a fixed number of argument bytes (multi-byte fields big-endian);
// reply: the opcode | 0x80 and a fixed number of bytes. One request at a
// time; fpga/PROTOCOL.md is the reference.
//
//   op    args                                   reply (after op|0x80)
//   0x01  WRITE  addr5 data4                     status1 (0 ok, 1 bus error)
//   0x02  READ   addr5                           status1 data4
//   0x03  CTX    satp4 flags1 (priv[1:0] sum[2] mxr[3] adue[4])
//   0x04  XLATE  va4 acc1                        flags1 (fault[0] walked[1] pte-written[2])
//                                                cause1 pa5 cycles2 pte-addr5
//   0x05  FLUSH  flags1 (rs1_x0[0] rs2_x0[1]) va4 asid2
//   0x06  COUNT                                  hits4 misses4 fills4 flushes4 walk-cycles4
//   0x07  FRAME  idx1 base5 (bit 39 set: unmapped)
//   0x08  WINDOW idx1 base5 size5
//   0x09  RESET  (MMU reset, RAM zeroed, default mapping, counters cleared)
//   0x0A  INFO                                   "RVMU" version1 frames1 windows1 entries1 selftest1
//   0x00  NOP    (no reply: resynchronisation)
//   other        reply 0xFF alone
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_bridge #(
    parameter int FRAMES  = 16,  // the memory's frames (reported by INFO)
    parameter int WINDOWS = 4,   // the memory's windows (reported by INFO)
    parameter int ENTRIES = 16   // rvmmu's TLB entries (reported by INFO)
) (
    input  logic        clk_i,
    input  logic        rst_ni,

    // Bytes in (in_valid_i is honoured only while in_ready_o) and out.
    input  logic        in_valid_i,
    output logic        in_ready_o,
    input  logic [7:0]  in_data_i,
    output logic        out_valid_o,
    input  logic        out_ready_i,
    output logic [7:0]  out_data_o,
    input  logic [1:0]  selftest_i,       // 0 running, 1 pass, 2 fail (INFO)

    // rvmmu's translation and SFENCE ports.
    output logic        mmu_rst_no,
    output logic        req_valid_o,
    input  logic        req_ready_i,
    output logic [31:0] req_va_o,
    output logic [1:0]  req_acc_o,
    output logic [31:0] req_satp_o,
    output logic [1:0]  req_priv_o,
    output logic        req_sum_o,
    output logic        req_mxr_o,
    output logic        req_adue_o,
    input  logic        rsp_valid_i,
    input  logic [33:0] rsp_pa_i,
    input  logic        rsp_fault_i,
    input  logic [4:0]  rsp_cause_i,
    output logic        sfence_valid_o,
    input  logic        sfence_ready_i,   // held until taken (rvmmu's L2 TLB sweeps after an rs1=x0 fence)
    output logic        sfence_rs1_x0_o,
    output logic        sfence_rs2_x0_o,
    output logic [31:0] sfence_va_o,
    output logic [8:0]  sfence_asid_o,
    input  logic        mon_hit_i,
    input  logic        mon_miss_i,
    input  logic        mon_fill_i,
    input  logic        mon_flush_i,
    input  logic [2:0]  mon_ptw_state_i,

    // Host port of the memory, and its configuration.
    output logic        mem_valid_o,
    input  logic        mem_ready_i,
    output logic [33:0] mem_addr_o,
    output logic        mem_write_o,
    output logic [31:0] mem_wdata_o,
    input  logic        mem_rsp_valid_i,
    input  logic [31:0] mem_rsp_data_i,
    input  logic        mem_rsp_err_i,
    input  logic        mem_swap_i,
    input  logic [33:0] mem_swap_addr_i,
    output logic        mem_clear_o,
    input  logic        mem_busy_i,
    output logic        frame_we_o,
    output logic [$clog2(FRAMES)-1:0]  frame_idx_o,
    output logic        frame_en_o,
    output logic [23:0] frame_base_o,
    output logic        win_we_o,
    output logic [$clog2(WINDOWS)-1:0] win_idx_o,
    output logic [33:0] win_base_o,
    output logic [33:0] win_size_o
);
  localparam logic [7:0] OP_NOP = 8'h00, OP_WRITE = 8'h01, OP_READ = 8'h02, OP_CTX = 8'h03,
                         OP_XLATE = 8'h04, OP_FLUSH = 8'h05, OP_COUNT = 8'h06, OP_FRAME = 8'h07,
                         OP_WINDOW = 8'h08, OP_RESET = 8'h09, OP_INFO = 8'h0A;
  localparam logic [7:0] VERSION = 8'd1;
  localparam logic [2:0] P_OP = 3'd0, P_ARG = 3'd1, P_EXEC = 3'd2, P_TX = 3'd3;

  logic [2:0]   state_q;
  logic [7:0]   op_q;
  logic [3:0]   need_q;         // argument bytes still to come
  logic [87:0]  arg_q;          // arguments, the last byte in [7:0]
  logic [167:0] rep_q;          // reply, the next byte in [167:160]
  logic [4:0]   rep_n_q;        // reply bytes still to send
  logic [1:0]   step_q;         // sub-step of an executing command

  // The translation context (CTX).
  logic [31:0]  satp_q;
  logic [4:0]   ctxf_q;
  // One translation's observation.
  logic         walked_q, wrote_q;
  logic [33:0]  pte_addr_q;
  logic [15:0]  cyc_q;
  // Performance counters.
  logic [31:0]  c_hit_q, c_miss_q, c_fill_q, c_flush_q, c_walk_q;
  logic         mmu_rst_q;
  logic [4:0]   mon_q;

  function automatic logic [3:0] arg_len(input logic [7:0] op);
    case (op)
      OP_WRITE:  arg_len = 4'd9;
      OP_READ:   arg_len = 4'd5;
      OP_CTX:    arg_len = 4'd5;
      OP_XLATE:  arg_len = 4'd5;
      OP_FLUSH:  arg_len = 4'd7;
      OP_FRAME:  arg_len = 4'd6;
      OP_WINDOW: arg_len = 4'd11;
      default:   arg_len = 4'd0;
    endcase
  endfunction

  assign in_ready_o  = state_q == P_OP || state_q == P_ARG;
  assign out_valid_o = state_q == P_TX;
  assign out_data_o  = rep_q[167:160];
  assign mmu_rst_no  = !mmu_rst_q;

  // Argument fields.
  assign req_va_o        = arg_q[39:8];
  assign req_acc_o       = arg_q[1:0];
  assign req_satp_o      = satp_q;
  assign req_priv_o      = ctxf_q[1:0];
  assign req_sum_o       = ctxf_q[2];
  assign req_mxr_o       = ctxf_q[3];
  assign req_adue_o      = ctxf_q[4];
  assign sfence_rs1_x0_o = arg_q[48];
  assign sfence_rs2_x0_o = arg_q[49];
  assign sfence_va_o     = arg_q[47:16];
  assign sfence_asid_o   = arg_q[8:0];
  assign mem_addr_o      = op_q == OP_WRITE ? arg_q[65:32] : arg_q[33:0];
  assign mem_write_o     = op_q == OP_WRITE;
  assign mem_wdata_o     = arg_q[31:0];
  assign frame_idx_o     = arg_q[40 +: $clog2(FRAMES)];
  assign frame_en_o      = !arg_q[39];
  assign frame_base_o    = arg_q[33:10];
  assign win_idx_o       = arg_q[80 +: $clog2(WINDOWS)];
  assign win_base_o      = arg_q[73:40];
  assign win_size_o      = arg_q[33:0];

  always_comb begin
    req_valid_o    = state_q == P_EXEC && op_q == OP_XLATE && step_q == 2'd0;
    sfence_valid_o = state_q == P_EXEC && op_q == OP_FLUSH;
    mem_valid_o    = state_q == P_EXEC && (op_q == OP_WRITE || op_q == OP_READ) && step_q == 2'd0;
    mem_clear_o    = state_q == P_EXEC && op_q == OP_RESET && step_q == 2'd0;
    frame_we_o     = state_q == P_EXEC && op_q == OP_FRAME;
    win_we_o       = state_q == P_EXEC && op_q == OP_WINDOW;
  end

  always_ff @(posedge clk_i) begin
    // Counters count every cycle, whoever drives the MMU; the monitor
    // pulses are registered first, off the TLB's lookup path.
    mon_q     <= {mon_hit_i, mon_miss_i, mon_fill_i, mon_flush_i, mon_ptw_state_i != `RVMMU_PTW_IDLE};
    c_hit_q   <= c_hit_q + {31'd0, mon_q[4]};
    c_miss_q  <= c_miss_q + {31'd0, mon_q[3]};
    c_fill_q  <= c_fill_q + {31'd0, mon_q[2]};
    c_flush_q <= c_flush_q + {31'd0, mon_q[1]};
    c_walk_q  <= c_walk_q + {31'd0, mon_q[0]};
    mmu_rst_q <= 1'b0;

    case (state_q)
      P_OP: if (in_valid_i) begin
        op_q   <= in_data_i;
        need_q <= arg_len(in_data_i);
        step_q <= 2'd0;
        if (in_data_i == OP_NOP) state_q <= P_OP;
        else if (in_data_i > OP_INFO) begin
          rep_q   <= {8'hFF, 160'd0};
          rep_n_q <= 5'd1;
          state_q <= P_TX;
        end else state_q <= arg_len(in_data_i) == 4'd0 ? P_EXEC : P_ARG;
      end
      P_ARG: if (in_valid_i) begin
        arg_q  <= {arg_q[79:0], in_data_i};
        need_q <= need_q - 1'b1;
        if (need_q == 4'd1) state_q <= P_EXEC;
      end
      P_EXEC: begin
        rep_q   <= {op_q | 8'h80, 160'd0};
        rep_n_q <= 5'd1;
        case (op_q)
          OP_WRITE, OP_READ: begin
            if (step_q == 2'd0 && mem_ready_i) step_q <= 2'd1;
            if (step_q == 2'd1 && mem_rsp_valid_i) begin
              rep_q   <= {op_q | 8'h80, 7'd0, mem_rsp_err_i, mem_rsp_data_i, 120'd0};
              rep_n_q <= op_q == OP_WRITE ? 5'd2 : 5'd6;
              state_q <= P_TX;
            end
          end
          OP_CTX: begin
            satp_q  <= arg_q[39:8];
            ctxf_q  <= arg_q[4:0];
            state_q <= P_TX;
          end
          OP_XLATE: begin
            if (step_q == 2'd0) begin
              walked_q <= 1'b0;
              wrote_q  <= 1'b0;
              cyc_q    <= 16'd0;
              if (req_ready_i) step_q <= 2'd1;
            end else begin
              if (cyc_q != 16'hFFFF) cyc_q <= cyc_q + 1'b1;
              if (mon_miss_i) walked_q <= 1'b1;
              if (mem_swap_i) begin
                wrote_q    <= 1'b1;
                pte_addr_q <= mem_swap_addr_i;
              end
              if (rsp_valid_i) begin
                rep_q   <= {op_q | 8'h80, 5'd0, wrote_q, walked_q | mon_miss_i, rsp_fault_i,
                            3'd0, rsp_cause_i, 6'd0, rsp_pa_i,
                            cyc_q + 16'd1, 6'd0, pte_addr_q, 48'd0};
                rep_n_q <= 5'd15;
                state_q <= P_TX;
              end
            end
          end
          OP_COUNT: begin
            rep_q   <= {op_q | 8'h80, c_hit_q, c_miss_q, c_fill_q, c_flush_q, c_walk_q};
            rep_n_q <= 5'd21;
            state_q <= P_TX;
          end
          OP_RESET: begin
            mmu_rst_q <= 1'b1;
            if (step_q == 2'd0) step_q <= 2'd1;
            else if (!mem_busy_i) begin
              c_hit_q   <= '0;
              c_miss_q  <= '0;
              c_fill_q  <= '0;
              c_flush_q <= '0;
              c_walk_q  <= '0;
              state_q   <= P_TX;
            end
          end
          OP_INFO: begin
            rep_q   <= {op_q | 8'h80, "RVMU", VERSION, 8'(FRAMES), 8'(WINDOWS), 8'(ENTRIES),
                        6'd0, selftest_i, 88'd0};
            rep_n_q <= 5'd10;
            state_q <= P_TX;
          end
          OP_FLUSH: if (sfence_ready_i) state_q <= P_TX;   // done when taken
          default: state_q <= P_TX;   // FRAME, WINDOW: done in this cycle
        endcase
      end
      default: if (out_ready_i) begin  // P_TX
        rep_q   <= {rep_q[159:0], 8'd0};
        rep_n_q <= rep_n_q - 1'b1;
        if (rep_n_q == 5'd1) state_q <= P_OP;
      end
    endcase

    if (!rst_ni) begin
      state_q   <= P_OP;
      satp_q    <= '0;
      ctxf_q    <= 5'd1;               // S mode, Bare
      mmu_rst_q <= 1'b0;
      mon_q     <= '0;
      c_hit_q   <= '0;
      c_miss_q  <= '0;
      c_fill_q  <= '0;
      c_flush_q <= '0;
      c_walk_q  <= '0;
    end
  end

  logic unused;
  assign unused = ^{arg_q[87:74], arg_q[9:5], need_q, mem_rsp_data_i[0]};
endmodule

`default_nettype wire
