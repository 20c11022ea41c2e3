/* runopts.h -- reading the command line of `rvmmu replay` and `rvmmu
 * scenario` (both in main.c): the options both have (--mem-latency,
 * --stall, --seed, --help), unknown options and the file operands, in one
 * place with one set of messages ("rvmmu: error: ..." on stderr). Each
 * command tries its own options first and hands every other word to
 * runopts_parse. */
#ifndef RVMMU_RUNOPTS_H
#define RVMMU_RUNOPTS_H

#include <stdint.h>
#include <stdio.h>

/* One command line being read: where the shared options go, and the operands. */
typedef struct {
    unsigned *mem_latency;  /* --mem-latency N: walker memory latency in cycles, 1..1000 (default 1) */
    double *stall;          /* --stall P: probability in [0, 1) of a walker memory stall cycle (default 0) */
    uint64_t *seed;         /* --seed S: seed of the stall pattern (default 1) */
    const char **files;     /* the operands in order (the caller's array, room for argc of them) */
    int nfiles;
    void (*usage)(FILE *);  /* prints the command's usage: for --help, -h and unknown options */
} run_opts;

/* Start reading a command line: the shared options are set to their defaults in the command's own
 * fields mem_latency, stall and seed; usage and the room for the operands come from the command. */
void runopts_init(run_opts *r, void (*usage)(FILE *), const char **files, unsigned *mem_latency, double *stall,
                  uint64_t *seed);

/* Parse s (decimal, 0x hex or 0 octal; NULL when the value is missing) as a
 * non-negative integer for option opt: 0, or -1 after printing the error. */
int runopts_u64(const char *opt, const char *s, uint64_t *v);

/* Parse s (NULL when missing) as a probability in [0, 1), or [0, 1] when
 * one_ok, for option opt: 0, or -1 after printing the error. */
int runopts_prob(const char *opt, const char *s, int one_ok, double *p);

/* Take argv[*i], a word none of the command's own options matched: a shared
 * option (with its value: *i steps over it) or an operand: 0; --help or -h,
 * usage printed to stdout: 1 (exit 0); an unknown option or a bad value, the
 * error printed to stderr: -1 (exit 2). */
int runopts_parse(run_opts *r, int argc, char **argv, int *i);

/* After the last word: 0 when there is an operand, else -1 after printing "rvmmu: error: " missing and the usage. */
int runopts_end(const run_opts *r, const char *missing);

#endif
