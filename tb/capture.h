/* capture.h -- `rvmmu capture`: run a program under Valgrind's lackey tool
 * and stream its fetches, loads and stores into a capture file (capfile.h);
 * --info checks a capture file and summarises it, --dump prints its records
 * in lackey's own text. docs/capture.md describes the command and the format. */
#ifndef RVMMU_CAPTURE_H
#define RVMMU_CAPTURE_H

#include <stdio.h>

/* argv: the words after "capture". Exit status: 0 ok, 2 bad usage, a failed
 * capture or a damaged file. */
int capture_main(int argc, char **argv);
void capture_usage(FILE *f);

#endif
