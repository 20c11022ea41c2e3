// rvmmu_fmax -- rvmmu alone (Sv32, 16 entries) for an Fmax measurement: every
// input port is loaded from a serial input through a shift register and
// every output port is captured into a register and shifted out, so the
// design fits the pins and every rvmmu path is register to register.
module rvmmu_fmax (
    input  logic clk_i,
    input  logic rst_ni,
    input  logic sin_i,      // serial data for the input shift register
    input  logic load_i,     // 1: shift in; 0: hold the inputs
    output logic sout_o
);
  localparam int IN_W  = 1 + 32 + 2 + 32 + 2 + 3 + 1 + 1 + 1 + 32 + 9 + 1 + 1 + 32 + 1;   // 151
  localparam int OUT_W = 1 + 1 + 34 + 1 + 5 + 2 + 1 + 34 + 1 + 32 + 32 + 1 + 1 + 4 + 1 + 4 + 20 + 3 + 1
                         + 9 + 4 + 22 + 8 + 2 + 1 + 1 + 1 + 3 + 16;
  logic [IN_W-1:0]  in_q;
  logic [OUT_W-1:0] out_q, out_d;

  always_ff @(posedge clk_i) if (load_i) in_q <= {in_q[IN_W-2:0], sin_i};

  logic [31:0] req_va, req_satp, sfence_va, mem_rsp_data;
  logic [1:0]  req_acc, req_priv;
  logic        req_valid, req_sum, req_mxr, req_adue, sfence_valid, sfence_rs1_x0, sfence_rs2_x0;
  logic [8:0]  sfence_asid;
  logic        mem_req_ready, mem_rsp_valid, mem_rsp_err;
  assign {req_valid, req_va, req_acc, req_satp, req_priv, req_sum, req_mxr, req_adue,
          sfence_valid, sfence_rs1_x0, sfence_rs2_x0, sfence_va, sfence_asid,
          mem_req_ready, mem_rsp_valid, mem_rsp_data, mem_rsp_err} = {in_q[IN_W-1:1], in_q[0]};

  rvmmu #(.RV64(1'b0), .ENTRIES(16)) u_mmu (
      .clk_i, .rst_ni,
      .req_valid_i(req_valid), .req_ready_o(out_d[0]), .req_va_i(req_va), .req_acc_i(req_acc),
      .req_satp_i(req_satp), .req_priv_i(req_priv), .req_sum_i(req_sum), .req_mxr_i(req_mxr),
      .req_adue_i(req_adue),
      .rsp_valid_o(out_d[1]), .rsp_pa_o(out_d[35:2]), .rsp_fault_o(out_d[36]), .rsp_cause_o(out_d[41:37]),
      .rsp_pbmt_o(out_d[43:42]),
      .sfence_valid_i(sfence_valid), .sfence_rs1_x0_i(sfence_rs1_x0), .sfence_rs2_x0_i(sfence_rs2_x0),
      .sfence_va_i(sfence_va), .sfence_asid_i(sfence_asid),
      .mem_req_valid_o(out_d[44]), .mem_req_ready_i(mem_req_ready), .mem_req_addr_o(out_d[78:45]),
      .mem_req_cas_o(out_d[79]), .mem_req_cmp_o(out_d[111:80]), .mem_req_wdata_o(out_d[143:112]),
      .mem_rsp_valid_i(mem_rsp_valid), .mem_rsp_data_i(mem_rsp_data), .mem_rsp_err_i(mem_rsp_err),
      .mon_hit_o(out_d[144]), .mon_miss_o(out_d[145]), .mon_hit_idx_o(out_d[149:146]), .mon_fill_o(out_d[150]),
      .mon_fill_idx_o(out_d[154:151]), .mon_fill_vpn_o(out_d[174:155]), .mon_fill_level_o(out_d[177:175]),
      .mon_fill_napot_o(out_d[178]), .mon_fill_asid_o(out_d[187:179]), .mon_fill_mode_o(out_d[191:188]),
      .mon_fill_ppn_o(out_d[213:192]), .mon_fill_flags_o(out_d[221:214]), .mon_fill_pbmt_o(out_d[223:222]),
      .mon_flush_o(out_d[224]), .mon_walk_start_o(out_d[225]), .mon_walk_end_o(out_d[226]),
      .mon_ptw_state_o(out_d[229:227]), .mon_valid_o(out_d[245:230]));

  // Capture when not shifting; shift out when shifting.
  always_ff @(posedge clk_i) out_q <= load_i ? {out_q[OUT_W-2:0], 1'b0} : out_d;
  assign sout_o = out_q[OUT_W-1];
endmodule
