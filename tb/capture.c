/* capture.c -- `rvmmu capture`: Valgrind lackey's memory trace, streamed
 * through a pipe into a capture file; --info and --dump read one back. */
#define _POSIX_C_SOURCE 200809L
#include "capture.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "capfile.h"
#include "runopts.h"

void capture_usage(FILE *f)
{
    fprintf(f,
            "usage: rvmmu capture [options] -o FILE -- PROGRAM ARGS...\n"
            "       rvmmu capture [options] -o FILE --lackey LOG\n"
            "       rvmmu capture --info FILE...\n"
            "       rvmmu capture --dump N FILE\n"
            "\n"
            "Runs PROGRAM ARGS under Valgrind's lackey tool (valgrind --tool=lackey\n"
            "--trace-mem=yes) and streams its instruction fetches, loads and stores\n"
            "through a pipe into FILE, a compressed capture file (docs/capture.md).\n"
            "Everything the program executes is captured from its first instruction,\n"
            "the dynamic linker's start-up before main included; Valgrind's own\n"
            "runtime is not. A lackey \"modify\" (M) is a load then a store. Only the\n"
            "first process is traced (not children it starts). The program's stdin,\n"
            "stdout and stderr are rvmmu's.\n"
            "\n"
            "options:\n"
            "  -o FILE       the capture file to write (required; removed on failure)\n"
            "  --max N       stop after N accesses: the program (valgrind) is killed and\n"
            "                the file ends there, marked as stopped (default: no limit)\n"
            "  --no-fetch    leave out instruction fetches (loads and stores only)\n"
            "  --lackey LOG  convert LOG, the text of an earlier `valgrind --tool=lackey\n"
            "                --trace-mem=yes` run (\"-\": stdin), instead of running a program\n"
            "  --quiet       no summary line\n"
            "  --info FILE...  check each file whole and print its counts by kind, distinct\n"
            "                4 KiB pages by kind and VA range\n"
            "  --dump N FILE   print FILE's first N accesses (0: all) as lackey prints them\n"
            "                (\"I  %%08lx,SIZE\", \" L ...\", \" S ...\"), then check the rest\n"
            "\n"
            "exit status: 0 ok; 2 bad usage, valgrind or the program could not run, a\n"
            "write error, or a truncated or corrupt file (\"FILE: byte OFFSET: error: ...\").\n");
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------ lackey's text */
typedef struct {
    const char *name;        /* for messages: the log's path, or "valgrind" */
    int fd;
    char *buf;
    size_t len, pos;
    int eof;
    uint64_t line;
} line_src;

#define LINE_BUF (1u << 20)
#define LINE_MAX_LEN 4096u

/* The next line (without its newline) in *s, NUL-terminated; 1, 0 at the end, -1 on error. */
static int next_line(line_src *ls, char **s, size_t *n)
{
    for (;;) {
        char *nl = memchr(ls->buf + ls->pos, '\n', ls->len - ls->pos);
        if (nl) {
            *s = ls->buf + ls->pos;
            *n = (size_t)(nl - *s);
            *nl = 0;
            ls->pos = (size_t)(nl - ls->buf) + 1;
            ls->line++;
            return 1;
        }
        if (ls->eof) {
            if (ls->pos == ls->len)
                return 0;
            fprintf(stderr, "%s: line %" PRIu64 ": error: the last line has no newline (cut short)\n", ls->name,
                    ls->line + 1);
            return -1;
        }
        if (ls->len - ls->pos > LINE_MAX_LEN) {
            fprintf(stderr, "%s: line %" PRIu64 ": error: line longer than %u bytes\n", ls->name, ls->line + 1,
                    LINE_MAX_LEN);
            return -1;
        }
        memmove(ls->buf, ls->buf + ls->pos, ls->len - ls->pos);
        ls->len -= ls->pos;
        ls->pos = 0;
        ssize_t got = read(ls->fd, ls->buf + ls->len, LINE_BUF - ls->len - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "%s: error: cannot read: %s\n", ls->name, strerror(errno));
            return -1;
        }
        if (got == 0)
            ls->eof = 1;
        ls->len += (size_t)got;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parses "I  ADDR,SIZE" / " L ADDR,SIZE" / " S ..." / " M ...": the kind
 * letter, or 0 if the line is not a trace line. */
static char parse_access(const char *s, size_t n, uint64_t *va, uint32_t *size)
{
    char k;
    if (n >= 4 && s[0] == 'I' && s[1] == ' ' && s[2] == ' ')
        k = 'I';
    else if (n >= 4 && s[0] == ' ' && (s[1] == 'L' || s[1] == 'S' || s[1] == 'M') && s[2] == ' ')
        k = s[1];
    else
        return 0;
    size_t i = 3;
    uint64_t a = 0;
    int d, digits = 0;
    while (i < n && (d = hexval(s[i])) >= 0) {
        if (++digits > 16) return 0;
        a = a << 4 | (uint64_t)d;
        i++;
    }
    if (!digits || i >= n || s[i] != ',')
        return 0;
    i++;
    uint64_t z = 0;
    digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        z = z * 10 + (uint64_t)(s[i] - '0');
        if (z > UINT32_MAX) return 0;
        digits++;
        i++;
    }
    if (!digits || i != n)
        return 0;
    *va = a;
    *size = (uint32_t)z;
    return k;
}

/* ------------------------------------------------------------ capture */
typedef struct {
    const char *out;
    uint64_t max;            /* 0: no limit */
    int no_fetch, quiet;
    const char *lackey;      /* --lackey LOG */
    int argc;                /* the program and its arguments */
    char **argv;
} cap_opts;

/* Reads lackey's text from ls into a new capture file. Returns 0, or 2 after printing the error;
 * *stopped is set when --max ended it. */
static int convert(const cap_opts *o, line_src *ls, cap_writer **wp, int *stopped)
{
    char *s;
    size_t n;
    int rc;
    char producer[128] = "rvmmu capture (valgrind lackey)", command[LINE_MAX_LEN + 1] = "";
    char options[256];
    char err[700];
    char maxs[40] = "";
    if (o->max) snprintf(maxs, sizeof maxs, "--max %" PRIu64, o->max);
    snprintf(options, sizeof options, "%s%s%s", o->no_fetch ? "--no-fetch" : "", o->no_fetch && o->max ? " " : "", maxs);
    while ((rc = next_line(ls, &s, &n)) > 0) {
        uint64_t va;
        uint32_t size;
        char k = parse_access(s, n, &va, &size);
        if (!k) {
            if (n >= 2 && s[0] == '=' && s[1] == '=') {   /* valgrind's commentary: "==PID== ..." */
                const char *v = strstr(s, "Using Valgrind-"), *c = strstr(s, "== Command: ");
                if (v && !*wp) {
                    size_t l = strcspn(v + 6, " ");
                    snprintf(producer, sizeof producer, "rvmmu capture (%.*s lackey)", (int)(l < 40 ? l : 40), v + 6);
                }
                if (c && !*wp) snprintf(command, sizeof command, "%s", c + 12);
                continue;
            }
            fprintf(stderr, "%s: line %" PRIu64 ": error: not a lackey trace line: \"%.60s\"\n", ls->name, ls->line, s);
            return 2;
        }
        if (!*wp) {
            char *cmd[1] = {command};
            *wp = cap_writer_open(o->out, producer, options, o->lackey ? (command[0] ? 1 : 0) : o->argc,
                                  o->lackey ? cmd : o->argv, err, sizeof err);
            if (!*wp) {
                fprintf(stderr, "%s\n", err);
                return 2;
            }
        }
        for (int part = 0; part < (k == 'M' ? 2 : 1); part++) {
            cap_kind kind = k == 'I' ? CAP_FETCH : (k == 'L' || (k == 'M' && part == 0)) ? CAP_LOAD : CAP_STORE;
            if (kind == CAP_FETCH && o->no_fetch)
                continue;
            if (o->max && cap_writer_count(*wp, -1) >= o->max) {
                *stopped = 1;
                return 0;
            }
            if (cap_write(*wp, kind, va, size)) {
                fprintf(stderr, "%s\n", cap_writer_error(*wp));
                return 2;
            }
        }
    }
    return rc < 0 ? 2 : 0;
}

static int run_capture(const cap_opts *o)
{
    line_src ls = {.fd = -1};
    cap_writer *w = NULL;
    pid_t pid = -1;
    int rc = 2, stopped = 0, status = 0;
    int32_t exit_status = -1;
    double t0 = now();
    ls.buf = malloc(LINE_BUF);
    if (!ls.buf) {
        fprintf(stderr, "rvmmu: error: out of memory\n");
        return 2;
    }
    if (o->lackey) {
        ls.name = o->lackey;
        if (!strcmp(o->lackey, "-")) {
            ls.fd = 0;
        } else if ((ls.fd = open(o->lackey, O_RDONLY)) < 0) {
            fprintf(stderr, "%s: error: cannot open: %s\n", o->lackey, strerror(errno));
            goto out;
        }
        rc = convert(o, &ls, &w, &stopped);
    } else {
        int p[2];
        ls.name = "valgrind";
        if (pipe(p)) {
            fprintf(stderr, "rvmmu: error: pipe: %s\n", strerror(errno));
            goto out;
        }
        fflush(NULL);
        pid = fork();
        if (pid < 0) {
            fprintf(stderr, "rvmmu: error: fork: %s\n", strerror(errno));
            close(p[0]);
            close(p[1]);
            goto out;
        }
        if (pid == 0) {                     /* valgrind, its log on the pipe's write end */
            char logfd[32];
            close(p[0]);
            snprintf(logfd, sizeof logfd, "--log-fd=%d", p[1]);
            char **args = calloc((size_t)o->argc + 5, sizeof *args);
            if (!args) _exit(127);
            args[0] = "valgrind";
            args[1] = "--tool=lackey";
            args[2] = "--trace-mem=yes";
            args[3] = logfd;
            for (int i = 0; i < o->argc; i++) args[4 + i] = o->argv[i];
            execvp("valgrind", args);
            fprintf(stderr, "rvmmu: error: cannot run valgrind: %s (Debian package valgrind)\n", strerror(errno));
            _exit(127);
        }
        close(p[1]);
        ls.fd = p[0];
        rc = convert(o, &ls, &w, &stopped);
        if (rc || stopped)
            kill(pid, SIGKILL);             /* it may be blocked writing to the pipe: kill, then close */
        close(ls.fd);
        ls.fd = -1;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (!stopped && !rc) {
            if (WIFEXITED(status))
                exit_status = WEXITSTATUS(status);
            else if (WIFSIGNALED(status))
                exit_status = 128 + WTERMSIG(status);
        }
    }
    if (rc)
        goto out;
    if (!w) {
        if (o->lackey)
            fprintf(stderr, "%s: error: no accesses in the log\n", o->lackey);
        else
            fprintf(stderr, "rvmmu: error: valgrind ran no instruction of %s (exit status %d)\n", o->argv[0],
                    (int)exit_status);
        rc = 2;
        goto out;
    }
    {
        uint64_t fetch = cap_writer_count(w, CAP_FETCH), load = cap_writer_count(w, CAP_LOAD);
        uint64_t store = cap_writer_count(w, CAP_STORE), total = fetch + load + store, bytes = 0;
        char err[700];
        int r = cap_writer_close(w, (stopped ? CAP_F_STOPPED : 0) | (o->no_fetch ? CAP_F_NO_FETCH : 0),
                                 exit_status, &bytes, err, sizeof err);
        w = NULL;
        if (r) {
            fprintf(stderr, "%s\n", err);
            rc = 2;
            goto out;
        }
        double dt = now() - t0;
        if (!o->quiet) {
            char end[64];
            if (stopped)
                snprintf(end, sizeof end, "stopped at --max %" PRIu64, o->max);
            else if (o->lackey)
                snprintf(end, sizeof end, "end of the log");
            else
                snprintf(end, sizeof end, "exit status %d", (int)exit_status);
            printf("capture: %s: %" PRIu64 " accesses (fetch %" PRIu64 ", load %" PRIu64 ", store %" PRIu64
                   "), %s; %" PRIu64 " bytes, %.3f bytes/access; %.2f s, %.0f accesses/s\n",
                   o->out, total, fetch, load, store, end, bytes, (double)bytes / (double)total, dt,
                   dt > 0 ? (double)total / dt : 0.0);
        }
        rc = 0;
    }
out:
    if (w) cap_writer_abort(w);
    if (ls.fd > 0) close(ls.fd);
    free(ls.buf);
    return rc;
}

/* ------------------------------------------------------------ --info */
/* A set of page numbers (open addressing; memory grows with the pages touched, not the accesses). */
typedef struct {
    uint64_t *k;             /* page + 1; 0 is empty */
    size_t cap, n;
} page_set;

static int set_add(page_set *s, uint64_t page)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t ncap = s->cap ? 2 * s->cap : 1024;
        uint64_t *nk = calloc(ncap, sizeof *nk);
        if (!nk) return -1;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->k[i]) continue;
            size_t h = (size_t)((s->k[i] * 0x9e3779b97f4a7c15ull) >> 20) & (ncap - 1);
            while (nk[h]) h = (h + 1) & (ncap - 1);
            nk[h] = s->k[i];
        }
        free(s->k);
        s->k = nk;
        s->cap = ncap;
    }
    uint64_t key = page + 1;
    size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (s->cap - 1);
    while (s->k[h]) {
        if (s->k[h] == key) return 0;
        h = (h + 1) & (s->cap - 1);
    }
    s->k[h] = key;
    s->n++;
    return 0;
}

