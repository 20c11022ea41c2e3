// board_shim.cpp -- the thin C++ shim over the Verilated board top
// (Vboard, from fpga/boards/ice40hx8k_top.sv); plain C functions for
// fpga/uart_pty_sim.c. Built with -DBOARD_CLKS_PER_BIT=<the -G value> (and
// -DBOARD_FUSESOC by the FuseSoC core's sim target).
#include <cstdint>

#include "verilated.h"
#ifdef BOARD_FUSESOC
// FuseSoC's build keeps the model named after its top module.
#include "Vice40hx8k_top.h"
typedef Vice40hx8k_top Vboard;
#else
#include "Vboard.h"
#endif

#include "board_model.h"

struct board_model {
    VerilatedContext ctx;
    Vboard *top;
};

extern "C" board_model *board_model_new(void)
{
    board_model *b = new board_model;
    b->top = new Vboard(&b->ctx, "board");
    b->top->clk_12m = 0;
    b->top->uart_rx = 1;
    b->top->eval();
    return b;
}

extern "C" void board_model_free(board_model *b)
{
    if (!b) return;
    b->top->final();
    delete b->top;
    delete b;
}

extern "C" int board_model_cycle(board_model *b, int rx, unsigned *leds)
{
    Vboard *t = b->top;
    t->uart_rx = rx ? 1 : 0;
    t->clk_12m = 1;
    t->eval();
    t->clk_12m = 0;
    t->eval();
    if (leds) *leds = t->led;
    return t->uart_tx;
}

extern "C" unsigned board_model_clks_per_bit(void)
{
    return BOARD_CLKS_PER_BIT;
}
