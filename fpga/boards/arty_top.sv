// arty_top -- rvmmu on the Digilent Arty A7-35 (XC7A35TICSG324-1L, 100 MHz
// oscillator CLK100MHZ on E3, FT2232HQ UART: uart_txd_in A9 into the FPGA,
// uart_rxd_out D10 out of it). led[0] (H5) self-test passed, led[1] (J5)
// failed, led[2] (T9) running, led[3] (T10) off; ck_rst_n (C2) resets.
// 100 MHz / 115200 = 868 clocks per bit. Pins: constraints/arty_a7_35.xdc.
`default_nettype none
module arty_top #(
    parameter int CLKS_PER_BIT = 868  // 100 MHz / 115200 baud
) (
    input  logic       CLK100MHZ,
    input  logic       uart_txd_in,
    output logic       uart_rxd_out,
    input  logic       ck_rst_n,
    output logic [3:0] led
);
  logic rst_n, pass, fail, busy;
  rvmmu_por u_por (.clk_i(CLK100MHZ), .btn_rst_i(!ck_rst_n), .rst_no(rst_n));
  rvmmu_board_core #(.CLKS_PER_BIT(CLKS_PER_BIT), .ENTRIES(16), .FRAMES(16), .WINDOWS(4)) u_core (
      .clk_i(CLK100MHZ), .rst_ni(rst_n), .uart_rx_i(uart_txd_in), .uart_tx_o(uart_rxd_out),
      .led_pass_o(pass), .led_fail_o(fail), .led_busy_o(busy));
  assign led = {1'b0, busy, fail, pass};
endmodule

`default_nettype wire
