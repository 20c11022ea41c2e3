/* test_trace.c -- standalone tests of the formats library: the tlbtrace parser
 * (lib/trace.c), the directive dispatch (lib/lex.c) and the scenario parser
 * (lib/scenario_parse.c), linked without the runner, the harness or a model.
 *
 * Build and run from the top of the tree (`make build/test_trace`):
 *   gcc -std=c11 -Wall -Wextra -Werror -fsanitize=address,undefined -Ibuild/gen -Itb -Isw \
 *       tests/test_trace.c lib/trace.c lib/lex.c lib/scenario_parse.c sw/pt.c -o /tmp/test_trace &&
 *   /tmp/test_trace [BAD_TRACES_DIR [SCENARIO_DIR]]
 *
 * BAD_TRACES_DIR (default tb/traces/bad) holds malformed traces whose first line
 * is "# error: LINE: SUBSTRING": each must fail on LINE with SUBSTRING in the
 * message; SCENARIO_DIR (default tb/scenarios) the scenarios, which must parse,
 * and in bad/ the malformed ones, held to the same rule when the parser sees the
 * error.  The last line printed is "N passed, M failed"; the exit status is
 * nonzero when anything failed.
 */
#define _POSIX_C_SOURCE 200809L
#include "trace.h"
#include "lex.h"
#include "scenario.h"
#include "rvmmu_defs.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NAME "t.trace"

