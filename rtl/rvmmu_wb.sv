// Generated from rtl/rvmmu.sv and rtl/rvmmu_wb_walker.sv by sim/gen_edge.py (`make tops`): do not edit.
// rvmmu_wb -- rvmmu with its page-table walker on the Wishbone B4 pipelined bus: rvmmu's
// parameters and ports but the walker's memory port (mem_*), and
// rvmmu_wb_walker's parameters and bus ports in their place (docs/bus.md). rvmmu's timing; the
// adapter adds no cycle to a PTE read, and one bus transaction to an A/D swap.
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_wb #(
    parameter  bit RV64    = 1'b0,                          // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter  int ENTRIES = 16,                            // TLB entries, a power of two (2 to 256)
    // 1: a parity bit over each TLB entry's stored fields and valid bit,
    // and one over its registered lookup verdicts, checked on every hit: an
    // entry with bad parity never answers, it is dropped and the request
    // walks (mon_parity_err_o). 0 (the default): no parity logic at all.
    parameter  bit PARITY  = 1'b0,
    // PMP (rtl/rvmmu_pmp.sv): entries, 0 to 64 (0: no PMP logic, nothing
    // refused), and the grain G (2^(G+2) bytes). The CSR values come in on
    // pmpcfg_i and pmpaddr_i.
    parameter  int PMP_ENTRIES = 16,
    parameter  int PMP_GRAN    = 0,
    // Page-walk cache entries (rtl/rvmmu_pwc.sv): pointers (non-leaf PTEs)
    // of earlier walks, so that a walk starts at the deepest cached one and
    // reads only the levels below it. 0 (the default): no walk cache at all,
    // the design exactly as without it (formal/equiv.sh). 1 to 16.
    parameter  int PWC_ENTRIES = 0,
    // Second-level TLB (rtl/rvmmu_l2tlb.sv): leaves of earlier walks in
    // block RAM, set associative, looked up by a walk before it reads
    // memory (2 cycles; a hit ends the walk then). L2_ENTRIES 4 KiB-page
    // entries in L2_WAYS ways, and L2_SP flip-flop entries for superpages
    // and Svnapot pages. 0 (the default): no L2 TLB at all.
    parameter  int L2_ENTRIES  = 0,
    parameter  int L2_WAYS     = 4,                         // the L2 TLB's ways: 1, 2, 4 or 8
    parameter  int L2_SP       = 2,                         // the L2 TLB's superpage entries: 1 to 16
    // Request ports: 1 (the data port req_*/rsp_* alone) or 2 (and the
    // instruction port ireq_*/irsp_*, with its own L1 TLB of I_ENTRIES
    // entries; the walker is shared).
    parameter  int PORTS     = 2,  // rvmmu_wb's default (rvmmu's: 1)
    parameter  int I_ENTRIES = 16,                          // PORTS=2: the instruction TLB's entries (2 to 256)
    // Derived from RV64 and ENTRIES (rtl/rvmmu_pkg.sv); not parameters.
    localparam int XLEN    = rvmmu_pkg::xlen(RV64),         // satp width
    localparam int VA_W    = rvmmu_pkg::va_w(RV64),         // virtual address
    localparam int PA_W    = rvmmu_pkg::pa_w(RV64),         // physical address
    localparam int PTE_W   = rvmmu_pkg::pte_w(RV64),        // page-table entry
    localparam int ASID_W  = rvmmu_pkg::asid_w(RV64),       // satp.ASID
    localparam int IDX_W   = rvmmu_pkg::idx_w(ENTRIES),     // TLB entry index
    localparam int IIDX_W  = rvmmu_pkg::idx_w(I_ENTRIES),   // instruction TLB entry index
    localparam int VPN_W   = rvmmu_pkg::vpn_w(RV64),        // virtual page number
    localparam int PPN_W   = rvmmu_pkg::ppn_w(RV64),        // physical page number
    localparam int RPA_W   = rvmmu_pkg::rpa_w(RV64),        // response PA: Bare passes the whole VA
    localparam int PMP_AW  = rvmmu_pkg::pa_w(RV64) - 2,     // pmpaddr: PA bits PA_W-1:2
    localparam int PMP_CFG_W  = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * 8,       // pmpcfg_i
    localparam int PMP_ADDR_W = (PMP_ENTRIES > 0 ? PMP_ENTRIES : 1) * PMP_AW, // pmpaddr_i
    localparam int SEL_W = PTE_W / 8  // rvmmu_wb_walker's, for its ports
) (
    input  logic               clk_i,
    input  logic               rst_ni,        // synchronous, active low

    // Translation requests, with their context.
    input  logic               req_valid_i,
    output logic               req_ready_o,
    input  logic [VA_W-1:0]    req_va_i,
    input  logic [1:0]         req_acc_i,     // RVMMU_ACC_LOAD/STORE/FETCH
    input  logic [XLEN-1:0]    req_satp_i,    // the satp CSR
    input  logic [1:0]         req_priv_i,    // RVMMU_PRIV_U/S/M
    input  logic               req_sum_i,     // mstatus.SUM
    input  logic               req_mxr_i,     // mstatus.MXR
    input  logic               req_adue_i,    // 1: Svadu (menvcfg.ADUE), 0: Svade
    input  logic [1:0]         req_size_i,    // the data access's size, log2 bytes (naturally aligned), for PMP

    // The PMP CSRs as the core holds them, read in every cycle (not held per
    // request: the core keeps them stable while a translation is in flight,
    // as it does between PMP CSR writes and the SFENCE.VMA the spec asks for).
    input  logic [PMP_CFG_W-1:0]  pmpcfg_i,   // pmpNcfg in bits 8N+7:8N
    input  logic [PMP_ADDR_W-1:0] pmpaddr_i,  // pmpaddrN in bits PMP_AW*N +: PMP_AW

    // Translation responses: one per request, a one-cycle valid.
    output logic               rsp_valid_o,
    output logic [RPA_W-1:0]   rsp_pa_o,
    output logic               rsp_fault_o,
    output logic [4:0]         rsp_cause_o,   // CAUSE_* when rsp_fault_o
    output logic [1:0]         rsp_pbmt_o,    // Svpbmt type of the page

    // SFENCE.VMA, applied in the cycle it is valid and ready. The x0 flags
    // come from the instruction's register indices, never from the
    // register values. sfence_ready_o is 1 but for the L2 TLB's sweep of
    // its block RAM after an rs1=x0 form (L2_ENTRIES/L2_WAYS+2 cycles at
    // most), or after an rs1!=x0 form while a Svnapot leaf may be held
    // (min(L2_ENTRIES/L2_WAYS, 16)+2 cycles); a core holds the fence until
    // it is taken.
    input  logic               sfence_valid_i,
    output logic               sfence_ready_o,
    input  logic               sfence_rs1_x0_i,
    input  logic               sfence_rs2_x0_i,
    input  logic [VA_W-1:0]    sfence_va_i,
    input  logic [ASID_W-1:0]  sfence_asid_i,

    // The walker's Wishbone B4 pipelined bus (rvmmu_wb_walker).
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
    output logic              mon_retry_o,

    // Monitor, for the harness and performance counters.
    output logic               mon_hit_o,       // a lookup answered from the TLB
    output logic               mon_miss_o,      // a lookup started a walk
    output logic [IDX_W-1:0]   mon_hit_idx_o,
    output logic               mon_fill_o,      // an entry was written (valid unless a flush kills it)
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
    output logic [ENTRIES-1:0] mon_valid_o,
    output logic               mon_parity_err_o, // PARITY: a TLB entry failed its parity check, dropped at this edge
    output logic [IDX_W-1:0]   mon_parity_idx_o, // ... its index (the lowest, if several)
    output logic               mon_pwc_hit_o,    // with mon_walk_start_o: the walk starts from a cached pointer
    output logic [2:0]         mon_pwc_level_o,  // ... the level of the table it reads first
    output logic [PPN_W-1:0]   mon_pwc_ppn_o,    // ... and that table's PPN
    output logic               mon_l2_hit_o,     // with a walk's response: its leaf came from the L2 TLB (no memory read)

    // The instruction port (PORTS=2; with PORTS=1 its inputs are not read
    // and its outputs are 0): as req_*/rsp_*, with its own TLB. Any access
    // kind is taken, though a core sends it fetches.
    input  logic               ireq_valid_i,
    output logic               ireq_ready_o,
    input  logic [VA_W-1:0]    ireq_va_i,
    input  logic [1:0]         ireq_acc_i,
    input  logic [XLEN-1:0]    ireq_satp_i,
    input  logic [1:0]         ireq_priv_i,
    input  logic               ireq_sum_i,
    input  logic               ireq_mxr_i,
    input  logic               ireq_adue_i,
    input  logic [1:0]         ireq_size_i,
    output logic               irsp_valid_o,
    output logic [RPA_W-1:0]   irsp_pa_o,
    output logic               irsp_fault_o,
    output logic [4:0]         irsp_cause_o,
    output logic [1:0]         irsp_pbmt_o,
    // Monitor of the instruction port (mon_hit_o and the other per-port
    // monitors above are the data port's; mon_miss_o, mon_walk_*, mon_fill_*
    // and mon_pwc_* are the walker's, for the port mon_walk_port_o names).
    output logic               mon_walk_port_o,   // 0: the data port's walk, 1: the instruction port's
    output logic               mon_ihit_o,
    output logic [IIDX_W-1:0]  mon_ihit_idx_o,
    output logic [IIDX_W-1:0]  mon_ifill_idx_o,   // with mon_fill_o and mon_walk_port_o = 1: the entry written
    output logic [I_ENTRIES-1:0] mon_ivalid_o,
    output logic               mon_iparity_err_o,
    output logic [IIDX_W-1:0]  mon_iparity_idx_o
);
  // rvmmu's walker port, between rvmmu and the adapter.
  logic mem_req_valid_o;
  logic mem_req_ready_i;
  logic [PA_W-1:0] mem_req_addr_o;
  logic mem_req_cas_o;
  logic [PTE_W-1:0] mem_req_cmp_o;
  logic [PTE_W-1:0] mem_req_wdata_o;
  logic mem_rsp_valid_i;
  logic [PTE_W-1:0] mem_rsp_data_i;
  logic mem_rsp_err_i;

  rvmmu #(.RV64(RV64), .ENTRIES(ENTRIES), .PARITY(PARITY), .PMP_ENTRIES(PMP_ENTRIES), .PMP_GRAN(PMP_GRAN), .PWC_ENTRIES(PWC_ENTRIES), .L2_ENTRIES(L2_ENTRIES), .L2_WAYS(L2_WAYS), .L2_SP(L2_SP), .PORTS(PORTS), .I_ENTRIES(I_ENTRIES)) u_mmu (.*);

  rvmmu_wb_walker #(.RV64(RV64)) u_bus (.*,
      .mem_req_valid_i(mem_req_valid_o),
      .mem_req_ready_o(mem_req_ready_i),
      .mem_req_addr_i(mem_req_addr_o),
      .mem_req_cas_i(mem_req_cas_o),
      .mem_req_cmp_i(mem_req_cmp_o),
      .mem_req_wdata_i(mem_req_wdata_o),
      .mem_rsp_valid_o(mem_rsp_valid_i),
      .mem_rsp_data_o(mem_rsp_data_i),
      .mem_rsp_err_o(mem_rsp_err_i));
endmodule
