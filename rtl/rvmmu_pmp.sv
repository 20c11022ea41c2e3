// rvmmu_pmp -- Physical Memory Protection: may one access go ahead?
//
// Written from the privileged specification's chapter "Physical Memory
// Protection" (the C reference model lib/pmp.c is its judge). Combinational:
// the CSR values (pmpNcfg, pmpaddrN) come in as the core holds them; one
// instance per place that needs a verdict (rvmmu: the walker's PTE reads
// and A/D swaps, and the PA of every response).
//   - pmpNcfg: R 0, W 1, X 2, A 4:3 (OFF, TOR, NA4, NAPOT), L 7; bits 6:5
//     (WARL zero) are ignored. pmpaddrN holds PA bits PA_W-1:2.
//   - TOR: entry i matches pmpaddr[i-1] <= y < pmpaddr[i] (entry 0 from 0),
//     whatever cfg[i-1]; bits G-1:0 of both take no part ("Address Matching").
//   - NAPOT: the trailing ones of pmpaddr give the size; with G >= 2 bits
//     G-2:0 read as ones. NA4: one word; with G >= 1 NA4 is not selectable
//     and is matched as NAPOT (what lib/pmp.c, and Spike's WARL pmpcfg, do).
//   - "The lowest-numbered PMP entry that matches any byte of an access
//     determines whether that access succeeds or fails"; it "must match all
//     bytes of an access, or the access fails"; with L clear an M-mode
//     access succeeds, else the R/W/X bits the access needs must be set.
//     No match: M succeeds, S and U fail ("at least one PMP entry is
//     implemented"); ENTRIES = 0 allows everything.
// The access is one word (pa_i's, up to 4 bytes not crossing it) or, with
// two_words_i, the 8-byte-aligned doubleword at pa_i (an RV64 PTE), so only
// word addresses are compared.
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_pmp #(
    parameter  bit RV64    = 1'b0,                            // 0: 34-bit PA; 1: 56-bit PA
    parameter  int ENTRIES = 16,                              // implemented entries, 0 to 64
    parameter  int GRAN    = 0,                               // G: the grain is 2^(G+2) bytes
    localparam int PA_W    = rvmmu_pkg::pa_w(RV64),           // physical address
    localparam int AW      = PA_W - 2,                        // pmpaddr: PA bits PA_W-1:2
    localparam int NE      = ENTRIES > 0 ? ENTRIES : 1        // entries of the ports
) (
    input  logic [NE*8-1:0]  cfg_i,        // pmpNcfg in bits 8N+7:8N
    input  logic [NE*AW-1:0] addr_i,       // pmpaddrN in bits AW*N +: AW
    input  logic             valid_i,      // an access is presented (else allow_o is 1)
    input  logic [PA_W-1:0]  pa_i,         // the access's first byte
    input  logic             two_words_i,  // 8 bytes at pa_i (8-aligned), else within pa_i's word
    input  logic [1:0]       priv_i,       // RVMMU_PRIV_U/S/M
    input  logic [2:0]       need_i,       // X W R the access needs (an OR for several)
    output logic             allow_o
);
  logic unused_bits;
  generate
    if (ENTRIES == 0) begin : g_none
      // No entry implemented: nothing is refused.
      assign allow_o     = 1'b1;
      assign unused_bits = ^{cfg_i, addr_i, pa_i, two_words_i, priv_i, need_i, valid_i};
    end else begin : g_pmp
      // (No size casts and no '1 constants: Yosys 0.23 reads ~AW'(x) and a
      // localparam of '1 otherwise than Verilator; formal/pmp_check.sh found it.)
      // The word addresses of the access's first and last byte.
      logic [AW-1:0] fw, lw;
      assign fw = pa_i[PA_W-1:2];
      assign lw = two_words_i ? {pa_i[PA_W-1:3], 1'b1} : fw;
      assign unused_bits = ^{pa_i[1:0], cfg_i & {ENTRIES{8'h60}}};   // the byte offset; cfg bits 6:5

      // The verdict, entry by entry from the highest to the lowest, so the
      // lowest-numbered entry matching any byte has the last word. One
      // function (an always_comb that reads what it writes never settles
      // under Icarus), called only for a presented access: a simulator
      // skips the whole comparison in the other cycles.
      function automatic logic verdict(input logic [ENTRIES*8-1:0] cfgs, input logic [ENTRIES*AW-1:0] addrs,
                                       input logic [AW-1:0] f, input logic [AW-1:0] l,
                                       input logic [1:0] priv, input logic [2:0] need);
        logic [2:0]    perm;
        logic [1:0]    a;
        logic          lk;
        logic [AW-1:0] addr, top, bot, naddr, nmask;
        logic          any, all, nap_f, nap_l;
        int            i;
        verdict = priv == `RVMMU_PRIV_M;        // no match: M succeeds, S and U fail
        for (int j = 0; j < ENTRIES; j++) begin       // entry i = ENTRIES-1 down to 0
          i = ENTRIES - 1 - j;
          perm = cfgs[8*i +: 3];                 // X W R
          a    = cfgs[8*i+3 +: 2];
          lk   = cfgs[8*i+7];                    // (bits 6:5: WARL zero, unused)
          addr = addrs[AW*i +: AW];
          // TOR: [pmpaddr[i-1], pmpaddr[i]) (entry 0 from 0), bits G-1:0 ignored.
          top  = (addr >> GRAN) << GRAN;
          bot  = i == 0 ? '0 : (addrs[AW*(i-1) +: AW] >> GRAN) << GRAN;
          // NAPOT (NA4 too when G >= 1): with G >= 2 bits G-2:0 read as
          // ones; the region is the words that agree with pmpaddr above its
          // trailing ones and the zero after them (all of them for pmpaddr
          // all ones). NA4 with G = 0: one word (nmask 0).
          naddr = addr | ({AW{1'b1}} >> (AW + 1 - GRAN));     // G-1 ones (none for G < 2)
          nmask = (a == 2'd3 || GRAN >= 1) ? (naddr ^ (naddr + 1'b1)) : '0;
          nap_f = ((f ^ naddr) & ~nmask) == '0;
          nap_l = ((l ^ naddr) & ~nmask) == '0;
          if (a == 2'd1) begin
            any = bot < top && l >= bot && f < top;
            all = bot < top && f >= bot && l < top;
          end else begin
            any = a != 2'd0 && (nap_f || nap_l);
            all = a != 2'd0 && nap_f && nap_l;
          end
          // It must match every byte; then L clear lets M through, else the
          // R/W/X the access needs must be set.
          if (any)
            verdict = all && ((priv == `RVMMU_PRIV_M && !lk) || ((need & ~perm) == 3'd0));
        end
      endfunction

      always_comb begin
        allow_o = 1'b1;
        if (valid_i) allow_o = verdict(cfg_i, addr_i, fw, lw, priv_i, need_i);
      end
    end
  endgenerate

  // 0 to 64 entries ("Up to 64 PMP entries are supported"); a bad count stops elaboration.
  generate
    if (ENTRIES < 0 || ENTRIES > 64 || GRAN < 0 || GRAN > AW - 1) begin : g_bad_params
      rvmmu_error_pmp_entries_0_to_64_and_gran_below_pa_w u_err ();
    end
  endgenerate
endmodule

`default_nettype wire
