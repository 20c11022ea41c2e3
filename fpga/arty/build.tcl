# build.tcl -- Vivado batch flow for the Arty A7-35, from the repository root:
#   vivado -mode batch -source fpga/arty/build.tcl
# writes build/fpga/arty/rvmmu.bit and utilisation/timing reports beside it.
set out build/fpga/arty
file mkdir $out
# The file lists, in compile order: rtl/rvmmu.f (the MMU, package first), fpga/rtl/fpga.f.
proc file_list {f} { set h [open $f]; set l [split [string trim [read $h]] "\n"]; close $h; return $l }
read_verilog -sv [concat [file_list rtl/rvmmu.f] [file_list fpga/rtl/fpga.f] fpga/boards/arty_top.sv]
read_xdc constraints/arty_a7_35.xdc
synth_design -top arty_top -part xc7a35ticsg324-1L -include_dirs {rtl fpga/rtl}
opt_design
place_design
route_design
report_utilization -file $out/utilization.rpt
report_timing_summary -file $out/timing.rpt
write_bitstream -force $out/rvmmu.bit
