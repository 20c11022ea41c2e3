// rvmmu_l2tlb -- second-level TLB: leaves of earlier walks, in block RAM.
//
// Behind the L1 TLBs, in front of the walker. Two stores, looked up at once:
// * level-0 leaves, 4 KiB pages and Svnapot 64 KiB pages: ENTRIES entries,
//   WAYS-way set associative, one block RAM per way (SETS = ENTRIES/WAYS
//   words), the set being the low SET_W bits of the VPN. A word holds the
//   valid bit, the tag (the VPN above the set index, satp.MODE, the ASID)
//   and the data (PPN, the PTE's flags D A G U X W R V, PBMT, the napot
//   bit). A Svnapot leaf is kept under the VPN of the walk that read it,
//   and answers that VPN only (the other 15 pages of its range walk and
//   fill their own sets): the answer is the leaf as the walk gave it.
//   Replacement: the first way the lookup read invalid, else one global
//   round-robin way counter.
// * superpages (level >= 1): SP_ENTRIES entries in flip-flops, fully
//   associative, each with its level (page mask from rvmmu_page_mask); the
//   first invalid slot, else round robin.
// An entry matches a key as in the L1 TLB (rvmmu_tlb): valid, the same
// satp.MODE, global or the same ASID, and the VPN equal above the page size.
//
// Timing. The RAMs' words are registered twice (rdata_q, then rdq2_q)
// before anything reads them: between a block RAM's output and a
// flip-flop sits only the fill's forwarding multiplexer (its selects from
// flip-flops), and the tag compare starts from flip-flops.
// Prefetch: in every cycle in which neither the sweep nor a lookup reads
// the RAMs, they read the set of pr_vpn_i (the VPN of the request a port
// may be accepting). Lookup: lk_valid_i in cycle S with the key, which is
// registered then (the compare reads that register; the caller holds the
// key until the answer anyway). If the RAMs read the key's set at the
// edge before S (a prefetch no fence or sweep wrote at that edge), those
// words go to rdq2_q at the edge ending S and the compare is in S+1: rs_*_o valid
// in S+2. Else the RAMs read the key's set at the edge ending S+1 and the
// compare is in S+3: rs_*_o valid in S+4. In the compare cycle the tags
// of the set and of the flip-flop entries are compared with the key and
// the answer registered; rs_*_o are valid for one cycle, from flip-flops.
// A flip-flop entry wins over the RAM, the lowest index or way first. A
// lookup may be issued in any cycle lk_ready_o is high and no lookup is in
// flight (S+1 to its answer's cycle).
// Fill: fl_valid_i for one cycle; registered, it is written at the next
// edge (dropped if a fence is taken then). A fill of the set in rdata_q,
// written at that set's read edge or the next, is forwarded into rdq2_q
// (the set as the RAM holds it after the fill). It overwrites the entry of the
// same kind that the previous lookup (the same key, by the caller's
// guarantee) matched, if any (no duplicates when the caller refused a hit
// and walked again), else the victim. No fill while a lookup is in flight
// (S to its answer), in a fence's cycle or during a sweep (the caller's
// guarantees).
// SFENCE.VMA (fc_valid_i && fc_ready_o), the covering rule of rvmmu_tlb:
// * rs1!=x0: at that edge the flip-flop entries holding the VA under the
//   ASID rule are dropped, and every way of the VA's set is written invalid
//   (more than the spec asks, which is legal). One cycle; fc_ready_o stays 1,
//   unless a Svnapot word may be held (nap_q: one was filled since the last
//   rs1=x0 rs2=x0 fence or reset): a Svnapot leaf that holds the VA may sit
//   in any of the 16 sets of the VA's 64 KiB range (all sets if fewer), so
//   they are swept from the next cycle like the ASID form below, the
//   write-back dropping the Svnapot words of that range under the ASID rule:
//   min(SETS,16)+2 cycles with fc_ready_o = lk_ready_o = 0.
// * rs1=x0: at that edge the flip-flop entries go (rs2=x0: all; else the
//   non-global ones of that ASID); the RAM is swept from the next cycle,
//   fc_ready_o = lk_ready_o = 0 meanwhile. rs2=x0 writes every set invalid:
//   SETS cycles. rs2!=x0 reads each set and writes it back two cycles later
//   (from rdq2_q) without that ASID's non-global entries: SETS+2 cycles.
// * reset (synchronous, rst_ni low): control state only; the RAM, which has
//   none, is swept invalid (SETS cycles) from the first cycle after reset.
// A fence taken before S is always seen by the lookup's answer, and so is
// a VA fence in S; any later one may or may not be (the request came
// first); the answer is always one whole entry.
// Read during write: the word a RAM reads at an edge that writes the same
// set is never used, so the RAMs are marked no_rw_check (no bypass in the
// RAM; the simulation returns the old word, the block RAM what it does): a
// fill's way is forwarded (above), and a prefetch whose set a VA fence or
// a sweep writes at the edge that reads it is not used (pr_ok_q: the lookup
// then reads its set itself). A lookup answers a miss
// (col_q: every way invalid, which the fence made true) when a VA fence
// writes its key's set in S, or when its own read in S+1 meets a VA fence
// on that set or a sweep; fills never write while a lookup is in flight
// but in S (the caller's guarantee, and the fill register), and the sweep's write-back writes the set it
// read two cycles before.
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_l2tlb #(
    parameter  bit RV64       = 1'b0,                       // 0: Sv32; 1: Sv39, Sv48 and Sv57
    parameter  int ENTRIES    = 512,                        // 4 KiB-page entries in block RAM (a power of two, 16 to 2048)
    parameter  int WAYS       = 4,                          // ways of the RAM (1, 2, 4 or 8)
    parameter  int SP_ENTRIES = 2,                          // superpage entries (levels >= 1) in flip-flops (1 to 16)
    // Derived (rtl/rvmmu_pkg.sv); not parameters.
    localparam int VPN_W      = rvmmu_pkg::vpn_w(RV64),     // virtual page number
    localparam int PPN_W      = rvmmu_pkg::ppn_w(RV64),     // physical page number
    localparam int ASID_W     = rvmmu_pkg::asid_w(RV64),    // satp.ASID
    localparam int SETS       = ENTRIES / WAYS,             // sets of the RAM (words per way)
    localparam int SET_W      = SETS > 1 ? $clog2(SETS) : 1,   // set index
    localparam int WAY_W      = WAYS > 1 ? $clog2(WAYS) : 1,   // way index
    localparam int SP_W       = SP_ENTRIES > 1 ? $clog2(SP_ENTRIES) : 1  // flip-flop entry index
) (
    input  logic              clk_i,
    input  logic              rst_ni,
    // lookup: in cycle S; the key is held through S+1
    input  logic              lk_valid_i,    // only when lk_ready_o
    output logic              lk_ready_o,    // no rs1=x0 sweep running
    input  logic [VPN_W-1:0]  lk_vpn_i,
    input  logic [3:0]        lk_mode_i,
    input  logic [ASID_W-1:0] lk_asid_i,
    // prefetch: the VPN of a request that may look up in the next cycle;
    // its set is read at this edge when nothing else reads the RAMs
    input  logic [VPN_W-1:0]  pr_vpn_i,
    // answer: in S+2 (prefetched) or S+4, for one cycle, from flip-flops
    output logic              rs_valid_o,
    output logic              rs_hit_o,
    output logic [PPN_W-1:0]  rs_ppn_o,
    output logic [2:0]        rs_level_o,
    output logic              rs_napot_o,
    output logic [7:0]        rs_flags_o,    // D A G U X W R V
    output logic [1:0]        rs_pbmt_o,
    // fill: one leaf, one cycle
    input  logic              fl_valid_i,
    input  logic [VPN_W-1:0]  fl_vpn_i,
    input  logic [3:0]        fl_mode_i,
    input  logic [ASID_W-1:0] fl_asid_i,
    input  logic [2:0]        fl_level_i,
    input  logic              fl_napot_i,
    input  logic [PPN_W-1:0]  fl_ppn_i,
    input  logic [7:0]        fl_flags_i,
    input  logic [1:0]        fl_pbmt_i,
    // SFENCE.VMA: applied at the edge where fc_valid_i && fc_ready_o
    input  logic              fc_valid_i,    // only when fc_ready_o
    output logic              fc_ready_o,
    input  logic              fc_rs1_x0_i,
    input  logic              fc_rs2_x0_i,
    input  logic [VPN_W-1:0]  fc_vpn_i,
    input  logic [ASID_W-1:0] fc_asid_i,
    output logic              mon_sweep_o    // a sweep runs (== !fc_ready_o == !lk_ready_o)
`ifdef FORMAL
    // Formal only, for the caller's proofs: a lookup is in flight (from
    // S+1 to its answer's cycle); the last lookup was answered, with no
    // lookup or fill since (a fill may come), and its key.
    , output logic              f_pend_o
    , output logic              f_answered_o
    , output logic [VPN_W-1:0]  f_key_vpn_o
    , output logic [3:0]        f_key_mode_o
    , output logic [ASID_W-1:0] f_key_asid_o
`endif
);
  localparam int TAG_W = VPN_W - SET_W;                          // VPN bits above the set index
  // A RAM word, from the top: valid, tag, mode, ASID, PPN, flags, PBMT, napot.
  localparam int W     = 1 + TAG_W + 4 + ASID_W + PPN_W + 8 + 2 + 1;
  localparam int O_NP  = 0;                                      // offsets of the fields in a word
  localparam int O_PB  = O_NP + 1;
  localparam int O_FL  = O_PB + 2;
  localparam int O_PPN = O_FL + 8;
  localparam int O_AS  = O_PPN + PPN_W;
  localparam int O_MD  = O_AS + ASID_W;
  localparam int O_TAG = O_MD + 4;
  localparam int O_V   = O_TAG + TAG_W;
  // The sets a VA fence sweeps when a Svnapot word may be held: those of the
  // VA's 64 KiB range (the 16 VPNs differ in bits 3:0), all if SETS < 16.
  localparam int NAP_SETS = SETS < 16 ? SETS : 16;
  localparam logic [SET_W-1:0] NAP_MASK = SET_W'(NAP_SETS - 1);
  // VPN bits above a Svnapot range (bits 3:0 select the page in it). (No
  // ~W'(x): Yosys 0.23 reads it as W'(x); see rtl/rvmmu_pmp.sv.)
  localparam logic [VPN_W-1:0] NAP_HI = {{(VPN_W - 4){1'b1}}, 4'b0000};

  // ---------------------------------------------------------------- fill register
  // A fill is registered (fw_*) and written at the next edge, so that no
  // path runs from the walk's end into the RAMs and the entries; it is
  // dropped when a fence is taken at that edge (dropping is always legal,
  // and the fence then needs no ordering against it).
  logic              fw_q, fw_valid, fw_ram, fw_sp;
  logic [VPN_W-1:0]  fw_vpn_q;
  logic [3:0]        fw_mode_q;
  logic [ASID_W-1:0] fw_asid_q;
  logic [2:0]        fw_level_q;
  logic              fw_napot_q;
  logic [PPN_W-1:0]  fw_ppn_q;
  logic [7:0]        fw_flags_q;
  logic [1:0]        fw_pbmt_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) fw_q <= 1'b0;
    else         fw_q <= fl_valid_i;
  end
  always_ff @(posedge clk_i) begin
    if (fl_valid_i) begin
      fw_vpn_q   <= fl_vpn_i;
      fw_mode_q  <= fl_mode_i;
      fw_asid_q  <= fl_asid_i;
      fw_level_q <= fl_level_i;
      fw_napot_q <= fl_napot_i;
      fw_ppn_q   <= fl_ppn_i;
      fw_flags_q <= fl_flags_i;
      fw_pbmt_q  <= fl_pbmt_i;
    end
  end

  // ---------------------------------------------------------------- sweep
  // sw_clr_q: writing set sw_ptr_q invalid (reset, rs1=x0 rs2=x0);
  // sw_rd_q: reading set sw_ptr_q; sw_wr1_q: its words registered again
  // (rdq2_q, so no path runs from a RAM's output to a RAM); sw_wr_q:
  // writing back set sw_wptr_q, read two cycles before,
  // without ASID sw_asid_q's non-global entries (rs1=x0 rs2!=x0), or with
  // sw_nap_q (a VA fence while nap_q) without the Svnapot words whose range
  // holds VPN sw_vpn_q, under the ASID rule (sw_rs2_q: every address space).
  logic              sw_clr_q, sw_rd_q, sw_wr1_q, sw_wr_q, sweep;
  logic [SET_W-1:0]  sw_ptr_q, sw_wptr1_q, sw_wptr_q;
  logic [ASID_W-1:0] sw_asid_q;
  logic [VPN_W-1:0]  sw_vpn_q;
  logic              sw_nap_q, sw_rs2_q, sw_end;
  logic              nap_q;      // a Svnapot word may be in the RAM
  logic              fc_go, fc_all, fc_nap;

  assign sweep       = sw_clr_q || sw_rd_q || sw_wr1_q || sw_wr_q;
  assign fc_ready_o  = !sweep;
  assign lk_ready_o  = !sweep;
  assign mon_sweep_o = sweep;
  assign fc_go       = fc_valid_i && !sweep;
  assign fc_all      = fc_go && fc_rs1_x0_i;
  assign fc_nap      = fc_go && !fc_rs1_x0_i && nap_q;
  assign fw_valid    = fw_q && !fc_go;   // (fill register above)
  assign fw_ram      = fw_valid && fw_level_q == 3'd0;
  // the last set swept (of every set, or of the VA's range)
  assign sw_end      = sw_nap_q ? ((sw_ptr_q & NAP_MASK) == NAP_MASK) : (sw_ptr_q == SET_W'(SETS - 1));

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sw_clr_q <= 1'b1;
      sw_rd_q  <= 1'b0;
      sw_wr1_q <= 1'b0;
      sw_wr_q  <= 1'b0;
      sw_ptr_q <= '0;
      sw_nap_q <= 1'b0;
      nap_q    <= 1'b0;
    end else begin
      sw_wr1_q <= sw_rd_q;
      sw_wr_q  <= sw_wr1_q;
      if (sw_clr_q || sw_rd_q) begin
        sw_ptr_q <= sw_ptr_q + 1'b1;
        if (sw_end) begin
          sw_clr_q <= 1'b0;
          sw_rd_q  <= 1'b0;
        end
      end else if (fc_all) begin
        sw_clr_q <= fc_rs2_x0_i;
        sw_rd_q  <= !fc_rs2_x0_i;
        sw_ptr_q <= '0;
        sw_nap_q <= 1'b0;
      end else if (fc_nap) begin
        sw_rd_q  <= 1'b1;
        sw_ptr_q <= fc_vpn_i[SET_W-1:0] & ~NAP_MASK;
        sw_nap_q <= 1'b1;
      end
      // every Svnapot word goes with an rs1=x0 rs2=x0 fence (no fill
      // during its sweep); a Svnapot fill may leave one
      if (fc_all && fc_rs2_x0_i) nap_q <= 1'b0;
      else if (fw_ram && fw_napot_q) nap_q <= 1'b1;
    end
  end
  always_ff @(posedge clk_i) begin
    sw_wptr1_q <= sw_ptr_q;
    sw_wptr_q  <= sw_wptr1_q;
    if (fc_all || fc_nap) begin
      sw_asid_q <= fc_asid_i;
      sw_vpn_q  <= fc_vpn_i;
      sw_rs2_q  <= fc_rs2_x0_i;
    end
  end

  // ---------------------------------------------------------------- RAM
`ifdef FORMAL
  `include "rvmmu_spec.vh"
  // A legal leaf, as the L1 TLB holds them (rvmmu_tlb's p_tlb_holds_legal):
  // V, R or X, no W without R, Svnapot at level 0 of an RV64 mode only, a
  // level the mode has.
  function automatic logic f_leaf_legal(input logic [7:0] f, input logic [2:0] lvl, input logic napot,
                                        input logic [3:0] mode);
    f_leaf_legal = f[0] && (f[1] || f[3]) && !(f[2] && !f[1]) && (!napot || (RV64 && lvl == 3'd0)) &&
                   (RV64 ? (fs_levels(mode) >= 3'd3 && lvl < fs_levels(mode)) : lvl <= 3'd1);
  endfunction
  logic [WAYS-1:0] f_way_legal;   // per way: its words and the word it read are legal leaves (below)
  logic            f_rd_use, f_r2_use;   // the words in rdata_q, rdq2_q may be used
  assign f_rd_use = (pr_ok_q && !sweep) || (wait_q && !col_q) || sw_wr1_q;
  assign f_r2_use = (cmp_q && !col_q) || sw_wr_q;
`ifdef RVMMU_L2TLB_FV
  // The formal model's tracked entry E and its state (declared here for the
  // per-way invariants below; the rest at the end of the module).
  logic [VPN_W-1:0]  f_e_vpn;
  logic [3:0]        f_e_mode;
  logic [ASID_W-1:0] f_e_asid;
  logic [2:0]        f_e_level;
  logic              f_e_napot;
  logic [PPN_W-1:0]  f_e_ppn;
  logic [7:0]        f_e_flags;
  logic [1:0]        f_e_pbmt;
  logic              f_e_ram;       // E is a 4 KiB page (kept in the RAM)
  logic              f_alive;       // E filled, no covering fence since
  logic              f_alive1;      // ... as it was in the cycle before
  logic              f_as_q;        // ... as it was in S of the last lookup
  logic [VPN_W-1:0]  f_k1_vpn;      // the key of the last lookup
  logic              f_ok;          // past the first cycle and out of reset
  logic              f_sw_drops_e;  // the running read-and-write-back sweep drops E's word
  logic [WAYS-1:0]   f_ram_words_ok, f_ram_read_ok, f_ram_wb_ok;   // per way (below)
`endif
`endif
  logic [WAYS*W-1:0] rdata_q;   // the words read at the last edge, way w at [w*W +: W]
  logic [WAYS*W-1:0] rdq2_q;    // ... one edge later: what the tag compare and the sweep's write-back read
  logic [SET_W-1:0]  raddr, waddr;
  logic [SET_W-1:0]  rset_q;    // the set read at the last edge
  // The lookup's key, registered in S: what the compare reads (beside the
  // RAMs' registered words, not across the design from the caller).
  logic [VPN_W-1:0]  k_vpn_q;
  logic [3:0]        k_mode_q;
  logic [ASID_W-1:0] k_asid_q;
  logic              pr_ok_q;   // ... was a prefetch, and no fence or sweep wrote that set at that edge
  logic              fast;      // the lookup in S uses the prefetch (read at the edge before S)
  logic              slow_q;    // a lookup's S+1 when it did not: its set is read at this edge
  logic              wait_q;    // ... its S+2 (its words in rdata_q)
  logic              cmp_q;     // a lookup's compare cycle (its words in rdq2_q): S+1 or S+3
  logic [WAYS-1:0]   we_v, we_d;              // write the valid bit, the other bits
  logic [W-1:0]      wdata;
  logic              wr_fill;
  logic [WAY_W-1:0]  fl_way;                  // the way a 4 KiB page's fill writes
  logic [W-2:0]      fw_word;                 // the fill's word below the valid bit
  // The sweep's write-back drops way w's word of set sw_wptr (wb_drop[w]):
  // (ASID form) a non-global word of ASID sw_asid_q; (VA form, sw_nap_q) a
  // Svnapot word whose 64 KiB range holds VPN sw_vpn_q, global or not if
  // sw_rs2_q, else non-global of ASID sw_asid_q.
  logic [WAYS-1:0]   wb_drop, wb_asid, wb_range;
  always_comb begin
    for (int w = 0; w < WAYS; w++) begin
      wb_asid[w]  = !rdq2_q[w*W + O_FL + 5] && rdq2_q[w*W + O_AS +: ASID_W] == sw_asid_q;
      wb_range[w] = rdq2_q[w*W + O_NP] &&
                    (({rdq2_q[w*W + O_TAG +: TAG_W], sw_wptr_q} ^ sw_vpn_q) & NAP_HI) == '0;
      wb_drop[w]  = sw_nap_q ? (wb_range[w] && (sw_rs2_q || wb_asid[w])) : wb_asid[w];
    end
  end
  logic              col_q;                   // the lookup answers a miss (a write met its set, below)

  assign fw_word = {fw_vpn_q[VPN_W-1:SET_W], fw_mode_q, fw_asid_q, fw_ppn_q, fw_flags_q, fw_pbmt_q, fw_napot_q};
  // The read port: the sweep, else a lookup that could not use the
  // prefetch, else the prefetch (every other cycle): no path from the
  // lookup's request to the RAMs' address.
  assign raddr   = sw_rd_q ? sw_ptr_q : slow_q ? k_vpn_q[SET_W-1:0] : pr_vpn_i[SET_W-1:0];
  assign fast    = pr_ok_q && rset_q == lk_vpn_i[SET_W-1:0];
  logic unused_pr;
  assign unused_pr = ^pr_vpn_i[VPN_W-1:SET_W];   // the set is all a prefetch needs

  // The write port of every way: the sweep, else a VA fence (the VA's set,
  // invalid), else a fill (its way). Bit enables: the valid bit for every
  // write (set by a fill; cleared by the clearing sweep, a VA fence, and
  // for the words it drops the ASID sweep's write-back), the other bits by
  // a fill only; so the data written is the fill's word whatever the write
  // (no multiplexer before the RAMs; the bits of an invalid word mean nothing).
  assign wr_fill = !sw_clr_q && !sw_wr_q && fw_ram;
  // Forwarding, beside rdq2_q: a fill of the set in rdata_q, written at
  // this edge or at the edge that read it (lf_q: the RAM's word of its way
  // then is not defined), sets fx_q with the way it wrote: the compare
  // masks that way and compares the fill's word instead, which the fill
  // register still holds (no fill comes until the lookup's answer): one
  // candidate more, not a multiplexer on every way's word.
  logic              lf_q, fx_q, fx_now;
  logic [WAY_W-1:0]  lf_way_q, fx_way_q;
  assign fx_now = wr_fill && fw_vpn_q[SET_W-1:0] == rset_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      lf_q <= 1'b0;
      fx_q <= 1'b0;
    end else begin
      lf_q <= wr_fill;
      fx_q <= fx_now || (lf_q && fw_vpn_q[SET_W-1:0] == rset_q);
    end
    lf_way_q <= fl_way;
    fx_way_q <= fx_now ? fl_way : lf_way_q;
  end
  assign wdata   = {wr_fill, fw_word};
  always_comb begin
    we_v  = '0;
    we_d  = '0;
    waddr = fw_vpn_q[SET_W-1:0];
    if (sw_clr_q) begin
      we_v  = '1;
      waddr = sw_ptr_q;
    end else if (sw_wr_q) begin
      we_v  = wb_drop;
      waddr = sw_wptr_q;
    end else if (fc_go && !fc_rs1_x0_i) begin
      we_v  = '1;
      waddr = fc_vpn_i[SET_W-1:0];
    end else if (fw_ram) begin
      for (int w = 0; w < WAYS; w++)
        if (fl_way == WAY_W'(w)) begin
          we_v[w] = 1'b1;
          we_d[w] = 1'b1;
        end
    end
  end

  genvar gw;
  generate
    for (gw = 0; gw < WAYS; gw = gw + 1) begin : g_way
      (* no_rw_check *)
      logic [W-1:0] mem [SETS];
      // One write port with bit enables, one registered read port (a
      // collision's word unused).
      always_ff @(posedge clk_i) begin
        if (we_v[gw]) mem[waddr][O_V] <= wdata[O_V];
        if (we_d[gw]) mem[waddr][O_V-1:0] <= wdata[O_V-1:0];
        rdata_q[gw*W +: W] <= mem[raddr];
        rdq2_q[gw*W +: W]  <= rdata_q[gw*W +: W];
      end
`ifdef FORMAL
      // Only legal leaves are held: every valid word (but those a reset's
      // sweep has still to clear), and the words read when they may be
      // used (a lookup's, or the sweep's write-back), in rdata_q and rdq2_q.
      logic [SETS-1:0] f_word_legal;
      logic [W-1:0]    f_rw, f_r2;
      assign f_rw = rdata_q[gw*W +: W];
      assign f_r2 = rdq2_q[gw*W +: W];
      always @* begin
        for (int s = 0; s < SETS; s++)
          f_word_legal[s] = !mem[s][O_V] || (sw_clr_q && SET_W'(s) >= sw_ptr_q) ||
                            (f_leaf_legal(mem[s][O_FL +: 8], 3'd0, mem[s][O_NP], mem[s][O_MD +: 4]) &&
                             (!mem[s][O_NP] || nap_q));   // a Svnapot word: nap_q says so
      end
      assign f_way_legal[gw] = &f_word_legal &&
          (!f_rw[O_V] || !f_rd_use || f_leaf_legal(f_rw[O_FL +: 8], 3'd0, f_rw[O_NP], f_rw[O_MD +: 4])) &&
          (!f_r2[O_V] || !f_r2_use || f_leaf_legal(f_r2[O_FL +: 8], 3'd0, f_r2[O_NP], f_r2[O_MD +: 4]));
`ifdef RVMMU_L2TLB_FV
      // Every word holding E's PPN is E (in E's set, with E's tag and
      // fields), and E is alive or a running sweep will still drop it; a
      // write-back of the sweep holds the word it read.
      // a word with E's tag (of E's set) and fields
`define F_WORD_E(x) (x[O_TAG +: TAG_W] == f_e_vpn[VPN_W-1:SET_W] && x[O_MD +: 4] == f_e_mode && \
                     x[O_AS +: ASID_W] == f_e_asid && x[O_FL +: 8] == f_e_flags && x[O_PB +: 2] == f_e_pbmt && \
                     x[O_NP] == f_e_napot)
      logic [SETS-1:0] f_word_ok;
      logic [W-1:0]    f_rd, f_rd2;
      logic            f_rd_ok, f_wb_ok;
      assign f_rd  = rdata_q[gw*W +: W];
      assign f_rd2 = rdq2_q[gw*W +: W];
      always @* begin
        for (int s = 0; s < SETS; s++)
          f_word_ok[s] = !(mem[s][O_V] && mem[s][O_PPN +: PPN_W] == f_e_ppn) ||
                         (sw_clr_q && SET_W'(s) >= sw_ptr_q) ||   // any word (reset): still to be cleared
                         (f_e_ram && SET_W'(s) == f_e_vpn[SET_W-1:0] && mem[s][O_TAG +: TAG_W] == f_e_vpn[VPN_W-1:SET_W] &&
                          mem[s][O_MD +: 4] == f_e_mode && mem[s][O_AS +: ASID_W] == f_e_asid &&
                          mem[s][O_FL +: 8] == f_e_flags && mem[s][O_PB +: 2] == f_e_pbmt &&
                          mem[s][O_NP] == f_e_napot &&
                          (f_alive ||
                           (((sw_rd_q && SET_W'(s) >= sw_ptr_q) || (sw_wr1_q && SET_W'(s) == sw_wptr1_q) ||
                             (sw_wr_q && SET_W'(s) == sw_wptr_q)) &&
                            f_sw_drops_e)));
        // A word a lookup may use that holds E's PPN is E, of the set read:
        // a prefetch, E alive now (no sweep runs); a lookup's own read (in
        // its S+2), E alive at that read and the set the key's; in the
        // compare cycle, E alive in S and the set the key's.
        f_rd_ok = (!(pr_ok_q && !sweep && f_rd[O_V] && f_rd[O_PPN +: PPN_W] == f_e_ppn) ||
                   (f_e_ram && rset_q == f_e_vpn[SET_W-1:0] && `F_WORD_E(f_rd) && f_alive)) &&
                  (!(wait_q && !col_q && f_rd[O_V] && f_rd[O_PPN +: PPN_W] == f_e_ppn) ||
                   (f_e_ram && f_k1_vpn[SET_W-1:0] == f_e_vpn[SET_W-1:0] && `F_WORD_E(f_rd) && f_alive1)) &&
                  (!(cmp_q && !col_q && f_rd2[O_V] && f_rd2[O_PPN +: PPN_W] == f_e_ppn) ||
                   (f_e_ram && f_k1_vpn[SET_W-1:0] == f_e_vpn[SET_W-1:0] && `F_WORD_E(f_rd2) && f_as_q));
        f_wb_ok = (!sw_wr1_q || f_rd == mem[sw_wptr1_q]) && (!sw_wr_q || f_rd2 == mem[sw_wptr_q]);
`undef F_WORD_E
      end
      assign f_ram_words_ok[gw] = &f_word_ok;
      assign f_ram_read_ok[gw]  = f_rd_ok;
      assign f_ram_wb_ok[gw]    = f_wb_ok;
`endif
`endif
    end
  endgenerate

  // ---------------------------------------------------------------- flip-flop entries
  logic [SP_ENTRIES-1:0]        sp_valid_q;
  logic [SP_ENTRIES*VPN_W-1:0]  sp_vpn;
  logic [SP_ENTRIES*3-1:0]      sp_level;
  logic [SP_ENTRIES-1:0]        sp_napot;
  logic [SP_ENTRIES*4-1:0]      sp_mode;
  logic [SP_ENTRIES*ASID_W-1:0] sp_asid;
  logic [SP_ENTRIES*PPN_W-1:0]  sp_ppn;
  logic [SP_ENTRIES*8-1:0]      sp_flags;
  logic [SP_ENTRIES*2-1:0]      sp_pbmt;
  logic [SP_ENTRIES*VPN_W-1:0]  sp_low;      // page mask: VPN bits inside the page
  logic [SP_ENTRIES-1:0]        sp_hit, sp_cov;
  logic [SP_W-1:0]              sp_rr_q;
  logic [SP_ENTRIES-1:0]        sp_sel;      // the entry a fill writes (one-hot)

  genvar gs;
  generate
    for (gs = 0; gs < SP_ENTRIES; gs = gs + 1) begin : g_sp
      rvmmu_page_mask #(.RV64(RV64), .W(VPN_W)) u_mask (
          .level_i(sp_level[gs*3 +: 3]), .napot_i(sp_napot[gs]), .low_o(sp_low[gs*VPN_W +: VPN_W])
      );
    end
  endgenerate

  assign fw_sp = fw_valid && fw_level_q != 3'd0;

  always_comb begin
    for (int i = 0; i < SP_ENTRIES; i++) begin
      // the lookup's compare (in its compare cycle, against the registered key)
      sp_hit[i] = sp_valid_q[i] && sp_mode[i*4 +: 4] == k_mode_q &&
                  (sp_flags[i*8 + 5] || sp_asid[i*ASID_W +: ASID_W] == k_asid_q) &&
                  ((sp_vpn[i*VPN_W +: VPN_W] ^ k_vpn_q) & ~sp_low[i*VPN_W +: VPN_W]) == '0;
      // SFENCE.VMA: rs1=x0 every page, else the page holding the VA;
      // rs2=x0 every address space, else that ASID's non-global entries
      sp_cov[i] = (fc_rs1_x0_i || ((sp_vpn[i*VPN_W +: VPN_W] ^ fc_vpn_i) & ~sp_low[i*VPN_W +: VPN_W]) == '0) &&
                  (fc_rs2_x0_i || (!sp_flags[i*8 + 5] && sp_asid[i*ASID_W +: ASID_W] == fc_asid_i));
    end
  end

  // ---------------------------------------------------------------- lookup pipeline
  logic [WAYS-1:0]   way_hit, way_valid;         // S+1: per way of the read set
  logic [WAYS-1:0]   ram_match_q, ram_valid_q;   // ... registered for the next fill
  logic [SP_ENTRIES-1:0] sp_match_q;             // S+1's flip-flop matches, for the next fill
  logic              hit_d;
  logic [PPN_W-1:0]  ppn_d;
  logic [2:0]        level_d;
  logic              napot_d;
  logic [7:0]        flags_d;
  logic [1:0]        pbmt_d;

  logic fx_valid, fx_hit;   // the forwarded fill (fx_*), in its way's place
  assign fx_valid = fx_q && !col_q;
  assign fx_hit   = fx_valid && fw_vpn_q[VPN_W-1:SET_W] == k_vpn_q[VPN_W-1:SET_W] && fw_mode_q == k_mode_q &&
                    (fw_flags_q[5] || fw_asid_q == k_asid_q);
  always_comb begin
    for (int w = 0; w < WAYS; w++) begin
      way_valid[w] = rdq2_q[w*W + O_V] && !col_q && !(fx_q && fx_way_q == WAY_W'(w));
      way_hit[w]   = way_valid[w] && rdq2_q[w*W + O_TAG +: TAG_W] == k_vpn_q[VPN_W-1:SET_W] &&
                     rdq2_q[w*W + O_MD +: 4] == k_mode_q &&
                     (rdq2_q[w*W + O_FL + 5] || rdq2_q[w*W + O_AS +: ASID_W] == k_asid_q);
    end
  end

  // The answer: the lowest flip-flop entry that hits, else the lowest way
  // (loops from the top, so the last assignment is the lowest).
  always_comb begin
    hit_d   = 1'b0;
    ppn_d   = '0;
    level_d = '0;
    napot_d = 1'b0;
    flags_d = '0;
    pbmt_d  = '0;
    if (fx_hit) begin
      hit_d   = 1'b1;
      ppn_d   = fw_ppn_q;
      napot_d = fw_napot_q;
      flags_d = fw_flags_q;
      pbmt_d  = fw_pbmt_q;
    end
    for (int w = WAYS - 1; w >= 0; w--)
      if (way_hit[w]) begin
        hit_d   = 1'b1;
        ppn_d   = rdq2_q[w*W + O_PPN +: PPN_W];
        level_d = 3'd0;
        napot_d = rdq2_q[w*W + O_NP];
        flags_d = rdq2_q[w*W + O_FL +: 8];
        pbmt_d  = rdq2_q[w*W + O_PB +: 2];
      end
    for (int i = SP_ENTRIES - 1; i >= 0; i--)
      if (sp_hit[i]) begin
        hit_d   = 1'b1;
        ppn_d   = sp_ppn[i*PPN_W +: PPN_W];
        level_d = sp_level[i*3 +: 3];
        napot_d = sp_napot[i];
        flags_d = sp_flags[i*8 +: 8];
        pbmt_d  = sp_pbmt[i*2 +: 2];
      end
  end

  // The lookup's steps: prefetched (S, then the compare in S+1), else its
  // own read in S+1 (S+2 waits for the word, the compare in S+3). It
  // answers a miss (col_q) when a VA fence writes the key's set in S, or
  // a write or a sweep meets its own read: so a fence taken before or with
  // S is always seen.
  // (the caller's key in S, the registered one after: no multiplexer
  // after lk_valid_i, which comes late, from the L1 TLBs' lookups)
  logic fc_va_lk, fc_va_key;
  assign fc_va_lk  = fc_go && !fc_rs1_x0_i && fc_vpn_i[SET_W-1:0] == lk_vpn_i[SET_W-1:0];
  assign fc_va_key = fc_go && !fc_rs1_x0_i && fc_vpn_i[SET_W-1:0] == k_vpn_q[SET_W-1:0];
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      pr_ok_q    <= 1'b0;
      slow_q     <= 1'b0;
      wait_q     <= 1'b0;
      cmp_q      <= 1'b0;
      col_q      <= 1'b0;
      rs_valid_o <= 1'b0;
    end else begin
      pr_ok_q    <= !sw_rd_q && !slow_q && !(|we_v && !wr_fill && waddr == raddr);   // (a fill is forwarded)
      slow_q     <= lk_valid_i && !fast;
      wait_q     <= slow_q;
      cmp_q      <= (lk_valid_i && fast) || wait_q;
      rs_valid_o <= cmp_q;
      // (loaded whatever the lookup, so that lk_valid_i, which comes late
      // from the L1 TLBs' lookups, does not select it)
      if (slow_q)       col_q <= col_q || sweep || fc_va_key;
      else if (!wait_q) col_q <= fc_va_lk;
    end
  end
  always_ff @(posedge clk_i) begin
    rset_q <= raddr;
    // (loaded in every cycle no lookup is in flight, so that lk_valid_i
    // is not its enable)
    if (!(slow_q || wait_q || cmp_q || rs_valid_o)) begin
      k_vpn_q  <= lk_vpn_i;
      k_mode_q <= lk_mode_i;
      k_asid_q <= lk_asid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (cmp_q) begin
      rs_hit_o    <= hit_d;
      rs_ppn_o    <= ppn_d;
      rs_level_o  <= level_d;
      rs_napot_o  <= napot_d;
      rs_flags_o  <= flags_d;
      rs_pbmt_o   <= pbmt_d;
      for (int w = 0; w < WAYS; w++) begin
        ram_match_q[w] <= way_hit[w] || (fx_hit && fx_way_q == WAY_W'(w));
        ram_valid_q[w] <= way_valid[w] || (fx_valid && fx_way_q == WAY_W'(w));
      end
      sp_match_q  <= sp_hit;
    end else begin
      // a fill makes the slot it writes the key's (a second fill of the
      // same key goes to the same place)
      if (fw_ram)
        for (int w = 0; w < WAYS; w++)
          if (fl_way == WAY_W'(w)) begin
            ram_match_q[w] <= 1'b1;
            ram_valid_q[w] <= 1'b1;
          end
      if (fw_sp)
        for (int i = 0; i < SP_ENTRIES; i++)
          if (sp_sel[i]) sp_match_q[i] <= 1'b1;
    end
  end

  // ---------------------------------------------------------------- fill placement
  // RAM: the way the last lookup matched, else the first it read invalid,
  // else the round-robin way.
  logic [WAY_W-1:0] ram_rr_q;
  always_comb begin
    fl_way = ram_rr_q;
    for (int w = WAYS - 1; w >= 0; w--)
      if (!ram_valid_q[w]) fl_way = WAY_W'(w);
    for (int w = WAYS - 1; w >= 0; w--)
      if (ram_match_q[w]) fl_way = WAY_W'(w);
  end

  // Flip-flops: the entry of the same size the last lookup matched, else
  // the first invalid, else the round-robin slot; one-hot (a decoded index
  // was a carry chain on the ECP5).
  logic                  sp_free, sp_same, sp_found;
  logic [SP_ENTRIES-1:0] sp_same_v;
  always_comb begin
    for (int i = 0; i < SP_ENTRIES; i++)
      sp_same_v[i] = sp_match_q[i] && sp_level[i*3 +: 3] == fw_level_q && sp_napot[i] == fw_napot_q;
    sp_same  = |sp_same_v;
    sp_free  = !(&sp_valid_q);
    sp_sel   = '0;
    sp_found = 1'b0;
    for (int i = 0; i < SP_ENTRIES; i++) begin
      if (sp_same ? sp_same_v[i] : sp_free ? !sp_valid_q[i] : sp_rr_q == SP_W'(i))
        sp_sel[i] = !sp_found;
      if (sp_same ? sp_same_v[i] : sp_free ? !sp_valid_q[i] : sp_rr_q == SP_W'(i))
        sp_found = 1'b1;
    end
  end

  // (constant part-selects: a variable one would be a shifter per field)
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < SP_ENTRIES; i++)
      if (fw_sp && sp_sel[i]) begin
        sp_vpn[i*VPN_W +: VPN_W]    <= fw_vpn_q;
        sp_level[i*3 +: 3]          <= fw_level_q;
        sp_napot[i]                 <= fw_napot_q;
        sp_mode[i*4 +: 4]           <= fw_mode_q;
        sp_asid[i*ASID_W +: ASID_W] <= fw_asid_q;
        sp_ppn[i*PPN_W +: PPN_W]    <= fw_ppn_q;
        sp_flags[i*8 +: 8]          <= fw_flags_q;
        sp_pbmt[i*2 +: 2]           <= fw_pbmt_q;
      end
  end

  // Control: valid bits (the fence, then the fill: never both in one
  // cycle) and the round-robin pointers.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      sp_valid_q <= '0;
      sp_rr_q    <= '0;
      ram_rr_q   <= '0;
    end else begin
      if (fc_go)
        for (int i = 0; i < SP_ENTRIES; i++)
          if (sp_cov[i]) sp_valid_q[i] <= 1'b0;
      if (fw_sp) begin
        for (int i = 0; i < SP_ENTRIES; i++)
          if (sp_sel[i]) sp_valid_q[i] <= 1'b1;
        if (!sp_free && !sp_same) sp_rr_q <= (sp_rr_q == SP_W'(SP_ENTRIES - 1)) ? '0 : sp_rr_q + 1'b1;
      end
      if (fw_ram && !(|ram_match_q) && (&ram_valid_q))
        ram_rr_q <= (ram_rr_q == WAY_W'(WAYS - 1)) ? '0 : ram_rr_q + 1'b1;
    end
  end

`ifdef FORMAL
  // ================================================================ formal properties
  // Proven alone by formal/run.sh, jobs l2tlb32 and l2tlb64 (--all), which
  // define RVMMU_L2TLB_FV: the caller's guarantees are then assumptions
  // and one solver-chosen entry E is tracked. Without it (the module inside
  // rvmmu's proofs) the caller's guarantees are asserted instead.
`ifdef RVMMU_L2TLB_FV
`define L2_ENV assume
`else
`define L2_ENV assert
`endif
  reg f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  // A lookup in flight (from S+1 to its answer's cycle) and its age (1 in
  // S+1); the key of the last one (held until its answer); the last lookup
  // answered at least one cycle ago, with no lookup or fill since.
  logic f_pend_q, f_fill_ok;
  logic [2:0]        f_age;
  logic [VPN_W-1:0]  f_kv1;
  logic [3:0]        f_km1;
  logic [ASID_W-1:0] f_ka1;
  assign f_kv1 = k_vpn_q;   // (the key register, loaded with each lookup)
  assign f_km1 = k_mode_q;
  assign f_ka1 = k_asid_q;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      f_pend_q  <= 1'b0;
      f_age     <= '0;
      f_fill_ok <= 1'b0;
    end else begin
      if (lk_valid_i) begin
        f_pend_q <= 1'b1;
        f_age    <= 3'd1;
      end else if (rs_valid_o) f_pend_q <= 1'b0;
      else if (f_pend_q && f_age != 3'd7) f_age <= f_age + 3'd1;
      if (lk_valid_i) f_fill_ok <= 1'b0;
      else if (rs_valid_o) f_fill_ok <= 1'b1;
      else if (fl_valid_i) f_fill_ok <= 1'b0;
    end
  end
  assign f_pend_o     = f_pend_q;
  assign f_answered_o = f_fill_ok && !f_pend_q;
  assign f_key_vpn_o  = f_kv1;
  assign f_key_mode_o = f_km1;
  assign f_key_asid_o = f_ka1;

  logic [SP_ENTRIES-1:0] f_sp_legal;
  always @* begin
    for (int i = 0; i < SP_ENTRIES; i++)
      f_sp_legal[i] = !sp_valid_q[i] || f_leaf_legal(sp_flags[i*8 +: 8], sp_level[i*3 +: 3], sp_napot[i], sp_mode[i*4 +: 4]);
  end

  // The first set the running sweep read (of every set, or the VA's range).
  logic [SET_W-1:0] sw_base;
  assign sw_base = sw_nap_q ? (sw_vpn_q[SET_W-1:0] & ~NAP_MASK) : '0;

  // Consecutive cycles of a sweep before this one.
  logic [SET_W+1:0] f_busy;
  always @(posedge clk_i) begin
    if (!rst_ni) f_busy <= '0;
    else if (sweep && f_busy != '1) f_busy <= f_busy + 1'b1;
    else if (!sweep) f_busy <= '0;
  end

  // ---- the caller's guarantees
  always @* begin
    if (f_past_valid) begin
      if (!rst_ni) p_l2_env_reset: `L2_ENV(!lk_valid_i && !fl_valid_i && !fc_valid_i);
      p_l2_env_lookup_ready: `L2_ENV(!lk_valid_i || lk_ready_o);
      p_l2_env_fence_ready: `L2_ENV(!fc_valid_i || fc_ready_o);
      // one lookup at a time; its key held until its answer (inside rvmmu:
      // the context of the walk), so the answer is of the key the caller sees
      if (f_pend_q) p_l2_env_one_lookup: `L2_ENV(!lk_valid_i);
      if (f_pend_q) p_l2_env_key_held: `L2_ENV(lk_vpn_i == f_kv1 && lk_mode_i == f_km1 && lk_asid_i == f_ka1);
      // a fill: a legal leaf (the walker's, rvmmu_ptw's p_ptw_leaf_legal)
      if (fl_valid_i) p_l2_env_fill_legal: `L2_ENV(f_leaf_legal(fl_flags_i, fl_level_i, fl_napot_i, fl_mode_i));
      // a fill: of the last lookup's key, after its answer, none in between
      if (fl_valid_i) p_l2_env_fill: `L2_ENV(f_fill_ok && !lk_valid_i && !f_pend_q && !fc_valid_i && fc_ready_o &&
                              fl_vpn_i == f_kv1 && fl_mode_i == f_km1 && fl_asid_i == f_ka1);
    end
  end

  always @* begin
    if (f_past_valid && rst_ni) begin
      // ---- exactly one answer per lookup: 2 cycles after it (prefetched)
      // or 4 (its own read), nothing in between
      p_l2_answer: assert((!rs_valid_o || f_pend_q) && (!f_pend_q || f_age <= 3'd4));
      // ---- sweeps end: fc_ready_o is low for at most SETS+2 cycles
      p_l2_sweep_ends: assert(!sweep || f_busy <= (SET_W+2)'(SETS) + 1'b1);
      // ---- helpers: the lookup's steps
      h_l2_steps: assert(f_pend_q == (slow_q || wait_q || cmp_q || rs_valid_o) &&
                         32'(slow_q) + 32'(wait_q) + 32'(cmp_q) + 32'(rs_valid_o) <= 1 &&
                         (!slow_q || f_age == 3'd1) && (!wait_q || f_age == 3'd2) &&
                         (!cmp_q || f_age == 3'd1 || f_age == 3'd3) &&
                         (!rs_valid_o || f_age == 3'd2 || f_age == 3'd4) &&
                         (!wait_q || col_q || rset_q == f_kv1[SET_W-1:0]));
      // ---- helpers: the sweep's state (N sets read: N+2 cycles, the
      // write-back two behind the read)
      h_l2_sweep_one: assert(!(sw_clr_q && (sw_rd_q || sw_wr1_q || sw_wr_q)));
      h_l2_sweep_rd:  assert(!sw_rd_q || (sw_wr1_q == (sw_ptr_q != sw_base) &&
                                          sw_wr_q == (f_busy >= (SET_W+2)'(2)) &&
                                          (!sw_wr1_q || sw_wptr1_q == SET_W'(sw_ptr_q - 1'b1)) &&
                                          (!sw_wr_q || sw_wptr_q == SET_W'(sw_ptr_q - 2'd2)) &&
                                          f_busy == (SET_W+2)'(SET_W'(sw_ptr_q - sw_base)) &&
                                          (!sw_nap_q || SET_W'(sw_ptr_q - sw_base) <= NAP_MASK)));
      h_l2_sweep_wr1: assert(!sw_wr1_q || sw_rd_q ||
                             (SET_W'(sw_ptr_q - sw_base) == SET_W'(sw_nap_q ? NAP_SETS : SETS) &&
                              f_busy == (SET_W+2)'(sw_nap_q ? NAP_SETS : SETS) && sw_wr_q &&
                              sw_wptr1_q == SET_W'(sw_ptr_q - 1'b1) && sw_wptr_q == SET_W'(sw_ptr_q - 2'd2)));
      h_l2_sweep_wr:  assert(!sw_wr_q || sw_rd_q || sw_wr1_q ||
                             (SET_W'(sw_ptr_q - sw_base) == SET_W'(sw_nap_q ? NAP_SETS : SETS) &&
                              f_busy == (SET_W+2)'(sw_nap_q ? NAP_SETS : SETS) + 1'b1 &&
                              sw_wptr_q == SET_W'(sw_ptr_q - 1'b1)));
      h_l2_sweep_clr: assert(!sw_clr_q || (f_busy == (SET_W+2)'(sw_ptr_q) && !sw_nap_q));
      // ---- helpers: a registered fill is written in the cycle after the
      // caller's, in which no sweep and no lookup runs
      h_l2_fill_reg:  assert(!fw_q || (!sweep && !f_pend_q));
      // ---- only legal leaves are held (the L1 TLB's rule)
      h_l2_legal:     assert(&f_way_legal && &f_sp_legal &&
                             (!(fw_q || lf_q || fx_q) || f_leaf_legal(fw_flags_q, fw_level_q, fw_napot_q, fw_mode_q)) &&
                             (!(lf_q || fx_q) || fw_level_q == 3'd0) &&
                             (!rs_valid_o || !rs_hit_o || f_leaf_legal(rs_flags_o, rs_level_o, rs_napot_o, f_km1)));
    end
  end

`ifdef RVMMU_L2TLB_FV
  // ---- the tracked entry E: solver-chosen, constant after the first
  // cycle; any fill with E's PPN is E (so an answer with E's PPN is E).
  (* anyseq *) logic [VPN_W-1:0]  f_any_vpn;
  (* anyseq *) logic [3:0]        f_any_mode;
  (* anyseq *) logic [ASID_W-1:0] f_any_asid;
  (* anyseq *) logic [2:0]        f_any_level;
  (* anyseq *) logic              f_any_napot;
  (* anyseq *) logic [PPN_W-1:0]  f_any_ppn;
  (* anyseq *) logic [7:0]        f_any_flags;
  (* anyseq *) logic [1:0]        f_any_pbmt;
  always @(posedge clk_i) begin
    if (!f_past_valid) begin
      f_e_vpn   <= f_any_vpn;
      f_e_mode  <= f_any_mode;
      f_e_asid  <= f_any_asid;
      f_e_level <= f_any_level;
      f_e_napot <= f_any_napot;
      f_e_ppn   <= f_any_ppn;
      f_e_flags <= f_any_flags;
      f_e_pbmt  <= f_any_pbmt;
    end
  end
  assign f_ok    = f_past_valid && rst_ni;
  assign f_e_ram = f_e_level == 3'd0;   // 4 KiB and Svnapot pages
  assign f_sw_drops_e = sw_nap_q ? (f_e_napot && ((f_e_vpn ^ sw_vpn_q) & NAP_HI) == '0 &&
                                    (sw_rs2_q || (!f_e_flags[5] && f_e_asid == sw_asid_q)))
                                 : (!f_e_flags[5] && f_e_asid == sw_asid_q);
  logic [VPN_W-1:0] f_e_low;
  rvmmu_page_mask #(.RV64(RV64), .W(VPN_W)) u_f_mask (.level_i(f_e_level), .napot_i(f_e_napot), .low_o(f_e_low));
  logic f_e_fill, f_e_cov;
  assign f_e_fill = fl_valid_i && fl_ppn_i == f_e_ppn;
  // reset in the first cycle only
  always @* assume(rst_ni == f_past_valid);
  always @* begin
    if (f_past_valid && f_e_fill)
      assume(fl_vpn_i == f_e_vpn && fl_mode_i == f_e_mode && fl_asid_i == f_e_asid && fl_level_i == f_e_level &&
             fl_napot_i == f_e_napot && fl_flags_i == f_e_flags && fl_pbmt_i == f_e_pbmt);
  end
  // SFENCE.VMA covering E (the spec's rule, formal/rvmmu_spec.vh fs_flush_covers)
  assign f_e_cov = (fc_rs1_x0_i || ((f_e_vpn ^ fc_vpn_i) & ~f_e_low) == '0) &&
                   (fc_rs2_x0_i || (!f_e_flags[5] && f_e_asid == fc_asid_i));
  always @(posedge clk_i) begin
    if (!rst_ni) f_alive <= 1'b0;
    else if (f_e_fill) f_alive <= 1'b1;
    else if (fc_valid_i && fc_ready_o && f_e_cov) f_alive <= 1'b0;
    f_alive1 <= f_alive;
    if (lk_valid_i) f_as_q <= f_alive;
  end
  assign f_k1_vpn = f_kv1;
  logic f_unused;
  assign f_unused = ^f_k1_vpn[VPN_W-1:SET_W];

  // the answer's key (that of S) matches E
  logic f_key_e;
  assign f_key_e = f_km1 == f_e_mode && (f_e_flags[5] || f_ka1 == f_e_asid) && ((f_kv1 ^ f_e_vpn) & ~f_e_low) == '0;
  // every flip-flop entry with E's PPN is E, and E is alive
  logic [SP_ENTRIES-1:0] f_sp_ok;
  always @* begin
    for (int i = 0; i < SP_ENTRIES; i++)
      f_sp_ok[i] = !(sp_valid_q[i] && sp_ppn[i*PPN_W +: PPN_W] == f_e_ppn) ||
                   (!f_e_ram && f_alive && sp_vpn[i*VPN_W +: VPN_W] == f_e_vpn && sp_level[i*3 +: 3] == f_e_level &&
                    sp_napot[i] == f_e_napot && sp_mode[i*4 +: 4] == f_e_mode && sp_asid[i*ASID_W +: ASID_W] == f_e_asid &&
                    sp_flags[i*8 +: 8] == f_e_flags && sp_pbmt[i*2 +: 2] == f_e_pbmt);
  end

  always @* begin
    if (f_ok) begin
      if (rs_valid_o && rs_hit_o && rs_ppn_o == f_e_ppn) begin
        // ---- no hit from a fill that a fence covered before S
        p_l2_no_hit_after_fence: assert(f_as_q);
        // ---- a hit is one whole entry, filled with a key that matches the lookup's
        p_l2_hit_entry: assert(f_key_e && rs_level_o == f_e_level && rs_napot_o == f_e_napot &&
                               rs_flags_o == f_e_flags && rs_pbmt_o == f_e_pbmt);
      end
      h_l2_sp:        assert(&f_sp_ok);
      // the forwarded fill, in a compare: of a lookup that used the
      // prefetch; if E, E as filled, of the key's set, alive in S
      h_l2_fwd:       assert(!(cmp_q && fx_q) || f_age == 3'd1);
      h_l2_fwd_e:     assert(!(cmp_q && !col_q && fx_q && fw_ppn_q == f_e_ppn) ||
                             (f_as_q && f_e_ram && f_kv1[SET_W-1:0] == f_e_vpn[SET_W-1:0]));
      h_l2_fill_last: assert(!(lf_q && fw_ppn_q == f_e_ppn) || f_alive);
      h_l2_fill_e:    assert(!((fw_q || lf_q || fx_q) && fw_ppn_q == f_e_ppn) ||
                             ((f_alive || !(fw_q || lf_q)) && fw_vpn_q == f_e_vpn && fw_mode_q == f_e_mode && fw_asid_q == f_e_asid &&
                              fw_level_q == f_e_level && fw_napot_q == f_e_napot && fw_flags_q == f_e_flags &&
                              fw_pbmt_q == f_e_pbmt));
      h_l2_ram_words: assert(&f_ram_words_ok);
      h_l2_ram_read:  assert(&f_ram_read_ok);
      h_l2_ram_wb:    assert(&f_ram_wb_ok);
      // E alive during a lookup (or at its own read) was alive in S: no fill since
      h_l2_alive_s: assert(!(f_pend_q && f_alive) || f_as_q);
      h_l2_alive_rd: assert(!(wait_q && f_alive1) || f_as_q);
    end
  end

  always @(posedge clk_i) begin
    if (f_ok) begin
      c_l2_hit_ram:   cover(rs_valid_o && rs_hit_o && rs_ppn_o == f_e_ppn && f_e_ram);
      c_l2_hit_sp:    cover(rs_valid_o && rs_hit_o && rs_ppn_o == f_e_ppn && !f_e_ram);
      c_l2_overwrite: cover(fw_ram && |ram_match_q);
      c_l2_asid_sweep_done: cover(sw_wr_q && !sw_rd_q);
      c_l2_fence_in_flight: cover(fc_valid_i && fc_ready_o && (slow_q || cmp_q) && !fc_rs1_x0_i);
      c_l2_hit_prefetched:  cover(rs_valid_o && rs_hit_o && f_age == 3'd2);
      c_l2_hit_own_read:    cover(rs_valid_o && rs_hit_o && f_age == 3'd4);
    end
  end
`endif
`undef L2_ENV
`endif
endmodule

`default_nettype wire
