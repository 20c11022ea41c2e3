// rvmmu_page_mask -- which VPN bits lie inside a page of a given size.
//
// A leaf found at level L of the walk maps a page whose low L VPN fields
// (VPNB bits each: 10 in Sv32, 9 in Sv39/48/57) come from the virtual
// address, not from the PTE (spec: "Virtual Address Translation Process",
// step 8, "pa.ppn[i-1:0] = va.vpn[i-1:0]" for a superpage). An Svnapot
// 64 KiB page also takes VPN[0][3:0] from the address. This one module
// gives that set of bits as a mask; the TLB compares tags outside it and the
// physical address is composed inside it, so the page-size rule lives here
// only.
`default_nettype none

module rvmmu_page_mask #(
    parameter bit RV64 = 1'b0,  // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter int W    = 22     // width of the mask (VPN or PPN width)
) (
    input  logic [2:0]   level_i,  // level of the leaf, 0 = 4 KiB
    input  logic         napot_i,  // Svnapot 64 KiB page (level 0 only)
    output logic [W-1:0] low_o     // 1 = bit comes from the virtual address
);
  localparam int VPNB = rvmmu_pkg::vpnb(RV64);  // bits per VPN field

  // The low n bits set: evaluated with constant arguments only.
  function automatic [W-1:0] ones_below(input integer n);
    integer k;
    begin
      ones_below = '0;
      for (k = 0; k < W; k = k + 1) if (k < n) ones_below[k] = 1'b1;
    end
  endfunction

  always_comb begin
    case (level_i)
      3'd0:    low_o = ones_below(0);
      3'd1:    low_o = ones_below(VPNB);
      3'd2:    low_o = ones_below(2 * VPNB);
      3'd3:    low_o = ones_below(3 * VPNB);
      default: low_o = ones_below(4 * VPNB);
    endcase
    if (napot_i) low_o[3:0] = 4'hf;
  end
endmodule

`default_nettype wire
