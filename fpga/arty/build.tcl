# build.tcl -- Vivado batch flow for the Arty A7-35, from the repository root:
#   vivado -mode batch -source fpga/arty/build.tcl
# writes build/fpga/arty/rvmmu.bit and utilisation/timing reports beside it.
set out build/fpga/arty
file mkdir $out
read_verilog -sv [glob rtl/rvmmu*.v] [glob fpga/rtl/*.v] fpga/boards/arty_top.v
read_xdc constraints/arty_a7_35.xdc
synth_design -top arty_top -part xc7a35ticsg324-1L -include_dirs {rtl fpga/rtl}
opt_design
place_design
route_design
report_utilization -file $out/utilization.rpt
report_timing_summary -file $out/timing.rpt
write_bitstream -force $out/rvmmu.bit
