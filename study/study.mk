# `make study`: real programs from Debian packages captured on fixed inputs
# (on first use, kept in $(BUILD)/study/cap), replayed through the RTL and the
# replacement-policy C models by `rvmmu study`, plotted with gnuplot and
# tabled into docs/study-results.md (study/study.sh; docs/study.md).
# STUDY_MAX: accesses per capture; STUDY_LAT: walker memory latencies;
# STUDY_MODE: translation mode; STUDY_SWITCH: accesses per time slice;
# STUDY_ENTRIES: the TLB sizes the RTL runs at (each size other than ENTRIES is
# built in $(BUILD)/study/entriesN with this build's optimisation).
STUDY_MAX    ?= 10000000
STUDY_LAT    ?= 1,20
STUDY_MODE   ?= sv39
STUDY_SWITCH ?= 10000
STUDY_ENTRIES ?= 8,16,32,64
.PHONY: study
# The start stamp comes first so that study/study.sh can time the build stage.
$(BUILD)/study/.start: FORCE
	@mkdir -p $(@D) && date +%s.%N > $@
study: $(BUILD)/study/.start $(BUILD)/.deps $(BUILD)/rvmmu
	@BUILD=$(BUILD) JOBS=$(JOBS) STUDY_MAX=$(STUDY_MAX) STUDY_LAT=$(STUDY_LAT) \
	  STUDY_MODE=$(STUDY_MODE) STUDY_SWITCH=$(STUDY_SWITCH) \
	  STUDY_ENTRIES=$(STUDY_ENTRIES) VL_OPT="$(VL_OPT)" STUDY_BUILT=1 study/study.sh

# make study-captures: stages 1-3 only (the workloads' captures in
# $(BUILD)/study/cap, each taken once); make peers runs them through CVA6.
.PHONY: study-captures
study-captures: $(BUILD)/study/.start $(BUILD)/.deps $(BUILD)/rvmmu
	@BUILD=$(BUILD) JOBS=$(JOBS) STUDY_MAX=$(STUDY_MAX) STUDY_BUILT=1 STUDY_UNTIL=capture study/study.sh

# make study-caches: issue #15's targets, the 16-entry L1 alone against it with
# the L2 TLB and the walk cache (CACHES_L2, CACHES_WAYS, CACHES_SP, CACHES_PWC),
# on make study's captures (taken first when missing); the table goes to
# docs/l2tlb.md (study/caches.sh). Their defaults are the script's (one
# place): an unset variable reaches it empty.
.PHONY: study-caches
study-caches: study-captures
	@BUILD=$(BUILD) JOBS=$(JOBS) STUDY_MAX=$(STUDY_MAX) STUDY_SWITCH=$(STUDY_SWITCH) CACHES_L2=$(CACHES_L2) \
	  CACHES_WAYS=$(CACHES_WAYS) CACHES_SP=$(CACHES_SP) CACHES_PWC=$(CACHES_PWC) CACHES_MODE=$(STUDY_MODE) \
	  study/caches.sh
