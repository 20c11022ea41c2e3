// rvmmu_plru -- tree pseudo-LRU replacement for a fully associative TLB.
//
// A binary tree of ENTRIES-1 bits sits over the entries; each bit points to
// the half of its subtree that was used less recently. Using an entry turns
// every bit on its path away from it; the victim is found by following the
// bits from the root. It approximates true LRU with one bit per entry
// instead of log2(ENTRIES) bits, and unlike round-robin it never evicts the
// entry that was just used: a use reaches victim_o two edges later, and a
// fill comes at least a walk (three cycles) after the last hit. ENTRIES
// must be a power of two (at least 2).
`default_nettype none

module rvmmu_plru #(
    parameter  int ENTRIES = 16,                           // entries to choose from, a power of two
    localparam int IDX_W   = rvmmu_pkg::idx_w(ENTRIES)     // entry index (derived)
) (
    input  logic             clk_i,
    input  logic             rst_ni,
    input  logic             touch_i,      // an entry was used or filled
    input  logic [IDX_W-1:0] touch_idx_i,
    output logic [IDX_W-1:0] victim_o      // least recently used, roughly (registered)
);
  // Node n (heap order: root 0, children 2n+1 and 2n+2) at depth dd covers
  // the entries whose top dd index bits equal n - (2^dd - 1).
  logic [ENTRIES-2:0] tree_d, tree_q;

  // A use is recorded one edge late, from flip-flops: the lookup's compare
  // and the victim search are then never on one path.
  logic             touch_q;
  logic [IDX_W-1:0] touch_idx_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) touch_q <= 1'b0;
    else touch_q <= touch_i;
  end

  always_ff @(posedge clk_i) begin
    touch_idx_q <= touch_idx_i;
  end

  always_comb begin
    tree_d = tree_q;
    for (int du = 0; du < IDX_W; du = du + 1) begin
      for (int p = 0; p < (1 << du); p = p + 1) begin
        if (touch_q && (touch_idx_q >> (IDX_W - du)) == p[IDX_W-1:0])
          // point away: 1 = victim on the right, set when left was used
          tree_d[(1 << du) - 1 + p] = ~touch_idx_q[IDX_W-1-du];
      end
    end
  end

  // The victim of the next tree, registered with it: victim_o is the
  // victim of tree_q with no logic between the flip-flops and the fill.
  logic [IDX_W-1:0] victim_d, victim_q;
  // From the root down: the bit below the victim's prefix chosen so far
  // (a multiplexer per level; no index arithmetic). A function, because an
  // always_comb that reads what it writes never settles under Icarus.
  function automatic logic [IDX_W-1:0] tree_victim(input logic [ENTRIES-2:0] t);
    logic vbit;
    tree_victim = '0;
    for (int dv = 0; dv < IDX_W; dv = dv + 1) begin
      vbit = 1'b0;
      for (int nv = 0; nv < (1 << dv); nv = nv + 1)
        if ((tree_victim >> (IDX_W - dv)) == nv[IDX_W-1:0]) vbit = t[(1 << dv) - 1 + nv];
      tree_victim[IDX_W-1-dv] = vbit;
    end
  endfunction
  assign victim_d = tree_victim(tree_d);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) tree_q <= '0;
    else tree_q <= tree_d;
  end

  // The all-zero tree's victim is entry 0.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) victim_q <= '0;
    else victim_q <= victim_d;
  end

  assign victim_o = victim_q;

  // ENTRIES must be a power of two: an illegal width stops elaboration.
  generate
    if ((ENTRIES & (ENTRIES - 1)) != 0 || ENTRIES < 2) begin : g_bad_entries
      rvmmu_error_entries_must_be_a_power_of_two u_err ();
    end
  endgenerate
endmodule

`default_nettype wire
