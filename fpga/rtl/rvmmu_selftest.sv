// rvmmu_selftest -- the built-in self-test run once after reset. It feeds the
// bridge the command bytes of a ROM program (fpga/gen_selftest.py) and
// checks every reply byte against the ROM; done_o then, with pass_o or fail_o.
// While it runs the bridge is disconnected from the UART.
`default_nettype none
module rvmmu_selftest (
    input  logic       clk_i,
    input  logic       rst_ni,
    output logic       valid_o,       // a command byte for the bridge
    input  logic       ready_i,
    output logic [7:0] data_o,
    input  logic       rep_valid_i,   // a reply byte from the bridge
    input  logic [7:0] rep_data_i,
    output logic       done_o,
    output logic       pass_o,
    output logic       fail_o
);
`include "rvmmu_selftest_rom.vh"
  logic [7:0]  pc_q;
  logic [10:0] w;
  assign w      = st_rom(pc_q);
  assign data_o = w[7:0];
  assign valid_o = !done_o && !w[10] && !w[9];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      pc_q   <= '0;
      done_o <= 1'b0;
      pass_o <= 1'b0;
      fail_o <= 1'b0;
    end else if (!done_o) begin
      if (w[10]) begin
        done_o <= 1'b1;
        pass_o <= 1'b1;
      end else if (!w[9]) begin
        if (ready_i) pc_q <= pc_q + 1'b1;
      end else if (rep_valid_i) begin
        if (!w[8] && rep_data_i != w[7:0]) begin
          done_o <= 1'b1;
          fail_o <= 1'b1;
        end
        pc_q <= pc_q + 1'b1;
      end
    end
  end
  logic unused;
  assign unused = ^{ST_LEN[0]};
endmodule

`default_nettype wire