static int info_file(const char *path)
{
    char err[700];
    double t0 = now();
    cap_reader *r = cap_open(path, err, sizeof err);
    if (!r) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    page_set sets[CAP_NKINDS + 1] = {{0}};
    uint64_t lo[CAP_NKINDS + 1], hi[CAP_NKINDS + 1], cnt[CAP_NKINDS + 1] = {0};
    for (int k = 0; k <= CAP_NKINDS; k++) {
        lo[k] = UINT64_MAX;
        hi[k] = 0;
    }
    cap_access a;
    int rc;
    while ((rc = cap_next(r, &a)) > 0) {
        uint64_t last = a.va + (a.size ? a.size - 1 : 0);
        if (last < a.va) last = UINT64_MAX;         /* wraps: stop at the top */
        int kinds[2] = {a.kind, CAP_NKINDS};
        for (int j = 0; j < 2; j++) {
            int k = kinds[j];
            cnt[k]++;
            if (a.va < lo[k]) lo[k] = a.va;
            if (last > hi[k]) hi[k] = last;
            for (uint64_t p = a.va >> 12; ; p++) {   /* an access across a page boundary touches both */
                if (set_add(&sets[k], p)) {
                    fprintf(stderr, "%s: error: out of memory counting pages\n", path);
                    rc = -2;
                    break;
                }
                if (p == last >> 12) break;
            }
        }
        if (rc == -2) break;
    }
    int status = 0;
    if (rc == -1) {
        fprintf(stderr, "%s\n", cap_error(r));
        status = 2;
    } else if (rc == -2) {
        status = 2;
    } else {
        const cap_header *h = cap_get_header(r);
        const cap_trailer *t = cap_get_trailer(r);
        double dt = now() - t0;
        printf("%s\n", path);
        printf("  producer  %s\n", h->producer);
        printf("  program  ");
        for (int i = 0; i < h->argc; i++) printf(" %s", h->argv[i]);
        printf("%s\n", h->argc ? "" : " (unknown)");
        printf("  options   %s\n", h->options[0] ? h->options : "(none)");
        if (t->flags & CAP_F_STOPPED)
            printf("  end       stopped by --max (the program was killed)\n");
        else if (t->exit_status >= 0)
            printf("  end       the program exited with status %d\n", (int)t->exit_status);
        else
            printf("  end       the end of the log\n");
        printf("  %-6s %12s %10s  %-18s  %-18s\n", "kind", "accesses", "pages-4K", "lowest-va", "highest-va");
        for (int k = 0; k <= CAP_NKINDS; k++) {
            const char *name = k == CAP_NKINDS ? "all" : cap_kind_name((cap_kind)k);
            if (cnt[k])
                printf("  %-6s %12" PRIu64 " %10zu  0x%016" PRIx64 "  0x%016" PRIx64 "\n", name, cnt[k], sets[k].n,
                       lo[k], hi[k]);
            else
                printf("  %-6s %12" PRIu64 " %10zu  %-18s  %-18s\n", name, cnt[k], sets[k].n, "-", "-");
        }
        printf("  file      %" PRIu64 " bytes, %" PRIu64 " blocks, %.3f bytes/access; checked in %.2f s (%.0f accesses/s)\n",
               t->bytes, t->blocks, cnt[CAP_NKINDS] ? (double)t->bytes / (double)cnt[CAP_NKINDS] : 0.0, dt,
               dt > 0 ? (double)cnt[CAP_NKINDS] / dt : 0.0);
    }
    for (int k = 0; k <= CAP_NKINDS; k++) free(sets[k].k);
    cap_close(r);
    return status;
}

