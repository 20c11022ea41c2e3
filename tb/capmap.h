/* capmap.h -- page tables for captured programs (docs/study.md).
 *
 * A capture (lib/capfile.h) is a host program's fetches, loads and stores.
 * capmap runs one or more captures as processes of a small demand-paging
 * kernel built on sw/pt.h (one frame pool, one address space per process,
 * its own ASID) and turns them into a stream of hs_item (tb/harness.h) for
 * hs_pipeline, with each translation's mapping id for tlbsim (lib/tlbsim.h).
 *
 * Two passes over each capture, both streaming:
 *  - capmap_scan (pass 1) records how every 4 KiB host page is used
 *    (fetched, loaded, stored): the permissions and the superpage choice;
 *  - capmap_next (pass 2) reads the captures again and gives the items.
 *
 * The rules (relocation, permissions, superpages, processes and the kernel's
 * global pages) are in docs/study.md.
 *
 * Demand paging: no user page is mapped at the start. The first access to a
 * page (or to a superpage or 64 KiB Svnapot page) is offered unmapped and
 * must fault; capmap_next marks it (tag.fault). The caller lets that response
 * come back (ends its hs_pipeline run after the item), then calls capmap_fix
 * with it: the kernel maps the page (PTEs written into the physical memory),
 * and the next items are the SFENCE.VMA for the new page (as sw/proc.c's
 * fault handler issues it) and the access again. */
#ifndef RVMMU_CAPMAP_H
#define RVMMU_CAPMAP_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "mem.h"

/* Host pages of 4 KiB, the unit of pass 1. */
#define CAPMAP_PAGE_SHIFT 12

/* Global kernel pages touched at each scheduler tick (docs/study.md). */
#define CAPMAP_KERNEL_TOUCHES 4

/* Pass 1 over some captures: one process each. */
typedef struct capmap_scan capmap_scan;

/* Read each file once (at most max accesses of each; 0: all). NULL on a bad
 * file or no memory, the reason in err ("FILE: byte OFFSET: error: ..."). */
capmap_scan *capmap_scan_files(const char *const *files, int nfiles, uint64_t max, char *err, size_t errlen);
void capmap_scan_free(capmap_scan *s);

/* Accesses scanned (all processes) and distinct 4 KiB host pages touched (summed over the processes). */
uint64_t capmap_scan_accesses(const capmap_scan *s);
uint64_t capmap_scan_pages(const capmap_scan *s);
int capmap_scan_procs(const capmap_scan *s);

typedef struct {
    unsigned mode;          /* RVMMU_MODE_SV32/SV39/SV48/SV57 */
    int superpages;         /* megapages (2 MiB / 4 MiB) and, RV64, 64 KiB Svnapot pages */
    uint64_t switch_every;  /* program accesses per time slice: then a kernel tick and a switch; 0: no ticks */
    uint64_t max;           /* program accesses in all; 0: every access of every capture */
    int peer;               /* another MMU behind the ports (RVMMU_PEER, docs/peers.md): a first touch it answers
                               without the page fault is mapped all the same, as if it had faulted, and counted
                               (stats.peer_no_fault); its scoreboard's peer mode records the wrong answer */
} capmap_config;

/* What one translation item is. */
typedef struct {
    uint64_t id;            /* its mapping (tlbsim): one id per leaf mapping, ASID or global, size, VA */
    int fault;              /* the mapping is absent: the RTL must answer with a page fault */
    int program;            /* a capture access (0: the kernel's own, or a retry after a fault) */
    int proc;               /* process index (the file's), -1 for the kernel's accesses */
    uint64_t index;         /* the program access's index in its capture (from 0) */
} capmap_tag;

/* Counts so far. */
typedef struct {
    uint64_t accesses;      /* capture accesses given */
    uint64_t pages;         /* distinct 4 KiB host pages they touched (summed over the processes) */
    uint64_t kernel;        /* the kernel's own accesses (ticks) */
    uint64_t faults;        /* page faults fixed */
    uint64_t retries;       /* accesses repeated after a fault */
    uint64_t switches;      /* scheduler ticks */
    uint64_t map4k, map64k, mapmega;   /* leaf mappings made, by size */
    uint64_t table_frames;  /* page-table frames in use */
    uint64_t peer_no_fault; /* config.peer: first touches the MMU answered without the page fault */
} capmap_stats;

typedef struct capmap capmap;

/* The processes of scan, page tables in mem (capmap adds its RAM window:
 * the page-table frame pool) and the captures opened again. NULL with the
 * reason in err. mem must outlive the capmap. */
capmap *capmap_new(const capmap_scan *scan, const capmap_config *cfg, physmem *mem, char *err, size_t errlen);
void capmap_free(capmap *m);

/* The next item: 1, 0 at the end, -1 on an error (capmap_error: a damaged
 * capture, "FILE: byte OFFSET: error: ...", or a call while a fault waits for
 * capmap_fix). Fences carry no tag (tag untouched). */
int capmap_next(capmap *m, hs_item *it, capmap_tag *tag);

/* The RTL's answer r to the last faulting item: check it is the page fault
 * of that access, map the page; 0, or -1 (capmap_error). */
int capmap_fix(capmap *m, const hs_result *r);

const capmap_stats *capmap_get_stats(const capmap *m);
const char *capmap_error(const capmap *m);

/* The VA space rule: the host region size (log2) relocated as a unit, per mode. */
unsigned capmap_region_shift(unsigned mode);

#endif
