#!/usr/bin/env bash
# formal/mutate.sh -- every formal property can fail. Each mutant is a copy
# of rtl/ (with its `ifdef FORMAL properties) with one rule broken on
# purpose; the property named for that rule is checked on it by BMC (ABC
# bmc3 via formal/fv_targets.py and formal/fv_abc.py, the other asserts
# removed) and must FAIL within DEPTH steps. A mutant that the property
# does not catch, or whose text is not found exactly once, fails this test.
#
#   formal/mutate.sh [-j N] [--out DIR] [--slice K/N] [MUTANT...]     (default: all)
#
# --slice K/N: only the mutants whose place in the list is K modulo N (make
# test runs the slice 0/7; `make formal` runs them all).
#
# Ends with "N passed, M failed"; exit status 0 when all were caught.
set -u
cd "$(dirname "$0")/.."
OUT=build/formal-mutants
JOBS=2
SLICE=
DEPTH=${DEPTH:-20}
while [ $# -gt 0 ]; do
    case $1 in
        -j) JOBS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --slice) SLICE=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        -*) echo "mutate.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done

# name % job (rv32 | rv64 | live32 | par32 | pwc32 | pmp32 | dual32 | dualpwc32 | l2mmu32 | axi32 | wb32) % file % text % replacement % property (regex on the label)
MUTANTS=(
  # --- no cross-ASID hit, one match, G never fabricated
  "tlb-drop-asid-compare%rv32%rvmmu_tlb.sv%(e_g || e_asid == k_asid) &&%(1'b1) &&%p_tlb_no_cross_asid$"
  "tlb-drop-mode-compare%rv64%rvmmu_tlb.sv%(!RV64 || e_mode == k_mode) &&%(1'b1) &&%p_tlb_hit_is_match$"
  "tag-ignores-fill-at-lookup-edge%rv32%rvmmu_tlb.sv%tag_q    <= fill_slot[gi] ? fill_match_nx : tag_match(%tag_q    <= tag_match(%p_tlb_hit_is_match$"
  "check-ignores-fill-at-lookup-edge%rv32%rvmmu_tlb.sv%fault_q  <= fill_slot[gi] ? fill_fault_nx : e_fault_nx[gi];%fault_q  <= e_fault_nx[gi];%p_hit_fault_is_spec$"
  "decoder-one-word-late%rv32%rvmmu_ptw.sv%.pte_i  (pte_d),%.pte_i  (pte_q),%p_ptw_leaf_legal$"
  "tlb-g-fabricated%rv32%rvmmu_tlb.sv%assign g = flags_q[5];%assign g = flags_q[5] | (asid_q == '0);%p_tlb_g_not_fabricated$"
  "decode-g-fabricated%rv32%rvmmu_pte_decode.sv%assign flags_o = pte_i[7:0];%assign flags_o = pte_i[7:0] | 8'h20;%p_ptw_leaf_fields$"
  "fill-keeps-overlap%rv32%rvmmu_tlb.sv%(g || fill_flags_i[5] || asid_q == fill_asid_i) &&%(asid_q == fill_asid_i) &&%p_tlb_one_match$"
  "lookup-reads-first-entry%rv32%rvmmu_tlb.sv%hit_mux = hit_mux | recs[k*REC_W +: REC_W];%hit_mux = hit_mux | recs[0 +: REC_W];%p_tlb_lookup_fields$"
  "satp-asid-field%rv32%rvmmu_port.sv%assign req_asid = req_satp_i[30:22];%assign req_asid = {1'b0, req_satp_i[29:22]};%p_ctx_satp$"
  # --- no permission amplification
  "checker-skips-u%rv32%rvmmu_perm_check.sv%if (priv_i == \`RVMMU_PRIV_U) priv_ok = u;%if (priv_i == \`RVMMU_PRIV_U) priv_ok = 1'b1;%p_hit_grants_only_pte$"
  "checker-ignores-sum%rv32%rvmmu_perm_check.sv%priv_ok = sum_i & (acc_i%priv_ok = (acc_i%p_hit_grants_only_pte$"
  "checker-mxr-always%rv32%rvmmu_perm_check.sv%kind_ok = r | (mxr_i & x);%kind_ok = r | x;%p_walk_grants_only_pte$"
  "checker-s-executes-u-pages%rv32%rvmmu_perm_check.sv%priv_ok = sum_i & (acc_i != \`RVMMU_ACC_FETCH);%priv_ok = sum_i;%p_chk_perm_is_spec$"
  "checker-overfaults%rv32%rvmmu_perm_check.sv%else priv_ok = 1'b1;%else priv_ok = sum_i;%p_hit_fault_is_spec$"
  "checker-ad-ignores-d%rv32%rvmmu_perm_check.sv%ad_o = ~a | ((acc_i == \`RVMMU_ACC_STORE) & ~d);%ad_o = ~a;%p_chk_ad_is_spec$"
  "store-to-clean-page-hits%rv32%rvmmu_tlb.sv%answers = fault || !ad;%answers = 1'b1;%p_hit_grants_only_pte$"
  "pa-ignores-superpage%rv32%rvmmu_port.sv%assign pa_ppn = (sel_ppn & ~sel_low) | (vpn_ext & sel_low);%assign pa_ppn = sel_ppn;%p_pa_from_pte$"
  "store-causes-swapped%rv32%rvmmu_port.sv%\`RVMMU_ACC_STORE: rsp_cause_o = afault ? \`RVMMU_CAUSE_STORE_ACCESS : \`RVMMU_CAUSE_STORE_PAGE;%\`RVMMU_ACC_STORE: rsp_cause_o = afault ? \`RVMMU_CAUSE_STORE_PAGE : \`RVMMU_CAUSE_STORE_ACCESS;%p_fault_cause$"
  # --- flush completeness, and the race with a walk
  "flush-va-ignores-superpage%rv32%rvmmu_tlb.sv%(((vpn_q ^ flush_vpn_i) & ~low) == '0)%(vpn_q == flush_vpn_i)%p_tlb_flush_complete$"
  "flush-asid-needs-va%rv32%rvmmu_tlb.sv%(flush_rs2_x0_i || (!g && asid_q == flush_asid_i));%(flush_rs2_x0_i || (!g && asid_q == flush_asid_i && !flush_rs1_x0_i));%p_tlb_flush_complete$"
  "sfence-drops-valid-va%rv64%rvmmu_port.sv%(sfence_rs1_x0_i || sfence_va_i[63:56] == '0 || sfence_va_i[63:56] == '1);%(sfence_rs1_x0_i || sfence_va_i[63:56] == '0);%p_sfence_reaches_tlb$"
  "fill-ignores-flush-same-cycle%rv32%rvmmu_port.sv%.fill_kill_i   (walk_covered),%.fill_kill_i   (1'b0),%p_tlb_fill_not_flushed$"
  "fill-ignores-flush-midwalk%rv32%rvmmu_port.sv%assign fill = s_walk_q && walk_done && !walk_fault && !s_stale_q;%assign fill = s_walk_q && walk_done && !walk_fault;%p_fill_not_under_flush$"
  # --- the walker
  "walker-rereads-root%rv32%rvmmu_ptw.sv%rd_base  = dec_ppn;%rd_base  = root_ppn_i;%p_ptw_read_addr$"
  "walker-pointer-at-level-0%rv32%rvmmu_pte_decode.sv%(!leaf_o && (d || a || u || level_i == 3'd0)) ||%(!leaf_o && (d || a || u)) ||%p_ptw_read_count$"
  "walker-installs-misaligned%rv32%rvmmu_pte_decode.sv%                   misaligned;%                   1'b0;%p_ptw_leaf_legal$"
  "walker-installs-w-without-r%rv32%rvmmu_pte_decode.sv%assign fault_o = !v || (w && !r) || reserved ||%assign fault_o = !v || reserved ||%p_ptw_leaf_legal$"
  "tlb-holds-w-without-r%rv32%rvmmu_pte_decode.sv%assign fault_o = !v || (w && !r) || reserved ||%assign fault_o = !v || reserved ||%p_tlb_holds_legal$"
  "walker-follows-invalid-pointer%rv32%rvmmu_pte_decode.sv%assign fault_o = !v || (w && !r) || reserved ||%assign fault_o = (w && !r) || reserved ||%p_ptw_read_follows_pointer$"
  "fill-on-faulting-walk%rv32%rvmmu_port.sv%assign fill = s_walk_q && walk_done && !walk_fault &&%assign fill = s_walk_q && walk_done &&%p_fill_is_walk_result$"
  "walker-reads-when-idle%rv32%rvmmu_ptw.sv%if (start_i) rd_go = 1'b1;%rd_go = 1'b1;%p_ptw_req_in_walk$"
  "memory-traffic-without-request%rv32%rvmmu_ptw.sv%if (start_i) rd_go = 1'b1;%rd_go = 1'b1;%p_mem_only_for_request$"
  "walker-ignores-bus-error%rv32%rvmmu_ptw.sv%if (err_q) begin                 // step 2%if (1'b0) begin // step 2%p_ptw_bus_error$"
  "walker-takes-pointer-as-leaf%rv32%rvmmu_ptw.sv%end else if (!dec_leaf) begin    // step 4: next level%end else if (1'b0) begin    // step 4: next level%p_ptw_follows_pointer$"
  "decode-faults-on-rsw%rv32%rvmmu_pte_decode.sv%assign reserved = 1'b0;%assign reserved = pte_i[8];%p_ptw_fault_reason$"
  "walker-reads-before-answer%rv32%rvmmu_ptw.sv%\`RVMMU_PTW_WAIT: if (mem_rsp_valid_i) begin%\`RVMMU_PTW_WAIT: if (mem_rsp_valid_i || mem_req_ready_i) begin%p_mem_one_outstanding$"
  "walker-withdraws-request%rv32%rvmmu_ptw.sv%\`RVMMU_PTW_REQ: begin%\`RVMMU_PTW_REQ: if (level_q[0]) begin%p_mem_request_held$"
  "walker-second-read-in-flight%rv32%rvmmu_ptw.sv%\`RVMMU_PTW_WAIT: if (mem_rsp_valid_i) begin%\`RVMMU_PTW_WAIT: if (mem_rsp_valid_i || mem_req_ready_i) begin%p_ptw_one_outstanding$"
  "walk-restarted-while-walking%rv32%rvmmu_port.sv%assign lookup     = s_valid_q && !s_walk_q && !bypass && !canon_fault;%assign lookup     = s_valid_q && !bypass && !canon_fault;%p_ptw_start_idle$"
  "walker-done-when-idle%rv32%rvmmu_ptw.sv%if (start_i) rd_go = 1'b1;%if (start_i) rd_go = 1'b1; else done_o = 1'b1;%p_ptw_done_in_walk$"
  "swap-before-permission-check%rv32%rvmmu_ptw.sv%end else if (chk_fault_i) begin  // step 5%end else if (1'b0) begin  // step 5%p_ptw_cas_after_checks$"
  "swap-without-permission%rv32%rvmmu_ptw.sv%end else if (chk_fault_i) begin  // step 5%end else if (1'b0) begin  // step 5%p_cas_only_if_permitted$"
  "swap-under-svade%rv32%rvmmu_ptw.sv%if (!adue_i) begin             // Svade: page fault%if (1'b0) begin             // Svade: page fault%p_ptw_cas_after_checks$"
  "swap-writes-wrong-word%rv32%rvmmu_ptw.sv%assign mem_req_wdata_o = pte_q | {%assign mem_req_wdata_o = {%p_ptw_cas_sets_ad$"
  "swap-compares-wrong-word%rv32%rvmmu_ptw.sv%assign mem_req_cmp_o   = pte_q;%assign mem_req_cmp_o   = pte_q | ad_bits;%p_ptw_cas_target$"
  "swap-repeated-without-reread%rv32%rvmmu_ptw.sv%state_c  = \`RVMMU_PTW_CAS_CHK;%state_c  = (mem_rsp_data_i == pte_q || mem_rsp_err_i) ? \`RVMMU_PTW_CAS_CHK : \`RVMMU_PTW_CAS_REQ;%p_ptw_cas_once$"
  "swap-failure-ignored%rv32%rvmmu_ptw.sv%end else if (!cas_ok_q) begin    // PTE changed: walk again%end else if (1'b0) begin    // PTE changed: walk again%p_ptw_leaf_legal$"
  # --- one response per request, liveness
  "ghost-response%rv32%rvmmu_port.sv%assign rsp_valid_o = s_valid_q && (s_walk_q%assign rsp_valid_o = (s_walk_q%p_no_ghost_response$"
  "lost-request%rv32%rvmmu_port.sv%assign req_ready_o = !s_valid_q || rsp_valid_o;%assign req_ready_o = 1'b1;%p_no_lost_request$"
  "walker-hangs-on-bus-error%live32%rvmmu_ptw.sv%\`RVMMU_PTW_WAIT: if (mem_rsp_valid_i) begin%\`RVMMU_PTW_WAIT: if (mem_rsp_valid_i && !mem_rsp_err_i) begin%p_live_bounded_response$"
  # --- Bare and M mode, canonical VAs
  "m-mode-translated%rv32%rvmmu_port.sv%assign bypass = (s_priv_q == \`RVMMU_PRIV_M) || (s_mode_q == \`RVMMU_MODE_BARE);%assign bypass = (s_mode_q == \`RVMMU_MODE_BARE);%p_bypass_identity$"
  "sv39-noncanonical-walks%rv64%rvmmu_port.sv%\`RVMMU_MODE_SV39: canon_fault = (s_va_q[63:38] != '0) && (s_va_q[63:38] != '1);%\`RVMMU_MODE_SV39: canon_fault = 1'b0;%p_noncanonical_faults$"
  # --- TLB parity (PARITY=1; the proofs upset the parity bits, formal/README.md)
  "parity-check-ignores-entry-bit%par32%rvmmu_tlb.sv%assign par_ok  = par_q == (valid_q[gi] ^ e_par) &&%assign par_ok  = 1'b1 &&%p_tlb_parity_detects$"
  "parity-error-still-hits%par32%rvmmu_tlb.sv%assign hit[gi] = valid_q[gi] && tag_q && !perr[gi];%assign hit[gi] = valid_q[gi] && tag_q;%p_tlb_parity_error_no_hit$"
  "parity-check-ignores-verdict-bit%par32%rvmmu_tlb.sv%vpar_q == (tag_q ^ fault_q ^ answer_q);%1'b1;%p_tlb_parity_detects$"
  "parity-error-entry-kept%par32%rvmmu_tlb.sv% & ~perr);%);%p_tlb_parity_drops$"
  "parity-fill-ignores-valid%par32%rvmmu_tlb.sv%else if (fill_slot[gi]) par_q <= valid_d[gi] ^ fill_par;%else if (fill_slot[gi]) par_q <= fill_par;%p_tlb_parity_no_false_drop$"
  "parity-verdicts-of-next-key-at-fill%par32%rvmmu_tlb.sv%: (fill_match_lk ^ fill_fault_lk ^ answers(fill_fault_lk, fill_ad_lk));%: (fill_match_nx ^ fill_fault_nx ^ answers(fill_fault_nx, fill_ad_nx));%p_tlb_parity_no_false_drop$"
  "parity-over-fewer-bits%par32%rvmmu_tlb.sv%entry_parity = ^{vpn, level, napot, asid, ppn, flags, pbmt}%entry_parity = ^{vpn, level, napot, asid, flags, pbmt}%h_tlb_parity_consistent$"
  "parity-kept-when-valid-falls%par32%rvmmu_tlb.sv%else par_q <= par_q ^ valid_q[gi] ^ valid_d[gi] ^ up_par;%else par_q <= par_q ^ up_par;%h_tlb_parity_consistent$"
  "parity-stale-after-reset-fill%par32%rvmmu_tlb.sv%if (!rst_ni) par_q <= fill_slot[gi] ? fill_par : e_par;%if (!rst_ni) par_q <= e_par;%h_tlb_parity_consistent$"
  # --- the page-walk cache (job pwc32: RV32, 2 TLB entries, PWC_ENTRIES=2)
  "pwc-drop-asid-compare%pwc32%rvmmu_pwc.sv%(e_g[i] || e_asid[i*ASID_W +: ASID_W] == nx_asid_i[l*ASID_W +: ASID_W])%(1'b1)%p_pwc_hit_tag$"
  "pwc-flush-ignored%pwc32%rvmmu_pwc.sv%      if (flush_i)%      if (1'b0)%p_pwc_no_hit_after_flush$"
  "pwc-fill-ignores-midwalk-flush%pwc32%rvmmu_walker.sv%walk_ptr && !pwc_stale_q &&%walk_ptr &&%p_pwc_fill_not_under_flush$"
  "pwc-walk-ignores-cached-table%pwc32%rvmmu_ptw.sv%rd_base  = start_ppn_i;%rd_base  = root_ppn_i;%p_ptw_read_addr$"
  # --- the walker bus adapters, each in its own harness (jobs axi32, wb32: formal/run.sh's)
  "axi-write-on-mismatch%axi32%rvmmu_axi_walker.sv%end else if (m_axi_rdata_i != cmp_q) begin%end else if (1'b0) begin%p_write_only_after_match$"
  "axi-failed-exclusive-answers%axi32%rvmmu_axi_walker.sv%if (m_axi_bresp_i == RESP_OKAY) begin%if (1'b0) begin%p_mon_excl_fail$"
  "axi-slverr-as-data%axi32%rvmmu_axi_walker.sv%          mem_rsp_err_o   = r_err;%          mem_rsp_err_o   = 1'b0;%p_rsp_err$"
  "axi-bready-early%axi32%rvmmu_axi_walker.sv%m_axi_bready_o  = aw_done_q && w_done_q;%m_axi_bready_o  = 1'b1;%p_bready$"
  "wb-swap-not-locked%wb32%rvmmu_wb_walker.sv%    wb_lock_o       = cas_q;%    wb_lock_o       = 1'b0;%p_lock_held$"
  "wb-write-on-mismatch%wb32%rvmmu_wb_walker.sv%if (cas_q && match) begin%if (cas_q) begin%p_write_cas$"
  "wb-stall-ignored%wb32%rvmmu_wb_walker.sv%        mem_req_ready_o = !wb_stall_i;%        mem_req_ready_o = 1'b1;%p_accept_with_stb$"
  # --- PMP (job pmp32: RV32, 2 TLB entries, PMP_ENTRIES=2; last, so that the slices above keep their mutants)
  "walker-refusal-not-access-fault%pmp32%rvmmu_ptw.sv%assign err_d   = err_c || pmp_denied;%assign err_d   = err_c;%p_ptw_bus_error$"
  "walker-issues-refused-request%pmp32%rvmmu_ptw.sv%assign mem_req_valid_o = req_valid_n && !pmp_deny_i;%assign mem_req_valid_o = req_valid_n;%p_pmp_walker_access_allowed$"
  "pa-refusal-as-page-fault%pmp32%rvmmu_port.sv%assign afault      = (s_walk_q && walk_afault) || pa_deny;%assign afault      = (s_walk_q && walk_afault);%p_hit_fault_is_spec$"
  "pa-checked-as-user%pmp32%rvmmu_port.sv%      .priv_i     (s_priv_q),%      .priv_i     (\`RVMMU_PRIV_U),%p_bypass_identity$"
  # --- two request ports (jobs dual32, dualpwc32: PORTS=2): the arbiter, the shared walker, the shared walk cache
  "arbiter-fixed-priority%dual32%rvmmu.sv%if (wk_req[0] && (!wk_req[1] || last_q)) wk_gnt[0] = 1'b1;%if (wk_req[0]) wk_gnt[0] = 1'b1;%p_arb_bound_i$"
  "arbiter-grants-while-walking%dual32%rvmmu.sv%        if (!walk_busy) begin%        if (1'b1) begin%p_arb_one_grant$"
  "walker-context-of-data-port%dual32%rvmmu.sv%assign sel = walk_start ? wk_gnt[1] : owner_q;%assign sel = 1'b0;%h_arb_owner$"
  "pwc-fill-keeps-other-lookups-match%dualpwc32%rvmmu_pwc.sv%if (LOOKUPS > 1 && fill_i)%if (1'b0)%p_pwc_hit_tag$"
  # --- the L2 TLB in rvmmu (job l2mmu32: RV32, 2 TLB entries, PWC_ENTRIES=2, L2_ENTRIES=4 in 2 ways, L2_SP=1)
  "l2-store-hit-on-clean-page%l2mmu32%rvmmu_walker.sv%rs_flags[6] && (acc_i != \`RVMMU_ACC_STORE || rs_flags[7]);%rs_flags[6];%p_walk_grants_only_pte$"
  "l2-fill-in-fence-cycle%l2mmu32%rvmmu_walker.sv%looked_q && !fenced_q && !sfence_valid_i;%looked_q && !fenced_q;%p_l2_env_fill$"
  "l2-fill-after-skipped-lookup%l2mmu32%rvmmu_walker.sv%ptw_done && !ptw_fault && looked_q &&%ptw_done && !ptw_fault &&%p_l2_env_fill$"
  "l2-lookup-during-sweep%l2mmu32%rvmmu_walker.sv%assign lk_valid = start_i && lk_ready;%assign lk_valid = start_i;%p_l2_env_lookup_ready$"
  # --- the L2 TLB alone (job l2tlb32: its own environment, one tracked entry)
  # a prefetch used although a VA fence wrote its set at the edge that read it
  "l2-prefetch-ignores-write%l2tlb32%rvmmu_l2tlb.sv%pr_ok_q    <= !sw_rd_q && !slow_q && !(|we_v && !wr_fill && waddr == raddr);%pr_ok_q    <= !sw_rd_q && !slow_q;%p_l2_no_hit_after_fence$"
  # the sweep's write-back from the word read one cycle before it, not two
  "l2-sweep-writes-back-wrong-set%l2tlb32%rvmmu_l2tlb.sv%    sw_wptr_q  <= sw_wptr1_q;%    sw_wptr_q  <= sw_ptr_q;%p_l2_no_hit_after_fence$"
)

