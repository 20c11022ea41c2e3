#!/usr/bin/env bash
# mutants.sh -- shows the scoreboard can fail. Each mutant is the RV32 RTL
# with one rule broken on purpose; it is built into its own copy of the
# replay tool and run over the directed traces with every `expect` and
# `check` removed, so only the scoreboard (RTL against the reference model)
# can notice (or, for a hang, the harness's watchdog). A mutant that no
# trace exposes fails this test.
# Usage: tests/mutants.sh [--slice K/N] [NAME...]   (names: only those mutants;
#        --slice K/N: only those whose place in the list is K modulo N:
#        make test runs the slice 0/2, `make mutants` every one)
set -u
cd "$(dirname "$0")/.."
SLICE=
if [ "${1:-}" = --slice ]; then SLICE=$2; shift 2; fi
B=build
OUT=$B/mutants

# name%file%text%replacement
MUTANTS=(
  "tlb-ignores-asid%rvmmu_tlb.sv%(e_g || e_asid == k_asid) &&%(1'b1 || e_g) &&"
  "checker-ignores-sum%rvmmu_perm_check.sv%priv_ok = sum_i & (acc_i%priv_ok = (acc_i"
  "checker-ignores-mxr%rvmmu_perm_check.sv%kind_ok = r | (mxr_i & x);%kind_ok = r;"
  "asid-flush-kills-globals%rvmmu_tlb.sv%(!g && asid_q == flush_asid_i)%(asid_q == flush_asid_i)"
  "no-misaligned-superpage%rvmmu_pte_decode.sv%                   misaligned;%                   1'b0;"
  "walker-rereads-root%rvmmu_ptw.sv%rd_base  = dec_ppn;%rd_base  = root_ppn_i;"
  "walker-ignores-bus-error%rvmmu_ptw.sv%if (err_q) begin                 // step 2%if (1'b0) begin // step 2"
  "store-to-clean-page-hits%rvmmu_tlb.sv%answers = fault || !ad;%answers = 1'b1;"
  "fill-ignores-racing-flush%rvmmu_port.sv%&& !walk_fault && !s_stale_q;%&& !walk_fault;"
  "fill-ignores-same-cycle-flush%rvmmu_port.sv%.fill_kill_i   (walk_covered),%.fill_kill_i   (1'b0),"
  "plru-evicts-mru%rvmmu_plru.sv%= ~touch_idx_q[IDX_W-1-du];%= touch_idx_q[IDX_W-1-du];"
  "plru-ignores-hits%rvmmu_tlb.sv%.touch_i    (fill_i | lk_use_i),%.touch_i    (fill_i),"
  # A walker that never takes its swap's response hangs: the harness's watchdog must name it.
  "walker-hangs-on-swap%rvmmu_ptw.sv%\`RVMMU_PTW_CAS_WAIT: if (mem_rsp_valid_i) begin%\`RVMMU_PTW_CAS_WAIT: if (1'b0) begin"
  # Issue 17's holes, each closed in the generator or the replay (docs/verification.md):
  # a lookup accepted in the cycle of a fill takes the evicted entry's A/D verdict
  "fill-cycle-lookup-uses-evicted-ad%rvmmu_tlb.sv%answer_q <= fill_slot[gi] ? answers(fill_fault_nx, fill_ad_nx) : answers(%answer_q <= answers("
  # a superpage fill removes the entries it lies inside, not those inside it
  "superpage-fill-keeps-smaller%rvmmu_tlb.sv%& ~(low | fill_low)) == '0);%& ~low) == '0);"
  # a racing fence judged at the 4 KiB page of the VA, not the mode's largest page
  "race-judged-at-4k%rvmmu_port.sv%& ~top_low) == '0)) &&%) == '0)) &&"
  # RV64: satp.MODE left out of the tag compare
  "tlb-ignores-mode%rvmmu_tlb.sv%tag_match = (!RV64 || e_mode == k_mode) &&%tag_match = 1'b1 &&@64"
  # RV64: the entry being filled matches a lookup accepted in its cycle whatever the lookup's mode
  "fill-cycle-match-ignores-mode%rvmmu_tlb.sv%fill_match_nx = tag_match(fill_vpn_i, fill_low, fill_asid_i, fill_flags_i[5], fill_mode_i,%fill_match_nx = tag_match(fill_vpn_i, fill_low, fill_asid_i, fill_flags_i[5], nx_mode_i,@64"
  # PMP (rtl/rvmmu_pmp.sv): a TOR entry's top word taken as inside it (off by one),
  "pmp-tor-top-off-by-one%rvmmu_pmp.sv%any = bot < top && l >= bot && f < top;%any = bot < top && l >= bot && f <= top;"
  # the highest-numbered matching entry deciding, not the lowest,
  "pmp-highest-match-wins%rvmmu_pmp.sv%i = ENTRIES - 1 - j;%i = j;"
  # the walker's A/D swap checked as a read only
  "pmp-swap-checked-as-read%rvmmu_walker.sv%.need_i     ({1'b0, mem_req_cas_o, 1'b1}),%.need_i     (3'b001),"
  # the access's size ignored: an 8-byte access judged by its first word
  "pmp-access-size-ignored%rvmmu_port.sv%.two_words_i(s_size_q == 2'd3),%.two_words_i(1'b0),"
  # The page-walk cache (built with PWC_ENTRIES=4: @pwc RV32, @pwc64 RV64), run over the
  # walk cache's traces (tb/traces/pwc/) and the random ones: a pointer of another ASID used,
  # an rs1=x0 fence that leaves pointers, a pointer filled after a fence that covers it, the mode
  "pwc-ignores-asid%rvmmu_pwc.sv%(e_g[i] || e_asid[i*ASID_W +: ASID_W] == nx_asid_i[l*ASID_W +: ASID_W])%(1'b1 || e_g[i])@pwc"
  "pwc-x0-fence-keeps-pointers%rvmmu_pwc.sv%      if (flush_i)%      if (1'b0)@pwc"
  "pwc-fill-ignores-racing-fence%rvmmu_walker.sv%walk_ptr && !pwc_stale_q &&%walk_ptr &&@pwc"
  "pwc-ignores-mode%rvmmu_pwc.sv%match_q[l*ENTRIES + i] <= e_mode[i*4 +: 4] == nx_mode_i[l*4 +: 4] &&%match_q[l*ENTRIES + i] <= 1'b1 &&@pwc64"
  # The second-level TLB (built with L2_ENTRIES=64, 4 ways, 2 superpage entries: @l2 RV32),
  # run over its traces and the random ones: a fill after a fence that came during the walk,
  # a store answered from a page held with D clear.
  "l2-fill-ignores-racing-fence%rvmmu_walker.sv%looked_q && !fenced_q && !sfence_valid_i;%looked_q;@l2"
  "l2-store-to-clean-page-hits%rvmmu_walker.sv%_STORE || rs_flags[7]);%_STORE || 1'b1);@l2"
  # the RAM's ASID tag ignored; the ASID sweep dropping nothing; a VA fence leaving the RAM's set;
  # the superpage entries' mode tag ignored (@l264: sv39 leaves answering sv48 lookups)
  "l2-ram-ignores-asid%rvmmu_l2tlb.sv%(rdq2_q[w*W + O_FL + 5] || rdq2_q[w*W + O_AS +: ASID_W] == k_asid_q);%(1'b1);@l2"
  "l2-asid-sweep-drops-nothing%rvmmu_l2tlb.sv%(sw_rs2_q || wb_asid[w])) : wb_asid[w];%(sw_rs2_q || wb_asid[w])) : 1'b0;@l2"
  "l2-va-fence-keeps-set%rvmmu_l2tlb.sv%end else if (fc_go && !fc_rs1_x0_i) begin%end else if (1'b0) begin@l2"
  "l2-superpage-ignores-mode%rvmmu_l2tlb.sv%sp_hit[i] = sp_valid_q[i] && sp_mode[i*4 +: 4] == k_mode_q &&%sp_hit[i] = sp_valid_q[i] &&@l264"
  # (@l264: the RV64 model) a VA fence that leaves the Svnapot leaves of its 64 KiB range in other sets
  "l2-va-fence-keeps-napot-range%rvmmu_l2tlb.sv%assign fc_nap      = fc_go && !fc_rs1_x0_i && nap_q;%assign fc_nap      = 1'b0;@l264"
  # The walker bus adapters (@axi, @wb: every trace replayed through that adapter to the
  # harness's slave, tb/bus_model.c): a failed exclusive write answered as a swap, a read's
  # SLVERR passed as data, an RTY followed by a write instead of the read again, the swap's LOCK dropped
  "axi-failed-exclusive-answers%rvmmu_axi_walker.sv%if (m_axi_bresp_i == RESP_OKAY) begin%if (1'b0) begin@axi"
  "axi-read-error-ignored%rvmmu_axi_walker.sv%          mem_rsp_err_o   = r_err;%          mem_rsp_err_o   = 1'b0;@axi"
  "wb-retry-skips-the-read%rvmmu_wb_walker.sv%        state_d   = S_RD_REQ;%        state_d   = S_WR_REQ;@wb"
  "wb-swap-not-locked%rvmmu_wb_walker.sv%    wb_lock_o       = cas_q;%    wb_lock_o       = 1'b0;@wb"
  # Two request ports (@ports: built with PORTS=2, every trace replayed with
  # --ports 2, the random ones with both ports driven at once): the arbiter
  # blind to the instruction port's walk, granting the walker to the data
  # port in the middle of it (only two ports in flight at once can show it)
  "arbiter-blind-to-instruction-walk%rvmmu.sv%assign walk_busy = |wk_walking;%assign walk_busy = wk_walking[0];@ports"
)

