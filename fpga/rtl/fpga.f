fpga/rtl/rvmmu_uart_rx.sv
fpga/rtl/rvmmu_uart_tx.sv
fpga/rtl/rvmmu_bram_mem.sv
fpga/rtl/rvmmu_bridge.sv
fpga/rtl/rvmmu_selftest.sv
fpga/rtl/rvmmu_board_core.sv
fpga/rtl/rvmmu_por.sv
