// rvmmu_uart_rx -- 8N1 UART receiver. The line is synchronised through two
// flip-flops; a start bit is confirmed at its middle, each data bit is
// sampled at its middle (LSB first), and a byte is delivered with a
// one-cycle valid pulse once the stop bit's middle reads high (a low stop
// bit is a framing error: the byte is dropped).
`default_nettype none
module rvmmu_uart_rx #(
    parameter int CLKS_PER_BIT = 104   // clock / baud, at least 4
) (
    input  logic       clk_i,
    input  logic       rst_ni,        // synchronous, active low
    input  logic       rx_i,          // the line (idle high)
    output logic       valid_o,       // one-cycle pulse: data_o holds a byte
    output logic [7:0] data_o
);
  localparam int CW = $clog2(CLKS_PER_BIT + 1);
  localparam logic [CW-1:0] FULL = CW'(CLKS_PER_BIT - 1);
  localparam logic [CW-1:0] HALF = CW'(CLKS_PER_BIT / 2 - 1);

  logic [1:0]    sync_q;
  logic [1:0]    state_q;             // 0 idle, 1 start, 2 data, 3 stop
  logic [CW-1:0] cnt_q;
  logic [2:0]    bit_q;
  logic [7:0]    sh_q;
  logic          line;

  assign line = sync_q[1];

  always_ff @(posedge clk_i) begin
    sync_q  <= {sync_q[0], rx_i};
    valid_o <= 1'b0;
    if (!rst_ni) begin
      sync_q  <= 2'b11;
      state_q <= 2'd0;
      valid_o <= 1'b0;
    end else begin
      case (state_q)
        2'd0: if (!line) begin
          state_q <= 2'd1;
          cnt_q   <= HALF;
        end
        2'd1: if (cnt_q == '0) begin
          if (!line) begin
            state_q <= 2'd2;
            cnt_q   <= FULL;
            bit_q   <= 3'd0;
          end else begin
            state_q <= 2'd0;            // a glitch, not a start bit
          end
        end else cnt_q <= cnt_q - 1'b1;
        2'd2: if (cnt_q == '0) begin
          sh_q  <= {line, sh_q[7:1]};
          cnt_q <= FULL;
          if (bit_q == 3'd7) state_q <= 2'd3;
          bit_q <= bit_q + 1'b1;
        end else cnt_q <= cnt_q - 1'b1;
        default: if (cnt_q == '0) begin
          state_q <= 2'd0;
          valid_o <= line;
        end else cnt_q <= cnt_q - 1'b1;
      endcase
    end
  end
  assign data_o = sh_q;
endmodule

`default_nettype wire
