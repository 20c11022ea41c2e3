# rvmmu -- build, test and measure. `make run` and `make test` are the two
# commands of the README; both install what is missing first (see `deps`).

SHELL      := /bin/bash
BUILD      := build
GEN        := $(BUILD)/gen
ENTRIES    ?= 16
# Page-walk cache entries of the Verilated models (rvmmu's PWC_ENTRIES; 0: none).
PWC_ENTRIES ?= 0
# The second-level TLB of the Verilated models (rvmmu's L2_ENTRIES, L2_WAYS,
# L2_SP; L2_ENTRIES=0: none).
L2_ENTRIES ?= 0
L2_WAYS    ?= 4
L2_SP      ?= 2
# Request ports of the Verilated models (rvmmu's PORTS) and the instruction
# TLB's entries (I_ENTRIES): both ports, so that replay --ports 2, the bench
# and the regression can use the instruction port; a small instruction TLB
# keeps the models' build time (its size changes no rule the tests check).
MODEL_PORTS ?= 2
MODEL_I_ENTRIES ?= 4
# Optimisation of the Verilated models (run_tests.sh builds its extra ENTRIES
# models with less, for time): Verilator's, then the C++ compiler's.
VL_OPT     ?= -O3
VL_CXXOPT  ?= OPT_FAST=-O2 OPT_SLOW=-O1
JOBS       ?= 2

# The MMU's RTL, in compile order (the package first): rtl/rvmmu.f, the one
# file list every flow reads (tests/filelist_check.sh holds rvmmu.core to it).
RTL_TOP    := rtl/rvmmu.sv
RTL        := $(shell cat rtl/rvmmu.f)
# Generated from rtl/rvmmu.sv by sim/gen_edge.py: everything that mirrors its ports.
EDGE_GEN   := $(GEN)/rvmmu_sim.sv $(GEN)/rvmmu_ports.h $(GEN)/rvmmu_fv_edge.vh $(GEN)/rvmmu_fmax_edge.vh \
              $(GEN)/rvmmu_vec_edge.vh
RTL_DEPS   := rtl/rvmmu.f $(RTL) rtl/rvmmu_defs.vh rtl/rvmmu.vlt $(GEN)/rvmmu_sim.sv $(BUILD)/.entries $(BUILD)/.pwc \
              $(BUILD)/.ports

# Debian packages the build and the tests need.
DEB_PKGS   := verilator yosys g++ gcc make zlib1g-dev python3 python3-pip gtkwave xvfb xauth imagemagick xdotool lcov z3 \
              nextpnr-ice40 fpga-icestorm
# valgrind: `rvmmu capture` runs programs under its lackey tool (docs/capture.md).
DEB_PKGS   += valgrind
# iverilog: the second simulator, 4-state (tests/icarus_check.sh, sim/icarus/).
DEB_PKGS   += iverilog
# afl++: the file readers' fuzzing (tests/fuzz.sh, `make fuzz`); it brings clang-14 for afl-clang-fast,
# libclang-rt-14-dev its sanitizer runtimes.
DEB_PKGS   += afl++ libclang-rt-14-dev
# `make study` (study/study.mk): gnuplot-nox draws the plots; tcc, xz-utils, sqlite3,
# perl-base and coreutils are the captured programs (study/workloads.sh).
DEB_PKGS   += gnuplot-nox tcc xz-utils sqlite3 perl-base coreutils
# PyPI packages for what Debian lacks: FuseSoC (to validate rvmmu.core).
PIP_PKGS   := fusesoc
VERILATOR_ROOT := $(shell verilator --getenv VERILATOR_ROOT 2>/dev/null || echo /usr/share/verilator)
VINC       := -I$(VERILATOR_ROOT)/include -I$(VERILATOR_ROOT)/include/vltstd

CC         := gcc
CXX        := g++
WARN       := -Wall -Wextra -Werror
INCS       := -I$(GEN) -Ilib -Itb -Isim -Isw -Itests -Iregress -Ifpga/host
CFLAGS     := -std=c11 -O2 -g $(WARN) $(INCS)
SANFLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer
CXXFLAGS   := -std=c++17 -O2 -g -Wall -Wextra -Isim -I$(GEN) $(VINC)

TB_SRC     := tb/main.c tb/replay.c tb/harness.c tb/scoreboard.c tb/coverage.c lib/mem.c lib/ref.c \
              lib/trace.c tb/bench.c sim/mmu_model.c sw/pt.c tb/kernel.c lib/scenario_parse.c tb/scenario_run.c \
              tb/scenario_report.c sw/proc.c \
              lib/lex.c tb/runopts.c fpga/host/uart_host.c lib/result.c
