// ice40hx8k_top -- rvmmu on the Lattice iCE40-HX8K breakout board
// (iCE40HX8K-CT256, 12 MHz oscillator on J3, FTDI FT2232H channel B as the
// UART: B10 is the FPGA's RX, B12 its TX). LEDs D2..D9 (active high):
// led[0] self-test passed, led[1] self-test failed, led[2] self-test running,
// 14 KiB of block RAM (14 frames: 28 of the 32 blocks; the self-test ROM
// takes one more). led[3] UART RX activity (the line is low), led[7:4] off.
// Pins: constraints/ice40hx8k.pcf.
`default_nettype none
module ice40hx8k_top #(
    parameter int CLKS_PER_BIT = 104,     // 12 MHz / 115200 baud
    // rvmmu's caches: none on the board (an L2 TLB of 64x4 takes 16 more
    // SB_RAM40_4K: 45 of the 32 with the 14 frames, docs/fpga.md); the
    // simulated board is built with them too (fpga/fpga.mk).
    parameter int PWC_ENTRIES  = 0,
    parameter int L2_ENTRIES   = 0,
    parameter int L2_WAYS      = 4,
    parameter int L2_SP        = 2
) (
    input  logic       clk_12m,
    input  logic       uart_rx,
    output logic       uart_tx,
    output logic [7:0] led
);
  logic rst_n, pass, fail, busy;
  rvmmu_por u_por (.clk_i(clk_12m), .btn_rst_i(1'b0), .rst_no(rst_n));
  rvmmu_board_core #(.CLKS_PER_BIT(CLKS_PER_BIT), .ENTRIES(16), .FRAMES(14), .WINDOWS(4), .PWC_ENTRIES(PWC_ENTRIES),
                     .L2_ENTRIES(L2_ENTRIES), .L2_WAYS(L2_WAYS), .L2_SP(L2_SP)) u_core (
      .clk_i(clk_12m), .rst_ni(rst_n), .uart_rx_i(uart_rx), .uart_tx_o(uart_tx),
      .led_pass_o(pass), .led_fail_o(fail), .led_busy_o(busy));
  assign led = {4'b0000, !uart_rx, busy, fail, pass};
endmodule

`default_nettype wire
