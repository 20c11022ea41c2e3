/* gen_random_out.c -- the ram windows test and the directives the generator
 * prints: the `mem` lines of the words written to its memory (lib/mem.h, image
 * mode) and the fences (see gen_random.h). */
#include "gen_random.h"

#include <inttypes.h>
#include <stdio.h>

int in_windows(const window *w, int n, uint64_t pa, uint64_t bytes)
{
    for (int i = 0; i < n; i++)
        if (pa >= w[i].base && pa - w[i].base < w[i].size && w[i].size - (pa - w[i].base) >= bytes)
            return 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Output.                                                             */
/* ------------------------------------------------------------------ */

static void emit_mem_line(void *ctx, uint64_t pa, uint64_t val)
{
    fprintf(((gen *)ctx)->out, "mem 0x%" PRIx64 " 0x%" PRIx64 "\n", pa, val);
}

void emit_flush(gen *g)
{
    mem_image_drain(g->mem, emit_mem_line, g);
}

void emit_sfence(gen *g, int has_va, uint64_t va, int has_asid, uint32_t asid)
{
    if (!has_va && !has_asid)
        fprintf(g->out, "sfence\n");
    else if (has_va && !has_asid)
        fprintf(g->out, "sfence va=0x%" PRIx64 "\n", va);
    else if (!has_va)
        fprintf(g->out, "sfence asid=%" PRIu32 "\n", asid);
    else if (rng_pct(&g->rng, 80))
        fprintf(g->out, "sfence va=0x%" PRIx64 " asid=%" PRIu32 "\n", va, asid);
    else
        fprintf(g->out, "sfence asid=%" PRIu32 " va=0x%" PRIx64 "\n", asid, va);
}