params() {  # job -> "RV64 ENTRIES LIVE PARITY PWC_ENTRIES PMP_ENTRIES PORTS"
    case $1 in
        rv32) echo "0 2 0 0 0 0 1" ;; rv64) echo "1 2 0 0 0 0 1" ;; live32) echo "0 2 1 0 0 0 1" ;; par32) echo "0 2 0 1 0 0 1" ;;
        pwc32) echo "0 2 0 0 2 0 1" ;; pmp32) echo "0 2 0 0 0 2 1" ;; dual32) echo "0 2 0 0 0 0 2" ;;
        dualpwc32) echo "0 2 0 0 2 0 2" ;; axi32|wb32) echo "0 0 0 0 0 0 1" ;; l2mmu32) echo "0 2 0 0 2 0 1" ;;
        l2tlb32) echo "0 4 0 0 0 0 1" ;; *) return 1 ;;
    esac
}

# job -> the harness' top module, then the files after the mutant's rtl/ (D)
design() {
    case $1 in
        axi32) echo "axi_walker_fv $2/rvmmu_pkg.sv $2/rvmmu_axi_walker.sv formal/walker_port_props.sv formal/axi4_master_props.sv formal/axi_walker_fv.sv" ;;
        wb32)  echo "wb_walker_fv $2/rvmmu_pkg.sv $2/rvmmu_wb_walker.sv formal/walker_port_props.sv formal/wb_master_props.sv formal/wb_walker_fv.sv" ;;
        l2tlb32) echo "rvmmu_l2tlb $2/rvmmu_pkg.sv $2/rvmmu_page_mask.sv $2/rvmmu_l2tlb.sv" ;;
        *)     echo "rvmmu_fv $(sed "s|^rtl/|$2/|" rtl/rvmmu.f | tr '\n' ' ') formal/rvmmu_fv.sv" ;;
    esac
}