# Traces with the expectations stripped, then random Sv32 traces, which are
# replayed under stress (random latency, back-pressure, bus errors, fences
# racing walks).
mkdir -p "$OUT/traces"
for t in tb/traces/*.trace; do
    sed -e 's/[[:space:]]expect[[:space:]].*//' -e '/^[[:space:]]*check[[:space:]]/d' "$t" >"$OUT/traces/$(basename "$t")"
done
# The directed traces never fill a full TLB, and a random trace may not
# either: this one does (24 Sv32 pages for 16 entries), with hits between
# the evictions, so a replacement that evicts the wrong entry or ignores
# hits fills another slot than the scoreboard's model of the policy.
{
    echo "tlbtrace 1"; echo "mode sv32"; echo "satp sv32 1 0x80010"
    printf 'mem 0x80010000 0x%08x\n' $(( (0x80011 << 10) | 0x1 ))     # root[0] -> L0 0x80011
    for i in $(seq 0 23); do                                            # L0[i] -> 0x81000+i, D A X W R V
        printf 'mem 0x%08x 0x%08x\n' $(( 0x80011000 + 4 * i )) $(( ((0x81000 + i) << 10) | 0xcf ))
    done
    echo "priv S"; echo "sfence"
    for i in $(seq 0 15); do printf 'load 0x%08x\n' $(( i << 12 )); done
    for r in 1 2 3; do
        for i in 0 5 16 3 17 9 18 0 12 19 20 7 21 2 22 23 1; do
            printf 'load 0x%08x\n' $(( (i * 7 + r) % 24 << 12 | 0x10 ))
        done
    done
} >"$OUT/traces/evict-plru.trace"
for s in 1 2 3 4; do
    $B/gen_random --mode sv32 --seed $s --accesses 400 >"$OUT/traces/zz-random-$s.trace"
