/* scenario.h -- the scenario format and its parser (scenario_parse.c).
 *
 * A scenario is a line-oriented text file that tells a story about virtual
 * memory from the operating system's side: processes, libraries, shared
 * segments, forks and accesses, each access with its expected outcome. The
 * runner (scenario_run.h) executes it on the RTL (under the scoreboard) with
 * the kernel's fault handler (tb/kernel.h) and checks every expectation. The
 * parser is part of the formats library: it needs no runner, harness or model
 * (kernel.h only for the kern_outcome names of expectations).
 *
 * Lexical rules are those of the tlbtrace format: one directive per line, `#`
 * starts a comment, tokens separated by spaces or tabs, numbers decimal or
 * 0x hexadecimal with `_` between digits, keywords lower case.
 *
 *   scenario 1                        optional first directive: the format version
 *   mode sv32|sv39|sv48|sv57          required before every directive below
 *   ram BASE SIZE                     a physical memory window (default 0x80000000 0x10000000)
 *   pool BASE SIZE                    the kernel's frames, inside one ram window (default: the first window)
 *   kernel m|bare                     the kernel's own accesses from here on: M mode (default) or S with satp Bare
 *   process NAME [asid=N]             a new process (default ASID: the lowest unused, from 1)
 *   map NAME VA PAGES PERMS [demand]  private zeroed pages; demand: V=0 until the first touch
 *   phys NAME VA PA SIZE PERMS        a window on physical memory; SIZE 4k, 4m (Sv32) or 4k, 2m, 1g, 512g, 256t (RV64)
 *   unmap NAME VA PAGES               remove mappings (superpages whole)
 *   protect NAME VA PAGES PERMS       change what the process may do
 *   shm SEG PAGES                     a shared-memory segment of PAGES zeroed frames
 *   attach NAME SEG VA PERMS          map the whole segment at VA (writes are shared)
 *   library LIB TEXT DATA             load a library once: TEXT code pages, DATA data pages
 *   libword LIB text|data OFFSET VALUE  the loader writes one word of the library's image
 *   use NAME LIB VA                   map LIB: text at VA (r-x), data right after it (rw-, copy-on-write)
 *   fork PARENT CHILD [asid=N]        CHILD gets PARENT's mappings, private pages copy-on-write
 *   exit NAME                         the process exits (its frames are freed when no one else holds them)
 *   load NAME ADDR [expect R]         a data read of one word (4 bytes Sv32, 8 bytes RV64)
 *   fetch NAME ADDR [expect R]        an instruction fetch of 4 bytes
 *   store NAME ADDR VALUE [expect R]  a data write of one word
 *   same-frame NAME:VA NAME:VA        both VAs map the same physical frame now
 *   different-frame NAME:VA NAME:VA   they map different frames
 *
 * PERMS: the letters r, w, x, each at most once, `-` allowed as a placeholder
 * (`r-x`, `rw`, `x`); read or execute is required, write needs read.
 * NAME `kernel` in load/fetch/store is the kernel itself: ADDR is a physical
 * address, or NAME:VA for the frame that process NAME maps at VA right now.
 * R is `ok`, `demand`, `cow` or `cow-reuse`, each optionally `=VALUE` (the
 * word a load or fetch read; not for a store), `segv` or `segv=CAUSE` (CAUSE
 * as tlbtrace spells faults: load_page_fault, ...), or `oom`.
 *
 * Exit status of a run: 0 every expectation held; 1 one did not (each named
 * `FILE:LINE: expected ..., got ...`) or the scoreboard saw a mismatch; 2 the
 * file is malformed (`FILE:LINE: error: ...`, nothing is run) or a directive
 * failed while running (the same form; the lines before it ran). */
#ifndef RVMMU_SCENARIO_H
#define RVMMU_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "mem.h"

/* One directive of a scenario. */
typedef enum {
    SC_KERNEL_MODE,   /* bare */
    SC_PROCESS,       /* p, has_asid/asid */
    SC_MAP,           /* p, va, n, perms, demand */
    SC_PHYS,          /* p, va, pa, level, perms */
    SC_UNMAP,         /* p, va, n */
    SC_PROTECT,       /* p, va, n, perms */
    SC_SHM,           /* obj, n */
    SC_ATTACH,        /* p, obj, va, perms */
    SC_LIBRARY,       /* obj, n (text), n2 (data) */
    SC_LIBWORD,       /* obj, section, va (offset), value */
    SC_USE,           /* p, obj, va */
    SC_FORK,          /* p (parent), q (child), has_asid/asid */
    SC_EXIT,          /* p */
    SC_ACCESS,        /* p (-1: the kernel), acc, va, value, ref (-1 or the process of NAME:VA), exp */
    SC_FRAME_CHECK    /* p:va and q:va2, same */
} sc_kind;

/* The expected outcome of an access. */
typedef struct {
    int present;           /* an `expect` clause was given */
    kern_outcome outcome;
    int has_value;         /* =VALUE given */
    uint64_t value;
    int has_cause;         /* segv=CAUSE given */
    unsigned cause;
} sc_expect;

typedef struct {
    sc_kind kind;
    int line;
    int p, q, obj, ref;
    uint64_t va, va2, pa, n, n2, value;
    unsigned perms, acc;
    int demand, level, section, bare, same, has_asid;
    uint32_t asid;
    sc_expect exp;
} sc_op;

/* A parsed scenario. */
typedef struct {
    char *path;
    unsigned mode;          /* RVMMU_MODE_*, 0 before a mode line */
    mem_window *ram;
    int nram;
    uint64_t pool_base, pool_size;
    char **procs;           /* process names, by index */
    int nprocs;
    char **shms;            /* segment names */
    int nshms;
    char **libs;            /* library names */
    int nlibs;
    sc_op *ops;
    size_t nops;
    int error;              /* 1 when malformed or unreadable */
    int error_line;         /* 0 for an unreadable file */
    char errmsg[512];       /* "FILE:LINE: error: ..." */
} scenario;

/* Parse the file at path; 0 when well formed, -1 with s->errmsg set. */
int scenario_parse_file(const char *path, scenario *s);

/* Parse text in memory (name is used in messages); same result as scenario_parse_file. */
int scenario_parse_text(const char *name, const char *text, size_t len, scenario *s);

/* Release everything scenario_parse_* allocated. */
void scenario_free(scenario *s);

#endif
