/* proc.h -- the operating system's side of virtual memory, on top of pt.h:
 * processes as address spaces (an ASID and a root table each), private
 * pages mapped now or on demand (V=0 until the first touch), shared-memory
 * segments mapped into several processes at different VAs with different
 * permissions, shared libraries loaded once (code mapped read+execute into
 * every user, data pages mapped read-only and copy-on-write), fork() that
 * shares every page copy-on-write, and the page-fault policy that fixes a
 * demand or copy-on-write fault or turns the fault into a SIGSEGV.
 *
 * Conventions:
 *  - Functions that can fail return 0 (PT_OK) or a negative pt_err / PROC_ERR
 *    code; proc_strerror gives the message.
 *  - Frames come from one pool (pt.h); a data frame carries a reference count
 *    (every mapping, and a library or segment that holds it) and is freed
 *    when the count drops to zero. Page-table frames belong to their address
 *    space and go back to the pool when the process exits.
 *  - A copy-on-write page is a leaf with W=0 and the software bit PTE_COW
 *    (RSW bit 8). A page the process may write but whose frame is shared
 *    privately (after fork, or a library's data) is mapped that way; the
 *    first store faults and proc_fault gives the process its own copy.
 *  - Whenever a valid PTE changes, or a page becomes valid, the library calls
 *    the os_tlb hook with the SFENCE.VMA to issue (per page: VA and ASID; for
 *    fork: the parent's ASID; for exit: the ASID). The hook is the only way
 *    the library talks to the TLB.
 *  - Every process page is a user page (U=1) with A=1, and D=1 when writable
 *    (Svade: the hardware never needs to set them).
 *  - Data words are PTE-sized (4 bytes Sv32, 8 bytes RV64).
 *  - No global state: everything hangs off an os_sys. */
#ifndef RVMMU_SW_PROC_H
#define RVMMU_SW_PROC_H

#include <stdint.h>

#include "pt.h"

/* The software PTE bit that marks a copy-on-write page (RSW bit 8). */
#define PTE_COW PTE_RSW(1)

/* What a process may do with a page (not the PTE bits). */
#define PROC_R 1u
#define PROC_W 2u
#define PROC_X 4u

/* Ask proc_create / proc_fork to pick the lowest unused ASID (>= 1). */
#define PROC_ASID_ANY UINT32_MAX

/* Errors of this layer (pt_err codes are used too). */
enum {
    PROC_ERR_BAD_PERMS = -100,    /* permissions empty, W without R, or bits outside R/W/X */
    PROC_ERR_ASID_IN_USE = -101,  /* another live process has that ASID */
    PROC_ERR_NO_ASID = -102,      /* every ASID of the mode is in use */
    PROC_ERR_EXITED = -103,       /* the process has exited */
    PROC_ERR_BAD_COUNT = -104,    /* zero pages, or the range wraps or leaves the VA space */
    PROC_ERR_PARTIAL = -105,      /* the range cuts a superpage mapping */
    PROC_ERR_BAD_OFFSET = -106,   /* a library or segment offset outside it or not word aligned */
    PROC_ERR_BAD_SECTION = -107   /* a library section that is neither text nor data */
};

/* What a page is. */
typedef enum {
    PROC_PAGE_PRIVATE = 0,   /* the process's own (possibly shared copy-on-write until written) */
    PROC_PAGE_SHARED = 1,    /* a shared-memory segment's frame: writes are seen by every mapper */
    PROC_PAGE_PHYS = 2       /* a window on physical memory (device or kernel memory, any page size) */
} proc_page_kind;

/* One mapping of a process, as the kernel records it. */
typedef struct {
    uint64_t va;        /* first VA (aligned to size) */
    uint64_t size;      /* 4 KiB, or a superpage size for PROC_PAGE_PHYS */
    uint64_t pa;        /* frame (or window) address; 0 when not present */
    unsigned perms;     /* PROC_R/W/X: what the process may do */
    int kind;           /* proc_page_kind */
    int level;          /* page-table level of the leaf (0 = 4 KiB) */
    int present;        /* 1: a valid leaf PTE maps it; 0: demand page, V=0 until touched */
    int cow;            /* the frame may be shared: a store copies it first */
} proc_page;

