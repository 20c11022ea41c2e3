// rvmmu_uart_tx -- 8N1 UART transmitter: start bit, eight data bits LSB
// first, one stop bit. A byte is taken when valid_i and ready_o are both high.
`default_nettype none
module rvmmu_uart_tx #(
    parameter int CLKS_PER_BIT = 104  // clock / baud
) (
    input  logic       clk_i,
    input  logic       rst_ni,        // synchronous, active low
    input  logic       valid_i,
    output logic       ready_o,
    input  logic [7:0] data_i,
    output logic       tx_o           // the line (idle high)
);
  localparam int CW = $clog2(CLKS_PER_BIT + 1);
  localparam logic [CW-1:0] FULL = CW'(CLKS_PER_BIT - 1);

  logic          busy_q;
  logic [CW-1:0] cnt_q;
  logic [3:0]    left_q;              // bits still to send after the current one
  logic [8:0]    sh_q;                // {stop, data}; the current bit drives tx_o

  assign ready_o = !busy_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      tx_o   <= 1'b1;
    end else if (!busy_q) begin
      if (valid_i) begin
        busy_q <= 1'b1;
        tx_o   <= 1'b0;                 // start bit
        sh_q   <= {1'b1, data_i};
        left_q <= 4'd9;
        cnt_q  <= FULL;
      end
    end else if (cnt_q != '0) begin
      cnt_q <= cnt_q - 1'b1;
    end else if (left_q == 4'd0) begin
      busy_q <= 1'b0;                   // stop bit done
    end else begin
      tx_o   <= sh_q[0];
      sh_q   <= {1'b1, sh_q[8:1]};
      left_q <= left_q - 1'b1;
      cnt_q  <= FULL;
    end
  end
endmodule

`default_nettype wire
