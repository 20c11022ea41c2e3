# peers/peers.mk -- CVA6's own MMU measured beside rvmmu (docs/peers.md).
# Included by the Makefile; `make peers` installs the pinned CVA6 RTL from
# PyPI (PEER_PIP_PKGS, installed by this target only), Verilates CVA6's
# mmu_sv32/mmu_sv39 behind a shim with rvmmu's edge (peers/cva6/), links
# it with the harness into $(PEER_BIN), and runs the same traces through
# rvmmu and CVA6 (peers/peers.py). No CVA6 source is in this repository: it
# is read where pip installed it.

PEER_BUILD    := $(BUILD)/peers
PEER_BIN      := $(PEER_BUILD)/rvmmu-cva6
# The CVA6 RTL, pinned (the version pip finds today: CVA6 v4.2.0-293, Nov 2022).
PEER_PIP_PKGS := pythondata-cpu-cva6==4.2.0.post435
# Memory latencies (cycles) the workloads run at; random traces per mode and their length.
PEER_LAT      ?= 1 20
PEER_SEEDS    ?= 4
PEER_ACCESSES ?= 2000
# The captured programs run through both by `rvmmu study` (docs/study.md): by
# default the study's workloads (make study-captures takes them on first use,
# STUDY_MAX accesses each) and their mix; PEER_CAPTURES="A.cap ..." names
# others, PEER_CAPTURES=none runs the traces only. PEER_STUDY_MAX: the
# accesses of each capture (and of the mix) that run.
PEER_CAPTURES ?=
PEER_STUDY_MAX ?= $(STUDY_MAX)
# The directed traces (make test's slice names four).
PEER_TRACES ?= tb/traces/*.trace
# PEER_RESUME=1: keep the captured-program runs that an earlier run of the same
# command completed (BUILD/peers/run/study-*.csv with their .rules counts).
PEER_RESUME ?= 0
# Where the package's SystemVerilog is (written by the install step below).
PEER_CVA6      = $(shell cat $(PEER_BUILD)/.cva6 2>/dev/null)
PEER_CELLS     = $(PEER_CVA6)/common/submodules/common_cells/src
# CVA6's packages and the MMU's leaves (the order its Flist.* gives them).
PEER_PKGS      = $(PEER_CVA6)/core/include/riscv_pkg.sv $(PEER_CVA6)/corev_apu/riscv-dbg/src/dm_pkg.sv \
                 $(PEER_CVA6)/core/include/ariane_pkg.sv $(PEER_CELLS)/cf_math_pkg.sv $(PEER_CELLS)/lzc.sv \
                 $(PEER_CVA6)/core/pmp/src/pmp.sv $(PEER_CVA6)/core/pmp/src/pmp_entry.sv
PEER_SRC_32    = $(PEER_CVA6)/core/include/cv32a6_imac_sv32_config_pkg.sv $(PEER_PKGS) \
                 $(addprefix $(PEER_CVA6)/core/mmu_sv32/,cva6_tlb_sv32.sv cva6_ptw_sv32.sv cva6_mmu_sv32.sv)
PEER_SRC_64    = $(PEER_CVA6)/core/include/cv64a6_imafdc_sv39_config_pkg.sv $(PEER_PKGS) \
                 $(addprefix $(PEER_CVA6)/core/mmu_sv39/,tlb.sv ptw.sv mmu.sv)
PEER_DEF_64   := -DPEER_SV39

.PHONY: peers peers-build

# The pinned package, installed if missing or of another version; its path is kept in .cva6.
$(PEER_BUILD)/.cva6: peers/peers.mk | $(BUILD)/.deps
	@mkdir -p $(PEER_BUILD)
	@want="$(patsubst pythondata-cpu-cva6==%,%,$(filter pythondata-cpu-cva6==%,$(PEER_PIP_PKGS)))"; \
	have=$$(python3 -c "import pythondata_cpu_cva6 as p; print(p.version_str)" 2>/dev/null); \
	if [ "$$have" != "$$want" ]; then \
	  echo "installing from PyPI: $(PEER_PIP_PKGS)"; \
	  python3 -m pip install -q $(PEER_PIP_PKGS) || python3 -m pip install -q --break-system-packages $(PEER_PIP_PKGS) || \
	    { echo "could not install; run:  python3 -m pip install $(PEER_PIP_PKGS)"; exit 1; }; \
	fi
	@python3 -c "import pythondata_cpu_cva6 as p; print(p.data_location)" > $@.tmp && mv $@.tmp $@

# The shim: rtl/rvmmu.sv's header around peers/cva6/cva6_mmu_shim.svh; the
# simulation top: rvmmu_sim (generated from the same header) around the shim.
PEER_SHIM := $(PEER_BUILD)/cva6_mmu_shim.sv
$(PEER_SHIM): rtl/rvmmu.sv peers/cva6/cva6_mmu_shim.svh peers/cva6/gen_shim.py sim/gen_edge.py
	@mkdir -p $(PEER_BUILD)
	python3 -B peers/cva6/gen_shim.py rtl/rvmmu.sv peers/cva6/cva6_mmu_shim.svh $@
$(PEER_BUILD)/cva6_sim.sv: $(GEN)/rvmmu_sim.sv
	@mkdir -p $(PEER_BUILD)
	sed 's/^  rvmmu #(/  cva6_mmu_shim #(/' $< > $@

# One model per XLEN (CVA6's RV32 and RV64 configurations), wrapped by
# sim/model_shim.cpp exactly as rvmmu's models are (SHIM_PREFIX rv32/rv64).
define PEERMODEL
$(PEER_BUILD)/obj$(1)/Vcva6_$(1)__ALL.a: $(PEER_BUILD)/.cva6 $(PEER_SHIM) $(PEER_BUILD)/cva6_sim.sv peers/cva6/cva6.vlt \
    peers/cva6/vl_consthi_fix.h rtl/rvmmu_pkg.sv rtl/rvmmu_defs.vh $(BUILD)/.entries
	verilator --cc --trace-fst $(VL_OPT) --x-assign unique --x-initial unique $(PEER_DEF_$(1)) -Irtl -Ipeers/cva6 \
	  peers/cva6/cva6.vlt rtl/rvmmu_pkg.sv $$(PEER_SRC_$(1)) $(PEER_SHIM) $(PEER_BUILD)/cva6_sim.sv \
	  --top-module rvmmu_sim -GRV64=$(2) -GENTRIES=$(ENTRIES) --prefix Vcva6_$(1) -Mdir $(PEER_BUILD)/obj$(1) \
	  -CFLAGS -include$(abspath peers/cva6/vl_consthi_fix.h)
	$(MAKE) -s -C $(PEER_BUILD)/obj$(1) -f Vcva6_$(1).mk $(VL_CXXOPT) Vcva6_$(1)__ALL.a >/dev/null
$(PEER_BUILD)/shim$(1).o: sim/model_shim.cpp sim/mmu_model.h $(GEN)/rvmmu_ports.h $(PEER_BUILD)/obj$(1)/Vcva6_$(1)__ALL.a
	$(CXX) $(CXXFLAGS) -I$(PEER_BUILD)/obj$(1) -DVMODEL=Vcva6_$(1) '-DVMODEL_HEADER="Vcva6_$(1).h"' \
	  -DSHIM_PREFIX=rv$(1) -DVMODEL_ENTRIES=$(ENTRIES) -c $$< -o $$@
endef
$(eval $(call PEERMODEL,32,1\'b0))
$(eval $(call PEERMODEL,64,1\'b1))

# The same tool (the same harness objects) over CVA6's models.
PEER_LIBS := $(PEER_BUILD)/shim32.o $(PEER_BUILD)/shim64.o $(PEER_BUILD)/obj32/Vcva6_32__ALL.a \
             $(PEER_BUILD)/obj64/Vcva6_64__ALL.a $(VLIB_OBJS)
$(PEER_BIN): $(OBJS) $(PEER_LIBS)
	$(CXX) -o $@ $(OBJS) $(PEER_LIBS) $(LDLIBS)

peers-build: $(PEER_BIN) $(BUILD)/rvmmu $(BUILD)/gen_random

# make peers [PEER_LAT="1 20"] [PEER_SEEDS=N] [PEER_ACCESSES=N] [PEER_CAPTURES=...] [PEER_STUDY_MAX=N]
peers:
	@$(MAKE) --no-print-directory -j$(JOBS) peers-build
	@if [ -z "$(PEER_CAPTURES)" ]; then $(MAKE) --no-print-directory study-captures; fi
	@caps="$(PEER_CAPTURES)"; \
	[ -n "$$caps" ] || caps=$$(for w in $$(study/workloads.sh list); do printf '%s ' $(BUILD)/study/cap/$$w.cap; done); \
	[ "$$caps" != none ] || caps=; \
	echo "python3 -B peers/peers.py ... --captures \"$$caps\" --study-max $(PEER_STUDY_MAX)"; \
	python3 -B peers/peers.py --build $(BUILD) --lat "$(PEER_LAT)" --seeds $(PEER_SEEDS) --accesses $(PEER_ACCESSES) \
	  --captures "$$caps" --study-max $(PEER_STUDY_MAX) --jobs $(JOBS) $(if $(filter 1,$(PEER_RESUME)),--resume) $(PEER_TRACES)

# The shim under -Wall, both XLENs (CVA6's own files are exempt: peers/cva6/cva6.vlt).
.PHONY: peers-lint
peers-lint: $(PEER_BUILD)/.cva6 $(PEER_SHIM)
	verilator --lint-only -Wall -Irtl -Ipeers/cva6 peers/cva6/cva6.vlt rtl/rvmmu_pkg.sv $(PEER_SRC_32) $(PEER_SHIM) \
	  --top-module cva6_mmu_shim -GRV64=1\'b0
	verilator --lint-only -Wall $(PEER_DEF_64) -Irtl -Ipeers/cva6 peers/cva6/cva6.vlt rtl/rvmmu_pkg.sv $(PEER_SRC_64) \
	  $(PEER_SHIM) --top-module cva6_mmu_shim -GRV64=1\'b1
