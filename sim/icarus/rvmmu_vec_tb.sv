// rvmmu_vec_tb -- rvmmu under Icarus Verilog (4-state), replaying the test
// vectors the Verilated model recorded (`rvmmu replay --vectors FILE`,
// sim/mmu_model.c): every cycle it applies the recorded inputs, lets the
// logic settle, and compares every meaningful output with Verilator's (a
// response's fields while rsp_valid_o, a memory request's while
// mem_req_valid_o, a fill's while mon_fill_o; control outputs always, from
// the first cycle after reset). An X in one of them, which Verilator's
// 2-state model cannot show, is an error of its own. Since the recorded
// memory responses answer the recorded requests, the replay is exact as
// long as the outputs agree, and the first disagreement is reported.
//
// Usage: vvp BENCH.vvp +vec=FILE  ->  "rvmmu_vec_tb: N cycles, M mismatches,
// X unknown" and $finish; exit status 1 (via $fatal) on any of them.
// Timing: a cycle is 3 time units: the inputs change at its start, the
// outputs are checked 1 unit later, the rising edge comes 1 unit after that
// (the harness's eval, then tick).
`default_nettype none
module rvmmu_vec_tb #(
    parameter bit RV64    = 1'b0,  // rvmmu's RV64
    parameter int ENTRIES = 16,    // rvmmu's ENTRIES
    parameter bit PARITY  = 1'b0,  // rvmmu's PARITY
    parameter int PMP_ENTRIES = 16, // rvmmu's PMP_ENTRIES (the Verilated models')
    parameter int PMP_GRAN = 0,   // rvmmu's PMP_GRAN
    parameter int PWC_ENTRIES = 0, // rvmmu's PWC_ENTRIES
    parameter int L2_ENTRIES = 0,  // rvmmu's L2_ENTRIES
    parameter int L2_WAYS = 4,     // rvmmu's L2_WAYS
    parameter int L2_SP = 2,       // rvmmu's L2_SP
    parameter int PORTS = 2,       // rvmmu's PORTS (the Verilated models')
    parameter int I_ENTRIES = 4    // rvmmu's I_ENTRIES (the Verilated models')
);
  logic clk_i  = 1'b0;
  logic rst_ni = 1'b0;
`include "rvmmu_vec_edge.vh"

  reg [8*1024-1:0] path;
  reg [8*4096-1:0] line;
  integer fd, n, k, cycles, mism, xs, lineno;

  task automatic edge_;
    begin
      #1 clk_i = 1'b1;
      #1 clk_i = 1'b0;
    end
  endtask

  initial begin
    cycles = 0; mism = 0; xs = 0; lineno = 0;
    if (!$value$plusargs("vec=%s", path)) begin
      $display("rvmmu_vec_tb: usage: vvp BENCH +vec=FILE");
      $fatal(1);
    end
    fd = $fopen(path, "r");
    if (fd == 0) begin
      $display("rvmmu_vec_tb: cannot open %0s", path);
      $fatal(1);
    end
    while (!$feof(fd) && mism + xs == 0) begin
      line = 0;
      n = $fgets(line, fd);
      lineno = lineno + 1;
      if (n > 0 && line[8*n-1 -: 8] == "v") begin
        scan_vector(line, k);
        if (k != VEC_FIELDS) begin
          $display("rvmmu_vec_tb: %0s:%0d: %0d fields, expected %0d", path, lineno, k, VEC_FIELDS);
          $fatal(1);
        end
        #1;
        check_outputs(cycles, mism, xs);
        edge_();
        cycles = cycles + 1;
      end else if (n > 0 && line[8*n-1 -: 8] == "r") begin
        // "reset N": N cycles with rst_ni low and the inputs idle
        k = 0;
        n = $sscanf(line, "reset %d", k);
        idle_inputs();
        rst_ni = 1'b0;
        repeat (k) edge_();
        rst_ni = 1'b1;
      end
    end
    $display("rvmmu_vec_tb: %0d cycles, %0d mismatches, %0d unknown", cycles, mism, xs);
    if (mism + xs != 0 || cycles == 0) $fatal(1);
    $finish;
  end
endmodule
`default_nettype wire