static int dump_file(const char *path, uint64_t n)
{
    char err[700];
    cap_reader *r = cap_open(path, err, sizeof err);
    if (!r) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    cap_access a;
    int rc;
    uint64_t i = 0;
    while ((rc = cap_next(r, &a)) > 0) {
        if (n && i >= n) continue;          /* the rest is read to check it */
        i++;
        if (a.kind == CAP_FETCH)
            printf("I  %08" PRIx64 ",%" PRIu32 "\n", a.va, a.size);
        else
            printf(" %c %08" PRIx64 ",%" PRIu32 "\n", a.kind == CAP_LOAD ? 'L' : 'S', a.va, a.size);
    }
    if (rc < 0) fprintf(stderr, "%s\n", cap_error(r));
    cap_close(r);
    return rc < 0 ? 2 : 0;
}

/* ------------------------------------------------------------ the command line */
/* The value of option opt (NULL when missing): 0, or -1 after printing the error. */
static int need_value(const char *opt, const char *v, const char *what)
{
    if (v)
        return 0;
    fprintf(stderr, "rvmmu: error: %s needs %s\n", opt, what);
    return -1;
}

int capture_main(int argc, char **argv)
{
    cap_opts o = {0};
    int info = 0, dump = 0, nfiles = 0, first_file = -1;
    uint64_t dump_n = 0;
    int i;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "-o")) {
            if (need_value(a, v, "a file name")) return 2;
            o.out = v;
            i++;
        } else if (!strcmp(a, "--max")) {
            if (runopts_u64(a, v, &o.max)) return 2;
            if (!o.max) {
                fprintf(stderr, "rvmmu: error: --max must be at least 1\n");
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--no-fetch")) {
            o.no_fetch = 1;
        } else if (!strcmp(a, "--quiet")) {
            o.quiet = 1;
        } else if (!strcmp(a, "--lackey")) {
            if (need_value(a, v, "a log file (or -)")) return 2;
            o.lackey = v;
            i++;
        } else if (!strcmp(a, "--info")) {
            info = 1;
        } else if (!strcmp(a, "--dump")) {
            if (runopts_u64(a, v, &dump_n)) return 2;
            dump = 1;
            i++;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            capture_usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "rvmmu: error: capture: unknown option '%s'\n", a);
            capture_usage(stderr);
            return 2;
        } else {
            if (first_file < 0) first_file = i;
            nfiles++;
            if (first_file + nfiles - 1 != i) {
                fprintf(stderr, "rvmmu: error: capture: options after the files\n");
                return 2;
            }
        }
    }
    if (info || dump) {
        if (info && dump) {
            fprintf(stderr, "rvmmu: error: capture: --info or --dump, not both\n");
            return 2;
        }
        if (o.out || o.lackey || o.max || o.no_fetch || i < argc) {
            fprintf(stderr, "rvmmu: error: capture: --%s reads files; it takes no capture options\n",
                    info ? "info" : "dump");
            return 2;
        }
        if (!nfiles || (dump && nfiles != 1)) {
            fprintf(stderr, "rvmmu: error: capture: --%s needs %s\n", info ? "info" : "dump",
                    info ? "at least one file" : "one file");
            return 2;
        }
        if (dump) return dump_file(argv[first_file], dump_n);
        int worst = 0;
        for (int f = 0; f < nfiles; f++) {
            int r = info_file(argv[first_file + f]);
            if (r > worst) worst = r;
            fflush(stdout);
        }
        return worst;
    }
    if (nfiles) {
        fprintf(stderr, "rvmmu: error: capture: unexpected operand '%s' (the program goes after --)\n",
                argv[first_file]);
        return 2;
    }
    if (!o.out) {
        fprintf(stderr, "rvmmu: error: capture: -o FILE is required\n");
        capture_usage(stderr);
        return 2;
    }
    if (o.lackey && i < argc) {
        fprintf(stderr, "rvmmu: error: capture: --lackey converts a log; it runs no program\n");
        return 2;
    }
    if (!o.lackey && i >= argc) {
        fprintf(stderr, "rvmmu: error: capture: no program (-- PROGRAM ARGS...)\n");
        capture_usage(stderr);
        return 2;
    }
    o.argc = argc - i;
    o.argv = argv + i;
    return run_capture(&o);
}
