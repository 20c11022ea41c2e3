/* trace.h -- parser for the tlbtrace format (docs/tlbtrace.md, version 1). */
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
    TR_PMP      /* val = entry index, b = pmpNcfg, a = pmpaddrN */
} tr_kind;

/* The expected outcome of an access (`expect R`). */
typedef struct {
    int present;      /* 0: no expect clause */
    int fault;        /* 1: fault=NAME, 0: pa=PA */
    unsigned cause;   /* RVMMU_CAUSE_* when fault */
    uint64_t pa;      /* when !fault */
    int has_pbmt;     /* pbmt=nc / pbmt=io given */
    unsigned pbmt;    /* RVMMU_PBMT_NC or RVMMU_PBMT_IO when has_pbmt */
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

/* PTE size in bytes (4 or 8) for an XLEN. */
unsigned trace_pte_bytes(int xlen);

#endif
