// icebreaker_top -- rvmmu on the 1BitSquared iCEBreaker (iCE40UP5K-SG48,
// 12 MHz on pin 35, FTDI channel B UART: pin 6 is the FPGA's RX, pin 9 its
// TX). LEDs are active low: the green LED (37) lights when the self-test
// passed, the red LED (11) when it failed or while it runs. The user button
// BTN_N (10) resets. 8 KiB of block RAM (8 frames): the UP5K has 30 blocks.
// An 8-entry TLB: with 16 the design needs about 5700 of the UP5K's 5280
// logic cells. Pins: constraints/icebreaker.pcf.
`default_nettype none
module icebreaker_top #(
    parameter int CLKS_PER_BIT = 104,  // 12 MHz / 115200 baud
    parameter int ENTRIES      = 8     // rvmmu's TLB entries (16 do not fit the UP5K)
) (
    input  logic CLK,
    input  logic RX,
    output logic TX,
    input  logic BTN_N,
    output logic LEDR_N,
    output logic LEDG_N
);
  logic rst_n, pass, fail, busy;
  rvmmu_por u_por (.clk_i(CLK), .btn_rst_i(!BTN_N), .rst_no(rst_n));
  rvmmu_board_core #(.CLKS_PER_BIT(CLKS_PER_BIT), .ENTRIES(ENTRIES), .FRAMES(8), .WINDOWS(4)) u_core (
      .clk_i(CLK), .rst_ni(rst_n), .uart_rx_i(RX), .uart_tx_o(TX),
      .led_pass_o(pass), .led_fail_o(fail), .led_busy_o(busy));
  assign LEDG_N = !pass;
  assign LEDR_N = !(fail || busy);
endmodule

`default_nettype wire
