/* uart_tool_main.c -- a standalone `rvmmu uart` (build/fpga/rvmmu-uart) for
 * machines without the Verilated models; build/rvmmu has the same command. */
#include <stdio.h>
#include <string.h>

#include "uart_host.h"

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "uart")) return uart_main(argc - 2, argv + 2);
    return uart_main(argc - 1, argv + 1);
}
