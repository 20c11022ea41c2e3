// rvmmu_perm_check -- the one permission checker of rvmmu.
//
// Given a leaf PTE's R/W/X/U/A/D bits and the context of an access (kind,
// privilege, SUM, MXR) it says whether the access is allowed and whether the
// PTE's A or D bit would have to change. The page-table walker uses it on a
// freshly read leaf and the TLB hit path uses it on a stored entry, so SUM,
// MXR and privilege changes take effect on the very next lookup with no flush
// and there is no second copy of any of these rules.
//
// Spec: Virtual Address Translation Process, step 5 (R/W/X/U with priv, SUM,
// MXR) and step 7 (A clear, or a store with D clear). M mode never reaches
// here (it bypasses translation).
`default_nettype none
`include "rvmmu_defs.vh"

module rvmmu_perm_check (
    input  logic [7:0] flags_i,  // the leaf PTE's D A G U X W R V
    input  logic [1:0] acc_i,    // ACC_*
    input  logic [1:0] priv_i,   // RVMMU_PRIV_U or RVMMU_PRIV_S
    input  logic       sum_i,
    input  logic       mxr_i,
    output logic       fault_o,  // page fault: the access is not permitted
    output logic       ad_o      // A must be set, or D for a store
);
  logic r, w, x, u, a, d, kind_ok, priv_ok;
  assign {d, a, u, x, w, r} = {flags_i[7:6], flags_i[4:1]};
  // G and V are not this rule's business (the decoder has made V valid).
  logic unused_gv;
  assign unused_gv = ^{flags_i[5], flags_i[0]};

  always_comb begin
    // Step 5, by access kind. MXR makes executable pages readable by loads.
    case (acc_i)
      `RVMMU_ACC_LOAD:  kind_ok = r | (mxr_i & x);
      `RVMMU_ACC_STORE: kind_ok = w;
      `RVMMU_ACC_FETCH: kind_ok = x;
      default:   kind_ok = 1'b0;
    endcase
    // Step 5, by privilege. U mode may touch only U=1 pages. S mode may
    // read or write U=1 pages only with SUM=1, and never executes them.
    if (priv_i == `RVMMU_PRIV_U) priv_ok = u;
    else if (u) priv_ok = sum_i & (acc_i != `RVMMU_ACC_FETCH);
    else priv_ok = 1'b1;
    fault_o = ~(kind_ok & priv_ok);
    // Step 7: the A/D condition (a fault under Svade, an update under Svadu).
    ad_o = ~a | ((acc_i == `RVMMU_ACC_STORE) & ~d);
  end

`ifdef FORMAL
  // ================================================================ formal properties
  // The checker is the spec's step 5 and step 7 (formal/rvmmu_spec.vh),
  // for every translated privilege (U, S) and access kind.
  `include "rvmmu_spec.vh"
  logic [7:0] f_flags;
  assign f_flags = {d, a, 1'b0, u, x, w, r, 1'b1};
  always @* begin
    if ((priv_i == `RVMMU_PRIV_U || priv_i == `RVMMU_PRIV_S) && acc_i != 2'd3) begin
      p_chk_perm_is_spec: assert(fault_o == !fs_perm_ok(f_flags, acc_i, priv_i, sum_i, mxr_i));
      p_chk_ad_is_spec:   assert(ad_o == !fs_ad_ok(f_flags, acc_i));
    end
  end
`endif
endmodule

`default_nettype wire
