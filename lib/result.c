/* result.c -- the replay result line (see result.h). */
#include "result.h"

#include <inttypes.h>

#include "rvmmu_defs.h"
#include "trace.h"

static const char *pbmt_suffix(unsigned pbmt)
{
    return pbmt == RVMMU_PBMT_NC ? " pbmt=nc" : pbmt == RVMMU_PBMT_IO ? " pbmt=io" : "";
}

/* " gpa=0x... [implicit=read|write]" for a guest-page fault with details, else "". */
static void guest_suffix(char *buf, size_t len, int fault, const result_guest *g)
{
    buf[0] = 0;
    if (fault && g)
        snprintf(buf, len, " gpa=0x%" PRIx64 "%s", g->gpa,
                 g->implicit == TR_GPF_READ ? " implicit=read" : g->implicit == TR_GPF_WRITE ? " implicit=write" : "");
}

void result_print_kind(FILE *out, int line, const char *kind, uint64_t va, const result_line *r,
                       const result_guest *g, const char *note)
{
    const char *name = trace_cause_name(r->cause);
    char guest[64];
    guest_suffix(guest, sizeof guest, r->fault, g);
    if (r->fault)
        fprintf(out, "%d %s 0x%" PRIx64 " -> fault %s%s", line, kind, va, name ? name : "unknown_fault", guest);
    else
        fprintf(out, "%d %s 0x%" PRIx64 " -> pa 0x%" PRIx64 "%s", line, kind, va, r->pa, pbmt_suffix(r->pbmt));
    fprintf(out, "  ; %s cycles=%u%s\n", r->walked ? "miss" : "hit", r->cycles, note ? note : "");
}

void result_print(FILE *out, int line, unsigned acc, uint64_t va, const result_line *r, const char *note)
{
    result_print_kind(out, line, trace_acc_name(acc), va, r, NULL, note);
}

void result_describe_guest(char *buf, size_t len, int fault, unsigned cause, uint64_t pa, unsigned pbmt,
                           const result_guest *g)
{
    const char *name = trace_cause_name(cause);
    char guest[64];
    guest_suffix(guest, sizeof guest, fault, g);
    if (fault) snprintf(buf, len, "fault=%s%s", name ? name : "?", guest);
    else snprintf(buf, len, "pa=0x%" PRIx64 "%s", pa, pbmt_suffix(pbmt));
}

void result_describe(char *buf, size_t len, int fault, unsigned cause, uint64_t pa, unsigned pbmt)
{
    result_describe_guest(buf, len, fault, cause, pa, pbmt, NULL);
}