# rvmmu capture: the capture file (capfile) and the command (capture).
TB_SRC     += lib/capfile.c tb/capture.c
# The scoreboard's model of the RTL's TLB replacement; the TLB on mapping ids (policies, OPT).
TB_SRC     += lib/tlb_policy.c lib/tlbsim.c
# rvmmu study: captures as processes with page tables (capmap), replayed (study).
TB_SRC     += tb/capmap.c tb/study.c
# PMP: the reference model ref.c checks with (lib/pmp.h).
TB_SRC     += lib/pmp.c
# The walker bus adapters' slaves (AXI4, Wishbone B4), replay --bus.
TB_SRC     += tb/bus_model.c
TB_HDR     := $(wildcard lib/*.h tb/*.h sim/*.h sw/*.h fpga/host/*.h) $(GEN)/rvmmu_defs.h $(GEN)/rvmmu_ports.h
VLIB_OBJS  := $(BUILD)/obj32/verilated.o $(BUILD)/obj32/verilated_fst_c.o $(BUILD)/obj32/verilated_threads.o
MODEL_LIBS := $(BUILD)/shim32.o $(BUILD)/shim64.o $(BUILD)/obj32/Vrvmmu32__ALL.a \
              $(BUILD)/obj64/Vrvmmu64__ALL.a $(VLIB_OBJS)
LDLIBS     := -lz -pthread

.PHONY: all run test lint synth bench deps clean wave wave-png regress edge mutants FORCE
all: $(BUILD)/rvmmu

# ------------------------------------------------------------------ dependencies
# Installs missing Debian packages when run as root; otherwise prints the command.
$(BUILD)/.deps:
	@mkdir -p $(BUILD)
	@missing=""; for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages; run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@missing=""; for p in $(PIP_PKGS); do python3 -m pip show -q $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing from PyPI:$$missing"; \
	  python3 -m pip install -q $$missing || python3 -m pip install -q --break-system-packages $$missing || \
	    { echo "could not install; run:  python3 -m pip install$$missing"; exit 1; }; \
	fi
	@touch $@
deps: $(BUILD)/.deps

# ------------------------------------------------------------------ generated constants
$(GEN)/rvmmu_defs.h: rtl/rvmmu_defs.vh sim/gen_defs.awk | $(BUILD)/.deps
	@rm -rf $(GEN) && mkdir -p $(GEN)/gtkw
	awk -v out=$(GEN) -f sim/gen_defs.awk rtl/rvmmu_defs.vh

# From rvmmu's ports (rtl/rvmmu.sv): the simulation top (its ports plus the
# trace line), the C port list, the formal harness' and the Fmax wrapper's edge.
$(GEN)/.edge: rtl/rvmmu.sv rtl/rvmmu_axi_walker.sv rtl/rvmmu_wb_walker.sv sim/gen_edge.py $(GEN)/rvmmu_defs.h
	python3 sim/gen_edge.py rtl/rvmmu.sv $(GEN)
	@touch $@
$(EDGE_GEN): $(GEN)/.edge ;
edge: $(EDGE_GEN)
# The tops a user instantiates, rvmmu with a walker bus adapter (rtl/rvmmu_axi.sv,
# rtl/rvmmu_wb.sv), are generated too, and committed: `make tops` writes them
# after a change of rvmmu's or an adapter's header; make test checks they agree.
TOPS       := rvmmu_axi rvmmu_wb
.PHONY: tops
tops: $(GEN)/.edge
	for t in $(TOPS); do cp $(GEN)/$$t.sv rtl/$$t.sv; done

# The models' ENTRIES: rewritten when it changes, so that the models follow.
$(BUILD)/.entries: FORCE
	@mkdir -p $(BUILD)
	@echo $(ENTRIES) | cmp -s - $@ || echo $(ENTRIES) > $@
$(BUILD)/.pwc: FORCE
	@mkdir -p $(BUILD)
	@echo $(PWC_ENTRIES) $(L2_ENTRIES) $(L2_WAYS) $(L2_SP) | cmp -s - $@ || echo $(PWC_ENTRIES) $(L2_ENTRIES) $(L2_WAYS) $(L2_SP) > $@
$(BUILD)/.ports: FORCE
	@mkdir -p $(BUILD)
	@echo $(MODEL_PORTS) $(MODEL_I_ENTRIES) | cmp -s - $@ || echo $(MODEL_PORTS) $(MODEL_I_ENTRIES) > $@
FORCE:

# GTKWave layouts (sim/gen_gtkw.sh) using the filters generated above.
GTKW := $(GEN)/gtkw/rvmmu32.gtkw $(GEN)/gtkw/rvmmu64.gtkw
$(GEN)/gtkw/rvmmu%.gtkw: sim/gen_gtkw.sh $(GEN)/rvmmu_defs.h
	sim/gen_gtkw.sh $* $(abspath $(GEN)/gtkw) > $@

# ------------------------------------------------------------------ Verilated models
# One model per XLEN; each is wrapped by one compilation of sim/model_shim.cpp.
# Built with both request ports (MODEL_PORTS=2): replay without --ports 2
# leaves the instruction port idle, which is the single-port MMU cycle for
# cycle (the arbiter grants the data port at once).
define VMODEL
$(BUILD)/obj$(1)/Vrvmmu$(1)__ALL.a: $(RTL_DEPS) | $(BUILD)/.deps
	verilator --cc --trace-fst $(VL_OPT) --x-assign unique --x-initial unique -Irtl rtl/rvmmu.vlt $(RTL) $(GEN)/rvmmu_sim.sv --top-module rvmmu_sim \
	  -GRV64=$(2) -GENTRIES=$(ENTRIES) -GPWC_ENTRIES=$(PWC_ENTRIES) -GPORTS=$(MODEL_PORTS) \
	  -GL2_ENTRIES=$(L2_ENTRIES) -GL2_WAYS=$(L2_WAYS) -GL2_SP=$(L2_SP) \
	  -GI_ENTRIES=$(MODEL_I_ENTRIES) --prefix Vrvmmu$(1) -Mdir $(BUILD)/obj$(1)
	$(MAKE) -s -C $(BUILD)/obj$(1) -f Vrvmmu$(1).mk $(VL_CXXOPT) Vrvmmu$(1)__ALL.a >/dev/null
$(BUILD)/shim$(1).o: sim/model_shim.cpp sim/mmu_model.h $(GEN)/rvmmu_ports.h $(BUILD)/obj$(1)/Vrvmmu$(1)__ALL.a
	$(CXX) $(CXXFLAGS) -I$(BUILD)/obj$(1) -DVMODEL=Vrvmmu$(1) '-DVMODEL_HEADER="Vrvmmu$(1).h"' \
	  -DSHIM_PREFIX=rv$(1) -DVMODEL_ENTRIES=$(ENTRIES) -DVMODEL_PORTS=$(MODEL_PORTS) \
	  -DVMODEL_I_ENTRIES=$(MODEL_I_ENTRIES) -DVMODEL_L2_ENTRIES=$(L2_ENTRIES) \
	  -DVMODEL_PWC_ENTRIES=$(PWC_ENTRIES) -c $$< -o $$@
endef
$(eval $(call VMODEL,32,1\'b0))
$(eval $(call VMODEL,64,1\'b1))

# The same two models with Verilator line and toggle coverage, for `make regress`.
define VCOVMODEL
$(BUILD)/cov$(1)/Vrvmmu$(1)__ALL.a: $(RTL_DEPS) | $(BUILD)/.deps
	verilator --cc --trace-fst --coverage-line --coverage-toggle -O3 --x-assign unique --x-initial unique \
	  -Irtl rtl/rvmmu.vlt $(RTL) $(GEN)/rvmmu_sim.sv --top-module rvmmu_sim \
	  -GRV64=$(2) -GENTRIES=$(ENTRIES) -GPORTS=$(MODEL_PORTS) -GI_ENTRIES=$(MODEL_I_ENTRIES) \
	  --prefix Vrvmmu$(1) -Mdir $(BUILD)/cov$(1)
	$(MAKE) -s -C $(BUILD)/cov$(1) -f Vrvmmu$(1).mk OPT_FAST=-O2 OPT_SLOW=-O1 Vrvmmu$(1)__ALL.a \
	  verilated.o verilated_fst_c.o verilated_threads.o verilated_cov.o >/dev/null
$(BUILD)/covshim$(1).o: sim/model_shim.cpp sim/mmu_model.h $(GEN)/rvmmu_ports.h $(BUILD)/cov$(1)/Vrvmmu$(1)__ALL.a
	$(CXX) $(CXXFLAGS) -DVM_COVERAGE=1 -I$(BUILD)/cov$(1) -DVMODEL=Vrvmmu$(1) '-DVMODEL_HEADER="Vrvmmu$(1).h"' \
	  -DSHIM_PREFIX=rv$(1) -DVMODEL_ENTRIES=$(ENTRIES) -DVMODEL_PORTS=$(MODEL_PORTS) \
	  -DVMODEL_I_ENTRIES=$(MODEL_I_ENTRIES) -c $$< -o $$@
endef
$(eval $(call VCOVMODEL,32,1\'b0))
$(eval $(call VCOVMODEL,64,1\'b1))
COV_LIBS := $(BUILD)/covshim32.o $(BUILD)/covshim64.o $(BUILD)/cov32/Vrvmmu32__ALL.a $(BUILD)/cov64/Vrvmmu64__ALL.a \
            $(BUILD)/cov32/verilated.o $(BUILD)/cov32/verilated_fst_c.o $(BUILD)/cov32/verilated_threads.o \
            $(BUILD)/cov32/verilated_cov.o
# Verilator's own objects of the coverage build come with the RV32 model's archive.
$(filter $(BUILD)/cov32/verilated%.o,$(COV_LIBS)): $(BUILD)/cov32/Vrvmmu32__ALL.a ;
$(VLIB_OBJS): $(BUILD)/obj32/Vrvmmu32__ALL.a
	$(MAKE) -s -C $(BUILD)/obj32 -f Vrvmmu32.mk $(VL_CXXOPT) $(notdir $@) >/dev/null

# ------------------------------------------------------------------ the tool
OBJS      := $(patsubst %.c,$(BUILD)/c/%.o,$(TB_SRC))
ASAN_OBJS := $(patsubst %.c,$(BUILD)/asan/%.o,$(TB_SRC))

$(BUILD)/c/%.o: %.c $(TB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@
$(BUILD)/asan/%.o: %.c $(TB_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) -c $< -o $@

$(BUILD)/rvmmu: $(OBJS) $(MODEL_LIBS)
	$(CXX) -o $@ $(OBJS) $(MODEL_LIBS) $(LDLIBS)

# The same tool over the coverage-instrumented models.
$(BUILD)/rvmmu-cov: $(OBJS) $(COV_LIBS)
	$(CXX) -o $@ $(OBJS) $(COV_LIBS) $(LDLIBS)

# The same tool with AddressSanitizer and UBSan on all the C code.
$(BUILD)/rvmmu-asan: $(ASAN_OBJS) $(MODEL_LIBS)
	$(CXX) $(SANFLAGS) -o $@ $(ASAN_OBJS) $(MODEL_LIBS) $(LDLIBS)

# Unit tests, each a standalone C program, built with the sanitizers.
$(BUILD)/test_ref: tests/test_ref.c lib/ref.c lib/ref.h lib/pmp.c lib/pmp.h lib/mem.c lib/mem.h $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_ref.c lib/ref.c lib/pmp.c lib/mem.c -o $@
# The PMP reference model against the spec chapter's sentences.
# The hypervisor extension's two-stage translation in the reference model (issue 18).
$(BUILD)/test_ref_h: tests/test_ref_h.c lib/ref.c lib/ref.h lib/pmp.c lib/pmp.h lib/mem.c lib/mem.h tests/testmem.h \
                    tests/testcheck.h $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_ref_h.c lib/ref.c lib/pmp.c lib/mem.c -o $@
$(BUILD)/test_pmp: tests/test_pmp.c lib/pmp.c lib/pmp.h tests/testcheck.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_pmp.c lib/pmp.c -o $@
$(BUILD)/test_mem: tests/test_mem.c lib/mem.c lib/mem.h tests/testmem.h tests/testcheck.h lib/ref.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_mem.c lib/mem.c -o $@
# The model's spec constants against the RTL's and sw/'s (unit/spec-constants-match-rtl).
$(BUILD)/test_consts: tests/test_consts.c lib/ref.h sw/pt.c sw/pt.h $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_consts.c sw/pt.c -o $@
$(BUILD)/test_trace: tests/test_trace.c lib/trace.c lib/trace.h lib/lex.c lib/lex.h lib/scenario_parse.c lib/scenario.h \
                    sw/pt.c sw/pt.h $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_trace.c lib/trace.c lib/lex.c lib/scenario_parse.c sw/pt.c -o $@
$(BUILD)/test_sw: tests/test_sw.c sw/pt.c sw/pt.h lib/ref.c lib/pmp.c lib/mem.c lib/mem.h tests/testmem.h tests/testcheck.h $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) -DTEST_SW_WITH_REF tests/test_sw.c sw/pt.c lib/ref.c lib/pmp.c lib/mem.c -o $@
# satp packed by sw/pt.c's pt_satp for tools outside C (fpga/gen_selftest.py).
$(BUILD)/pt_satp: sw/pt_satp_main.c sw/pt.c sw/pt.h $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) sw/pt_satp_main.c sw/pt.c -o $@
GEN_RANDOM_SRC := regress/gen_random.c regress/gen_random_out.c regress/gen_random_tables.c regress/gen_random_raw.c \
                  regress/gen_random_stream.c regress/gen_random_pmp.c
$(BUILD)/gen_random: $(GEN_RANDOM_SRC) regress/gen_random.h sw/pt.c sw/pt.h lib/mem.c lib/mem.h \
                     $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) $(GEN_RANDOM_SRC) sw/pt.c lib/mem.c -o $@
# The same generator without the sanitizers, for the long runs (make regress,
# make soak): the sanitized one took 0.77 s of a seed's 1.6 s at 10^5 accesses,
# this one 0.13 s, with byte-identical output (make test compares the two).
$(BUILD)/gen_random-fast: $(GEN_RANDOM_SRC) regress/gen_random.h sw/pt.c sw/pt.h lib/mem.c lib/mem.h \
                          $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(GEN_RANDOM_SRC) sw/pt.c lib/mem.c -o $@

$(BUILD)/test_proc: tests/test_proc.c sw/proc.c sw/proc.h sw/pt.c sw/pt.h lib/ref.c lib/ref.h lib/mem.c lib/mem.h tests/testmem.h \
                   tests/testcheck.h $(GEN)/rvmmu_defs.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_proc.c sw/proc.c sw/pt.c lib/ref.c lib/pmp.c lib/mem.c -o $@

# The replacement policies (lib/tlb_policy.c) and the TLB on mapping ids with
# Belady's OPT (lib/tlbsim.c), against hand-computed sequences and models.
$(BUILD)/test_policy: tests/test_policy.c lib/tlb_policy.c lib/tlb_policy.h lib/tlbsim.c lib/tlbsim.h tests/testcheck.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_policy.c lib/tlb_policy.c lib/tlbsim.c -o $@

# The capture file's codec, writer and reader (lib/capfile.c).
$(BUILD)/test_capture: tests/test_capture.c lib/capfile.c lib/capfile.h tests/testcheck.h
	$(CC) $(CFLAGS) $(SANFLAGS) tests/test_capture.c lib/capfile.c -o $@ -lz

# The file readers' fuzzing entry point (tests/fuzz/fuzz_readers.c): with gcc
# and the sanitizers for the malformed-input tests, with afl-clang-fast for AFL++
# (Debian 12 afl++ 4.04c: its afl-gcc-fast plugin refuses Debian's gcc 12.2.0 on a
# version check that cannot be turned off before AFL++ 4.21; afl-gcc has no
# persistent mode).
FUZZ_SRC := tests/fuzz/fuzz_readers.c lib/trace.c lib/lex.c lib/scenario_parse.c sw/pt.c lib/capfile.c
FUZZ_DEPS := $(FUZZ_SRC) $(TB_HDR)
$(BUILD)/fuzz_readers: $(FUZZ_DEPS)
	$(CC) $(CFLAGS) $(SANFLAGS) -fno-sanitize-recover=all $(FUZZ_SRC) -o $@ -lz
$(BUILD)/fuzz-afl/fuzz_readers-afl: $(FUZZ_DEPS) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	AFL_QUIET=1 afl-clang-fast $(CFLAGS) $(SANFLAGS) -fno-sanitize-recover=all $(FUZZ_SRC) -o $@ -lz

# make fuzz [FUZZ_MIN=N]: AFL++ on every file reader, N minutes each (default 5).
FUZZ_MIN ?= 5
.PHONY: fuzz
fuzz: $(BUILD)/fuzz-afl/fuzz_readers-afl $(BUILD)/rvmmu
	tests/fuzz.sh --seconds $$(( $(FUZZ_MIN) * 60 ))

# ------------------------------------------------------------------ the two commands
run: $(BUILD)/rvmmu
	@echo "rvmmu: replaying the bundled traces through the RTL, scoreboard on"
	@$(BUILD)/rvmmu replay --summary tb/traces/*.trace
	@echo
	@echo "rvmmu: the operating system's side: processes, shared libraries, shared memory, fork and copy-on-write (tb/scenarios)"
	@$(BUILD)/rvmmu scenario tb/scenarios/*.scn

# The builds are timed apart from the checks (tests/run_tests.sh prints each stage's seconds).
TEST_BINS := $(BUILD)/rvmmu $(BUILD)/rvmmu-asan $(BUILD)/test_ref $(BUILD)/test_ref_h $(BUILD)/test_pmp $(BUILD)/test_consts $(BUILD)/test_mem \
             $(BUILD)/test_trace $(BUILD)/test_sw $(BUILD)/gen_random $(BUILD)/gen_random-fast $(BUILD)/test_proc $(BUILD)/systemc/rvmmu-vp \
             $(BUILD)/fpga/uart_pty_sim $(BUILD)/test_capture $(BUILD)/test_policy $(BUILD)/fuzz_readers \
             $(BUILD)/fuzz-afl/fuzz_readers-afl
test:
	@t0=$$(date +%s); $(MAKE) --no-print-directory $(BUILD)/.deps || exit 1; t1=$$(date +%s); \
	$(MAKE) --no-print-directory -j$(JOBS) $(TEST_BINS) || exit 1; t2=$$(date +%s); \
	echo "make test: packages $$((t1 - t0)) s, builds $$((t2 - t1)) s"; tests/run_tests.sh

# ------------------------------------------------------------------ regression
# make regress [SEEDS=N] [JOBS=J]: constrained-random seeds on every core,
# functional coverage, merged line/toggle coverage, JUnit XML, reproducers.
SEEDS ?= 200
regress: $(BUILD)/rvmmu $(BUILD)/rvmmu-cov $(BUILD)/gen_random-fast
	SEEDS=$(SEEDS) CODE_COVERAGE=1 GEN_RANDOM=$(BUILD)/gen_random-fast regress/regress.sh

# make regress-caches [SEEDS=N]: the same seeds through make test's caches
# build ($(CACHES_BUILD): the L2 TLB and the walk cache), 3000 accesses of
# mostly 4 KiB pages a seed so that the walks reach the L2 TLB (coverage
# l2-hit/*, l2-miss/*), results in $(BUILD)/regress-caches.
.PHONY: regress-caches
regress-caches: $(BUILD)/gen_random-fast
	$(MAKE) -s BUILD=$(CACHES_BUILD) $(CACHES_VARS) $(CACHES_BUILD)/rvmmu >/dev/null
	SEEDS=$(SEEDS) ACCESSES=3000 GEN_EXTRA="--small-pages 90" RVMMU=$(CACHES_BUILD)/rvmmu OUT=$(BUILD)/regress-caches \
	  GEN_RANDOM=$(BUILD)/gen_random-fast regress/regress.sh

# make soak [HOURS=H] [TRANSLATIONS=T] [JOBS=J]: the random regression for H
# hours (or until T translations are checked) in batches, one progress line a
# batch (regress/soak.sh: ACCESSES, BATCH, SSHLOGINFILE).
HOURS ?= 1
TRANSLATIONS ?= 0
.PHONY: soak
soak: $(BUILD)/rvmmu $(BUILD)/gen_random-fast
	HOURS=$(HOURS) TRANSLATIONS=$(TRANSLATIONS) JOBS=$(JOBS) GEN_RANDOM=$(BUILD)/gen_random-fast regress/soak.sh

# ------------------------------------------------------------------ formal proofs
# Properties in rtl/*.sv (`ifdef FORMAL); harness and scripts in formal/ (formal/README.md).
.PHONY: formal
formal: $(BUILD)/.deps
	formal/run.sh -j $(JOBS) --all
	formal/mutate.sh -j $(JOBS)

# ------------------------------------------------------------------ checks and figures
# Every scoreboard mutant (make test runs half of them): broken RTL the
# scoreboard must catch, each in its own model (tests/mutants.sh).
mutants: $(BUILD)/rvmmu $(BUILD)/gen_random
	tests/mutants.sh

lint: $(BUILD)/.deps
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b0
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b1
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b0 -GPARITY=1\'b1
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b1 -GPARITY=1\'b1
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b0 -GPMP_ENTRIES=0
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b1 -GPMP_ENTRIES=64 -GPMP_GRAN=2
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b0 -GPWC_ENTRIES=4
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b1 -GPWC_ENTRIES=4
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b0 -GPORTS=2 -GI_ENTRIES=8
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b1 -GPORTS=2 -GPWC_ENTRIES=4 -GPARITY=1\'b1
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b0 -GL2_ENTRIES=512 -GPWC_ENTRIES=4
	verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=1\'b1 -GPORTS=2 -GL2_ENTRIES=2048 -GL2_WAYS=8 -GL2_SP=16
	for a in rvmmu_axi_walker rvmmu_wb_walker $(TOPS); do for rv in 0 1; do \
	  verilator --lint-only -Wall -Irtl rtl/rvmmu.vlt $(RTL) --top-module $$a -GRV64=1\'b$$rv || exit 1; done; done

# make synth: rvmmu alone, both XLENs; make synth BOARD=...: a board top (fpga/fpga.mk).
synth: $(BUILD)/.deps
ifneq ($(filter command line environment,$(origin BOARD)),)
	$(MAKE) --no-print-directory fpga-synth BOARD=$(BOARD)
else
	tests/synth_check.sh $(BUILD)/synth
endif

# Walk latency and hit throughput (cycle-exact, from the RTL), then area.
# The caches' walk latency is measured on a model with them: the build and
# the sizes of tests/run_tests.sh's stage walk-cache ($(BUILD)/caches), so
# that make test and make bench share it.
CACHES_BUILD := $(BUILD)/caches
CACHES_VARS  := PWC_ENTRIES=4 L2_ENTRIES=64 L2_WAYS=4 L2_SP=2 VL_OPT=-O1 VL_CXXOPT="OPT_FAST=-O1 OPT_SLOW=-O0"
bench: $(BUILD)/rvmmu
	$(BUILD)/rvmmu bench
	$(MAKE) -s BUILD=$(CACHES_BUILD) $(CACHES_VARS) $(CACHES_BUILD)/rvmmu >/dev/null
	$(CACHES_BUILD)/rvmmu bench --caches
	@echo
	@echo "Area: yosys synth_ice40 (Debian yosys 0.23), no latches: rvmmu without PMP by TLB size,"
	@echo "then with 4, 8 and 16 PMP entries, with both request ports, and with its walker on AXI4"
	@echo "and Wishbone (docs/bus.md). Fmax of each: make fpga-report FPGA_CONFIGS=1 (docs/fpga.md)"
	@echo
	tests/synth_check.sh --entries "8 16 32" --pmp 0 $(BUILD)/synth
	tests/synth_check.sh --pmp "4 8 16" $(BUILD)/synth
	tests/synth_check.sh --pmp 0 --ports 2 $(BUILD)/synth
	tests/synth_check.sh --pmp 0 --tops "rvmmu_axi rvmmu_wb" $(BUILD)/synth
	@echo
	@echo "The caches, 16-entry TLB, no PMP: neither, the walk cache (4 entries, docs/pwc-status.md), the L2 TLB"
	@echo "(512 entries in 4 ways, each way in block RAM, 4 superpage entries: docs/l2tlb.md), both"
	@echo
	tests/synth_check.sh --pmp 0 --pwc "0 4" --l2 "0 512" --l2-ways 4 $(BUILD)/synth

# ------------------------------------------------------------------ waveforms
# make wave TRACE=FILE [FROM=N TO=N]: dump FILE's run and open it in GTKWave.
# make wave-png TRACE=FILE [FROM=N TO=N] [PNG=out.png]: the same, rendered to a PNG.
# SCENARIO=FILE instead of TRACE=FILE does the same for an OS scenario.
ifdef SCENARIO
TRACE := $(SCENARIO)
RUN    = scenario
else
RUN    = replay
endif
TRACE ?= tb/traces/sv32-example.trace
FROM  ?= 0
TO    ?= 18446744073709551615
WAVE   = $(BUILD)/wave/$(basename $(notdir $(TRACE))).fst
PNG   ?= $(BUILD)/wave/$(basename $(notdir $(TRACE))).png
XLEN   = $$(grep -qE '^[[:space:]]*mode[[:space:]]+sv(39|48|57)' $(TRACE) && echo 64 || echo 32)

wave: $(BUILD)/rvmmu $(GTKW)
	@mkdir -p $(BUILD)/wave
	$(BUILD)/rvmmu $(RUN) --wave $(WAVE) --wave-from $(FROM) --wave-to $(TO) $(TRACE) || true
	@save=$(GEN)/gtkw/rvmmu$(XLEN).gtkw; \
	if [ -n "$${DISPLAY:-}" ]; then gtkwave -a $$save $(WAVE) & \
	else echo "no display (DISPLAY is not set): open it elsewhere with"; echo "  gtkwave -a $$save $(WAVE)"; fi

wave-png: $(BUILD)/rvmmu $(GTKW)
	@mkdir -p $(BUILD)/wave
	$(BUILD)/rvmmu $(RUN) --wave $(WAVE) --wave-from $(FROM) --wave-to $(TO) $(TRACE) >/dev/null || true
	sim/wave_png.sh $(WAVE) $(GEN)/gtkw/rvmmu$(XLEN).gtkw $(PNG)

clean:
	rm -rf $(BUILD)

# ------------------------------------------------------------------ SystemC virtual platform
# systemc/: the MMU as a TLM-2.0 component around the Verilated SystemC RTL
# (verilator --sc, both XLENs) and an example platform that replays a
# tlbtrace like `rvmmu replay` (systemc/compare.sh checks that it does).
SC_BUILD    := $(BUILD)/systemc
SC_SRC      := systemc/tlm_mmu.cpp systemc/phys_memory.cpp systemc/trace_player.cpp systemc/vp_main.cpp
SC_OBJS     := $(patsubst systemc/%.cpp,$(SC_BUILD)/%.o,$(SC_SRC))
SC_C_OBJS   := $(BUILD)/c/lib/trace.o $(BUILD)/c/lib/lex.o $(BUILD)/c/lib/ref.o $(BUILD)/c/lib/pmp.o $(BUILD)/c/sw/pt.o $(BUILD)/c/lib/result.o \
               $(BUILD)/c/lib/mem.o
SC_MODELS   := $(SC_BUILD)/obj32/Vrvmmu32sc__ALL.a $(SC_BUILD)/obj64/Vrvmmu64sc__ALL.a
SC_VLIB     := $(SC_BUILD)/obj32/verilated.o $(SC_BUILD)/obj32/verilated_threads.o
# Verilator's headers and the generated ones are outside -Wextra's reach (-isystem).
# RVMMU_VP_L2_ENTRIES: the models' L2_ENTRIES (with an L2 TLB, the platform's
# SFENCE.VMA waits out the sweep an rs1=x0 form starts, as replay's harness does).
SC_CXXFLAGS := -std=c++17 -O2 -g -Wall -Wextra -Werror -I$(GEN) -Ilib -Isw -Isystemc -I$(SC_BUILD) \
               -isystem $(SC_BUILD)/obj32 -isystem $(SC_BUILD)/obj64 $(subst -I,-isystem ,$(VINC)) \
               -DRVMMU_VP_L2_ENTRIES=$(L2_ENTRIES)

.PHONY: systemc
systemc: $(SC_BUILD)/rvmmu-vp

# Debian's libsystemc-dev (with the TLM-2.0 headers), installed as `deps` does.
$(SC_BUILD)/.deps: | $(BUILD)/.deps
	@mkdir -p $(SC_BUILD)
	@if ! dpkg -s libsystemc-dev >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages: libsystemc-dev"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsystemc-dev >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages; run:  sudo apt-get install -y libsystemc-dev"; exit 1; \
	  fi; \
	fi
	@touch $@

# One SystemC model per XLEN: top rvmmu itself (no simulation-only top), with
# the caches of the replay models (PWC_ENTRIES, L2_*: stamped in .pwc) and
# their optimisation (VL_OPT, VL_CXXOPT), so that a build directory's
# rvmmu-vp and rvmmu are the same RTL (make BUILD=build/caches PWC_ENTRIES=4
# L2_ENTRIES=64 L2_WAYS=4 L2_SP=2 systemc: tests/run_tests.sh, stage systemc).
define SCMODEL
$(SC_BUILD)/obj$(1)/Vrvmmu$(1)sc__ALL.a: rtl/rvmmu.f $(RTL) rtl/rvmmu_defs.vh rtl/rvmmu.vlt $(BUILD)/.entries $(BUILD)/.pwc \
                                        $(BUILD)/.ports | $(SC_BUILD)/.deps
	verilator --sc $(VL_OPT) -Irtl rtl/rvmmu.vlt $(RTL) --top-module rvmmu -GRV64=$(2) -GENTRIES=$(ENTRIES) \
	  -GPWC_ENTRIES=$(PWC_ENTRIES) -GL2_ENTRIES=$(L2_ENTRIES) -GL2_WAYS=$(L2_WAYS) -GL2_SP=$(L2_SP) \
	  -GPORTS=2 -GI_ENTRIES=$(MODEL_I_ENTRIES) --prefix Vrvmmu$(1)sc -Mdir $(SC_BUILD)/obj$(1)
	$(MAKE) -s -C $(SC_BUILD)/obj$(1) -f Vrvmmu$(1)sc.mk $(VL_CXXOPT) Vrvmmu$(1)sc__ALL.a >/dev/null
endef
$(eval $(call SCMODEL,32,1\'b0))
$(eval $(call SCMODEL,64,1\'b1))
$(SC_VLIB): $(SC_BUILD)/obj32/Vrvmmu32sc__ALL.a
	$(MAKE) -s -C $(SC_BUILD)/obj32 -f Vrvmmu32sc.mk $(notdir $@) >/dev/null

# The port list is RVMMU_SC_PORTS of $(GEN)/rvmmu_ports.h (clk_i is bound to the module's clk).
$(SC_BUILD)/%.o: systemc/%.cpp $(wildcard systemc/*.h) $(SC_MODELS) $(TB_HDR)
	$(CXX) $(SC_CXXFLAGS) -c $< -o $@

$(SC_BUILD)/rvmmu-vp: $(SC_OBJS) $(SC_C_OBJS) $(SC_MODELS) $(SC_VLIB)
	$(CXX) -o $@ $(SC_OBJS) $(SC_C_OBJS) $(SC_MODELS) $(SC_VLIB) -lsystemc -pthread

# ------------------------------------------------------------------ FPGA boards
# fpga/fpga.mk: board tops, UART bridge, flows (synth, pnr, bit, fmax) and the
# Verilated board top behind a pseudo-terminal (uart-sim) for `rvmmu uart`.
include fpga/fpga.mk
.PHONY: pnr bit
pnr: fpga-pnr
bit: fpga-bit

# ------------------------------------------------------------------ peers
# make peers: CVA6's MMU beside rvmmu on the same traces (peers/peers.mk, docs/peers.md).
include peers/peers.mk
# The real-program study (`make study`): captures, rvmmu study, plots, tables.
include study/study.mk
# ------------------------------------------------------------------ fault injection (issue 17)
# The MMU with PARITY=0 and PARITY=1, Verilated with --public-flat-rw so that
# the campaign (tb/inject.c) can flip bits of the TLB entries' state; models
# of their own, so the normal builds keep their speed. They have no PMP
# (PMP_ENTRIES=0: the campaign is about the TLB; tests/inject.sh leaves out
# the traces with pmp lines). tb/fi_gen.py lists the
# entries' registers from each model's root header for the shim (RVMMU_FI).
# make inject: the campaign over the directed and random traces (docs/verification.md).
FI         := $(BUILD)/fi
INJECT_N   ?= 3000
define FIMODEL
$(FI)/p$(3)/obj$(1)/Vrvmmu$(1)__ALL.a: $(RTL_DEPS) | $(BUILD)/.deps
	@mkdir -p $(FI)/p$(3)
	verilator --cc --trace-fst -O3 --x-assign unique --x-initial unique --public-flat-rw -Irtl rtl/rvmmu.vlt $(RTL) \
	  $(GEN)/rvmmu_sim.sv --top-module rvmmu_sim -GRV64=$(2) -GENTRIES=$(ENTRIES) -GPARITY=$(4) -GPMP_ENTRIES=0 \
	  --prefix Vrvmmu$(1) -Mdir $(FI)/p$(3)/obj$(1)
	$(MAKE) -s -C $(FI)/p$(3)/obj$(1) -f Vrvmmu$(1).mk OPT_FAST=-O1 OPT_SLOW=-O1 Vrvmmu$(1)__ALL.a >/dev/null
$(FI)/p$(3)/obj$(1)/fi_fields.h: tb/fi_gen.py $(FI)/p$(3)/obj$(1)/Vrvmmu$(1)__ALL.a
	python3 tb/fi_gen.py $(FI)/p$(3)/obj$(1)/Vrvmmu$(1)___024root.h > $$@.tmp && mv $$@.tmp $$@
$(FI)/p$(3)/shim$(1).o: sim/model_shim.cpp sim/mmu_model.h $(GEN)/rvmmu_ports.h $(FI)/p$(3)/obj$(1)/fi_fields.h
	$(CXX) $(CXXFLAGS) -I$(FI)/p$(3)/obj$(1) -DRVMMU_FI -DVMODEL=Vrvmmu$(1) '-DVMODEL_HEADER="Vrvmmu$(1).h"' \
	  '-DVMODEL_ROOT_HEADER="Vrvmmu$(1)___024root.h"' \
	  -DSHIM_PREFIX=rv$(1) -DVMODEL_ENTRIES=$(ENTRIES) -DVMODEL_PMP_ENTRIES=0 -c $$< -o $$@
endef
define FITOOL
$(eval $(call FIMODEL,32,1\'b0,$(1),1\'b$(1)))
$(eval $(call FIMODEL,64,1\'b1,$(1),1\'b$(1)))
$(FI)/rvmmu-inject-p$(1): $(filter-out $(BUILD)/c/tb/main.o,$(OBJS)) $(BUILD)/c/tb/inject.o $(FI)/p$(1)/shim32.o \
                          $(FI)/p$(1)/shim64.o $(FI)/p$(1)/obj32/Vrvmmu32__ALL.a $(FI)/p$(1)/obj64/Vrvmmu64__ALL.a $(VLIB_OBJS)
	$(CXX) -o $$@ $$^ $(LDLIBS)
endef
$(eval $(call FITOOL,0))
$(eval $(call FITOOL,1))
# (not in TEST_BINS: make test builds them in its background checks, beside other work)
FI_BINS    := $(FI)/rvmmu-inject-p0 $(FI)/rvmmu-inject-p1
.PHONY: inject fi-models
fi-models: $(FI_BINS)
inject: $(FI)/rvmmu-inject-p0 $(FI)/rvmmu-inject-p1 $(BUILD)/gen_random
	tests/inject.sh $(INJECT_N)
	tests/inject.sh --mutants
