// rvmmu_spec.vh -- the RISC-V privileged specification's translation rules,
// written a second time, for the formal properties only.
//
// Included inside the `ifdef FORMAL blocks of rtl/*.sv (and by the formal
// harness formal/rvmmu_fv.sv). It never reaches simulation or synthesis.
// Every rule is written from the spec's text ("Virtual Address Translation
// Process", "Sv32"/"Sv39" PTE formats, "SFENCE.VMA", Svnapot, Svpbmt), in a
// different shape from the RTL (arithmetic and shifts instead of the RTL's
// masks and concatenations), so that a property is a comparison of two
// independent descriptions and not of the RTL with itself.
//
// All arguments are of the widest (RV64) width; RV32 values are
// zero-extended. `rv64` selects the PTE format: Sv32 (PTESIZE 4, 10-bit VPN
// fields, PPN = pte[31:10]) or Sv39/48/57 (PTESIZE 8, 9-bit VPN fields,
// PPN = pte[53:10], N = pte[63], PBMT = pte[62:61], reserved pte[60:54]).
// PTE flag bits: 0 V, 1 R, 2 W, 3 X, 4 U, 5 G, 6 A, 7 D.

// ---------------------------------------------------------------- satp
function automatic [3:0] fs_satp_mode(input [63:0] satp, input rv64);
  begin
    if (rv64) fs_satp_mode = satp[63:60];
    else      fs_satp_mode = satp[31] ? 4'd1 : 4'd0;   // Sv32 : Bare
  end
endfunction

