/* runopts.c -- the command line shared by `rvmmu replay` and `rvmmu scenario` (see runopts.h). */
#include "runopts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void runopts_init(run_opts *r, void (*usage)(FILE *), const char **files, unsigned *mem_latency, double *stall,
                  uint64_t *seed)
{
    r->mem_latency = mem_latency;
    r->stall = stall;
    r->seed = seed;
    *mem_latency = 1;
    *stall = 0.0;
    *seed = 1;
    r->files = files;
    r->nfiles = 0;
    r->usage = usage;
}

int runopts_u64(const char *opt, const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        goto bad;
    *v = strtoull(s, &end, 0);
    if (errno || *end)
        goto bad;
    return 0;
bad:
    fprintf(stderr, "rvmmu: error: %s needs a non-negative integer, got '%s'\n", opt, s ? s : "");
    return -1;
}

int runopts_prob(const char *opt, const char *s, int one_ok, double *p)
{
    char *end;
    double v = s ? strtod(s, &end) : -1;
    if (!s || *end || !(v >= 0.0 && (one_ok ? v <= 1.0 : v < 1.0))) {
        fprintf(stderr, "rvmmu: error: %s needs a probability in [0, 1%c, got '%s'\n", opt, one_ok ? ']' : ')',
                s ? s : "");
        return -1;
    }
    *p = v;
    return 0;
}

int runopts_parse(run_opts *r, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    uint64_t n;
    if (!strcmp(a, "--mem-latency")) {
        if (runopts_u64(a, v, &n) || n < 1 || n > 1000) {
            fprintf(stderr, "rvmmu: error: --mem-latency must be 1..1000\n");
            return -1;
        }
        *r->mem_latency = (unsigned)n;
    } else if (!strcmp(a, "--stall")) {
        if (runopts_prob(a, v, 0, r->stall))
            return -1;
    } else if (!strcmp(a, "--seed")) {
        if (runopts_u64(a, v, r->seed))
            return -1;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
        r->usage(stdout);
        return 1;
    } else if (a[0] == '-' && a[1]) {
        fprintf(stderr, "rvmmu: error: unknown option '%s'\n", a);
        r->usage(stderr);
        return -1;
    } else {
        r->files[r->nfiles++] = a;
        return 0;
    }
    (*i)++;
    return 0;
}

int runopts_end(const run_opts *r, const char *missing)
{
    if (r->nfiles > 0)
        return 0;
    fprintf(stderr, "rvmmu: error: %s\n", missing);
    r->usage(stderr);
    return -1;
}