# one mutant: prints one line "caught|MISSED|ERROR name: ..." to OUT/name/result
one() {
    local spec=$1 name job file text repl prop d rv64 entries live parity pwc pmp ports files f top chp
    IFS='%' read -r name job file text repl prop <<<"$spec"
    d=$OUT/$name
    rm -rf "$d" && mkdir -p "$d/rtl"
    cp rtl/*.sv rtl/*.vh rtl/rvmmu.f "$d/rtl/"
    if ! python3 tests/apply_mutation.py "$d/rtl/$file" "$text" "$repl"
    then echo "ERROR $name: the text is not found exactly once in rtl/$file" >"$d/result"; return; fi
    python3 sim/gen_edge.py "$d/rtl/rvmmu.sv" "$d/rtl" 2>"$d/err" ||   # the harness' edge (rvmmu_fv_edge.vh)
        { echo "ERROR $name: sim/gen_edge.py failed (see $d/err)" >"$d/result"; return; }
    read -r rv64 entries live parity pwc pmp ports <<<"$(params "$job")"
    read -r top files <<<"$(design "$job" "$d/rtl")"
    chp="-set RV64 $rv64"
    [ "$top" = rvmmu_fv ] && chp="$chp -set ENTRIES $entries -set LIVE $live -set PARITY $parity -set PWC_ENTRIES $pwc -set PMP_ENTRIES $pmp -set PORTS $ports"
    local mem="" defs=""   # the L2 TLB's jobs: formal/run.sh's l2mmu32 and l2tlb32 (its RAMs as flip-flops)
    [ "$job" = l2mmu32 ] && { chp="$chp -set L2_ENTRIES 4 -set L2_WAYS 2 -set L2_SP 1"; mem="memory_map;"; }
    [ "$job" = l2tlb32 ] && { chp="$chp -set ENTRIES $entries -set WAYS 2 -set SP_ENTRIES 2"; defs="-DRVMMU_L2TLB_FV"
                              mem="memory_map; delete -output $top/o:*;"; }
    if ! yosys -q -l "$d/yosys.log" -p "read_verilog -sv -formal $defs -I$d/rtl -Iformal $files;
            chparam $chp $top;
            prep -top $top; flatten; $mem opt_clean; setundef -anyseq; opt -keepdc -fast; write_rtlil $d/design.il" \
            >/dev/null 2>&1 ||
       ! python3 formal/fv_targets.py "$d/design.il" "$d/target.il" assert "$prop" >"$d/names" 2>"$d/err" ||
       ! yosys -q -p "read_rtlil $d/target.il; hierarchy -top $top; dffunmap; techmap; opt_expr; opt_clean;
            abc -g AND -fast; opt_clean; write_aiger -miter -zinit -map $d/target.aim $d/target.aig" >/dev/null 2>>"$d/err" ||
       ! python3 formal/fv_abc.py assert "$d/target.aig" "$d/target.aim" "$DEPTH" >"$d/bmc.txt" 2>>"$d/err"
    then echo "ERROR $name: the flow failed (see $d)" >"$d/result"; return; fi
    if grep -q " FAIL " "$d/bmc.txt"; then
        echo "caught $name ($job): $(grep ' FAIL ' "$d/bmc.txt" | awk '{print $1 " fails at step " $3}' | head -1)" >"$d/result"
    else
        echo "MISSED $name ($job): $(head -1 "$d/bmc.txt")" >"$d/result"
    fi
}
export -f one params design
export OUT DEPTH

sel=("${MUTANTS[@]}")
if [ -n "$SLICE" ]; then
    k=${SLICE%/*} n=${SLICE#*/}
    [[ $k =~ ^[0-9]+$ && $n =~ ^[1-9][0-9]*$ && $k -lt $n ]] || { echo "mutate.sh: --slice K/N with 0 <= K < N" >&2; exit 2; }
    sel=()
    for i in "${!MUTANTS[@]}"; do [ $((i % n)) = "$k" ] && sel+=("${MUTANTS[$i]}"); done
fi
if [ $# -gt 0 ]; then
    sel=()
    for m in "${MUTANTS[@]}"; do for n in "$@"; do [ "${m%%%*}" = "$n" ] && sel+=("$m"); done; done
fi
mkdir -p "$OUT"
T0=$(date +%s)
printf '%s\n' "${sel[@]}" | xargs -P "$JOBS" -d '\n' -I{} bash -c 'one "$1"' _ {}

pass=0; fail=0
for m in "${sel[@]}"; do
    r=$(cat "$OUT/${m%%%*}/result" 2>/dev/null || echo "ERROR ${m%%%*}: no result")
    echo "$r"
    case $r in caught*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)) ;; esac
done
echo
echo "mutants: $(( $(date +%s) - T0 )) s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
