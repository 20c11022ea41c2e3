// vl_consthi_fix.h -- force-included (-include) into the Verilated CVA6
// models only (peers/peers.mk): a workaround for a Verilator 5.006 bug.
//
// VL_CONSTHI_W_<N>X(obits, lsb, obase, d...) in Debian's 5.006
// include/verilated_funcs.h writes the top N words of a wide constant at
// o = obase + VL_WORDS_I(lsb) and then clears words VL_WORDS_I(lsb) + N up to
// VL_WORDS_I(obits) *of o*, not of obase: past the end of the destination by
// VL_WORDS_I(lsb) words. CVA6's MMU calls ariane_pkg::is_inside_execute_regions
// with the whole ariane_cfg_t (6434 bits) as an argument, so the model builds
// that constant in a VlWide<202> on the stack and the stray clear zeroes a
// word 200 words further up: the caller's frame (the harness crashed with
// the upper halves of two pointers cleared). rvmmu's own models never emit
// this function. Here each call is redirected to the same operation done
// within bounds; nothing else of Verilator is changed.
#ifndef PEER_VL_CONSTHI_FIX_H
#define PEER_VL_CONSTHI_FIX_H

#include "verilated.h"

// The words d (most significant first, as the generated calls list them)
// into obase from bit lsb up, the words above them up to obits cleared.
static inline WDataOutP peer_consthi(int obits, int lsb, WDataOutP obase, int n, const EData *d)
{
    WDataOutP o = obase + VL_WORDS_I(lsb);
    for (int i = 0; i < n; ++i) o[i] = d[n - 1 - i];
    for (int i = VL_WORDS_I(lsb) + n; i < VL_WORDS_I(obits); ++i) obase[i] = 0;
    return o;
}

#define PEER_CONSTHI_(n, obits, lsb, obase, ...) \
    ([&]() { const EData peer_d_[n] = {__VA_ARGS__}; return peer_consthi((obits), (lsb), (obase), (n), peer_d_); }())
#define VL_CONSTHI_W_1X(obits, lsb, obase, ...) PEER_CONSTHI_(1, obits, lsb, obase, __VA_ARGS__)
#define VL_CONSTHI_W_2X(obits, lsb, obase, ...) PEER_CONSTHI_(2, obits, lsb, obase, __VA_ARGS__)
#define VL_CONSTHI_W_3X(obits, lsb, obase, ...) PEER_CONSTHI_(3, obits, lsb, obase, __VA_ARGS__)
#define VL_CONSTHI_W_4X(obits, lsb, obase, ...) PEER_CONSTHI_(4, obits, lsb, obase, __VA_ARGS__)
#define VL_CONSTHI_W_5X(obits, lsb, obase, ...) PEER_CONSTHI_(5, obits, lsb, obase, __VA_ARGS__)
#define VL_CONSTHI_W_6X(obits, lsb, obase, ...) PEER_CONSTHI_(6, obits, lsb, obase, __VA_ARGS__)
#define VL_CONSTHI_W_7X(obits, lsb, obase, ...) PEER_CONSTHI_(7, obits, lsb, obase, __VA_ARGS__)
#define VL_CONSTHI_W_8X(obits, lsb, obase, ...) PEER_CONSTHI_(8, obits, lsb, obase, __VA_ARGS__)

#endif
