// rvmmu_fv -- formal harness of rvmmu (read by formal/run.sh and the .sby files).
//
// It instantiates the MMU and is the environment: it assumes what the MMU
// may assume of the world (reset at the start, legal request values, the
// memory protocol) and asserts what is visible at the ports (one response
// per request, the memory port's own rules, and with LIVE=1 a bound on the
// response time). Everything about the MMU's insides is asserted beside the
// logic, in the `ifdef FORMAL blocks of rtl/*.sv.
//
// Parameters: RV64, ENTRIES, PORTS ... as rvmmu's (LIVE with PORTS=1 only). LIVE=1 adds the liveness
// environment (the memory port takes a request within MEM_STALL refused
// cycles and answers it within MEM_LAT cycles; no PTE changes under an A/D
// swap) and asserts that every request is answered within 1 + (L+1)*C
// cycles, L the walk's levels, C = MEM_STALL + MEM_LAT + 1.
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_fv #(
    parameter bit RV64      = 1'b0,                         // rvmmu's RV64
    parameter int ENTRIES   = 2,                            // rvmmu's ENTRIES
    parameter bit PARITY    = 1'b0,                         // rvmmu's PARITY
    parameter int PMP_ENTRIES = 0,                          // rvmmu's PMP_ENTRIES (0: the proofs without PMP)
    parameter int PMP_GRAN  = 0,                            // rvmmu's PMP_GRAN
    parameter int PWC_ENTRIES = 0,                          // rvmmu's PWC_ENTRIES
    parameter int L2_ENTRIES = 0,                           // rvmmu's L2_ENTRIES (the proofs without the L2 TLB)
    parameter int L2_WAYS   = 4,                            // rvmmu's L2_WAYS
    parameter int L2_SP     = 2,                            // rvmmu's L2_SP
    parameter int PORTS     = 1,                            // rvmmu's PORTS (2: the instruction port too)
    parameter int I_ENTRIES = 2,                            // rvmmu's I_ENTRIES
    parameter bit LIVE      = 1'b0,                         // 1: the liveness environment and bound
    parameter int MEM_STALL = 1,                            // LIVE: most cycles a memory request is refused
    parameter int MEM_LAT   = 2                             // LIVE: most cycles to a memory response
) (
    input  logic              clk_i,
    input  logic              rst_ni
);
  // rvmmu's derived widths (XLEN, VA_W, PA_W, PTE_W, ASID_W, ...), its
  // other inputs as free signals (anyseq), a wire per output and the
  // instance u_mmu: generated from rtl/rvmmu.sv by sim/gen_edge.py.
