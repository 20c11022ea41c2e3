/* fuzz_readers.c -- one entry point per file reader, for AFL++ (tests/fuzz.sh)
 * and for replaying the inputs it ever found to crash (tests/fuzz/crashes/).
 *
 *   fuzz_readers trace FILE      the tlbtrace parser (lib/trace.c, lib/lex.c)
 *   fuzz_readers scenario FILE   the scenario parser (lib/scenario_parse.c)
 *   fuzz_readers capture FILE    the capture reader, every record (lib/capfile.c)
 *
 * Exit status: 0 when the file was read, 2 when the reader rejected it
 * (both fine: what the fuzzer hunts is a crash, a sanitizer report or a
 * hang). A rejection whose message does not name the file and the line (the
 * byte offset for a capture) aborts: to the fuzzer, a crash. Built with afl-gcc-fast and the sanitizers for fuzzing, with gcc
 * and the sanitizers for the malformed-input tests; in AFL's persistent
 * mode one process reads many inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capfile.h"
#include "scenario.h"
#include "trace.h"

/* A rejection must say where: "PATH:" then what the reader promises (where). */
static int rejected(const char *path, const char *msg, const char *where)
{
    size_t n = strlen(path);
    if (strncmp(msg, path, n) != 0 || msg[n] != ':' || !strstr(msg + n, where)) {
        fprintf(stderr, "fuzz_readers: a rejection that does not say where: %s\n", msg);
        abort();
    }
    return 2;
}

static int read_trace(const char *path)
{
    trace t;
    int rc = trace_parse_file(path, &t);
    /* An unreadable file has no line; every other error has one. */
    if (rc != 0) rc = rejected(path, t.errmsg, t.error_line ? ": error: " : "error: ");
    trace_free(&t);
    return rc;
}

static int read_scenario(const char *path)
{
    scenario s;
    int rc = scenario_parse_file(path, &s);
    if (rc != 0) rc = rejected(path, s.errmsg, s.error_line ? ": error: " : "error: ");
    scenario_free(&s);
    return rc;
}

static int read_capture(const char *path)
{
    char err[512];
    cap_access a;
    int rc;
    cap_reader *r = cap_open(path, err, sizeof err);
    if (!r) return rejected(path, err, ": byte ");
    while ((rc = cap_next(r, &a)) > 0) {
    }
    if (rc != 0) rc = rejected(path, cap_error(r), ": byte ");
    cap_close(r);
    return rc;
}

int main(int argc, char **argv)
{
    int (*reader)(const char *) = NULL;
    if (argc == 3) {
        if (!strcmp(argv[1], "trace")) reader = read_trace;
        else if (!strcmp(argv[1], "scenario")) reader = read_scenario;
        else if (!strcmp(argv[1], "capture")) reader = read_capture;
    }
    if (!reader) {
        fprintf(stderr, "usage: fuzz_readers trace|scenario|capture FILE\n");
        return 64;
    }
    int rc = 0;
#ifdef __AFL_HAVE_MANUAL_CONTROL
    __AFL_INIT();
    while (__AFL_LOOP(1000))
#endif
        rc = reader(argv[2]);
    return rc;
}
