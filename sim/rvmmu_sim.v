// rvmmu_sim -- the simulation top: rvmmu plus what only a waveform needs.
//
// The harness gives every translation request a tag (the tlbtrace line, or
// the scenario step) on tag_i; tag_q holds the tag of the request being
// served, so a waveform lines up with the trace file. Nothing here is
// synthesised: the FPGA and ASIC top is rvmmu itself.
module rvmmu_sim #(
    parameter bit RV64    = 1'b0,
    parameter int ENTRIES = 16,
    // Derived; not to be overridden.
    parameter int XLEN    = RV64 ? 64 : 32,
    parameter int VA_W    = XLEN,
    parameter int PA_W    = RV64 ? 56 : 34,
    parameter int PTE_W   = XLEN,
    parameter int ASID_W  = RV64 ? 16 : 9,
    parameter int IDX_W   = $clog2(ENTRIES),
    parameter int VPN_W   = RV64 ? 45 : 20,
    parameter int PPN_W   = PA_W - 12
) (
    input  logic               clk_i,
    input  logic               rst_ni,
    input  logic [31:0]        tag_i,          // trace line of the offered request
    output logic [31:0]        tag_q,          // trace line of the request being served
    input  logic               req_valid_i,
    output logic               req_ready_o,
    input  logic [VA_W-1:0]    req_va_i,
    input  logic [1:0]         req_acc_i,
    input  logic [XLEN-1:0]    req_satp_i,
    input  logic [1:0]         req_priv_i,
    input  logic               req_sum_i,
    input  logic               req_mxr_i,
    input  logic               req_adue_i,
    output logic               rsp_valid_o,
    output logic [PA_W-1:0]    rsp_pa_o,
    output logic               rsp_fault_o,
    output logic [4:0]         rsp_cause_o,
    output logic [1:0]         rsp_pbmt_o,
    input  logic               sfence_valid_i,
    input  logic               sfence_rs1_x0_i,
    input  logic               sfence_rs2_x0_i,
    input  logic [VA_W-1:0]    sfence_va_i,
    input  logic [ASID_W-1:0]  sfence_asid_i,
    output logic               mem_req_valid_o,
    input  logic               mem_req_ready_i,
    output logic [PA_W-1:0]    mem_req_addr_o,
    output logic               mem_req_cas_o,
    output logic [PTE_W-1:0]   mem_req_cmp_o,
    output logic [PTE_W-1:0]   mem_req_wdata_o,
    input  logic               mem_rsp_valid_i,
    input  logic [PTE_W-1:0]   mem_rsp_data_i,
    input  logic               mem_rsp_err_i,
    output logic               mon_hit_o,
    output logic               mon_miss_o,
    output logic [IDX_W-1:0]   mon_hit_idx_o,
    output logic               mon_fill_o,
    output logic [IDX_W-1:0]   mon_fill_idx_o,
    output logic [VPN_W-1:0]   mon_fill_vpn_o,
    output logic [2:0]         mon_fill_level_o,
    output logic               mon_fill_napot_o,
    output logic [ASID_W-1:0]  mon_fill_asid_o,
    output logic [3:0]         mon_fill_mode_o,
    output logic [PPN_W-1:0]   mon_fill_ppn_o,
    output logic [7:0]         mon_fill_flags_o,
    output logic [1:0]         mon_fill_pbmt_o,
    output logic               mon_flush_o,
    output logic               mon_walk_start_o,
    output logic               mon_walk_end_o,
    output logic [2:0]         mon_ptw_state_o,
    output logic [ENTRIES-1:0] mon_valid_o
);
  always_ff @(posedge clk_i) begin
    if (req_valid_i && req_ready_o) tag_q <= tag_i;
  end

  rvmmu #(.RV64(RV64), .ENTRIES(ENTRIES)) u_mmu (.*);
endmodule
