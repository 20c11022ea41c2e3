/* result.h -- the replay result line of the tlbtrace format, one formatter for
 * every program that prints it (build/rvmmu replay, the UART host, the
 * SystemC platform), so their outputs can be compared byte for byte:
 *
 *   LINE ACC 0xVA -> fault CAUSE_NAME  ; miss cycles=N
 *   LINE ACC 0xVA -> pa 0xPA[ pbmt=nc| pbmt=io]  ; hit cycles=N
 *
 * "hit" means answered without a walk (a TLB hit, or a Bare/M bypass). */
#ifndef RVMMU_RESULT_H
#define RVMMU_RESULT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One access's outcome as the result line shows it. */
typedef struct {
    int fault;          /* 1: a fault with cause; 0: translated to pa */
    unsigned cause;     /* exception cause number (RVMMU_CAUSE_*) when fault */
    uint64_t pa;
    unsigned pbmt;      /* RVMMU_PBMT_*; PMA prints nothing */
    int walked;         /* "miss" when 1, else "hit" */
    unsigned cycles;
} result_line;

/* Print the result line of the access on trace line `line` (acc = RVMMU_ACC_*,
 * va as in the trace); note (may be NULL) is appended just before the newline. */
void result_print(FILE *out, int line, unsigned acc, uint64_t va, const result_line *r, const char *note);

/* A guest-page fault's details (tlbtrace version 2): the faulting guest
 * physical address and whether an implicit VS-stage access caused it
 * (TR_GPF_READ/WRITE, lib/trace.h), printed after the fault's name as
 * " gpa=0xGPA" and " implicit=read" or " implicit=write". */
typedef struct {
    uint64_t gpa;
    int implicit;
} result_guest;

/* result_print with the access kind's name given ("hlv", ...) and, for a
 * guest-page fault, its details (NULL: none). */
void result_print_kind(FILE *out, int line, const char *kind, uint64_t va, const result_line *r,
                       const result_guest *g, const char *note);

/* result_describe with a guest-page fault's details (NULL: none). */
void result_describe_guest(char *buf, size_t len, int fault, unsigned cause, uint64_t pa, unsigned pbmt,
                           const result_guest *g);

/* An outcome as an `expect` clause spells it: "fault=NAME" or "pa=0xPA[ pbmt=nc|io]"
 * ("fault=?" for a cause with no name), for expected/got messages. */
void result_describe(char *buf, size_t len, int fault, unsigned cause, uint64_t pa, unsigned pbmt);

#ifdef __cplusplus
}
#endif

#endif