/* The SFENCE.VMA the library asks for (has_va = 0: rs1 is x0; has_asid = 0: rs2 is x0). */
typedef struct {
    void (*flush)(void *opaque, int has_va, uint64_t va, int has_asid, uint32_t asid);
    void *opaque;
} os_tlb;

/* What proc_fault did with a fault. */
typedef enum {
    PROC_FAULT_DEMAND = 0,     /* first touch of a demand page: a zeroed frame was mapped */
    PROC_FAULT_COW_COPY = 1,   /* store to a shared copy-on-write page: copied, the copy mapped writable */
    PROC_FAULT_COW_REUSE = 2,  /* store to a copy-on-write page nobody else holds: made writable in place */
    PROC_FAULT_SEGV = 3,       /* no fix: deliver SIGSEGV */
    PROC_FAULT_OOM = 4         /* a fix needed a frame and the pool is empty: nothing changed */
} proc_fault_kind;

/* si_code of a SIGSEGV, as POSIX names them. */
#define PROC_SEGV_MAPERR 1   /* no mapping at that address */
#define PROC_SEGV_ACCERR 2   /* a mapping that does not allow the access */

/* The outcome of one fault, with what a kernel's SIGSEGV would carry. */
typedef struct {
    proc_fault_kind kind;
    uint64_t addr;      /* the faulting VA (si_addr) */
    unsigned acc;       /* RVMMU_ACC_LOAD/STORE/FETCH */
    unsigned cause;     /* the mcause code the MMU reported */
    int code;           /* PROC_SEGV_MAPERR or PROC_SEGV_ACCERR (SEGV only) */
    uint64_t old_pa;    /* the frame before (COW), 0 otherwise */
    uint64_t new_pa;    /* the frame now mapped (DEMAND, COW), 0 otherwise */
} proc_fault_info;

/* Frames of one process. */
typedef struct {
    uint64_t pages;          /* 4 KiB data pages mapped (present or not; windows excluded) */
    uint64_t present;        /* of which present */
    uint64_t private_frames; /* present pages whose frame no other mapping uses */
    uint64_t shared_frames;  /* present pages whose frame another mapping uses too */
    uint64_t cow_pages;      /* present pages marked copy-on-write */
    uint64_t table_frames;   /* page-table frames, root included */
} proc_frames;

/* Frames of the whole system. */
typedef struct {
    uint64_t data_frames;    /* data frames allocated (mapped, or held by a library or segment) */
    uint64_t table_frames;   /* page-table frames of the live processes */
    uint64_t mapped_frames;  /* distinct data frames mapped by at least one live process */
    uint64_t shared_frames;  /* distinct data frames mapped more than once */
    uint64_t mappings;       /* present data-page mappings summed over the live processes */
    uint64_t free_frames;    /* frames left in the pool */
} os_frames;

typedef struct os_sys os_sys;
typedef struct proc proc;
typedef struct os_shm os_shm;
typedef struct os_lib os_lib;

/* ---- errors and names ---- */

/* Message of a PROC_ERR or pt_err code (never NULL). */
const char *proc_strerror(int err);

/* Name of a fault outcome: "demand", "cow", "cow-reuse", "segv", "oom". */
const char *proc_fault_name(proc_fault_kind kind);

/* ---- the system ---- */

/* A system in a paged mode with a frame pool [pool_base, +pool_size) over mem; tlb may be NULL. */
os_sys *os_create(unsigned mode, uint64_t pool_base, uint64_t pool_size, const pt_mem *mem,
                  const os_tlb *tlb, int *err);

/* Free every process, segment, library and the pool's bookkeeping; NULL is ignored. */
void os_destroy(os_sys *os);

/* The translation mode (RVMMU_MODE_*). */
unsigned os_mode(const os_sys *os);

/* Bytes of a data word (the PTE size: 4 or 8). */
unsigned os_word_bytes(const os_sys *os);

/* The frame pool. */
const pt_pool *os_pool(const os_sys *os);

/* Number of processes ever created (exited ones included); ids are 0..count-1. */
int os_process_count(const os_sys *os);

/* The process with that id (exited ones included), or NULL. */
proc *os_process(const os_sys *os, int id);

/* Frame counts of the whole system. */
void os_frame_stats(const os_sys *os, os_frames *out);

