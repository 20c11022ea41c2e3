# par.sh -- sourced by scripts that run independent jobs side by side
# (tests/mutants.sh, tests/synth_check.sh, formal/pmp_check.sh):
#
#   par_init DIR [JOBS]   outputs go to DIR; JOBS at a time (default: one per core)
#   par_run CMD...        run CMD in the background (waits while JOBS run)
#   par_end               wait for all, print each one's output in the order
#                         they were started; status 1 if any exited non-zero
#                         (or did not finish its command)
par_init() {
    PAR_DIR=$1 PAR_J=${2:-$(nproc)} PAR_N=0
    mkdir -p "$PAR_DIR"
}
par_run() {
    while [ "$(jobs -rp | wc -l)" -ge "$PAR_J" ]; do wait -n || true; done
    rm -f "$PAR_DIR/$PAR_N.status"   # (a DIR used before: no old status stands for this job)
    { "$@"; echo $? >"$PAR_DIR/$PAR_N.status"; } >"$PAR_DIR/$PAR_N.out" 2>&1 &
    PAR_N=$((PAR_N + 1))
}
par_end() {
    local i s=0
    wait
    for ((i = 0; i < PAR_N; i++)); do
        cat "$PAR_DIR/$i.out"
        [ "$(cat "$PAR_DIR/$i.status" 2>/dev/null)" = 0 ] || s=1
    done
    return $s
}
