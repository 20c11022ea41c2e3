/* result.c -- the replay result line (see result.h). */
#include "result.h"

#include <inttypes.h>

#include "rvmmu_defs.h"
#include "trace.h"

static const char *pbmt_suffix(unsigned pbmt)
{
    return pbmt == RVMMU_PBMT_NC ? " pbmt=nc" : pbmt == RVMMU_PBMT_IO ? " pbmt=io" : "";
}

void result_print(FILE *out, int line, unsigned acc, uint64_t va, const result_line *r, const char *note)
{
    const char *name = trace_cause_name(r->cause);
    if (r->fault)
        fprintf(out, "%d %s 0x%" PRIx64 " -> fault %s", line, trace_acc_name(acc), va,
                name ? name : "unknown_fault");
    else
        fprintf(out, "%d %s 0x%" PRIx64 " -> pa 0x%" PRIx64 "%s", line, trace_acc_name(acc), va, r->pa,
                pbmt_suffix(r->pbmt));
    fprintf(out, "  ; %s cycles=%u%s\n", r->walked ? "miss" : "hit", r->cycles, note ? note : "");
}

void result_describe(char *buf, size_t len, int fault, unsigned cause, uint64_t pa, unsigned pbmt)
{
    const char *name = trace_cause_name(cause);
    if (fault) snprintf(buf, len, "fault=%s", name ? name : "?");
    else snprintf(buf, len, "pa=0x%" PRIx64 "%s", pa, pbmt_suffix(pbmt));
}