/* Mappings of the frame at pa by live processes (0 if none or not a pool frame). */
unsigned os_frame_mappings(const os_sys *os, uint64_t pa);

/* References to the frame at pa (mappings plus library and segment holds). */
unsigned os_frame_refs(const os_sys *os, uint64_t pa);

/* ---- processes ---- */

/* A new process with an empty address space; asid PROC_ASID_ANY picks one; NULL + *err on failure. */
proc *proc_create(os_sys *os, const char *name, uint32_t asid, int *err);

/* Exit: drop every mapping (frames freed at zero references), free the page tables, flush the ASID. */
int proc_exit(proc *p);

/* Is the process alive (not exited)? */
int proc_alive(const proc *p);

/* The name given at creation. */
const char *proc_name(const proc *p);

/* The id (creation order, from 0). */
int proc_id(const proc *p);

/* The ASID. */
uint32_t proc_asid(const proc *p);

/* satp.PPN of the process's root table (0 after exit). */
uint64_t proc_root_ppn(const proc *p);

/* The address space (NULL after exit). */
const pt_as *proc_as(const proc *p);

/* Map npages private zeroed pages at va; demand = 1 leaves them V=0 until the first touch. */
int proc_map_anon(proc *p, uint64_t va, uint64_t npages, unsigned perms, int demand);

/* Map the physical window [pa, +page size of level) at va (level 0 = 4 KiB, 1 = superpage, ...); no frame is owned. */
int proc_map_phys(proc *p, uint64_t va, uint64_t pa, int level, unsigned perms);

/* Remove the mappings of [va, +npages*4 KiB); every page must be mapped, superpages whole. */
int proc_unmap(proc *p, uint64_t va, uint64_t npages);

/* Change what the process may do with [va, +npages*4 KiB); every page must be mapped, superpages whole. */
int proc_protect(proc *p, uint64_t va, uint64_t npages, unsigned perms);

/* The mapping that covers va (PT_ERR_NOT_MAPPED if none). */
int proc_lookup(const proc *p, uint64_t va, proc_page *out);

/* Software translation through the process's page tables (present pages only). */
int proc_translate(const proc *p, uint64_t va, uint64_t *pa);

/* Fork: a child with a copy of every mapping, private pages shared copy-on-write; NULL + *err on failure. */
proc *proc_fork(proc *parent, const char *name, uint32_t asid, int *err);

/* The page-fault policy: fix a demand or copy-on-write fault (with the SFENCE.VMA), else say SIGSEGV. */
int proc_fault(proc *p, uint64_t va, unsigned acc, unsigned cause, proc_fault_info *out);

/* Frame counts of one process. */
void proc_frame_stats(const proc *p, proc_frames *out);

/* ---- shared-memory segments ---- */

/* A segment of npages zeroed frames, held by the system until it is destroyed; NULL + *err on failure. */
os_shm *shm_create(os_sys *os, const char *name, uint64_t npages, int *err);

/* Map the whole segment at va in p with the given permissions (writes are shared, never copied). */
int shm_attach(proc *p, const os_shm *shm, uint64_t va, unsigned perms);

/* Number of pages of the segment. */
uint64_t shm_pages(const os_shm *shm);

/* Physical address of page i of the segment (0 if out of range). */
uint64_t shm_frame(const os_shm *shm, uint64_t i);

/* ---- shared libraries ---- */

/* Load a library: text_pages code frames and data_pages data frames, zeroed, one copy for everyone. */
os_lib *lib_load(os_sys *os, const char *name, uint64_t text_pages, uint64_t data_pages, int *err);

/* The loader writing the image: one data word at offset in section 0 (text) or 1 (data). */
int lib_write_word(os_lib *lib, int section, uint64_t offset, uint64_t value);

/* Map lib into p: text at va (read+execute), data right after it (read+write, copy-on-write). */
int proc_use_lib(proc *p, const os_lib *lib, uint64_t va);

/* Number of pages of section 0 (text) or 1 (data). */
uint64_t lib_pages(const os_lib *lib, int section);

/* Physical address of page i of a section (0 if out of range). */
uint64_t lib_frame(const os_lib *lib, int section, uint64_t i);

#endif
