/* study.h -- `rvmmu study`: captured programs replayed through the RTL under
 * the scoreboard, with the C models of the replacement policies beside it
 * (docs/study.md). */
#ifndef RVMMU_STUDY_H
#define RVMMU_STUDY_H

#include <stdint.h>

/* The command: 0 done, 1 a check failed (RTL vs the C model, the
 * scoreboard), 2 bad usage or a bad file. */
int study_main(int argc, char **argv);

/* One replay of a capture for `rvmmu bench`: sv39, superpages off, memory
 * latency 1, the scoreboard on or off, at most max accesses. 0 with the
 * translations, the wall and the processor seconds; -1 with the reason in err. */
int study_replay_rate(const char *file, uint64_t max, int scoreboard, uint64_t *translations, double *seconds,
                      double *cpu, char *err, unsigned long errlen);

#endif