function automatic [15:0] fs_satp_asid(input [63:0] satp, input rv64);
  begin
    if (rv64) fs_satp_asid = satp[59:44];
    else      fs_satp_asid = {7'd0, satp[30:22]};
  end
endfunction

function automatic [43:0] fs_satp_ppn(input [63:0] satp, input rv64);
  begin
    if (rv64) fs_satp_ppn = satp[43:0];
    else      fs_satp_ppn = {22'd0, satp[21:0]};
  end
endfunction

// LEVELS of a translation mode (0 for Bare and for the modes this MMU
// does not implement).
function automatic [2:0] fs_levels(input [3:0] mode);
  begin
    case (mode)
      4'd1:    fs_levels = 3'd2;   // Sv32
      4'd8:    fs_levels = 3'd3;   // Sv39
      4'd9:    fs_levels = 3'd4;   // Sv48
      4'd10:   fs_levels = 3'd5;   // Sv57
      default: fs_levels = 3'd0;
    endcase
  end
endfunction

// Bits per VPN field.
function automatic [3:0] fs_vpnb(input rv64);
  fs_vpnb = rv64 ? 4'd9 : 4'd10;
endfunction

// RV64: a VA is valid in a mode when bits 63..(12+9*LEVELS-1) all equal.
function automatic fs_va_canonical(input [63:0] va, input [3:0] mode);
  reg [63:0] hi;
  integer top;
  begin
    top = 12 + 9 * fs_levels(mode) - 1;
    hi  = $signed(va) >>> top;          // the bits from the top bit up
    fs_va_canonical = (hi == 64'd0) || (hi == ~64'd0);
  end
endfunction

// ---------------------------------------------------------------- PTE address (step 2)
// va.vpn[i]
function automatic [9:0] fs_vpn_field(input [63:0] va, input [2:0] i, input rv64);
  reg [63:0] sh;
  begin
    sh = va >> (12 + i * fs_vpnb(rv64));
    fs_vpn_field = rv64 ? {1'b0, sh[8:0]} : sh[9:0];
  end
endfunction

// a + va.vpn[i] * PTESIZE, where a = ppn * PAGESIZE
function automatic [63:0] fs_pte_addr(input [43:0] ppn, input [63:0] va, input [2:0] i, input rv64);
  begin
    fs_pte_addr = {20'd0, ppn} * 64'd4096 + {54'd0, fs_vpn_field(va, i, rv64)} * (rv64 ? 64'd8 : 64'd4);
  end
endfunction

// ---------------------------------------------------------------- PTE rules
function automatic [43:0] fs_pte_ppn(input [63:0] pte, input rv64);
  begin
    if (rv64) fs_pte_ppn = pte[53:10];
    else      fs_pte_ppn = {22'd0, pte[31:10]};
  end
endfunction

function automatic fs_pte_leaf(input [63:0] pte);
  fs_pte_leaf = pte[1] || pte[3];                    // R or X
endfunction

// Step 3: V=0, or R=0 with W=1, or (RV64) a reserved encoding: bits 60:54,
// PBMT=3 (Svpbmt).
function automatic fs_pte_invalid(input [63:0] pte, input rv64);
  begin
    fs_pte_invalid = !pte[0] || (!pte[1] && pte[2]) ||
                     (rv64 && (pte[60:54] != 7'd0 || pte[62:61] == 2'b11));
  end
endfunction

// A PTE the walk may follow to the next level (step 4): valid, not a leaf,
// not at level 0, and none of the bits reserved in a pointer set (D, A, U;
// in RV64 also N and PBMT).
function automatic fs_pointer_ok(input [63:0] pte, input [2:0] lvl, input rv64);
  begin
    fs_pointer_ok = !fs_pte_invalid(pte, rv64) && !fs_pte_leaf(pte) && lvl != 3'd0 &&
                    !pte[7] && !pte[6] && !pte[4] &&
                    (!rv64 || (!pte[63] && pte[62:61] == 2'b00));
  end
endfunction

// A leaf PTE that may be installed (steps 3, 4, 6, Svnapot): valid, R or X,
// a superpage's low PPN fields zero, and N=1 only on a level-0 leaf whose
// PPN[3:0] is 1000 (the 64 KiB size).
function automatic fs_leaf_ok(input [63:0] pte, input [2:0] lvl, input rv64);
  reg [63:0] low;
  integer bits;
  begin
    bits = lvl * fs_vpnb(rv64);                  // (integer: no 4-bit product)
    low = (64'd1 << bits) - 64'd1;
    fs_leaf_ok = !fs_pte_invalid(pte, rv64) && fs_pte_leaf(pte) &&
                 (({20'd0, fs_pte_ppn(pte, rv64)} & low) == 64'd0) &&
                 (!rv64 || !pte[63] || (lvl == 3'd0 && pte[13:10] == 4'b1000));
  end
endfunction

// ---------------------------------------------------------------- step 5: permissions
// acc: 0 load, 1 store/AMO, 2 fetch. priv: 0 U, 1 S (M is never translated).
function automatic fs_perm_ok(input [7:0] f, input [1:0] acc, input [1:0] priv,
                              input sum, input mxr);
  reg by_kind, by_priv;
  begin
    by_kind = (acc == 2'd0 && (f[1] || (mxr && f[3]))) ||   // load: R, or X with MXR
              (acc == 2'd1 && f[2]) ||                      // store: W
              (acc == 2'd2 && f[3]);                        // fetch: X
    if (priv == 2'd0)      by_priv = f[4];                  // U mode: U pages only
    else if (priv == 2'd1) by_priv = !f[4] || (sum && acc != 2'd2); // S: U pages with SUM, never fetch
    else                   by_priv = 1'b0;
    fs_perm_ok = by_kind && by_priv;
  end
endfunction

// Step 7: the access needs no A/D update (A set; D set for a store).
function automatic fs_ad_ok(input [7:0] f, input [1:0] acc);
  fs_ad_ok = f[6] && (acc != 2'd1 || f[7]);
endfunction

// ---------------------------------------------------------------- step 8: the physical address
// A leaf at level lvl (napot: a 64 KiB Svnapot page) maps a page of
// 2^(12 + lvl*VPNB (+4)) bytes; the offset inside it comes from the VA.
function automatic [63:0] fs_page_bytes_m1(input [2:0] lvl, input napot, input rv64);
  fs_page_bytes_m1 = (64'd1 << (12 + lvl * fs_vpnb(rv64) + (napot ? 4 : 0))) - 64'd1;
endfunction

function automatic [63:0] fs_pa(input [43:0] ppn, input [2:0] lvl, input napot,
                                input [63:0] va, input rv64);
  reg [63:0] m;
  begin
    m = fs_page_bytes_m1(lvl, napot, rv64);
    fs_pa = (({20'd0, ppn} * 64'd4096) & ~m) | (va & m);
  end
endfunction

// ---------------------------------------------------------------- TLB entries and SFENCE.VMA
// A VPN (VA bits 56:12, or 31:12 in Sv32) lies in the page of an entry.
function automatic fs_vpn_in_page(input [44:0] page_vpn, input [2:0] lvl, input napot,
                                  input [44:0] vpn, input rv64);
  reg [63:0] m;
  begin
    m = fs_page_bytes_m1(lvl, napot, rv64) >> 12;   // VPN bits inside the page
    fs_vpn_in_page = (({19'd0, page_vpn} ^ {19'd0, vpn}) & ~m) == 64'd0;
  end
endfunction

// SFENCE.VMA: which entries the spec requires gone. rs1=x0: every page,
// else the page holding the VA; rs2=x0: every address space (globals too),
// else that ASID's non-global entries only.
function automatic fs_flush_covers(input [44:0] e_vpn, input [2:0] e_lvl, input e_napot,
                                   input [15:0] e_asid, input e_g,
                                   input rs1_x0, input rs2_x0,
                                   input [44:0] f_vpn, input [15:0] f_asid, input rv64);
  begin
    fs_flush_covers = (rs1_x0 || fs_vpn_in_page(e_vpn, e_lvl, e_napot, f_vpn, rv64)) &&
                      (rs2_x0 || (!e_g && e_asid == f_asid));
  end
endfunction