`include "rvmmu_fv_edge.vh"

  // ---------------------------------------------------------------- environment
  // Reset in the first cycle, and only then.
  reg f_init = 1'b1;
  always @(posedge clk_i) f_init <= 1'b0;

  // One memory request at most is outstanding: the port may answer only
  // one accepted in an earlier cycle (in order, no same-cycle answer).
  reg w_mem_out, w_mem_cas;
  always @(posedge clk_i) begin
    if (!rst_ni) w_mem_out <= 1'b0;
    else if (mem_req_valid_o && mem_req_ready_i) w_mem_out <= 1'b1;
    else if (mem_rsp_valid_i) w_mem_out <= 1'b0;
    if (mem_req_valid_o && mem_req_ready_i) w_mem_cas <= mem_req_cas_o;
  end

  always @* begin
    assume(rst_ni == !f_init);
    // Legal request values: privilege U, S or M; access load, store or
    // fetch; in RV64 a satp.MODE the WARL satp can hold (Bare, Sv39/48/57).
    assume(req_priv_i != 2'd2);
    assume(req_acc_i != 2'd3);
    // The access's size: naturally aligned (docs/ports.md, req_size_i).
    if (req_size_i == 2'd1) assume(req_va_i[0] == 1'b0);
    if (req_size_i == 2'd2) assume(req_va_i[1:0] == 2'd0);
    if (req_size_i == 2'd3) assume(req_va_i[2:0] == 3'd0);
    if (RV64) assume(req_satp_i[XLEN-1 -: 4] == 4'd0 || req_satp_i[XLEN-1 -: 4] == 4'd8 ||
                     req_satp_i[XLEN-1 -: 4] == 4'd9 || req_satp_i[XLEN-1 -: 4] == 4'd10);
    if (!w_mem_out) assume(!mem_rsp_valid_i);
    // The instruction port (PORTS=2): the same legal values.
    if (PORTS > 1) begin
      assume(ireq_priv_i != 2'd2);
      assume(ireq_acc_i != 2'd3);
      if (ireq_size_i == 2'd1) assume(ireq_va_i[0] == 1'b0);
      if (ireq_size_i == 2'd2) assume(ireq_va_i[1:0] == 2'd0);
      if (ireq_size_i == 2'd3) assume(ireq_va_i[2:0] == 3'd0);
      if (RV64) assume(ireq_satp_i[XLEN-1 -: 4] == 4'd0 || ireq_satp_i[XLEN-1 -: 4] == 4'd8 ||
                       ireq_satp_i[XLEN-1 -: 4] == 4'd9 || ireq_satp_i[XLEN-1 -: 4] == 4'd10);
    end
  end

  // ---------------------------------------------------------------- exactly one response per request
  logic       accept, iaccept;
  reg   [1:0] w_pend, w_ipend;   // requests accepted and not answered, per port
  assign accept  = req_valid_i && req_ready_o;
  assign iaccept = PORTS > 1 && ireq_valid_i && ireq_ready_o;
  always @(posedge clk_i) begin
    if (!rst_ni) w_pend <= 2'd0;
    else w_pend <= w_pend + {1'b0, accept} - {1'b0, rsp_valid_o};
    if (!rst_ni) w_ipend <= 2'd0;
    else w_ipend <= w_ipend + {1'b0, iaccept} - {1'b0, irsp_valid_o};
  end

  always @* begin
    if (!f_init && rst_ni) begin
      // No ghost response: a response answers an accepted request.
      p_no_ghost_response: assert(!rsp_valid_o || w_pend != 2'd0);
      // No lost request: a new request is taken only when the one before
      // is answered (in the same cycle at the latest).
      p_no_lost_request:   assert(!accept || w_pend == 2'd0 || rsp_valid_o);
      h_pend:              assert(w_pend <= 2'd1 && (w_pend == 2'd1) == (rsp_valid_o || !req_ready_o));
      // ---- the memory port
      p_mem_one_outstanding: assert(!mem_req_valid_o || !w_mem_out);
      p_mem_only_for_request: assert(!mem_req_valid_o || w_pend == 2'd1 || w_ipend == 2'd1);
      // The instruction port: the same, and nothing at all with PORTS=1.
      p_no_ghost_iresponse: assert(!irsp_valid_o || w_ipend != 2'd0);
      p_no_lost_irequest:   assert(!iaccept || w_ipend == 2'd0 || irsp_valid_o);
      if (PORTS > 1)
        h_ipend:            assert(w_ipend <= 2'd1 && (w_ipend == 2'd1) == (irsp_valid_o || !ireq_ready_o));
      else
        p_one_port_quiet:   assert(!ireq_ready_o && !irsp_valid_o && !mon_ihit_o && !mon_walk_port_o);
      h_mem_out:           assert(w_mem_out == (mon_ptw_state_o == `RVMMU_PTW_WAIT ||
                                                mon_ptw_state_o == `RVMMU_PTW_CAS_WAIT) &&
                                  (!w_mem_out || w_mem_cas == (mon_ptw_state_o == `RVMMU_PTW_CAS_WAIT)));
    end
  end

  // A memory request, once offered, is held unchanged until it is taken.
  reg                w_offer;
  reg  [PA_W-1:0]    w_addr;
  reg                w_cas;
  reg  [PTE_W-1:0]   w_cmp, w_wdata;
  always @(posedge clk_i) begin
    w_offer <= rst_ni && mem_req_valid_o && !mem_req_ready_i;
    w_addr  <= mem_req_addr_o;
    w_cas   <= mem_req_cas_o;
    w_cmp   <= mem_req_cmp_o;
    w_wdata <= mem_req_wdata_o;
  end
  always @* begin
    if (!f_init && rst_ni && w_offer)
      p_mem_request_held: assert(mem_req_valid_o && mem_req_addr_o == w_addr && mem_req_cas_o == w_cas &&
                                 mem_req_cmp_o == w_cmp && mem_req_wdata_o == w_wdata);
  end

  // ---------------------------------------------------------------- covers at the ports
  always @(posedge clk_i) begin
    if (!f_init && rst_ni) begin
      c_fault_fetch_access: cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd1);
      c_fault_load_access:  cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd5);
      c_fault_store_access: cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd7);
      c_fault_fetch_page:   cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd12);
      c_fault_load_page:    cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd13);
      c_fault_store_page:   cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd15);
      c_back_to_back:       cover(rsp_valid_o && accept && !rsp_fault_o);
      if (PORTS > 1) begin
        c_iport_walk:       cover(irsp_valid_o && !irsp_fault_o && mon_walk_end_o && mon_walk_port_o);
        c_both_answer:      cover(rsp_valid_o && irsp_valid_o);
      end
    end
  end

  // ---------------------------------------------------------------- PMP (PMP_ENTRIES > 0)
  // Nothing outside an allowed region is read, written or returned: every
  // memory request the walker issues (a PTE read: R; the A/D swap: R and W;
  // "the effective privilege mode is S", 8 bytes in RV64, 4 in RV32) and the
  // PA of every response that grants an access (at the request's privilege,
  // the access's own permission) is one the PMP chapter allows
  // (formal/pmp_spec.vh, written apart from rtl/rvmmu_pmp.sv), for any
  // pmpcfg/pmpaddr values. Environment: the CSRs hold still while a request
  // is pending (a core changes them only between accesses, with the MMU
  // idle); between requests they change at will.
  generate
    if (PMP_ENTRIES > 0) begin : g_pmp
      localparam int PS_N    = PMP_ENTRIES;
      localparam int PS_AW   = PMP_AW;
      localparam int PS_G    = PMP_GRAN;
      localparam int PS_PA_W = PA_W;