done
# PMP: random regions, TOR chains and locked entries (gen_random --pmp), replayed under the same stress.
for s in 1 2; do
    $B/gen_random --mode sv32 --seed $s --accesses 600 --pmp 20 >"$OUT/traces/zz-random-pmp-$s.trace"
done
STRESS="--mem-latency-max 5 --stall 0.3 --bus-error-rate 0.05 --fence-race --idle-max 2 --seed 3"
# --- issue 17's holes (begin): random traces with the generator's episodes
# (superpages over cached pages, fences racing walks on purpose, satp.MODE
# switches in RV64), replayed under the same stress with the requests back to
# back (--pipeline): what the directed traces and the old regression missed.
HOLES="$STRESS --pipeline --gap-prob 0.2"
# The adapters' mutants: also failed exclusives (AXI) and RTY responses (Wishbone).
BUS_STRESS="--bus-fail-rate 0.2"
for s in 1 2; do
    $B/gen_random --mode sv32 --seed $s --accesses 400 --unfenced 25 --superpage-over 20 --fence-races 40 \
        >"$OUT/traces/zzz-holes-sv32-$s.trace"
    $B/gen_random --mode sv39 --seed $s --accesses 400 --unfenced 25 --superpage-over 20 --fence-races 40 \
        --mode-switch 20 >"$OUT/traces/zzz-holes-sv39-$s.trace"
done
# --- issue 17's holes (end)
# The walk cache's mutants: its traces, stripped, and the random ones.
mkdir -p "$OUT/traces-pwc"
for t in tb/traces/pwc/*.trace; do
    sed -e 's/[[:space:]]expect[[:space:]].*//' -e '/^[[:space:]]*check[[:space:]]/d' "$t" >"$OUT/traces-pwc/$(basename "$t")"
done
cp "$OUT"/traces/zz-random-*.trace "$OUT"/traces/zzz-holes-*.trace "$OUT/traces-pwc/"
# The L2 TLB's mutants: its traces, stripped, and the random ones.
mkdir -p "$OUT/traces-l2"
for t in tb/traces/l2/*.trace; do
    sed -e 's/[[:space:]]expect[[:space:]].*//' -e '/^[[:space:]]*check[[:space:]]/d' "$t" >"$OUT/traces-l2/$(basename "$t")"
