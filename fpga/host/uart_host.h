/* uart_host.h -- `rvmmu uart`: runs tlbtrace files on the FPGA board (or its
 * simulation behind a pty) through the UART bridge (fpga/PROTOCOL.md). */
#ifndef RVMMU_UART_HOST_H
#define RVMMU_UART_HOST_H

/* rvmmu uart --port DEV [--timeout S] replay FILE...
 * argv holds the arguments after "uart". Prints what `rvmmu replay` prints
 * (the result lines, the `pte` lines; the cycle counts after `  ;` are the
 * board's). Exit status as replay's: 0, 1, 2; 3 when a trace does not fit
 * the board (RV64 mode, more page-table frames or RAM windows than it
 * has), with the reason on stderr; the worst over the files. */
int uart_main(int argc, char **argv);

#endif
