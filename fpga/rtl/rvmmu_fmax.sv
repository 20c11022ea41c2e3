// rvmmu_fmax -- rvmmu alone, of any build, for an Fmax and area measurement:
// every input port is loaded from a serial input through a shift register
// and every output port (the monitor too) is captured into a register and
// shifted out, so the design fits five pins and every rvmmu path runs from
// a flip-flop to a flip-flop. Nothing else is on the chip.
`default_nettype none
module rvmmu_fmax #(
    parameter bit RV64    = 1'b0,  // rvmmu's RV64
    parameter int ENTRIES = 16     // rvmmu's ENTRIES
) (
    input  logic clk_i,
    input  logic rst_ni,
    input  logic sin_i,      // serial data for the input shift register
    input  logic load_i,     // 1: shift in, shift out; 0: hold the inputs, capture the outputs
    output logic sout_o
);
  // rvmmu's widths (rtl/rvmmu_pkg.sv).
  localparam int XLEN   = rvmmu_pkg::xlen(RV64);
  localparam int PA_W   = rvmmu_pkg::pa_w(RV64);
  localparam int ASID_W = rvmmu_pkg::asid_w(RV64);
  localparam int IDX_W  = rvmmu_pkg::idx_w(ENTRIES);
  localparam int VPN_W  = rvmmu_pkg::vpn_w(RV64);
  localparam int PPN_W  = rvmmu_pkg::ppn_w(RV64);
  localparam int RPA_W  = rvmmu_pkg::rpa_w(RV64);
  localparam int IN_W   = 4 * XLEN + ASID_W + 14;
  localparam int OUT_W  = RPA_W + PA_W + 2 * XLEN + 2 * IDX_W + VPN_W + ASID_W + PPN_W + ENTRIES + 39;

  logic [IN_W-1:0]  in_q;
  logic [OUT_W-1:0] out_q, out_d;

  always_ff @(posedge clk_i) if (load_i) in_q <= {in_q[IN_W-2:0], sin_i};

  logic [XLEN-1:0]   req_va, req_satp, sfence_va, mem_rsp_data;
  logic [1:0]        req_acc, req_priv;
  logic              req_valid, req_sum, req_mxr, req_adue, sfence_valid, sfence_rs1_x0, sfence_rs2_x0;
  logic [ASID_W-1:0] sfence_asid;
  logic              mem_req_ready, mem_rsp_valid, mem_rsp_err;
  assign {req_valid, req_va, req_acc, req_satp, req_priv, req_sum, req_mxr, req_adue,
          sfence_valid, sfence_rs1_x0, sfence_rs2_x0, sfence_va, sfence_asid,
          mem_req_ready, mem_rsp_valid, mem_rsp_data, mem_rsp_err} = in_q;

  logic              req_ready, rsp_valid, rsp_fault, mem_req_valid, mem_req_cas;
  logic [RPA_W-1:0]  rsp_pa;
  logic [4:0]        rsp_cause;
  logic [1:0]        rsp_pbmt, fill_pbmt;
  logic [PA_W-1:0]   mem_req_addr;
  logic [XLEN-1:0]   mem_req_cmp, mem_req_wdata;
  logic              hit, miss, fill, fill_napot, flush, walk_start, walk_end;
  logic [IDX_W-1:0]  hit_idx, fill_idx;
  logic [VPN_W-1:0]  fill_vpn;
  logic [2:0]        fill_level, ptw_state;
  logic [ASID_W-1:0] fill_asid;
  logic [3:0]        fill_mode;
  logic [PPN_W-1:0]  fill_ppn;
  logic [7:0]        fill_flags;
  logic [ENTRIES-1:0] valid;

  rvmmu #(.RV64(RV64), .ENTRIES(ENTRIES)) u_mmu (
      .clk_i, .rst_ni,
      .req_valid_i(req_valid), .req_ready_o(req_ready), .req_va_i(req_va), .req_acc_i(req_acc),
      .req_satp_i(req_satp), .req_priv_i(req_priv), .req_sum_i(req_sum), .req_mxr_i(req_mxr),
      .req_adue_i(req_adue),
      .rsp_valid_o(rsp_valid), .rsp_pa_o(rsp_pa), .rsp_fault_o(rsp_fault), .rsp_cause_o(rsp_cause),
      .rsp_pbmt_o(rsp_pbmt),
      .sfence_valid_i(sfence_valid), .sfence_rs1_x0_i(sfence_rs1_x0), .sfence_rs2_x0_i(sfence_rs2_x0),
      .sfence_va_i(sfence_va), .sfence_asid_i(sfence_asid),
      .mem_req_valid_o(mem_req_valid), .mem_req_ready_i(mem_req_ready), .mem_req_addr_o(mem_req_addr),
      .mem_req_cas_o(mem_req_cas), .mem_req_cmp_o(mem_req_cmp), .mem_req_wdata_o(mem_req_wdata),
      .mem_rsp_valid_i(mem_rsp_valid), .mem_rsp_data_i(mem_rsp_data), .mem_rsp_err_i(mem_rsp_err),
      .mon_hit_o(hit), .mon_miss_o(miss), .mon_hit_idx_o(hit_idx), .mon_fill_o(fill),
      .mon_fill_idx_o(fill_idx), .mon_fill_vpn_o(fill_vpn), .mon_fill_level_o(fill_level),
      .mon_fill_napot_o(fill_napot), .mon_fill_asid_o(fill_asid), .mon_fill_mode_o(fill_mode),
      .mon_fill_ppn_o(fill_ppn), .mon_fill_flags_o(fill_flags), .mon_fill_pbmt_o(fill_pbmt),
      .mon_flush_o(flush), .mon_walk_start_o(walk_start), .mon_walk_end_o(walk_end),
      .mon_ptw_state_o(ptw_state), .mon_valid_o(valid));

  assign out_d = {req_ready, rsp_valid, rsp_pa, rsp_fault, rsp_cause, rsp_pbmt, mem_req_valid, mem_req_addr,
                  mem_req_cas, mem_req_cmp, mem_req_wdata, hit, miss, hit_idx, fill, fill_idx, fill_vpn,
                  fill_level, fill_napot, fill_asid, fill_mode, fill_ppn, fill_flags, fill_pbmt, flush,
                  walk_start, walk_end, ptw_state, valid};

  // Capture when not shifting; shift out when shifting.
  always_ff @(posedge clk_i) out_q <= load_i ? {out_q[OUT_W-2:0], 1'b0} : out_d;
  assign sout_o = out_q[OUT_W-1];
endmodule

`default_nettype wire
