// pmp_spec.vh -- the PMP chapter written again, in bytes (not words) and by
// counting NAPOT's trailing ones one by one, as two functions: region (entry
// i's bytes) and spec (does the access succeed). Included inside a module
// that defines the localparams PS_N (entries), PS_AW (pmpaddr bits: PA_W-2),
// PS_G (the grain G) and PS_PA_W (PA bits): formal/pmp_fv.sv (the checker
// equals it) and formal/rvmmu_fv.sv (nothing the MMU reads, writes or
// returns is outside what it allows).
//   - "The lowest-numbered PMP entry that matches any byte of an access
//     determines whether that access succeeds or fails. The matching PMP
//     entry must match all bytes of an access, or the access fails"
//   - "If the L bit is clear and the privilege mode of the access is M, the
//     access succeeds. Otherwise ... only if the R, W, or X bit
//     corresponding to the access type is set."
//   - "If no PMP entry matches an M-mode access, the access succeeds. If no
//     PMP entry matches an S-mode or U-mode access, but at least one PMP
//     entry is implemented, the access fails."
//   - TOR: pmpaddr[i-1] <= y < pmpaddr[i], 0 for entry 0; G >= 1: bits G-1:0
//     do not take part; NAPOT with G >= 2: bits G-2:0 read as ones; NA4 is
//     not selectable with G >= 1 (taken as NAPOT, rtl/rvmmu_pmp.sv's choice).

  // Entry i's region in bytes, [lo, hi) (64 bits: hi may be 2^(AW+3)); 0 if it matches nothing.
  function automatic logic ps_region(input logic [PS_N*8-1:0] c, input logic [PS_N*PS_AW-1:0] ad, input int i,
                                  output logic [63:0] lo, output logic [63:0] hi);
    logic [1:0]  a;
    logic [63:0] r, prev;
    int          k;
    a    = c[8*i+3 +: 2];
    r    = {{(64-PS_AW){1'b0}}, ad[PS_AW*i +: PS_AW]};
    prev = i == 0 ? 64'd0 : {{(64-PS_AW){1'b0}}, ad[PS_AW*(i == 0 ? 0 : i-1) +: PS_AW]};
    lo = 64'd0;
    hi = 64'd0;
    ps_region = 1'b0;
    if (a == 2'd1) begin                                  // TOR
      lo = (prev >> PS_G) << (PS_G + 2);
      hi = (r >> PS_G) << (PS_G + 2);
      ps_region = lo < hi;
    end else if (a == 2'd2 && PS_G == 0) begin            // NA4
      lo = r << 2;
      hi = lo + 64'd4;
      ps_region = 1'b1;
    end else if (a != 2'd0) begin                         // NAPOT (NA4 when G >= 1)
      for (int b = 0; b < PS_G - 1; b++) r[b] = 1'b1;      // bits G-2:0 read as ones
      k = 0;                                              // trailing ones, one by one
      for (int b = 0; b < PS_AW; b++) if (k == b && r[b]) k = b + 1;
      lo = (r >> (k + 1)) << (k + 3);
      hi = lo + (64'd1 << (k + 3));
      ps_region = 1'b1;
    end
  endfunction

  function automatic logic ps_allows(input logic [PS_N*8-1:0] c, input logic [PS_N*PS_AW-1:0] ad,
                                input logic [PS_PA_W-1:0] p, input logic t, input logic [1:0] pv, input logic [2:0] nd);
    logic [63:0] first, last, lo, hi;
    logic        has, decided;
    first = {{(64-PS_PA_W){1'b0}}, p};
    last  = first + (t ? 64'd7 : 64'd0);
    ps_allows = pv == `RVMMU_PRIV_M;                           // no match
    decided = 1'b0;
    for (int i = 0; i < PS_N; i++) begin
      has = ps_region(c, ad, i, lo, hi);
      if (!decided && has && first < hi && last >= lo) begin  // the lowest entry with any byte
        decided = 1'b1;
        if (!(first >= lo && last < hi)) ps_allows = 1'b0;         // not every byte: fails
        else if (pv == `RVMMU_PRIV_M && !c[8*i+7]) ps_allows = 1'b1;
        else ps_allows = (nd & c[8*i +: 3]) == nd;
      end
    end
  endfunction

