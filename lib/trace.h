/* trace.h -- parser for the tlbtrace format (docs/tlbtrace.md, versions 1 and 2;
 * version 2 adds the hypervisor extension's directives). */
#ifndef RVMMU_TRACE_H
#define RVMMU_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* One directive of a trace, in file order. */
typedef enum {
    TR_MEM,     /* a = PA, b = value */
    TR_CHECK,   /* a = PA, b = value */
    TR_SATP,    /* mode (RVMMU_MODE_*), asid, ppn */
    TR_PRIV,    /* val = RVMMU_PRIV_U/S/M */
    TR_SUM,     /* val = 0/1 */
    TR_MXR,     /* val = 0/1 */
    TR_ADUE,    /* val = 0/1 */
    TR_SFENCE,  /* has_va/a = VA, has_asid/asid */
    TR_ACCESS,  /* acc = RVMMU_ACC_*, a = VA, expectation in exp */
    TR_PMP,     /* val = entry index, b = pmpNcfg, a = pmpaddrN */
    /* version 2, the hypervisor extension (docs/tlbtrace.md, "Version 2"): */
    TR_HGATP,   /* mode (RVMMU_MODE_*: SV32 = Sv32x4, SV39 = Sv39x4, ...; BARE), asid = VMID, ppn */
    TR_VSATP,   /* mode, asid, ppn, as TR_SATP */
    TR_VIRT,    /* val = V, 0/1 */
    TR_VSUM,    /* val = vsstatus.SUM */
    TR_VMXR,    /* val = vsstatus.MXR */
    TR_VADUE,   /* val = henvcfg.ADUE */
    TR_SPVP,    /* val = hstatus.SPVP */
    TR_HFENCE_VVMA, /* has_va/a = guest VA, has_asid/asid = guest ASID */
    TR_HFENCE_GVMA  /* has_va/a = guest physical address, has_asid/asid = VMID */
} tr_kind;

/* tr_op.hyp of an access: a hypervisor virtual-machine load or store. */
#define TR_HYP_NONE 0
#define TR_HYP_HLV  1   /* acc = load */
#define TR_HYP_HLVX 2   /* acc = load, execute permission in place of read */
#define TR_HYP_HSV  3   /* acc = store */

/* Guest-page fault causes (the privileged specification's, as lib/ref.h's REF_CAUSE_*_GUEST_PAGE). */
#define TR_CAUSE_FETCH_GUEST_PAGE 20u
#define TR_CAUSE_LOAD_GUEST_PAGE  21u
#define TR_CAUSE_STORE_GUEST_PAGE 23u

/* tr_expect.implicit: which access of a guest-page fault. */
#define TR_GPF_EXPLICIT 0
#define TR_GPF_READ     1   /* implicit=read: reading a VS-level PTE */
#define TR_GPF_WRITE    2   /* implicit=write: the A/D update of a VS-level PTE */

/* The expected outcome of an access (`expect R`). */
typedef struct {
    int present;      /* 0: no expect clause */
    int fault;        /* 1: fault=NAME, 0: pa=PA */
    unsigned cause;   /* RVMMU_CAUSE_* when fault */
    uint64_t pa;      /* when !fault */
    int has_pbmt;     /* pbmt=nc / pbmt=io given */
    unsigned pbmt;    /* RVMMU_PBMT_NC or RVMMU_PBMT_IO when has_pbmt */
    int has_gpa;      /* a guest-page fault: gpa=GPA given (always, for those) */
    uint64_t gpa;     /* the faulting guest physical address */
    int implicit;     /* TR_GPF_* */
} tr_expect;

typedef struct {
    tr_kind kind;
    int line;         /* 1-based line number in the file */
    uint64_t a, b;
    unsigned mode;
    uint32_t asid;
    uint64_t ppn;
    unsigned val;
    unsigned acc;
    unsigned size;    /* an access's bytes (size=N: 1, 2, 4 or 8, the VA aligned to them); 0: not given, one byte */
    int has_va, has_asid;
    int hyp;          /* an access: TR_HYP_* (hlv, hlvx, hsv) */
    tr_expect exp;
} tr_op;

typedef struct {
    uint64_t base, size;
} tr_ram;

/* A parsed trace. Ops up to (not including) a malformed line are kept. */
typedef struct {
    char *path;          /* as given */
    unsigned mode;       /* header mode (RVMMU_MODE_SV32/39/48/57), 0 if no mode line */
    int xlen;            /* 32 or 64, 0 if no mode line */
    tr_ram *ram;         /* ram windows; the default window when no `ram` line */
    size_t nram;
    tr_op *ops;
    size_t nops;
    int has_pmp;         /* the trace has a `pmp` line: it runs with PMP from its start */
    int version;         /* the `tlbtrace` line's version, 1 without one */
    int hyp_line;        /* the first line using the hypervisor extension (version 2), 0 if none */
    int error;           /* 0, or 1 when the file is malformed or unreadable */
    int error_line;      /* line of the error, 0 for an unreadable file */
    char errmsg[512];    /* "FILE:LINE: error: ..." (or "FILE: error: ...") */
} trace;

/* Parse the file at path into t; returns 0 when well formed, -1 with t->errmsg set. */
int trace_parse_file(const char *path, trace *t);

/* Parse text already in memory (name is used in messages); same result as trace_parse_file. */
int trace_parse_text(const char *name, const char *text, size_t len, trace *t);

/* Release everything trace_parse_* allocated. */
void trace_free(trace *t);

/* Name of a fault cause as the trace format spells it ("load_page_fault"), or NULL. */
const char *trace_cause_name(unsigned cause);

/* Name of an access kind ("load", "store", "fetch"). */
const char *trace_acc_name(unsigned acc);

/* Name of an access op's kind as the trace spells it: "load", "store", "fetch", "hlv", "hlvx", "hsv". */
const char *trace_op_name(const tr_op *op);

/* The keyword of the directive that made the op ("hgatp", "sfence", "hlv", ...), for messages. */
const char *trace_op_keyword(const tr_op *op);

/* Is the op one of the hypervisor extension's (a version 2 directive, or an hlv/hlvx/hsv access)? */
int trace_op_is_hyp(const tr_op *op);

/* Is the cause a guest-page fault (20, 21, 23)? */
int trace_cause_is_guest(unsigned cause);

/* PTE size in bytes (4 or 8) for an XLEN. */
unsigned trace_pte_bytes(int xlen);

#endif
