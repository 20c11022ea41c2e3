// ulx3s_top -- rvmmu on the Radiona ULX3S (LFE5U-85F-6BG381C, 25 MHz
// oscillator clk_25mhz on G2, FT231X UART: ftdi_txd M1 into the FPGA,
// ftdi_rxd L4 out of it). led[0] self-test passed, led[1] failed, led[2]
// running, led[7:3] off; btn[0] (PWR, D6, active low) resets.
// 25 MHz / 115200 = 217 clocks per bit. Pins: constraints/ulx3s.lpf.
`default_nettype none
module ulx3s_top #(
    parameter int CLKS_PER_BIT = 217  // 25 MHz / 115200 baud
) (
    input  logic       clk_25mhz,
    input  logic       ftdi_txd,
    output logic       ftdi_rxd,
    input  logic       btn_pwr_n,
    output logic [7:0] led,
    output logic       wifi_gpio0      // held high: keeps the ESP32 from resetting the board
);
  logic rst_n, pass, fail, busy;
  rvmmu_por u_por (.clk_i(clk_25mhz), .btn_rst_i(!btn_pwr_n), .rst_no(rst_n));
  rvmmu_board_core #(.CLKS_PER_BIT(CLKS_PER_BIT), .ENTRIES(16), .FRAMES(16), .WINDOWS(4)) u_core (
      .clk_i(clk_25mhz), .rst_ni(rst_n), .uart_rx_i(ftdi_txd), .uart_tx_o(ftdi_rxd),
      .led_pass_o(pass), .led_fail_o(fail), .led_busy_o(busy));
  assign led = {5'b00000, busy, fail, pass};
  assign wifi_gpio0 = 1'b1;
endmodule

`default_nettype wire