typedef struct {
    int pass, fail;
} counts;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int check(counts *c, int cond, const char *fmt, ...)
{
    if (cond) {
        c->pass++;
    } else {
        va_list ap;
        c->fail++;
        printf("FAIL: ");
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
    return cond;
}

/* Parse text from an exact-size heap copy (no NUL after it, so ASan sees overreads). */
static int parse_n(const char *txt, size_t n, trace *t)
{
    char *buf = malloc(n ? n : 1);
    int r;
    if (!buf)
        abort();
    memcpy(buf, txt, n);
    r = trace_parse_text(NAME, buf, n, t);
    free(buf);
    return r;
}

static int parse(const char *txt, trace *t)
{
    return parse_n(txt, strlen(txt), t);
}

/* Parse txt (len n) and expect an error on `line` whose message contains `sub`, with `nops` ops kept. */
static void bad_n(counts *c, const char *txt, size_t n, int line, const char *sub, size_t nops)
{
    trace t;
    char pre[64];
    int r = parse_n(txt, n, &t);
    snprintf(pre, sizeof pre, NAME ":%d: error: ", line);
    if (check(c, r == -1 && t.error == 1, "expected an error for [%s], got r=%d error=%d", txt, r, t.error)) {
        check(c, t.error_line == line, "[%s]: error_line %d, expected %d (%s)", txt, t.error_line, line, t.errmsg);
        check(c, strncmp(t.errmsg, pre, strlen(pre)) == 0, "[%s]: message '%s' does not start '%s'", txt,
              t.errmsg, pre);
        check(c, strstr(t.errmsg, sub) != NULL, "[%s]: message '%s' lacks '%s'", txt, t.errmsg, sub);
        check(c, t.nops == nops, "[%s]: %zu ops kept, expected %zu", txt, t.nops, nops);
    }
    trace_free(&t);
}

static void bad(counts *c, const char *txt, int line, const char *sub, size_t nops)
{
    bad_n(c, txt, strlen(txt), line, sub, nops);
}

/* Parse txt expecting success; t is left for the caller to inspect and free. */
static int good(counts *c, const char *txt, trace *t)
{
    int r = parse(txt, t);
    return check(c, r == 0 && t->error == 0 && t->error_line == 0 && t->errmsg[0] == 0,
                 "expected [%s] to parse, got r=%d: %s", txt, r, t->errmsg);
}

/* Parse a trace made of one header and one directive, expect success, return the single op. */
static int good_op(counts *c, const char *txt, tr_op *op)
{
    trace t;
    int ok = 0;
    if (good(c, txt, &t) && check(c, t.nops >= 1, "[%s]: no op", txt)) {
        *op = t.ops[t.nops - 1];
        ok = 1;
    }
    trace_free(&t);
    return ok;
}

/* Parse "prefix VAL" and return the number it produced in op field a or b. */
static int num_ok(counts *c, const char *num, uint64_t want)
{
    char txt[256];
    tr_op op;
    snprintf(txt, sizeof txt, "mode sv39\nram 0 0x100000000000000\nmem 0x80000000 %s\n", num);
    if (!good_op(c, txt, &op))
        return 0;
    return check(c, op.kind == TR_MEM && op.b == want, "number %s: got 0x%" PRIx64 ", want 0x%" PRIx64, num, op.b,
                 want);
}

static void num_bad(counts *c, const char *num, const char *sub)
{
    char txt[256];
    snprintf(txt, sizeof txt, "mode sv39\nmem 0x80000000 %s\n", num);
    bad(c, txt, 2, sub, 0);
}

/* ------------------------------------------------------------- good traces */

static const char spec_example[] =
    "tlbtrace 1\n"
    "mode sv32\n"
    "# root table at 0x80010000, one 4 KiB page 0x00400000 -> 0x80200000, R+W+U+A+D\n"
    "satp sv32 1 0x80010\n"
    "mem 0x80010004 0x20004c01        # L1 entry for VPN[1]=1 -> table at 0x80013000\n"
    "mem 0x80013000 0x200800d7        # L0 entry: PPN 0x80200, D A U W R V\n"
    "priv U\n"
    "load  0x00400010 expect pa=0x80200010\n"
    "store 0x00400ffc expect pa=0x80200ffc\n"
    "fetch 0x00400000 expect fault=instruction_page_fault\n"
    "priv S\n"
    "load  0x00400010 expect fault=load_page_fault   # U page, SUM=0\n"
    "sum 1\n"
    "load  0x00400010 expect pa=0x80200010\n";

static void check_spec_example(counts *c, const trace *t, const char *what)
{
    const tr_op *o = t->ops;
    check(c, t->mode == RVMMU_MODE_SV32 && t->xlen == 32, "%s: mode %u xlen %d", what, t->mode, t->xlen);
    check(c, t->nram == 1 && t->ram && t->ram[0].base == 0x80000000u && t->ram[0].size == 0x10000000u,
          "%s: default ram window", what);
    if (!check(c, t->nops == 11, "%s: %zu ops, want 11", what, t->nops))
        return;
    check(c, o[0].kind == TR_SATP && o[0].line == 4 && o[0].mode == RVMMU_MODE_SV32 && o[0].asid == 1 &&
                 o[0].ppn == 0x80010,
          "%s: satp op", what);
    check(c, o[1].kind == TR_MEM && o[1].line == 5 && o[1].a == 0x80010004u && o[1].b == 0x20004c01u, "%s: mem 1",
          what);
    check(c, o[2].kind == TR_MEM && o[2].line == 6 && o[2].a == 0x80013000u && o[2].b == 0x200800d7u, "%s: mem 2",
          what);
    check(c, o[3].kind == TR_PRIV && o[3].line == 7 && o[3].val == RVMMU_PRIV_U, "%s: priv U", what);
    check(c, o[4].kind == TR_ACCESS && o[4].line == 8 && o[4].acc == RVMMU_ACC_LOAD && o[4].a == 0x00400010 &&
                 o[4].exp.present && !o[4].exp.fault && o[4].exp.pa == 0x80200010u && !o[4].exp.has_pbmt,
          "%s: load 1", what);
    check(c, o[5].kind == TR_ACCESS && o[5].line == 9 && o[5].acc == RVMMU_ACC_STORE && o[5].a == 0x00400ffc &&
                 o[5].exp.present && !o[5].exp.fault && o[5].exp.pa == 0x80200ffcu,
          "%s: store", what);
    check(c, o[6].kind == TR_ACCESS && o[6].line == 10 && o[6].acc == RVMMU_ACC_FETCH && o[6].a == 0x00400000 &&
                 o[6].exp.present && o[6].exp.fault && o[6].exp.cause == RVMMU_CAUSE_FETCH_PAGE,
          "%s: fetch", what);
    check(c, o[7].kind == TR_PRIV && o[7].line == 11 && o[7].val == RVMMU_PRIV_S, "%s: priv S", what);
    check(c, o[8].kind == TR_ACCESS && o[8].line == 12 && o[8].acc == RVMMU_ACC_LOAD && o[8].exp.present &&
                 o[8].exp.fault && o[8].exp.cause == RVMMU_CAUSE_LOAD_PAGE,
          "%s: load fault", what);
    check(c, o[9].kind == TR_SUM && o[9].line == 13 && o[9].val == 1, "%s: sum 1", what);
    check(c, o[10].kind == TR_ACCESS && o[10].line == 14 && o[10].exp.pa == 0x80200010u, "%s: last load", what);
}

static void test_good(counts *c)
{
    trace t;
    tr_op op;

    if (good(c, spec_example, &t)) {
        check_spec_example(c, &t, "spec example");
        check(c, t.path && strcmp(t.path, NAME) == 0, "path kept");
    }
    trace_free(&t);
    check(c, t.ops == NULL && t.nops == 0 && t.path == NULL && t.ram == NULL && t.mode == 0, "trace_free zeroes");
    trace_free(&t); /* twice is harmless */
    trace_free(NULL);

    /* the same with CRLF line ends, tabs, no final newline */
    {
        char buf[2048];
        size_t j = 0;
        for (const char *s = spec_example; *s && j + 3 < sizeof buf; s++) {
            if (*s == '\n')
                buf[j++] = '\r';
            buf[j++] = *s == ' ' ? '\t' : *s;
        }
        buf[j - 2] = 0; /* drop the last "\r\n" */
        if (good(c, buf, &t))
            check_spec_example(c, &t, "spec example, CRLF and tabs");
        trace_free(&t);
    }

    /* empty and comment-only text */
    if (good(c, "", &t))
        check(c, t.nops == 0 && t.mode == 0 && t.xlen == 0 && t.nram == 1 && t.ram[0].base == 0x80000000u,
              "empty trace: no ops, no mode, default ram");
    trace_free(&t);
    if (good(c, "# just a comment\n\n   \t \n# \xc3\xa9t\xc3\xa9 \x01\x7f\xff\n", &t))
        check(c, t.nops == 0, "comment-only trace");
    trace_free(&t);
    check(c, trace_parse_text(NAME, NULL, 0, &t) == 0 && t.nops == 0, "NULL text of length 0");
    trace_free(&t);

    /* tlbtrace after comments and blank lines is still first */
    if (good(c, "# header\n\ntlbtrace 0x1\nmode sv39\nmode sv39\n", &t))
        check(c, t.mode == RVMMU_MODE_SV39 && t.xlen == 64 && t.nops == 0, "repeated identical mode");
    trace_free(&t);
    if (good(c, "mode sv48\n", &t))
        check(c, t.mode == RVMMU_MODE_SV48 && t.xlen == 64, "mode sv48");
    trace_free(&t);
    if (good(c, "mode sv57\n", &t))
        check(c, t.mode == RVMMU_MODE_SV57 && t.xlen == 64, "mode sv57");
    trace_free(&t);

    /* ram windows, before and after mode */
    if (good(c, "ram 0x1000 0x1000\nmode sv32\nram 0x3_0000_0000 0x1_0000_0000\nmem 0x1ffc 5\n"
                "mem 0x3fffffffc 0xffffffff\ncheck 0x1000 0\n",
             &t)) {
        check(c, t.nram == 2 && t.ram[0].base == 0x1000 && t.ram[0].size == 0x1000 &&
                     t.ram[1].base == 0x300000000ull && t.ram[1].size == 0x100000000ull,
              "two ram windows");
        check(c, t.nops == 3 && t.ops[1].a == 0x3fffffffcull && t.ops[1].b == 0xffffffffu &&
                     t.ops[2].kind == TR_CHECK && t.ops[2].a == 0x1000 && t.ops[2].b == 0 && t.ops[2].line == 6,
              "mem/check in explicit windows");
    }
    trace_free(&t);
    if (good(c, "mode sv39\nram 0xff_ffff_ffff_f000 0x1000\nmem 0xff_ffff_ffff_fff8 0xffff_ffff_ffff_ffff\n", &t))
        check(c, t.nram == 1 && t.nops == 1 && t.ops[0].b == UINT64_MAX, "RV64 ram at the top of 56 bits");
    trace_free(&t);
    if (good(c, "mode sv32\nmem 0x8ffffffc 1\nmem 0x80000000 0\n", &t))
        check(c, t.nops == 2 && t.nram == 1 && t.ram[0].size == 0x10000000u, "default window edges (sv32)");
    trace_free(&t);
    if (good(c, "mode sv39\nmem 0x8ffffff8 1\ncheck 0x80000008 1\n", &t))
        check(c, t.nops == 2, "default window edges (sv39)");
    trace_free(&t);

    /* satp */
    if (good_op(c, "mode sv32\nsatp sv32 0x1ff 0x3fffff\n", &op))
        check(c, op.kind == TR_SATP && op.mode == RVMMU_MODE_SV32 && op.asid == 0x1ff && op.ppn == 0x3fffff,
              "satp sv32 at the widths");
    if (good_op(c, "mode sv32\nsatp bare 0 0\n", &op))
        check(c, op.kind == TR_SATP && op.mode == RVMMU_MODE_BARE && op.asid == 0 && op.ppn == 0, "satp bare");
    if (good_op(c, "mode sv39\nsatp sv57 0xffff 0xfff_ffff_ffff\n", &op))
        check(c, op.mode == RVMMU_MODE_SV57 && op.asid == 0xffff && op.ppn == 0xfffffffffffull, "satp sv57 in sv39");
    if (good_op(c, "mode sv57\nsatp sv48 2 3\n", &op))
        check(c, op.mode == RVMMU_MODE_SV48 && op.asid == 2 && op.ppn == 3, "satp sv48 in sv57");
    if (good_op(c, "mode sv48\nsatp sv39 2 3\n", &op))
        check(c, op.mode == RVMMU_MODE_SV39, "satp sv39 in sv48");
    if (good_op(c, "mode sv48\nsatp bare 0 0\n", &op))
        check(c, op.mode == RVMMU_MODE_BARE, "satp bare in sv48");

    /* priv, flags, before the mode too */
    if (good(c, "priv M\nsum 1\nmxr 1\nadue 1\nsfence\nmode sv32\npriv U\nsum 0\nmxr 0\nadue 0\npriv S\n", &t)) {
        static const tr_kind k[] = { TR_PRIV, TR_SUM, TR_MXR, TR_ADUE, TR_SFENCE, TR_PRIV,
                                     TR_SUM,  TR_MXR, TR_ADUE, TR_PRIV };
        static const unsigned v[] = { RVMMU_PRIV_M, 1, 1, 1, 0, RVMMU_PRIV_U, 0, 0, 0, RVMMU_PRIV_S };
        int same = t.nops == 10;
        for (size_t i = 0; same && i < 10; i++)
            same = t.ops[i].kind == k[i] && t.ops[i].val == v[i] && t.ops[i].line == (int)(i < 5 ? i + 1 : i + 2);
        check(c, same, "priv/sum/mxr/adue/sfence ops");
    }
    trace_free(&t);

    /* sfence forms */
    if (good(c, "mode sv32\nsfence\nsfence va=0xffff_f000\nsfence asid=0x1ff\nsfence va=0x1000 asid=3\n"
                "sfence asid=4 va=0x2000\nsfence\tva=5\t",
             &t)) {
        const tr_op *o = t.ops;
        if (check(c, t.nops == 6, "sfence: %zu ops", t.nops)) {
            check(c, o[0].kind == TR_SFENCE && !o[0].has_va && !o[0].has_asid, "sfence plain");
            check(c, o[1].has_va && o[1].a == 0xfffff000u && !o[1].has_asid, "sfence va");
            check(c, !o[2].has_va && o[2].has_asid && o[2].asid == 0x1ff, "sfence asid");
            check(c, o[3].has_va && o[3].a == 0x1000 && o[3].has_asid && o[3].asid == 3, "sfence va asid");
            check(c, o[4].has_va && o[4].a == 0x2000 && o[4].has_asid && o[4].asid == 4, "sfence asid va");
            check(c, o[5].has_va && o[5].a == 5 && o[5].line == 7, "sfence with tabs");
        }
    }
    trace_free(&t);
    if (good_op(c, "mode sv39\nsfence va=0xffff_ffff_ffff_f000 asid=0xffff\n", &op))
        check(c, op.has_va && op.a == 0xfffffffffffff000ull && op.asid == 0xffff, "sfence RV64 widths");

    /* accesses */
    if (good_op(c, "mode sv32\nfetch 0xffffffff\n", &op))
        check(c, op.kind == TR_ACCESS && op.acc == RVMMU_ACC_FETCH && op.a == 0xffffffffu && !op.exp.present,
              "access without expect");
    if (good_op(c, "mode sv32\nload 0 expect pa=0x3_ffff_ffff\n", &op))
        check(c, op.exp.present && !op.exp.fault && op.exp.pa == 0x3ffffffffull, "sv32 pa at 34 bits");
    if (good_op(c, "mode sv39\nload 0xffffffffffffffff expect pa=0xff_ffff_ffff_ffff pbmt=nc\n", &op))
        check(c, op.a == UINT64_MAX && op.exp.pa == 0xffffffffffffffull && op.exp.has_pbmt &&
                     op.exp.pbmt == RVMMU_PBMT_NC,
              "sv39 pbmt=nc, any 64-bit VA");
    if (good_op(c, "mode sv57\nstore 0x1000 expect pa=0x2000 pbmt=io # x\n", &op))
        check(c, op.acc == RVMMU_ACC_STORE && op.exp.has_pbmt && op.exp.pbmt == RVMMU_PBMT_IO, "pbmt=io");
    /* extension: size=N (the access's bytes, for PMP) */
    if (good_op(c, "mode sv32\nload 0x1008 size=8 expect pa=0x2008\n", &op))
        check(c, op.size == 8 && op.exp.present && op.exp.pa == 0x2008, "size=8 then expect");
    if (good_op(c, "mode sv39\nfetch 0x1002 size=2\n", &op))
        check(c, op.size == 2 && !op.exp.present, "size=2 without expect");
    if (good_op(c, "mode sv39\nstore 0x1003\n", &op))
        check(c, op.size == 0, "no size: 0 (one byte)");
    {
        static const struct {
            const char *n;
            unsigned cause;
        } f[] = { { "instruction_page_fault", 12 }, { "load_page_fault", 13 },    { "store_page_fault", 15 },
                  { "instruction_access_fault", 1 }, { "load_access_fault", 5 }, { "store_access_fault", 7 } };
        for (size_t i = 0; i < 6; i++) {
            char txt[128];
            snprintf(txt, sizeof txt, "mode sv48\nstore 0x10 expect fault=%s\n", f[i].n);
            if (good_op(c, txt, &op))
                check(c, op.exp.present && op.exp.fault && op.exp.cause == f[i].cause, "fault=%s", f[i].n);
            check(c, trace_cause_name(f[i].cause) && strcmp(trace_cause_name(f[i].cause), f[i].n) == 0,
                  "trace_cause_name(%u)", f[i].cause);
        }
        check(c, trace_cause_name(0) == NULL && trace_cause_name(13 + 100) == NULL, "trace_cause_name unknown");
    }
    check(c, strcmp(trace_acc_name(RVMMU_ACC_LOAD), "load") == 0 && strcmp(trace_acc_name(RVMMU_ACC_STORE), "store") == 0 &&
                 strcmp(trace_acc_name(RVMMU_ACC_FETCH), "fetch") == 0 && trace_acc_name(77) != NULL,
          "trace_acc_name");
    check(c, trace_pte_bytes(32) == 4 && trace_pte_bytes(64) == 8, "trace_pte_bytes");

    /* a comment glued to a token; a long comment; a long line of blanks */
    if (good_op(c, "mode sv32\nmem 0x80000000 0x1f#comment\n", &op))
        check(c, op.b == 0x1f, "comment right after a token");
    {
        size_t n = 1 << 20;
        char *big = malloc(n + 64);
        if (big) {
            strcpy(big, "mode sv32\n#");
            memset(big + 11, 'x', n);
            strcpy(big + 11 + n, "\n   ");
            memset(big + 11 + n + 4, ' ', 20);
            strcpy(big + 11 + n + 24, "\nsum 1\n");
            if (good(c, big, &t))
                check(c, t.nops == 1 && t.ops[0].line == 4, "1 MiB comment line");
            trace_free(&t);
            free(big);
        }
    }
}

static void test_numbers(counts *c)
{
    num_ok(c, "0", 0);
    num_ok(c, "00017", 17);
    num_ok(c, "1_000", 1000);
    num_ok(c, "0x8000_1000", 0x80001000u);
    num_ok(c, "0X1F", 0x1f);
    num_ok(c, "0xaBcDeF", 0xabcdef);
    num_ok(c, "0x00000000000000000000000001", 1);
    num_ok(c, "18446744073709551615", UINT64_MAX);
    num_ok(c, "18_446_744_073_709_551_615", UINT64_MAX);
    num_ok(c, "0xffff_ffff_ffff_ffff", UINT64_MAX);
    num_ok(c, "0x1_2_3", 0x123);

    num_bad(c, "0x", "'0x': no digits after 0x");
    num_bad(c, "0X", "'0X': no digits");
    num_bad(c, "0x_1", "'0x_1': misplaced '_'");
    num_bad(c, "1__0", "'1__0': misplaced '_'");
    num_bad(c, "1_", "'1_': misplaced '_'");
    num_bad(c, "0x1_", "'0x1_': misplaced '_'");
    num_bad(c, "_1", "'_1': misplaced '_'");
    num_bad(c, "0xg", "'0xg': not a number");
    num_bad(c, "12a", "'12a': not a number");
    num_bad(c, "-1", "'-1': not a number");
    num_bad(c, "+1", "'+1': not a number");
    num_bad(c, "1.0", "'1.0': not a number");
    num_bad(c, "0b101", "'0b101': not a number");
    num_bad(c, "18446744073709551616", "'18446744073709551616': does not fit in 64 bits");
    num_bad(c, "99999999999999999999999", "does not fit in 64 bits");
    num_bad(c, "0x1_0000_0000_0000_0000", "'0x1_0000_0000_0000_0000': does not fit in 64 bits");
    num_bad(c, "0x8000_0000_0000_0000_0", "does not fit in 64 bits");
    bad(c, "mode sv39\nmem 0x8000_000g 0\n", 2, "'mem': bad PA '0x8000_000g'", 0);
    bad(c, "mode sv39\nmem 0x80000000 0xzz\n", 2, "'mem': bad VALUE '0xzz'", 0);
}

static void test_errors(counts *c)
{
    /* unknown directives and keyword case */
    bad(c, "mode sv32\nsum 1\nxyz 1 2\n", 3, "unknown directive 'xyz'", 1);
    bad(c, "Mode sv32\n", 1, "unknown directive 'Mode'", 0);
    bad(c, "mode sv32\nLOAD 0\n", 2, "unknown directive 'LOAD'", 0);
    bad(c, "mode sv32\nexpect pa=0\n", 2, "unknown directive 'expect'", 0);
    bad(c, "mode sv32\nload\n", 2, "'load': missing VA", 0);
    bad(c, "mode=sv32\n", 1, "unknown directive 'mode=sv32'", 0);

    /* tlbtrace */
    bad(c, "tlbtrace 3\n", 1, "unsupported version '3'", 0);
    bad(c, "tlbtrace 0\n", 1, "unsupported version '0'", 0);
    bad(c, "tlbtrace\n", 1, "'tlbtrace': missing VERSION", 0);
    bad(c, "tlbtrace 1 2\n", 1, "unexpected extra token '2'", 0);
    bad(c, "tlbtrace one\n", 1, "bad VERSION 'one'", 0);
    bad(c, "sum 1\ntlbtrace 1\n", 2, "'tlbtrace' must be the first directive", 1);
    bad(c, "tlbtrace 1\ntlbtrace 1\n", 2, "'tlbtrace' must be the first directive", 0);
    bad(c, "mode sv32\n# c\ntlbtrace 1\n", 3, "'tlbtrace' must be the first directive", 0);

    /* mode */
    bad(c, "mode sv64\n", 1, "unknown mode 'sv64'", 0);
    bad(c, "mode SV39\n", 1, "unknown mode 'SV39'", 0);
    bad(c, "mode bare\n", 1, "unknown mode 'bare'", 0);
    bad(c, "mode\n", 1, "'mode': missing MODE", 0);
    bad(c, "mode sv39 sv48\n", 1, "unexpected extra token 'sv48'", 0);
    bad(c, "mode sv32\npriv U\nmode sv39\n", 3, "'mode sv39' differs from 'mode sv32' on line 1", 1);
    bad(c, "mode sv39\nmode sv48\n", 2, "'mode sv48' differs", 0);
    bad(c, "priv U\nmem 0x80000000 1\n", 2, "'mem' before any 'mode' line", 1);
    bad(c, "check 0x80000000 1\n", 1, "'check' before any 'mode' line", 0);
    bad(c, "satp bare 0 0\n", 1, "'satp' before any 'mode' line", 0);
    bad(c, "load 0\n", 1, "'load' before any 'mode' line", 0);
    bad(c, "store 0 expect pa=0\n", 1, "'store' before any 'mode' line", 0);
    bad(c, "sfence\nfetch 0\n", 2, "'fetch' before any 'mode' line", 1);
    bad(c, "sfence va=0\n", 1, "'sfence va=0' before any 'mode' line", 0);
    bad(c, "sfence asid=1\n", 1, "'sfence asid=1' before any 'mode' line", 0);

    /* ram */
    bad(c, "mode sv32\nmem 0x80000000 1\nram 0 0x1000\n", 3, "'ram' after the first mem, check or access (line 2)", 1);
    bad(c, "mode sv32\ncheck 0x80000000 0\nram 0 0x1000\n", 3, "'ram' after the first", 1);
    bad(c, "mode sv32\nsum 1\nload 0\nsum 0\nram 0 0x1000\n", 5, "'ram' after the first mem, check or access (line 3)",
        3);
    bad(c, "ram 0x1000 0\n", 1, "'ram': SIZE '0' is zero", 0);
    bad(c, "ram 0xffff_ffff_ffff_f000 0x2000\n", 1, "wraps around", 0);
    bad(c, "ram 1 0xffffffffffffffff\n", 1, "wraps around", 0);
    bad(c, "ram 0x1000\n", 1, "'ram': missing SIZE", 0);
    bad(c, "ram\n", 1, "'ram': missing BASE", 0);
    bad(c, "ram 0 1 2\n", 1, "'ram': unexpected extra token '2'", 0);
    bad(c, "ram 0x80000000 size\n", 1, "'ram': bad SIZE 'size'", 0);
    bad(c, "mode sv32\nram 0x3_ffff_f000 0x2000\n", 2, "does not fit the 34-bit physical address space", 0);
    bad(c, "mode sv32\nram 0x4_0000_0000 0x1000\n", 2, "BASE '0x4_0000_0000'", 0);
    bad(c, "mode sv39\nram 0x100_0000_0000_0000 0x1000\n", 2, "does not fit the 56-bit physical address space", 0);
    bad(c, "ram 0 0x1000\nram 0x4_0000_0000 0x1000\nsum 1\nmode sv32\n", 4,
        "ram window 0x400000000 size 0x1000 (line 2) does not fit the 34-bit", 1);
    bad(c, "ram 0xff_ffff_ffff_f000 0x2000\nmode sv39\n", 2, "does not fit the 56-bit", 0);

    /* mem / check */
    bad(c, "mode sv32\nmem 0x80000002 1\n", 2, "'mem': PA 0x80000002 is not aligned to the 4-byte PTE size", 0);
    bad(c, "mode sv39\nmem 0x80000004 1\n", 2, "PA 0x80000004 is not aligned to the 8-byte PTE size", 0);
    bad(c, "mode sv39\ncheck 0x80000001 1\n", 2, "'check': PA 0x80000001 is not aligned", 0);
    bad(c, "mode sv32\nmem 0x90000000 1\n", 2, "'mem': PA 0x90000000 is outside every ram window", 0);
    bad(c, "mode sv32\nmem 0x7ffffffc 1\n", 2, "PA 0x7ffffffc is outside every ram window", 0);
    bad(c, "mode sv32\ncheck 0 1\n", 2, "'check': PA 0 is outside", 0);
    bad(c, "ram 0x1000 0x1000\nmode sv32\nmem 0x80000000 1\n", 3, "outside every ram window", 0);
    bad(c, "ram 0x1000 0x1004\nmode sv39\nmem 0x2000 1\n", 3, "PA 0x2000 is outside", 0);
    bad(c, "ram 0x1000 0x1000\nram 0x2000 0x1000\nmode sv39\nmem 0x1ffc 1\n", 4, "not aligned", 0);
    bad(c, "mode sv32\nmem 0x80000000 0x1_0000_0000\n", 2, "'mem': VALUE 0x1_0000_0000 wider than 32 bits", 0);
    bad(c, "mode sv32\ncheck 0x80000000 4294967296\n", 2, "'check': VALUE 4294967296 wider than 32 bits", 0);
    bad(c, "mode sv32\nmem 0x80000000\n", 2, "'mem': missing VALUE", 0);
    bad(c, "mode sv32\nmem\n", 2, "'mem': missing PA", 0);
    bad(c, "mode sv32\nmem 0x80000000 1 2\n", 2, "'mem': unexpected extra token '2'", 0);
    bad(c, "mode sv32\ncheck 0x80000000 1 expect\n", 2, "'check': unexpected extra token 'expect'", 0);

    /* satp */
    bad(c, "mode sv32\nsatp sv39 0 0\n", 2, "'satp': MODE 'sv39' is not an RV32 mode", 0);
    bad(c, "mode sv39\nsatp sv32 0 0\n", 2, "'satp': MODE 'sv32' is not an RV64 mode", 0);
    bad(c, "mode sv39\nsatp sv64 0 0\n", 2, "'satp': unknown MODE 'sv64'", 0);
    bad(c, "mode sv39\nsatp Bare 0 0\n", 2, "unknown MODE 'Bare'", 0);
    bad(c, "mode sv32\nsatp sv32 0x200 0\n", 2, "'satp': ASID 0x200 wider than 9 bits", 0);
    bad(c, "mode sv39\nsatp sv39 0x10000 0\n", 2, "'satp': ASID 0x10000 wider than 16 bits", 0);
    bad(c, "mode sv32\nsatp sv32 0 0x400000\n", 2, "'satp': PPN 0x400000 wider than 22 bits", 0);
    bad(c, "mode sv48\nsatp sv48 0 0x1000_0000_0000\n", 2, "'satp': PPN 0x1000_0000_0000 wider than 44 bits", 0);
    bad(c, "mode sv32\nsatp bare 0x200 0\n", 2, "ASID 0x200 wider than 9 bits", 0);
    bad(c, "mode sv32\nsatp sv32 1\n", 2, "'satp': missing PPN", 0);
    bad(c, "mode sv32\nsatp sv32 1 2 3\n", 2, "'satp': unexpected extra token '3'", 0);
    bad(c, "mode sv32\nsatp sv32 x 2\n", 2, "'satp': bad ASID 'x'", 0);

    /* priv and flags */
    bad(c, "priv u\n", 1, "'priv': unknown privilege 'u'", 0);
    bad(c, "priv H\n", 1, "unknown privilege 'H'", 0);
    bad(c, "priv\n", 1, "'priv': missing privilege", 0);
    bad(c, "priv S S\n", 1, "'priv': unexpected extra token 'S'", 0);
    bad(c, "sum 2\n", 1, "'sum': value '2' must be 0 or 1", 0);
    bad(c, "mxr 0x10\n", 1, "'mxr': value '0x10' must be 0 or 1", 0);
    bad(c, "adue on\n", 1, "'adue': bad value 'on'", 0);
    bad(c, "adue\n", 1, "'adue': missing 0 or 1", 0);
    bad(c, "sum 1 0\n", 1, "'sum': unexpected extra token '0'", 0);

    /* sfence */
    bad(c, "mode sv32\nsfence va=0 va=0x1000\n", 2, "'sfence': 'va=' given twice ('va=0x1000')", 0);
    bad(c, "mode sv32\nsfence asid=1 va=0 asid=2\n", 2, "'sfence': 'asid=' given twice ('asid=2')", 0);
    bad(c, "mode sv32\nsfence all\n", 2, "'sfence': unexpected token 'all'", 0);
    bad(c, "mode sv32\nsfence va=0 x\n", 2, "unexpected token 'x'", 0);
    bad(c, "mode sv32\nsfence va 0\n", 2, "unexpected token 'va'", 0);
    bad(c, "mode sv32\nsfence VA=0\n", 2, "unexpected token 'VA=0'", 0);
    bad(c, "mode sv32\nsfence va=0x1_0000_0000\n", 2, "'sfence': VA 0x1_0000_0000 wider than 32 bits", 0);
    bad(c, "mode sv32\nsfence asid=0x200\n", 2, "'sfence': ASID 0x200 wider than 9 bits", 0);
    bad(c, "mode sv39\nsfence asid=65536\n", 2, "ASID 65536 wider than 16 bits", 0);
    bad(c, "mode sv39\nsfence va=\n", 2, "'sfence': bad VA ''", 0);
    bad(c, "mode sv39\nsfence asid=x1\n", 2, "'sfence': bad ASID 'x1'", 0);

    /* accesses */
    bad(c, "mode sv32\nload 0x100000000\n", 2, "'load': VA 0x100000000 wider than 32 bits", 0);
    bad(c, "mode sv32\nfetch 0xffff_ffff_ffff_ffff expect pa=0\n", 2, "VA 0xffff_ffff_ffff_ffff wider than 32 bits", 0);
    bad(c, "mode sv39\nstore 0x1_0000_0000_0000_0000\n", 2, "'store': bad VA", 0);
    bad(c, "mode sv39\nload va=0\n", 2, "'load': bad VA 'va=0'", 0);
    bad(c, "mode sv39\nload 0 pa=0\n", 2, "'load': unexpected token 'pa=0' after VA", 0);
    bad(c, "mode sv39\nload 0 size=3\n", 2, "'load': size=3: an access is 1, 2, 4 or 8 bytes", 0);
    bad(c, "mode sv32\nstore 0x1004 size=8\n", 2, "'store': VA 0x1004 is not aligned to its size 8", 0);
    bad(c, "mode sv39\nload 0 size=4 pa=0\n", 2, "'load': unexpected token 'pa=0' after size", 0);
    bad(c, "mode sv39\nload 0 expect pa=0 size=4\n", 2, "'load': unexpected extra token 'size=4'", 0);
    bad(c, "mode sv39\nload 0 expect\n", 2, "'load': 'expect' without a result", 0);
    bad(c, "mode sv39\nload 0 expect 0x1000\n", 2, "unknown expected result '0x1000'", 0);
    bad(c, "mode sv39\nload 0 expect pa 0x1000\n", 2, "unknown expected result 'pa'", 0);
    bad(c, "mode sv39\nload 0 expect pbmt=nc pa=0\n", 2, "unknown expected result 'pbmt=nc'", 0);
    bad(c, "mode sv39\nload 0 expect fault=page_fault\n", 2, "'load': unknown fault 'page_fault'", 0);
    bad(c, "mode sv39\nload 0 expect fault=\n", 2, "unknown fault ''", 0);
    bad(c, "mode sv39\nload 0 expect fault=LOAD_PAGE_FAULT\n", 2, "unknown fault 'LOAD_PAGE_FAULT'", 0);
    bad(c, "mode sv39\nload 0 expect fault=13\n", 2, "unknown fault '13'", 0);
    bad(c, "mode sv39\nload 0 expect pa=\n", 2, "'load': bad expected pa ''", 0);
    bad(c, "mode sv39\nload 0 expect pa=0x_1\n", 2, "bad expected pa '0x_1'", 0);
    bad(c, "mode sv32\nload 0 expect pa=0x4_0000_0000\n", 2, "'load': expected pa 0x4_0000_0000 wider than 34 bits", 0);
    bad(c, "mode sv39\nload 0 expect pa=0x100_0000_0000_0000\n", 2, "expected pa 0x100_0000_0000_0000 wider than 56 bits",
        0);
    bad(c, "mode sv32\nload 0 expect pa=0 pbmt=nc\n", 2, "'pbmt=nc': pbmt is only for the RV64 modes", 0);
    bad(c, "mode sv39\nload 0 expect pa=0 pbmt=pma\n", 2, "unknown pbmt 'pbmt=pma'", 0);
    bad(c, "mode sv39\nload 0 expect pa=0 pbmt=\n", 2, "unknown pbmt 'pbmt='", 0);
    bad(c, "mode sv39\nload 0 expect pa=0 pbmt=nc pbmt=io\n", 2, "'load': unexpected extra token 'pbmt=io'", 0);
    bad(c, "mode sv39\nload 0 expect pa=0 pa=1\n", 2, "unexpected extra token 'pa=1'", 0);
    bad(c, "mode sv39\nload 0 expect fault=load_page_fault pbmt=nc\n", 2, "unexpected extra token 'pbmt=nc'", 0);
    bad(c, "mode sv39\nstore 0 expect pa=0 pbmt=io extra more and more tokens here\n", 2,
        "'store': unexpected extra token 'extra'", 0);
    bad(c, "mode sv39\nfetch 0 expect fault=instruction_page_fault x y z w v u t s\n", 2,
        "'fetch': unexpected extra token 'x'", 0);
    bad(c, "mode sv39\nfetch 0 0 0 0 0 0 0 0 0 0 0\n", 2, "'fetch': unexpected token '0' after VA", 0);

    /* lexical garbage */
    bad_n(c, "mode sv32\nsum\0 1\n", sizeof "mode sv32\nsum\0 1\n" - 1, 2, "NUL byte in line (column 4)", 0);
    bad_n(c, "mode sv32\nsum 1 # a\0b\n", sizeof "mode sv32\nsum 1 # a\0b\n" - 1, 2, "NUL byte", 0);
    bad(c, "mode sv32\nsum\x01 1\n", 2, "control character 0x01 at column 4", 0);
    bad(c, "mode sv32\nsum 1\r\nsum\r0\n", 3, "control character 0x0d at column 4", 1);
    bad(c, "mode sv32\nsum\v1\n", 2, "control character 0x0b", 0);
    bad(c, "mode sv32\nsum\x7f 1\n", 2, "control character 0x7f", 0);
    bad(c, "mode sv32\n\xef\xbb\xbfsum 1\n", 2, "non-ASCII byte 0xef at column 1", 0);
    bad(c, "\xef\xbb\xbfmode sv32\n", 1, "non-ASCII byte 0xef", 0);
    bad(c, "mode sv32\nsum 1\r\n\r\nsum 1\r\nxyz\r\n", 5, "unknown directive 'xyz'", 2);
    bad(c, "mode sv32\nsum 1\n\n\nxyz", 5, "unknown directive 'xyz'", 1);

    /* a huge token is quoted truncated, never overflowing the message */
    {
        size_t n = 100000;
        char *s = malloc(n + 16);
        if (s) {
            memset(s, 'q', n);
            strcpy(s + n, " 1\n");
            bad(c, s, 1, "unknown directive 'qqqqqqqq", 0);
            memcpy(s, "mode sv32\nmem 0x80000000 ", 25);
            strcpy(s + n, "\n");
            bad(c, s, 2, "'mem': bad VALUE 'qqqq", 0);
            free(s);
        }
    }
    {
        trace t;
        char name[700];
        memset(name, 'n', sizeof name - 1);
        name[sizeof name - 1] = 0;
        check(c, trace_parse_text(name, "xyz\n", 4, &t) == -1 && t.error && t.error_line == 1 &&
                     strlen(t.errmsg) < sizeof t.errmsg && strncmp(t.errmsg, name, 100) == 0,
              "very long name: message truncated safely");
        trace_free(&t);
    }
}

/* ------------------------------------------------------------------- files */

static void test_files(counts *c)
{
    trace t;
    char path[] = "/tmp/test_trace_XXXXXX";
    int fd;

    check(c, trace_parse_file("/nonexistent/dir/x.trace", &t) == -1 && t.error == 1 && t.error_line == 0 &&
                 strcmp(t.errmsg, "/nonexistent/dir/x.trace: error: cannot open: No such file or directory") == 0 &&
                 t.nops == 0,
          "missing file: '%s'", t.errmsg);
    trace_free(&t);
    check(c, trace_parse_file("/tmp", &t) == -1 && t.error == 1 && t.error_line == 0 &&
                 strncmp(t.errmsg, "/tmp: error: cannot ", 20) == 0,
          "directory: '%s'", t.errmsg);
    trace_free(&t);

    fd = mkstemp(path);
    if (!check(c, fd >= 0, "mkstemp"))
        return;
    {
        FILE *f = fdopen(fd, "wb");
        fputs(spec_example, f);
        fclose(f);
    }
    if (check(c, trace_parse_file(path, &t) == 0 && !t.error, "parse file: %s", t.errmsg)) {
        check_spec_example(c, &t, "spec example from a file");
        check(c, strcmp(t.path, path) == 0, "file path kept");
    }
    trace_free(&t);
    {
        FILE *f = fopen(path, "wb");
        fputs("mode sv39\nsum 1\nload 0x1 expect pa=0x1 pbmt=xx\n", f);
        fclose(f);
    }
    {
        char pre[128];
        snprintf(pre, sizeof pre, "%s:3: error: 'load': unknown pbmt 'pbmt=xx'", path);
        check(c, trace_parse_file(path, &t) == -1 && t.error_line == 3 && t.nops == 1 &&
                     strncmp(t.errmsg, pre, strlen(pre)) == 0,
              "file error message '%s'", t.errmsg);
        trace_free(&t);
    }
    remove(path);
}

/* Each tb/traces/bad/ *.trace starts with "# error: LINE: SUBSTRING". */
/* The error a malformed file names in its first line, "# error: LINE: SUBSTRING": 0, or -1 after a failed check. */
static int expected_error(counts *c, const char *path, int *line, char *sub, size_t subsize)
{
    char first[512];
    int off = 0;
    FILE *f = fopen(path, "rb");
    if (!check(c, f != NULL, "%s: cannot open", path))
        return -1;
    if (!fgets(first, sizeof first, f))
        first[0] = 0;
    fclose(f);
    first[strcspn(first, "\r\n")] = 0;
    if (!check(c, sscanf(first, "# error: %d: %n", line, &off) == 1 && off > 0 && first[off],
               "%s: first line is not '# error: LINE: SUBSTRING'", path))
        return -1;
    snprintf(sub, subsize, "%s", first + off);
    return 0;
}

static void test_bad_dir(counts *c, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!check(c, d != NULL, "cannot open %s (run from the top of the tree or pass the directory)", dir))
        return;
    while ((e = readdir(d)) != NULL) {
        char path[1024], sub[512], pre[1100];
        size_t len = strlen(e->d_name);
        int line = 0;
        trace t;
        if (len < 6 || strcmp(e->d_name + len - 6, ".trace") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (expected_error(c, path, &line, sub, sizeof sub))
            continue;
        n++;
        snprintf(pre, sizeof pre, "%s:%d: error: ", path, line);
        if (check(c, trace_parse_file(path, &t) == -1 && t.error == 1, "%s: parsed without error", path)) {
            check(c, t.error_line == line, "%s: error on line %d, expected %d: %s", path, t.error_line, line,
                  t.errmsg);
            check(c, strncmp(t.errmsg, pre, strlen(pre)) == 0 && strstr(t.errmsg, sub) != NULL,
                  "%s: message '%s', expected '%s...%s'", path, t.errmsg, pre, sub);
        }
        trace_free(&t);
    }
    closedir(d);
    check(c, n >= 10, "%s: only %d bad traces", dir, n);
}

/* ------------------------------------------------------------------- fuzz */

/* lex_dispatch, the table-driven directive dispatch both formats use, on a table of its own. */
typedef struct {
    int calls, arg;
    size_t ntok;
} dispatch_log;

static int dispatch_handler(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok)
{
    dispatch_log *l = ctx;
    (void)tk;
    l->calls++;
    l->arg = d->arg;
    l->ntok = ntok;
    return 0;
}

static const char *const two_names[] = { "FIRST", "SECOND" };
static const lex_directive test_dirs[] = {
    { "hello", 1, 1, "hello 1", NULL, 1, dispatch_handler, 7 },
    { "pair", 2, 2, "pair A B", two_names, 0, dispatch_handler, 8 },
    { "range", 1, 3, "range A [B [C]]", NULL, 0, dispatch_handler, 9 },
    { "any", 0, LEX_ANY, "any ...", NULL, 0, dispatch_handler, 10 },
};

/* Dispatch text with a 4-token parser; "" when every line was handled, else the error message. */
static const char *dispatch(const char *text, int too_many, dispatch_log *l)
{
    static char msg[512];
    int error = 0, line = 0;
    lex_src src;
    lex_tok tk[4];
    lex_dispatcher dp;
    memset(l, 0, sizeof *l);
    msg[0] = 0;
    lex_src_init(&src, "d.txt", msg, sizeof msg, &error, &line);
    dp = (lex_dispatcher){ &src, test_dirs, sizeof test_dirs / sizeof test_dirs[0], 4, too_many, l, 0 };
    lex_parse(&src, text, strlen(text), tk, 4, lex_dispatch, &dp);
    return error ? msg : "";
}

static void test_dispatch(counts *c)
{
    static const struct {
        const char *text;
        int too_many;
        const char *want;
        int calls, arg;
    } cases[] = {
        { "hello 1\npair a b\nrange a\nrange a b c\nany\nany 1 2 3 4 5 6\n", 0, "", 6, 10 },
        { "hello 1\nhello 1\n", 0, "d.txt:2: error: 'hello' must be the first directive of the file", 1, 7 },
        { "pair a b\nhello 1\n", 0, "d.txt:2: error: 'hello' must be the first directive of the file", 1, 8 },
        { "hello\n", 0, "d.txt:1: error: 'hello': missing arguments (expected: hello 1)", 0, 0 },
        { "pair\n", 0, "d.txt:1: error: 'pair': missing FIRST (expected: pair A B)", 0, 0 },
        { "pair a\n", 0, "d.txt:1: error: 'pair': missing SECOND (expected: pair A B)", 0, 0 },
        { "pair a b c\n", 0, "d.txt:1: error: 'pair': unexpected extra token 'c' (expected: pair A B)", 0, 0 },
        /* the extra token beyond the 4 the parser keeps: the last kept one is named */
        { "range a b c d e\n", 0, "d.txt:1: error: 'range': unexpected extra token 'c' (expected: range A [B [C]])", 0, 0 },
        { "any 1 2 3 4\n", 1, "d.txt:1: error: 'any': too many tokens (5)", 0, 0 },
        { "any 1 2\nbye\n", 0, "d.txt:2: error: unknown directive 'bye'", 1, 10 },
        { "Hello 1\n", 0, "d.txt:1: error: unknown directive 'Hello'", 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dispatch_log l;
        const char *got = dispatch(cases[i].text, cases[i].too_many, &l);
        check(c, !strcmp(got, cases[i].want) && l.calls == cases[i].calls && (!l.calls || l.arg == cases[i].arg),
              "dispatch case %zu: got '%s' after %d handler calls (arg %d), want '%s' after %d (arg %d)", i, got,
              l.calls, l.arg, cases[i].want, cases[i].calls, cases[i].arg);
    }
    {
        dispatch_log l;
        dispatch("any 1 2 3 4 5 6\n", 0, &l);
        check(c, l.ntok == 7, "dispatch: the handler sees all %zu tokens counted, want 7", l.ntok);
    }
}

/* The scenario parser is part of the same formats library: linked here with lex and sw/pt only (no runner,
 * harness or model), every bundled scenario parses, and every malformed one whose error the parser can see
 * fails with the message its first line names ("# error: LINE: SUBSTRING"; the others fail while running). */
static void test_scenarios(counts *c, const char *dir)
{
    char bad[1024];
    int good = 0, parse_errors = 0;
    snprintf(bad, sizeof bad, "%s/bad", dir);
    for (int pass = 0; pass < 2; pass++) {
        const char *d = pass ? bad : dir;
        DIR *dp = opendir(d);
        struct dirent *e;
        if (!check(c, dp != NULL, "cannot open %s (run from the top of the tree or pass the directory)", d))
            return;
        while ((e = readdir(dp)) != NULL) {
            char path[2100], sub[512], pre[2200];
            size_t len = strlen(e->d_name);
            int line = 0;
            scenario sc;
            if (len < 4 || strcmp(e->d_name + len - 4, ".scn") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", d, e->d_name);
            if (!pass) {
                good++;
                check(c, scenario_parse_file(path, &sc) == 0 && !sc.error, "%s: %s", path, sc.errmsg);
                scenario_free(&sc);
                continue;
            }
            if (expected_error(c, path, &line, sub, sizeof sub))
                continue;
            snprintf(pre, sizeof pre, "%s:%d: error: ", path, line);
            if (scenario_parse_file(path, &sc) != 0) {
                parse_errors++;
                check(c, sc.error_line == line && strncmp(sc.errmsg, pre, strlen(pre)) == 0 &&
                             strstr(sc.errmsg, sub) != NULL,
                      "%s: message '%s' (line %d), expected '%s...%s'", path, sc.errmsg, sc.error_line, pre, sub);
            }
            scenario_free(&sc);
        }
        closedir(dp);
    }
    check(c, good >= 5 && parse_errors >= 20, "%s: only %d scenarios, %d malformed ones the parser sees", dir, good,
          parse_errors);
}

static uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* Parse and check the result's invariants; returns 0 when they hold. */
static int fuzz_one(const char *txt, size_t n)
{
    trace t;
    int r = parse_n(txt, n, &t);
    int bad = 0;
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += txt[i] == '\n';
    if (r != (t.error ? -1 : 0))
        bad = 1;
    if (strncmp(t.errmsg, NAME, strlen(NAME)) != 0 && t.error)
        bad = 1;
    if (!t.error && t.errmsg[0])
        bad = 1;
    if (t.error && (t.error_line < 1 || (size_t)t.error_line > lines))
        bad = 1;
    if (t.nram == 0 || !t.ram)
        bad = 1;
    for (size_t i = 0; i < t.nops; i++) {
        if (t.ops[i].line < 1 || (size_t)t.ops[i].line > lines || (i && t.ops[i].line <= t.ops[i - 1].line))
            bad = 1;
        if (t.error && t.ops[i].line >= t.error_line)
            bad = 1;
        if ((t.ops[i].kind == TR_MEM || t.ops[i].kind == TR_CHECK) && (trace_pte_bytes(t.xlen) == 0 || t.ops[i].a % trace_pte_bytes(t.xlen)))
            bad = 1;
    }
    if (bad)
        printf("fuzz input (%zu bytes) broke an invariant: %s\n", n, t.errmsg);
    trace_free(&t);
    return bad;
}

static void test_fuzz(counts *c)
{
    static const char *const words[] = {
        "tlbtrace", "1", "mode", "sv32", "sv39", "sv48", "sv57", "bare", "ram", "mem", "check", "satp", "priv",
        "U", "S", "M", "sum", "mxr", "adue", "0", "sfence", "va=0x1000", "asid=3", "asid=0x200", "load",
        "store", "fetch", "expect", "pa=0x80001000", "pa=0x4_0000_0000", "pbmt=nc", "pbmt=io", "fault=load_page_fault",
        "fault=store_access_fault", "0x80000000", "0x10000000", "0x80000004", "0x8fff_fff8", "0xffffffffffffffff",
        "0x1_0000_0000", "18446744073709551616", "0x_1", "#", "\t", "\r", "va=", "pa=", "0x", "1__2",
    };
    const size_t nw = sizeof words / sizeof words[0];
    uint64_t s = 0x9e3779b97f4a7c15ull;
    int broken = 0;
    char buf[4096];

    /* random bytes */
    for (int it = 0; it < 3000; it++) {
        size_t n = rnd(&s) % 300;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd(&s);
            buf[i] = (r & 3) ? " \n\t#0123456789abcdefx_=svmpe"[(r >> 8) % 28] : (char)(r >> 16);
        }
        broken += fuzz_one(buf, n);
    }
    check(c, broken == 0, "fuzz: random bytes (%d broken)", broken);

    /* every truncation of good traces */
    broken = 0;
    {
        static const char *const goods[] = {
            spec_example,
            "tlbtrace 1\nram 0x8000_0000 0x1000\r\nmode sv39\nsatp sv48 0xffff 0x80000\nmem 0x80000ff8 0xffffffffffffffff\n"
            "adue 1\nmxr 1\nsfence asid=1 va=0xffffffffffff0000\nstore 0xffff_ffff_ffff_0000 expect pa=0x80000000 pbmt=io\n"
            "check 0x80000ff8 0xc0\nfetch 0 expect fault=instruction_access_fault # done\n",
        };
        for (size_t g = 0; g < 2; g++) {
            size_t n = strlen(goods[g]);
            for (size_t k = 0; k <= n; k++)
                broken += fuzz_one(goods[g], k);
            /* single byte mutations */
            for (int it = 0; it < 3000; it++) {
                memcpy(buf, goods[g], n);
                for (int m = 0; m < 1 + (int)(rnd(&s) % 3); m++)
                    buf[rnd(&s) % n] = (char)rnd(&s);
                broken += fuzz_one(buf, n);
            }
        }
    }
    check(c, broken == 0, "fuzz: truncations and mutations (%d broken)", broken);

    /* token soup */
    broken = 0;
    for (int it = 0; it < 20000; it++) {
        size_t n = 0;
        int nl = 1 + (int)(rnd(&s) % 8);
        for (int l = 0; l < nl; l++) {
            int nt = (int)(rnd(&s) % 7);
            for (int k = 0; k < nt; k++) {
                const char *w = words[rnd(&s) % nw];
                size_t wl = strlen(w);
                if (n + wl + 2 >= sizeof buf)
                    break;
                memcpy(buf + n, w, wl);
                n += wl;
                buf[n++] = ' ';
            }
            buf[n++] = '\n';
        }
        broken += fuzz_one(buf, n);
    }
    check(c, broken == 0, "fuzz: token soup (%d broken)", broken);
}

/* `pmp INDEX CFG ADDR` (docs/tlbtrace.md, PMP): the op, has_pmp, and each error naming the line. */
static void test_pmp(counts *c)
{
    trace t;
    if (good(c, "mode sv32\npmp 3 0x1f 0xffffffff\nload 0\n", &t)) {
        check(c, t.has_pmp == 1, "pmp: has_pmp %d", t.has_pmp);
        check(c, t.nops == 2 && t.ops[0].kind == TR_PMP && t.ops[0].val == 3 && t.ops[0].b == 0x1f &&
                     t.ops[0].a == 0xffffffffu && t.ops[0].line == 2,
              "pmp: op not as written");
    }
    trace_free(&t);
    if (good(c, "mode sv39\npmp 63 0x98 0x3fffffffffffff\n", &t))
        check(c, t.ops[0].val == 63 && t.ops[0].a == 0x3fffffffffffffULL, "pmp rv64: op not as written");
    trace_free(&t);
    if (good(c, "mode sv32\nload 0\n", &t))
        check(c, t.has_pmp == 0, "no pmp line: has_pmp %d", t.has_pmp);
    trace_free(&t);
    bad(c, "pmp 0 0 0\n", 1, "'pmp' before any 'mode' line", 0);
    bad(c, "mode sv32\npmp 64 0 0\n", 2, "'pmp': INDEX 64 out of range (0 to 63)", 0);
    bad(c, "mode sv32\npmp 0 0x100 0\n", 2, "'pmp': CFG 0x100 wider than 8 bits", 0);
    bad(c, "mode sv32\npmp 0 0x20 0\n", 2, "'pmp': CFG 0x20 sets bits 6:5", 0);
    bad(c, "mode sv32\npmp 0 0x1a 0\n", 2, "'pmp': CFG 0x1a has W=1 with R=0", 0);
    bad(c, "mode sv32\npmp 0 0x18 0x100000000\n", 2, "'pmp': ADDR 0x100000000 wider than 32 bits", 0);
    bad(c, "mode sv48\npmp 0 0x18 0x40000000000000\n", 2, "wider than 54 bits (pmpaddr holds PA bits 55:2", 0);
    bad(c, "mode sv32\nload 0\npmp 1 0\n", 3, "'pmp'", 1);
    bad(c, "mode sv32\npmp 1 0 0 0\n", 2, "'pmp'", 0);
}

/* tlbtrace 2 (docs/tlbtrace.md, "Version 2: the hypervisor extension"): the ops as written. */
static void test_hyp(counts *c)
{
    trace t;
    if (good(c, "tlbtrace 2\nmode sv39\nhgatp sv48x4 0x3fff 0x80013\nvsatp sv57 7 0x20\nvirt 1\nvsum 1\nvmxr 1\n"
                "vadue 1\nvirt 0\nspvp 1\nhlvx 0x1000 expect fault=load_guest_page_fault gpa=0x22000 implicit=write\n"
                "hsv 0x2000 size=8 expect pa=0x3000\nhfence.gvma gpa=0x1fffffff000 vmid=3\nhfence.vvma asid=2\n", &t)) {
        check(c, t.version == 2 && t.hyp_line == 3 && t.nops == 12, "hyp: version %d hyp_line %d nops %zu", t.version,
              t.hyp_line, t.nops);
        if (t.nops == 12) {
            const tr_op *o = t.ops;
            check(c, o[0].kind == TR_HGATP && o[0].mode == RVMMU_MODE_SV48 && o[0].asid == 0x3fff && o[0].ppn == 0x80013,
                  "hyp: hgatp not as written");
            check(c, o[1].kind == TR_VSATP && o[1].mode == RVMMU_MODE_SV57 && o[1].asid == 7 && o[1].ppn == 0x20,
                  "hyp: vsatp not as written");
            check(c, o[2].kind == TR_VIRT && o[2].val == 1 && o[3].kind == TR_VSUM && o[4].kind == TR_VMXR &&
                     o[5].kind == TR_VADUE && o[6].kind == TR_VIRT && o[6].val == 0 && o[7].kind == TR_SPVP,
                  "hyp: flags not as written");
            check(c, o[8].kind == TR_ACCESS && o[8].hyp == TR_HYP_HLVX && o[8].acc == RVMMU_ACC_LOAD &&
                     o[8].exp.fault && o[8].exp.cause == TR_CAUSE_LOAD_GUEST_PAGE && o[8].exp.has_gpa &&
                     o[8].exp.gpa == 0x22000 && o[8].exp.implicit == TR_GPF_WRITE,
                  "hyp: hlvx not as written");
            check(c, o[9].hyp == TR_HYP_HSV && o[9].acc == RVMMU_ACC_STORE && o[9].size == 8 && o[9].exp.pa == 0x3000,
                  "hyp: hsv not as written");
            check(c, o[10].kind == TR_HFENCE_GVMA && o[10].has_va && o[10].a == 0x1fffffff000ull && o[10].has_asid &&
                     o[10].asid == 3 && o[11].kind == TR_HFENCE_VVMA && !o[11].has_va && o[11].asid == 2,
                  "hyp: hfences not as written");
            check(c, trace_op_is_hyp(&o[8]) && trace_op_is_hyp(&o[11]) && trace_op_is_hyp(&o[0]),
                  "hyp: trace_op_is_hyp");
            check(c, !strcmp(trace_op_name(&o[8]), "hlvx") && !strcmp(trace_op_keyword(&o[10]), "hfence.gvma"),
                  "hyp: names");
        }
    }
    trace_free(&t);
    /* version 1 stays version 1: no hypervisor line */
    if (good(c, "mode sv32\nload 0\n", &t))
        check(c, t.version == 1 && t.hyp_line == 0, "v1: version %d hyp_line %d", t.version, t.hyp_line);
    trace_free(&t);
    bad(c, "tlbtrace 2\nmode sv32\nhgatp sv32x4 128 0\n", 3, "'hgatp': VMID 128 wider than 7 bits", 0);
    bad(c, "tlbtrace 2\nmode sv39\nhfence.vvma va=0x1 va=0x2\n", 3, "'va=' given twice", 0);
    bad(c, "tlbtrace 2\nmode sv39\nload 0 expect fault=load_page_fault gpa=0\n", 3, "unexpected extra token 'gpa=0'", 0);
    bad(c, "tlbtrace 2\nvirt 1\npriv M\n", 3, "'priv M' while 'virt 1'", 1);
}

int main(int argc, char **argv)
{
    counts c = { 0, 0 };
    test_good(&c);
    test_numbers(&c);
    test_errors(&c);
    test_files(&c);
    test_dispatch(&c);
    test_pmp(&c);
    test_hyp(&c);
    test_scenarios(&c, argc > 2 ? argv[2] : "tb/scenarios");
    test_bad_dir(&c, argc > 1 ? argv[1] : "tb/traces/bad");
    test_fuzz(&c);
    printf("%d passed, %d failed\n", c.pass, c.fail);
    return c.fail ? 1 : 0;
}
