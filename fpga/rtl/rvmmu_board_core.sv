// rvmmu_board_core -- everything a board holds, without pins: rvmmu (Sv32),
// the block-RAM page-table memory, the UART and its bridge, and the
// self-test that runs once after reset (LEDs: pass, fail, running).
`default_nettype none
module rvmmu_board_core #(
    parameter int          CLKS_PER_BIT = 104,             // clock / baud (12 MHz / 115200)
    parameter int          ENTRIES      = 16,              // rvmmu's TLB entries
    // rvmmu's caches (docs/l2tlb.md): none on the boards; the simulated board
    // is also built with them (fpga/fpga.mk, PWC_ENTRIES and L2_*).
    parameter int          PWC_ENTRIES  = 0,               // page-walk cache entries (0: none)
    parameter int          L2_ENTRIES   = 0,               // second-level TLB entries (0: none)
    parameter int          L2_WAYS      = 4,
    parameter int          L2_SP        = 2,
    parameter int          FRAMES       = 16,              // 1 KiB block-RAM frames
    parameter int          WINDOWS      = 4,               // address windows of the memory, a power of two
    parameter logic [33:0] MEM_BASE     = 34'h0_8001_0000  // physical address of the memory's window 0
) (
    input  logic clk_i,
    input  logic rst_ni,            // synchronous, active low
    input  logic uart_rx_i,
    output logic uart_tx_o,
    output logic led_pass_o,
    output logic led_fail_o,
    output logic led_busy_o         // self-test running
);
  // ------------------------------------------------------------ UART
  logic       st_valid, st_done, st_pass, st_fail;
  logic [7:0] st_data;
  logic       br_in_valid, br_in_ready, br_out_valid, br_out_ready;
  logic [7:0] br_in_data, br_out_data;
  logic       rx_valid, tx_valid, tx_ready;
  logic [7:0] rx_data;
  rvmmu_uart_rx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_rx (
      .clk_i, .rst_ni, .rx_i(uart_rx_i), .valid_o(rx_valid), .data_o(rx_data));
  rvmmu_uart_tx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_tx (
      .clk_i, .rst_ni, .valid_i(tx_valid), .ready_o(tx_ready), .data_i(br_out_data), .tx_o(uart_tx_o));

  // ------------------------------------------------------------ self-test
  rvmmu_selftest u_st (
      .clk_i, .rst_ni, .valid_o(st_valid), .ready_i(br_in_ready), .data_o(st_data),
      .rep_valid_i(br_out_valid && !st_done), .rep_data_i(br_out_data),
      .done_o(st_done), .pass_o(st_pass), .fail_o(st_fail));
  assign br_in_valid  = st_done ? rx_valid : st_valid;
  assign br_in_data   = st_done ? rx_data : st_data;
  assign br_out_ready = st_done ? tx_ready : 1'b1;
  assign tx_valid     = st_done && br_out_valid;
  assign led_pass_o   = st_pass;
  assign led_fail_o   = st_fail;
  assign led_busy_o   = !st_done;

  // ------------------------------------------------------------ the MMU
  // The bridge and the memory speak Sv32: rvmmu's RV32 build, its widths
  // from rtl/rvmmu_pkg.sv.
  localparam bit RV64   = 1'b0;
  localparam int XLEN   = rvmmu_pkg::xlen(RV64);
  localparam int RPA_W  = rvmmu_pkg::rpa_w(RV64);
  localparam int PA_W   = rvmmu_pkg::pa_w(RV64);
  localparam int PTE_W  = rvmmu_pkg::pte_w(RV64);
  localparam int ASID_W = rvmmu_pkg::asid_w(RV64);
  localparam int IDX_W  = rvmmu_pkg::idx_w(ENTRIES);
  localparam int VPN_W  = rvmmu_pkg::vpn_w(RV64);
  localparam int PPN_W  = rvmmu_pkg::ppn_w(RV64);
  logic        owner_host_q;      // the request in flight is the bridge's
  logic        mmu_rst_n, req_valid, req_ready, req_sum, req_mxr, req_adue, rsp_valid, rsp_fault;
  logic [XLEN-1:0]  req_va, req_satp, sfence_va;
  logic [1:0]  req_acc, req_priv, rsp_pbmt;
  logic [RPA_W-1:0] rsp_pa;
  logic [4:0]  rsp_cause;
  logic        sfence_valid, sfence_ready, sfence_rs1_x0, sfence_rs2_x0;
  logic [ASID_W-1:0] sfence_asid;
  logic        w_valid, w_ready, w_cas, m_rsp_valid, m_rsp_err;
  logic [PA_W-1:0]  w_addr;
  logic [PTE_W-1:0] w_cmp, w_wdata, m_rsp_data;
  logic        mon_hit, mon_miss, mon_fill, mon_flush;
  logic [2:0]  mon_ptw_state;
  /* verilator lint_off UNUSEDSIGNAL */
  logic        mon_fill_napot, mon_walk_start, mon_walk_end;
  logic [IDX_W-1:0]  mon_hit_idx, mon_fill_idx;
  logic [VPN_W-1:0]  mon_fill_vpn;
  logic [2:0]  mon_fill_level;
  logic [ASID_W-1:0] mon_fill_asid;
  logic [3:0]  mon_fill_mode;
  logic [PPN_W-1:0]  mon_fill_ppn;
  logic [7:0]  mon_fill_flags;
  logic [1:0]  mon_fill_pbmt;
  logic [ENTRIES-1:0] mon_valid;
  logic        unused_parity_err;          // PARITY is off on the boards: always 0
  logic [IDX_W-1:0]  unused_parity_idx;
  logic        unused_pwc_hit;             // the caches' monitors (always 0 without them): not used
  logic        unused_l2_hit;
  logic [2:0]  unused_pwc_level;
  logic [PPN_W-1:0]  unused_pwc_ppn;
  // PORTS is 1 on the boards: the instruction port's outputs are always 0.
  logic        unused_ireq_ready, unused_irsp_valid, unused_irsp_fault, unused_walk_port, unused_ihit;
  logic [rvmmu_pkg::rpa_w(RV64)-1:0] unused_irsp_pa;
  logic [4:0]  unused_irsp_cause;
  logic [1:0]  unused_irsp_pbmt;
  logic [rvmmu_pkg::idx_w(16)-1:0] unused_ihit_idx, unused_ifill_idx, unused_iparity_idx;
  logic [15:0] unused_ivalid;
  logic        unused_iparity_err;
  /* verilator lint_on UNUSEDSIGNAL */

  // No PMP on the board (PMP_ENTRIES 0: its CSR ports are unused).
  rvmmu #(.RV64(RV64), .ENTRIES(ENTRIES), .PMP_ENTRIES(0), .PWC_ENTRIES(PWC_ENTRIES), .L2_ENTRIES(L2_ENTRIES),
          .L2_WAYS(L2_WAYS), .L2_SP(L2_SP)) u_mmu (
      .clk_i, .rst_ni(rst_ni && mmu_rst_n),
      .req_valid_i(req_valid), .req_ready_o(req_ready), .req_va_i(req_va), .req_acc_i(req_acc),
      .req_satp_i(req_satp), .req_priv_i(req_priv), .req_sum_i(req_sum), .req_mxr_i(req_mxr),
      .req_size_i(2'd0),   // the board has no PMP (PMP_ENTRIES 0): the size is not looked at
      .req_adue_i(req_adue), .pmpcfg_i('0), .pmpaddr_i('0),
      .rsp_valid_o(rsp_valid), .rsp_pa_o(rsp_pa), .rsp_fault_o(rsp_fault), .rsp_cause_o(rsp_cause),
      .rsp_pbmt_o(rsp_pbmt),
      .sfence_valid_i(sfence_valid), .sfence_ready_o(sfence_ready), .sfence_rs1_x0_i(sfence_rs1_x0), .sfence_rs2_x0_i(sfence_rs2_x0),
      .sfence_va_i(sfence_va), .sfence_asid_i(sfence_asid),
      .mem_req_valid_o(w_valid), .mem_req_ready_i(w_ready), .mem_req_addr_o(w_addr),
      .mem_req_cas_o(w_cas), .mem_req_cmp_o(w_cmp), .mem_req_wdata_o(w_wdata),
      .mem_rsp_valid_i(m_rsp_valid && !owner_host_q), .mem_rsp_data_i(m_rsp_data), .mem_rsp_err_i(m_rsp_err),
      .mon_hit_o(mon_hit), .mon_miss_o(mon_miss), .mon_hit_idx_o(mon_hit_idx), .mon_fill_o(mon_fill),
      .mon_fill_idx_o(mon_fill_idx), .mon_fill_vpn_o(mon_fill_vpn), .mon_fill_level_o(mon_fill_level),
      .mon_fill_napot_o(mon_fill_napot), .mon_fill_asid_o(mon_fill_asid), .mon_fill_mode_o(mon_fill_mode),
      .mon_fill_ppn_o(mon_fill_ppn), .mon_fill_flags_o(mon_fill_flags), .mon_fill_pbmt_o(mon_fill_pbmt),
      .mon_flush_o(mon_flush), .mon_walk_start_o(mon_walk_start), .mon_walk_end_o(mon_walk_end),
      .mon_ptw_state_o(mon_ptw_state), .mon_valid_o(mon_valid),
      .mon_parity_err_o(unused_parity_err), .mon_parity_idx_o(unused_parity_idx),
      .mon_pwc_hit_o(unused_pwc_hit), .mon_pwc_level_o(unused_pwc_level), .mon_pwc_ppn_o(unused_pwc_ppn),
      .mon_l2_hit_o(unused_l2_hit),
      // one request port (PORTS 1): the instruction port is not there
      .ireq_valid_i(1'b0), .ireq_ready_o(unused_ireq_ready), .ireq_va_i('0), .ireq_acc_i(2'd0), .ireq_satp_i('0),
      .ireq_priv_i(2'd0), .ireq_sum_i(1'b0), .ireq_mxr_i(1'b0), .ireq_adue_i(1'b0), .ireq_size_i(2'd0),
      .irsp_valid_o(unused_irsp_valid), .irsp_pa_o(unused_irsp_pa), .irsp_fault_o(unused_irsp_fault),
      .irsp_cause_o(unused_irsp_cause), .irsp_pbmt_o(unused_irsp_pbmt), .mon_walk_port_o(unused_walk_port),
      .mon_ihit_o(unused_ihit), .mon_ihit_idx_o(unused_ihit_idx), .mon_ifill_idx_o(unused_ifill_idx),
      .mon_ivalid_o(unused_ivalid), .mon_iparity_err_o(unused_iparity_err), .mon_iparity_idx_o(unused_iparity_idx));

  // ------------------------------------------------------------ memory and its two users
  logic        h_valid, h_write, m_ready, m_swap, m_clear, m_busy;
  logic [33:0] h_addr, m_swap_addr;
  logic [31:0] h_wdata;
  logic        frame_we, frame_en, win_we;
  logic [$clog2(FRAMES)-1:0]  frame_idx;
  logic [23:0] frame_base;
  logic [$clog2(WINDOWS)-1:0] win_idx;
  logic [33:0] win_base, win_size;

  // The bridge uses the memory only between translations, so the walker
  // never waits for it; it still has priority for a clean handshake.
  assign w_ready = m_ready && !h_valid;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) owner_host_q <= 1'b0;
    else if (m_ready && (h_valid || w_valid)) owner_host_q <= h_valid;
  end

  rvmmu_bram_mem #(.FRAMES(FRAMES), .WINDOWS(WINDOWS), .BASE(MEM_BASE)) u_mem (
      .clk_i, .rst_ni,
      .req_valid_i(h_valid || w_valid), .req_ready_o(m_ready),
      .req_addr_i(h_valid ? h_addr : w_addr),
      .req_op_i(h_valid ? (h_write ? 2'd2 : 2'd0) : (w_cas ? 2'd1 : 2'd0)),
      .req_cmp_i(w_cmp), .req_wdata_i(h_valid ? h_wdata : w_wdata),
      .rsp_valid_o(m_rsp_valid), .rsp_data_o(m_rsp_data), .rsp_err_o(m_rsp_err),
      .swap_o(m_swap), .swap_addr_o(m_swap_addr),
      .clear_i(m_clear), .busy_o(m_busy),
      .frame_we_i(frame_we), .frame_idx_i(frame_idx), .frame_en_i(frame_en), .frame_base_i(frame_base),
      .win_we_i(win_we), .win_idx_i(win_idx), .win_base_i(win_base), .win_size_i(win_size));

  // ------------------------------------------------------------ the bridge
  rvmmu_bridge #(.FRAMES(FRAMES), .WINDOWS(WINDOWS), .ENTRIES(ENTRIES)) u_bridge (
      .clk_i, .rst_ni,
      .in_valid_i(br_in_valid), .in_ready_o(br_in_ready), .in_data_i(br_in_data),
      .out_valid_o(br_out_valid), .out_ready_i(br_out_ready), .out_data_o(br_out_data),
      .selftest_i(st_pass ? 2'd1 : st_fail ? 2'd2 : 2'd0),
      .mmu_rst_no(mmu_rst_n),
      .req_valid_o(req_valid), .req_ready_i(req_ready), .req_va_o(req_va), .req_acc_o(req_acc),
      .req_satp_o(req_satp), .req_priv_o(req_priv), .req_sum_o(req_sum), .req_mxr_o(req_mxr),
      .req_adue_o(req_adue),
      .rsp_valid_i(rsp_valid), .rsp_pa_i(rsp_pa), .rsp_fault_i(rsp_fault), .rsp_cause_i(rsp_cause),
      .sfence_valid_o(sfence_valid), .sfence_ready_i(sfence_ready), .sfence_rs1_x0_o(sfence_rs1_x0), .sfence_rs2_x0_o(sfence_rs2_x0),
      .sfence_va_o(sfence_va), .sfence_asid_o(sfence_asid),
      .mon_hit_i(mon_hit), .mon_miss_i(mon_miss), .mon_fill_i(mon_fill), .mon_flush_i(mon_flush),
      .mon_ptw_state_i(mon_ptw_state),
      .mem_valid_o(h_valid), .mem_ready_i(m_ready), .mem_addr_o(h_addr), .mem_write_o(h_write),
      .mem_wdata_o(h_wdata), .mem_rsp_valid_i(m_rsp_valid && owner_host_q), .mem_rsp_data_i(m_rsp_data),
      .mem_rsp_err_i(m_rsp_err), .mem_swap_i(m_swap), .mem_swap_addr_i(m_swap_addr),
      .mem_clear_o(m_clear), .mem_busy_i(m_busy),
      .frame_we_o(frame_we), .frame_idx_o(frame_idx), .frame_en_o(frame_en), .frame_base_o(frame_base),
      .win_we_o(win_we), .win_idx_o(win_idx), .win_base_o(win_base), .win_size_o(win_size));

  logic unused;
  assign unused = ^{rsp_pbmt};
endmodule

`default_nettype wire
