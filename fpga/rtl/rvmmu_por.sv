// rvmmu_por -- power-on reset: rst_no stays low for 16 cycles after the
// FPGA is configured (its counter starts at 0, as every iCE40/ECP5/7-series
// flip-flop does after configuration) and whenever btn_rst_i is high.
`default_nettype none
module rvmmu_por (
    input  logic clk_i,
    input  logic btn_rst_i,
    output logic rst_no
);
  logic [3:0] cnt_q = 4'd0;
  logic [1:0] btn_q = 2'b00;
  always_ff @(posedge clk_i) begin
    btn_q <= {btn_q[0], btn_rst_i};
    if (btn_q[1]) cnt_q <= 4'd0;
    else if (cnt_q != 4'hF) cnt_q <= cnt_q + 1'b1;
  end
  assign rst_no = cnt_q == 4'hF;
endmodule

`default_nettype wire
