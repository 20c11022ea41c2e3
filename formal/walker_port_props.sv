// walker_port_props -- the rules of rvmmu's walker memory port (docs/ports.md:
// mem_req_* / mem_rsp_*), as a reusable checker: the walker (the master)
// offers one request at a time, holds it unchanged until it is taken, and
// offers no other until the response; the memory side (the slave) answers
// only a request taken in an earlier cycle, once. With MASTER_IS_DUT=1 the
// master's rules are asserted and the slave's assumed; with 0 the reverse
// (a bus adapter under proof: formal/axi_walker_fv.sv, wb_walker_fv.sv).
// It tells the harness what it tracks: a request outstanding (f_out_o) and
// the one taken last (f_addr_o, f_cas_o, f_cmp_o, f_wdata_o).
`default_nettype none

module walker_port_props #(
    parameter int PA_W  = 34,          // the port's address width
    parameter int PTE_W = 32,          // its data width (PTESIZE)
    parameter bit MASTER_IS_DUT = 1'b0 // 1: assert the walker's rules; 0: the memory side's
) (
    input  logic             clk_i,
    input  logic             rst_ni,
    input  logic             req_valid_i,
    input  logic             req_ready_i,
    input  logic [PA_W-1:0]  req_addr_i,
    input  logic             req_cas_i,
    input  logic [PTE_W-1:0] req_cmp_i,
    input  logic [PTE_W-1:0] req_wdata_i,
    input  logic             rsp_valid_i,
    output logic             f_out_o,     // a request taken and not yet answered
    output logic [PA_W-1:0]  f_addr_o,    // the request taken last
    output logic             f_cas_o,
    output logic [PTE_W-1:0] f_cmp_o,
    output logic [PTE_W-1:0] f_wdata_o
);
  logic accept;
  assign accept = req_valid_i && req_ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) f_out_o <= 1'b0;
    else if (accept) f_out_o <= 1'b1;
    else if (rsp_valid_i) f_out_o <= 1'b0;
    if (accept) begin
      f_addr_o  <= req_addr_i;
      f_cas_o   <= req_cas_i;
      f_cmp_o   <= req_cmp_i;
      f_wdata_o <= req_wdata_i;
    end
  end

  // A request offered and not taken in the last cycle, as it was.
  logic             offer_q, cas_q;
  logic [PA_W-1:0]  addr_q;
  logic [PTE_W-1:0] cmp_q, wdata_q;
  always_ff @(posedge clk_i) begin
    offer_q <= rst_ni && req_valid_i && !req_ready_i;
    addr_q  <= req_addr_i;
    cas_q   <= req_cas_i;
    cmp_q   <= req_cmp_i;
    wdata_q <= req_wdata_i;
  end

`ifdef FORMAL
  logic one_outstanding, held, rsp_answers;
  // No request offered while one is outstanding (the walker waits for each).
  assign one_outstanding = !(f_out_o && req_valid_i);
  // A request offered and not taken is offered again, unchanged.
  assign held = !offer_q || (req_valid_i && req_addr_i == addr_q && req_cas_i == cas_q &&
                             req_cmp_i == cmp_q && req_wdata_i == wdata_q);
  // A response answers a request taken in an earlier cycle.
  assign rsp_answers = !rsp_valid_i || f_out_o;
  always @* begin
    if (rst_ni) begin
      if (MASTER_IS_DUT) begin
        p_walker_one_outstanding: assert(one_outstanding);
        p_walker_request_held:    assert(held);
        assume(rsp_answers);
      end else begin
        assume(one_outstanding);
        assume(held);
        p_walker_rsp_answers:     assert(rsp_answers);
      end
    end
  end
`endif
endmodule

`default_nettype wire