done
cp "$OUT"/traces/zz-random-*.trace "$OUT"/traces/zzz-holes-*.trace "$OUT/traces-l2/"

# One mutant: build it, replay the traces until one catches it; one line out.
# NAME%FILE%TEXT%REPL, then @64 (the RV64 model), @pwc / @pwc64 (built with
# PWC_ENTRIES=4, run over the walk cache's traces and the random ones), @l2
# (built with the L2 TLB, run over its traces and the random ones; @l264 the RV64 model),
# @axi / @wb (every replay through that walker bus adapter), @ports (PORTS=2,
# every replay --ports 2).
run_mutant() {
    local m=$1 core=$1 pwc=0 pmp name file text repl d w caught t tdir opts bus="" ports=() l2=()
    case $m in *@64) core=${m%@64} ;; *@pwc) core=${m%@pwc}; pwc=4 ;; *@pwc64) core=${m%@pwc64}; pwc=4 ;;
               *@l2) core=${m%@l2}; l2=(-GL2_ENTRIES=64 -GL2_WAYS=4 -GL2_SP=2) ;;
               *@l264) core=${m%@l264}; l2=(-GL2_ENTRIES=64 -GL2_WAYS=4 -GL2_SP=2) ;;
               *@axi) core=${m%@axi}; bus="--bus axi $BUS_STRESS" ;; *@wb) core=${m%@wb}; bus="--bus wb $BUS_STRESS" ;;
               *@ports) core=${m%@ports}; bus="--ports 2"; ports=(-GPORTS=2 -GI_ENTRIES=4) ;; esac
    IFS='%' read -r name file text repl <<<"$core"
    d=$OUT/$name
    rm -rf "$d" && mkdir -p "$d/rtl"
    cp rtl/*.sv rtl/*.vh rtl/*.vlt rtl/rvmmu.f "$d/rtl/"
    # Replace exactly one occurrence of the text, literally.
    if ! python3 tests/apply_mutation.py "$d/rtl/$file" "$text" "$repl"
    then
        echo "mutant $name: the mutation did not apply"; return 1
    fi
    # The mutated model is the RV32 one, or (name ending in @64) the RV64 one;
    # the other width is the tree's own. Only the PMP's mutants carry the PMP
    # (rtl/rvmmu.sv's 16 entries); the others are built without it (a third
    # of the build time) and skip the traces with pmp lines.
    w=32; case $m in *@64|*@pwc64|*@l264) w=64;; esac
    pmp=0; case $name in pmp-*) pmp=16;; esac
    tests/build_mutant.sh "$d" $w rvmmu -GENTRIES=16 -GPWC_ENTRIES=$pwc -GPMP_ENTRIES=$pmp "${ports[@]}" "${l2[@]}" ||
        { echo "mutant $name: build failed (see $d/build.log)"; return 1; }
    caught=""
    tdir=$OUT/traces; [ "$pwc" = 0 ] || tdir=$OUT/traces-pwc; [ ${#l2[@]} = 0 ] || tdir=$OUT/traces-l2
    for t in "$tdir"/*.trace; do
        [ $pmp = 0 ] && grep -q '^[[:space:]]*pmp[[:space:]]' "$t" && continue
        opts=""; case $t in *zzz-holes*) opts=$HOLES;; *zz-random*) opts=$STRESS;; esac
        if ! "$d/rvmmu" replay $opts $bus "$t" >/dev/null 2>"$d/err.txt"; then
            if grep -q "scoreboard:" "$d/err.txt"; then caught=$(basename "$t"); break; fi
            # A hang counts when the watchdog names the walker state and the request, and gives the command.
            if grep -q "no response (hang): .* walker is in .* outstanding request va" "$d/err.txt" &&
               grep -q ": reproduce: build/rvmmu replay .* $t\$" "$d/err.txt"; then
                caught=$(basename "$t"); break
            fi
        fi
    done
    if [ -n "$caught" ]; then
        echo "mutant $name: caught on $caught: $(grep -m1 -e scoreboard: -e 'no response' "$d/err.txt" | cut -c1-200)"
    else
        echo "mutant $name: NOT caught"; return 1
    fi
}

# MUTANT_JOBS mutants at a time (default: one per core), reported in list order.
. tests/par.sh
par_init "$OUT/par" "${MUTANT_JOBS:-$(nproc)}"
i=-1
for m in "${MUTANTS[@]}"; do
    i=$((i + 1))
    IFS='%' read -r name _ <<<"$m"
    if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
    if [ -n "$SLICE" ] && [ $((i % ${SLICE#*/})) != "${SLICE%/*}" ]; then continue; fi
    par_run run_mutant "$m"
done
par_end
