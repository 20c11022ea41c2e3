/* testcheck.h -- the checks and the case runner of the standalone unit tests
 * (test_sw.c, test_proc.c). A failed check prints "    FILE:LINE: ..." and
 * counts against the current case; each case prints PASS or FAIL; the run
 * ends with "N passed, M failed".
 *
 * Define TEST_STRERROR (an error-code-to-text function, such as pt_strerror)
 * before including this header to name error codes in CHECK_ERR. */
#ifndef RVMMU_TESTCHECK_H
#define RVMMU_TESTCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef TEST_STRERROR
#error "define TEST_STRERROR before including testcheck.h"
#endif

typedef struct {
    int failures;         /* checks failed in the current case */
} tctx;

/* One test case: its name and its function. */
typedef struct {
    const char *name;
    void (*fn)(tctx *);
} test_case;

#define CHECK(t, cond) do { \
        if (!(cond)) { \
            printf("    %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            (t)->failures++; \
        } \
    } while (0)

#define CHECK_EQ(t, got, want) do { \
        uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want); \
        if (g_ != w_) { \
            printf("    %s:%d: %s = 0x%llx, expected 0x%llx\n", __FILE__, __LINE__, #got, \
                   (unsigned long long)g_, (unsigned long long)w_); \
            (t)->failures++; \
        } \
    } while (0)

#define CHECK_ERR(t, got, want) do { \
        int g_ = (got), w_ = (want); \
        if (g_ != w_) { \
            printf("    %s:%d: %s = %d (%s), expected %d (%s)\n", __FILE__, __LINE__, #got, \
                   g_, TEST_STRERROR(g_), w_, TEST_STRERROR(w_)); \
            (t)->failures++; \
        } \
    } while (0)

/* Run the n cases, then print note (unless NULL) and the totals; returns the exit status (0: all passed). */
static inline int test_run_all(const test_case *cases, size_t n, const char *note)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        tctx t = {0};
        cases[i].fn(&t);
        printf("%s %s\n", t.failures ? "FAIL" : "PASS", cases[i].name);
        if (t.failures)
            failed++;
        else
            passed++;
    }
    if (note)
        printf("%s\n", note);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif
