# gen_sim_top.awk -- make the simulation top rvmmu_sim from rtl/rvmmu.sv.
# Usage: awk -f sim/gen_sim_top.awk rtl/rvmmu.sv > build/gen/rvmmu_sim.sv
#
# rvmmu_sim has rvmmu's parameters and ports (copied from rtl/rvmmu.sv, so
# they are written in one place only) plus what only a waveform needs: the
# harness tags each request with its tlbtrace line (or scenario step) on
# tag_i, and tag_q holds the tag of the request being served, so a waveform
# lines up with the trace file. Nothing here is synthesised.
BEGIN {
    print "// Generated from rtl/rvmmu.sv by sim/gen_sim_top.awk: do not edit."
    print "// rvmmu plus tag_q, the trace line of the request being served."
}
/^module rvmmu #\(/ { copying = 1; sub(/rvmmu/, "rvmmu_sim") }
copying { print }
copying && /rst_ni,/ {
    print "    input  logic [31:0]        tag_i,         // trace line of the offered request"
    print "    output logic [31:0]        tag_q,         // trace line of the request being served"
}
copying && /^\);/ { copying = 0; done = 1 }
END {
    if (!done) { print "gen_sim_top.awk: no port list found" > "/dev/stderr"; exit 1 }
    print "  always_ff @(posedge clk_i) begin"
    print "    if (req_valid_i && req_ready_o) tag_q <= tag_i;"
    print "  end"
    print ""
    print "  rvmmu #(.RV64(RV64), .ENTRIES(ENTRIES)) u_mmu (.*);"
    print "endmodule"
}