`include "pmp_spec.vh"
      reg [PMP_CFG_W-1:0]  w_cfg;
      reg [PMP_ADDR_W-1:0] w_pmpaddr;
      reg [1:0]            w_priv;   // the request's privilege, for the covers
      always @(posedge clk_i) begin
        w_cfg     <= pmpcfg_i;
        w_pmpaddr <= pmpaddr_i;
        if (accept) w_priv <= req_priv_i;
      end
      always @* begin
        if (!f_init && rst_ni && (w_pend != 2'd0 || w_ipend != 2'd0)) assume(pmpcfg_i == w_cfg && pmpaddr_i == w_pmpaddr);
        if (!f_init && rst_ni) begin
          if (mem_req_valid_o)
            p_pmp_walker_access_allowed: assert(ps_allows(pmpcfg_i, pmpaddr_i, mem_req_addr_o, RV64,
                                                          `RVMMU_PRIV_S, {1'b0, mem_req_cas_o, 1'b1}));
          // The PA of every granted response: rtl/rvmmu.sv's
          // p_pmp_pa_returned_allowed, with the request's privilege and access
          // as rvmmu's proof records them from the ports at accept (its f_priv,
          // f_acc, which its lemma h_ctx ties to the request stage; a copy
          // here would be tied to nothing and the induction could not close).
        end
      end
      always @(posedge clk_i) begin
        if (!f_init && rst_ni) begin
          c_pmp_walk_refused: cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd5 && mon_walk_end_o);
          c_pmp_pa_refused:   cover(rsp_valid_o && rsp_fault_o && rsp_cause_o == 5'd7 && !mon_walk_end_o);
          c_pmp_granted:      cover(rsp_valid_o && !rsp_fault_o && mon_walk_end_o && w_priv == `RVMMU_PRIV_U);
        end
      end
    end
  endgenerate

  // ---------------------------------------------------------------- bounded liveness (LIVE=1)
  // Environment: the port takes a request within MEM_STALL refused cycles
  // and answers it within MEM_LAT cycles; no other agent changes a PTE
  // between the walker's read and its A/D swap (a swap that keeps finding
  // its PTE changed restarts the walk for ever: that is no bound). Then a
  // request with L walk levels is answered at most 1 + (L+1)*C cycles after
  // it was accepted, C = MEM_STALL + MEM_LAT + 1: the lookup cycle, then per
  // PTE read and for the swap the refused cycles, the latency, and the cycle
  // that decodes the answer. The h_live_* invariants bound the age of the
  // request by the walker's progress, so that k-induction closes.
  generate
    if (LIVE) begin : g_live
      `include "rvmmu_spec.vh"
      localparam int C = MEM_STALL + MEM_LAT + 1;

      reg [7:0]  w_age;     // cycles since the pending request was accepted
      reg [3:0]  w_stall;   // cycles the offered memory request has been refused
      reg [3:0]  w_lat;     // cycles since the outstanding request was taken
      reg [3:0]  w_ops;     // memory requests taken for the pending request
      reg [PTE_W-1:0] w_swap_cmp;
      always @(posedge clk_i) begin
        if (!rst_ni) w_age <= 8'd0;
        else if (accept) w_age <= 8'd1;
        else if (rsp_valid_o) w_age <= 8'd0;
        else if (w_pend != 2'd0) w_age <= w_age + 8'd1;
        if (!rst_ni || accept) w_ops <= 4'd0;
        else if (mem_req_valid_o && mem_req_ready_i) w_ops <= w_ops + 4'd1;
        w_stall <= (rst_ni && mem_req_valid_o && !mem_req_ready_i) ? w_stall + 4'd1 : 4'd0;
        w_lat   <= (mem_req_valid_o && mem_req_ready_i) ? 4'd1 : w_lat + 4'd1;
        if (mem_req_valid_o && mem_req_ready_i) w_swap_cmp <= mem_req_cmp_o;
      end

      logic [2:0] w_top, w_lvl;
      logic [7:0] w_bound, w_done_age, w_ops8;
      assign w_top      = fs_levels(mon_fill_mode_o) - 3'd1;   // the request's mode (rvmmu's copy)
      assign w_lvl      = mon_fill_level_o;
      assign w_ops8     = {4'd0, w_ops};
      assign w_bound    = 8'd1 + ({5'd0, w_top} + 8'd2) * C;     // 1 + (L+1)*C
      assign w_done_age = 8'd1 + w_ops8 * C;   // latest age when the last answer is decoded

      always @* begin
        if (mem_req_valid_o && w_stall >= MEM_STALL) assume(mem_req_ready_i);
        if (w_mem_out && w_lat >= MEM_LAT) assume(mem_rsp_valid_i);
        if (w_mem_out && w_mem_cas && mem_rsp_valid_i && !mem_rsp_err_i) assume(mem_rsp_data_i == w_swap_cmp);
        if (!f_init && rst_ni) begin
          p_live_bounded_response: assert(w_pend == 2'd0 || w_age < w_bound || rsp_valid_o);
          if (w_pend != 2'd0) begin
            case (mon_ptw_state_o)
              `RVMMU_PTW_IDLE:     h_live_lookup:   assert(w_age == 8'd1 && w_ops == 4'd0);
              `RVMMU_PTW_REQ:      h_live_req:      assert(w_ops8 == {5'd0, w_top - w_lvl} && w_stall != 4'd0 &&
                                                           w_stall <= MEM_STALL && w_age <= w_done_age + {4'd0, w_stall});
              `RVMMU_PTW_WAIT:     h_live_wait:     assert(w_ops8 == {5'd0, w_top - w_lvl} + 8'd1 && w_lat != 4'd0 &&
                                                           w_lat <= MEM_LAT &&
                                                           w_age + C <= w_done_age + MEM_STALL + {4'd0, w_lat});
              `RVMMU_PTW_PTE:      h_live_pte:      assert(w_ops8 == {5'd0, w_top - w_lvl} + 8'd1 && w_age <= w_done_age);
              `RVMMU_PTW_CAS_REQ:  h_live_cas_req:  assert(w_ops8 == {5'd0, w_top - w_lvl} + 8'd1 && w_stall != 4'd0 &&
                                                           w_stall <= MEM_STALL && w_age <= w_done_age + {4'd0, w_stall});
              `RVMMU_PTW_CAS_WAIT: h_live_cas_wait: assert(w_ops8 == {5'd0, w_top - w_lvl} + 8'd2 && w_lat != 4'd0 &&
                                                           w_lat <= MEM_LAT &&
                                                           w_age + C <= w_done_age + MEM_STALL + {4'd0, w_lat});
              `RVMMU_PTW_CAS_CHK:  h_live_cas_chk:  assert(w_ops8 == {5'd0, w_top - w_lvl} + 8'd2 && w_age <= w_done_age &&
                                                           !mem_req_valid_o);
              default: ;
            endcase
          end
        end
      end
      always @(posedge clk_i) begin
        if (!f_init && rst_ni) begin
          c_live_longest: cover(rsp_valid_o && w_pend != 2'd0 && w_age == w_bound);
        end
      end
    end
  endgenerate
endmodule

`default_nettype wire
