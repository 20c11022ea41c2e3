// rvmmu_ptw -- hardware page-table walker.
//
// Walks the page table of the request held by rvmmu (root PPN, mode, VPN)
// one level per memory read, exactly as the spec's "Virtual Address
// Translation Process" describes: read the PTE at a + vpn[i]*PTESIZE
// (step 2), decode it (rvmmu_pte_decode: steps 3, 4, 6), follow a pointer to
// the next level, and at a leaf have the permission checker module judge it
// (step 5, step 7). Under Svadu a leaf whose A (or, for a store, D) bit is
// clear is updated with one atomic compare-and-swap on the memory port, only
// after every other check passed; if the PTE changed since it was read, the
// walk starts again from the root. A bus error on a read or on the swap is
// an access fault.
//
// Timing: the first PTE read is requested in the cycle the walk starts, and
// each further read one cycle after the previous response, so an L-level
// walk with memory latency LAT ends L*(LAT+1) cycles after it starts.
`include "rvmmu_defs.vh"

module rvmmu_ptw #(
    parameter bit RV64  = 1'b0,
    // Derived from RV64; not to be overridden.
    parameter int VPN_W = RV64 ? 45 : 20,
    parameter int PPN_W = RV64 ? 44 : 22,
    parameter int PA_W  = RV64 ? 56 : 34,
    parameter int PTE_W = RV64 ? 64 : 32
) (
    input  logic             clk_i,
    input  logic             rst_ni,
    // the walk: start pulses once; the rest is held by rvmmu until done
    input  logic             start_i,
    input  logic [VPN_W-1:0] vpn_i,
    input  logic [3:0]       mode_i,
    input  logic [PPN_W-1:0] root_ppn_i,
    input  logic [1:0]       acc_i,
    input  logic             adue_i,
    // the leaf under test, judged by rvmmu's permission checker
    output logic [7:0]       leaf_flags_o,   // D A G U X W R V
    input  logic             chk_fault_i,
    input  logic             chk_ad_i,
    // result
    output logic             done_o,
    output logic             fault_o,         // the walk ends in a fault
    output logic             access_fault_o,  // ... caused by a bus error
    output logic [PPN_W-1:0] leaf_ppn_o,
    output logic [2:0]       leaf_level_o,
    output logic             leaf_napot_o,
    output logic [1:0]       leaf_pbmt_o,
    // memory port
    output logic             mem_req_valid_o,
    input  logic             mem_req_ready_i,
    output logic [PA_W-1:0]  mem_req_addr_o,
    output logic             mem_req_cas_o,
    output logic [PTE_W-1:0] mem_req_cmp_o,
    output logic [PTE_W-1:0] mem_req_wdata_o,
    input  logic             mem_rsp_valid_i,
    input  logic [PTE_W-1:0] mem_rsp_data_i,
    input  logic             mem_rsp_err_i,
    output logic [2:0]       state_o
);
  localparam int VPNB    = RV64 ? 9 : 10;
  localparam int IDX_LSB = RV64 ? 3 : 2;   // log2(PTESIZE)

  logic [2:0]       state_q, state_d;
  logic [2:0]       level_q, level_d;    // level i of the PTE in pte_q
  logic [PA_W-1:0]  addr_q, addr_d;      // address of the PTE in pte_q
  logic [PTE_W-1:0] pte_q, pte_d;
  logic             err_q, err_d;        // the read (or swap) had a bus error
  logic             cas_ok_q, cas_ok_d;  // the swap found the PTE unchanged

  // Decoded PTE (the one decoder).
  logic [7:0]       dec_flags;
  logic [PPN_W-1:0] dec_ppn;
  logic [1:0]       dec_pbmt;
  logic             dec_napot, dec_leaf, dec_fault;

  rvmmu_pte_decode #(.RV64(RV64)) u_dec (
      .pte_i  (pte_q),
      .level_i(level_q),
      .flags_o(dec_flags),
      .ppn_o  (dec_ppn),
      .pbmt_o (dec_pbmt),
      .napot_o(dec_napot),
      .leaf_o (dec_leaf),
      .fault_o(dec_fault)
  );

  // Step 1: LEVELS of the mode; the walk starts at i = LEVELS-1.
  logic [2:0] top_level;
  always_comb begin
    case (mode_i)
      `RVMMU_MODE_SV39: top_level = 3'd2;
      `RVMMU_MODE_SV48: top_level = 3'd3;
      `RVMMU_MODE_SV57: top_level = 3'd4;
      default:   top_level = 3'd1;  // Sv32
    endcase
  end

  // Step 2: the PTE address a + va.vpn[i] * PTESIZE.
  function automatic [PA_W-1:0] pte_addr(input [PPN_W-1:0] base,
                                         input [VPN_W-1:0] vpn,
                                         input [2:0] lvl);
    logic [VPN_W-1:0] field;
    field = (vpn >> (lvl * VPNB)) & {{(VPN_W-VPNB){1'b0}}, {VPNB{1'b1}}};
    pte_addr = {base, field[VPNB-1:0], {IDX_LSB{1'b0}}};
  endfunction

  // Step 7 under Svadu: the bits the swap sets.
  logic [PTE_W-1:0] ad_bits;
  assign ad_bits = {{(PTE_W-8){1'b0}}, (acc_i == `RVMMU_ACC_STORE), 7'b1000000};

  logic             rd_go;
  logic [PPN_W-1:0] rd_base;
  logic [2:0]       rd_level;

  always_comb begin
    state_d  = state_q;
    level_d  = level_q;
    addr_d   = addr_q;
    pte_d    = pte_q;
    err_d    = err_q;
    cas_ok_d = cas_ok_q;
    rd_go    = 1'b0;
    rd_base  = root_ppn_i;
    rd_level = top_level;
    done_o   = 1'b0;
    fault_o  = 1'b0;
    access_fault_o  = 1'b0;
    mem_req_valid_o = 1'b0;
    mem_req_cas_o   = 1'b0;
    mem_req_addr_o  = addr_q;

    case (state_q)
      `RVMMU_PTW_IDLE: if (start_i) rd_go = 1'b1;  // step 1: root, top level
      `RVMMU_PTW_REQ: begin
        mem_req_valid_o = 1'b1;
        if (mem_req_ready_i) state_d = `RVMMU_PTW_WAIT;
      end
      `RVMMU_PTW_WAIT: if (mem_rsp_valid_i) begin
        pte_d   = mem_rsp_data_i;
        err_d   = mem_rsp_err_i;
        state_d = `RVMMU_PTW_PTE;
      end
      `RVMMU_PTW_PTE: begin
        if (err_q) begin                 // step 2: access fault
          done_o = 1'b1; fault_o = 1'b1; access_fault_o = 1'b1;
        end else if (dec_fault) begin    // steps 3, 4, 6
          done_o = 1'b1; fault_o = 1'b1;
        end else if (!dec_leaf) begin    // step 4: next level
          rd_go    = 1'b1;
          rd_base  = dec_ppn;
          rd_level = level_q - 3'd1;
        end else if (chk_fault_i) begin  // step 5
          done_o = 1'b1; fault_o = 1'b1;
        end else if (chk_ad_i) begin     // step 7
          if (!adue_i) begin             // Svade: page fault
            done_o = 1'b1; fault_o = 1'b1;
          end else begin                 // Svadu: set A (and D), atomically
            mem_req_valid_o = 1'b1;
            mem_req_cas_o   = 1'b1;
            state_d = mem_req_ready_i ? `RVMMU_PTW_CAS_WAIT : `RVMMU_PTW_CAS_REQ;
          end
        end else begin                   // step 8: success
          done_o = 1'b1;
        end
      end
      `RVMMU_PTW_CAS_REQ: begin
        mem_req_valid_o = 1'b1;
        mem_req_cas_o   = 1'b1;
        if (mem_req_ready_i) state_d = `RVMMU_PTW_CAS_WAIT;
      end
      `RVMMU_PTW_CAS_WAIT: if (mem_rsp_valid_i) begin
        err_d    = mem_rsp_err_i;
        cas_ok_d = (mem_rsp_data_i == pte_q);
        if (!mem_rsp_err_i && mem_rsp_data_i == pte_q) pte_d = pte_q | ad_bits;
        state_d  = `RVMMU_PTW_CAS_CHK;
      end
      `RVMMU_PTW_CAS_CHK: begin
        if (err_q) begin                 // step 7: the store faults
          done_o = 1'b1; fault_o = 1'b1; access_fault_o = 1'b1;
        end else if (!cas_ok_q) begin    // PTE changed: walk again
          rd_go = 1'b1;
        end else begin
          done_o = 1'b1;
        end
      end
      default: state_d = `RVMMU_PTW_IDLE;
    endcase

    // Issue a PTE read (from IDLE, a pointer PTE, or a failed swap).
    if (rd_go) begin
      mem_req_valid_o = 1'b1;
      mem_req_addr_o  = pte_addr(rd_base, vpn_i, rd_level);
      addr_d  = mem_req_addr_o;
      level_d = rd_level;
      state_d = mem_req_ready_i ? `RVMMU_PTW_WAIT : `RVMMU_PTW_REQ;
    end
    if (done_o) state_d = `RVMMU_PTW_IDLE;
  end

  assign mem_req_cmp_o   = pte_q;
  assign mem_req_wdata_o = pte_q | ad_bits;

  assign leaf_flags_o = dec_flags;
  assign leaf_ppn_o   = dec_ppn;
  assign leaf_level_o = level_q;
  assign leaf_napot_o = dec_napot;
  assign leaf_pbmt_o  = dec_pbmt;
  assign state_o      = state_q;

  // Control state: reset. Data registers: no reset.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) state_q <= `RVMMU_PTW_IDLE;
    else state_q <= state_d;
  end

  always_ff @(posedge clk_i) begin
    level_q  <= level_d;
    addr_q   <= addr_d;
    pte_q    <= pte_d;
    err_q    <= err_d;
    cas_ok_q <= cas_ok_d;
  end
endmodule
