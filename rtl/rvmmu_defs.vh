// rvmmu_defs.vh -- the one place where rvmmu's encoded constants live.
//
// Included by every RTL file that needs them. sim/gen_defs.awk turns each
// `define line below into a C #define (build/gen/rvmmu_defs.h) and
// each group into a GTKWave translate-filter file, so the RTL, the C harness
// and the waveform viewer can never disagree on a number. Edit here only.

`ifndef RVMMU_DEFS_VH
`define RVMMU_DEFS_VH

// Access kinds (the translation port's req_acc_i).
// data read
`define RVMMU_ACC_LOAD 2'd0
// data write or AMO
`define RVMMU_ACC_STORE 2'd1
// instruction fetch
`define RVMMU_ACC_FETCH 2'd2

// Privilege levels, as mstatus.MPP encodes them.
`define RVMMU_PRIV_U 2'd0
`define RVMMU_PRIV_S 2'd1
`define RVMMU_PRIV_M 2'd3

// Translation modes, as satp.MODE encodes them (Sv32 is the 1-bit RV32 field).
`define RVMMU_MODE_BARE 4'd0
`define RVMMU_MODE_SV32 4'd1
`define RVMMU_MODE_SV39 4'd8
`define RVMMU_MODE_SV48 4'd9
`define RVMMU_MODE_SV57 4'd10

// Exception codes (mcause) of the faults the MMU raises.
`define RVMMU_CAUSE_FETCH_ACCESS 5'd1
`define RVMMU_CAUSE_LOAD_ACCESS 5'd5
`define RVMMU_CAUSE_STORE_ACCESS 5'd7
`define RVMMU_CAUSE_FETCH_PAGE 5'd12
`define RVMMU_CAUSE_LOAD_PAGE 5'd13
`define RVMMU_CAUSE_STORE_PAGE 5'd15

// Svpbmt memory types.
`define RVMMU_PBMT_PMA 2'd0
`define RVMMU_PBMT_NC 2'd1
`define RVMMU_PBMT_IO 2'd2

// Page-table walker states (rvmmu_ptw).
// no walk
`define RVMMU_PTW_IDLE 3'd0
// PTE read waiting for the memory port
`define RVMMU_PTW_REQ 3'd1
// PTE read accepted, waiting for its response
`define RVMMU_PTW_WAIT 3'd2
// PTE registered: decode and check it
`define RVMMU_PTW_PTE 3'd3
// A/D compare-and-swap waiting for the port
`define RVMMU_PTW_CAS_REQ 3'd4
// A/D compare-and-swap accepted, waiting
`define RVMMU_PTW_CAS_WAIT 3'd5
// A/D compare-and-swap response registered
`define RVMMU_PTW_CAS_CHK 3'd6

`endif
