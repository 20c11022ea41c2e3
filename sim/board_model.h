/* board_model.h -- C API over the Verilated board top (fpga/boards/ice40hx8k_top.sv:
 * rvmmu, block-RAM memory, UART bridge and self-test), pins only. */
#ifndef RVMMU_BOARD_MODEL_H
#define RVMMU_BOARD_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {  /* FuseSoC's Verilator build compiles the C test bench as C++ */
#endif

typedef struct board_model board_model;

/* A new model, out of power-on reset after its first cycles; NULL if none. */
board_model *board_model_new(void);

/* Free a model. */
void board_model_free(board_model *b);

/* One clock cycle with the UART line into the FPGA at level rx (1 idle);
 * returns the FPGA's TX line level after the edge; *leds gets the LED pins. */
int board_model_cycle(board_model *b, int rx, unsigned *leds);

/* The model's UART clocks per bit (its CLKS_PER_BIT parameter). */
unsigned board_model_clks_per_bit(void);

#ifdef __cplusplus
}
#endif

#endif
