/* uart_host.c -- `rvmmu uart`: the tlbtrace replay on the board, through the
 * UART bridge of fpga/rtl/rvmmu_bridge.sv (protocol: fpga/PROTOCOL.md). */
#define _DEFAULT_SOURCE
#include "uart_host.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rvmmu_defs.h"
#include "pt.h"
#include "result.h"
#include "trace.h"

enum { OP_NOP, OP_WRITE, OP_READ, OP_CTX, OP_XLATE, OP_FLUSH, OP_COUNT, OP_FRAME, OP_WINDOW, OP_RESET, OP_INFO };

typedef struct {
    int fd;
    int timeout_ms;
    unsigned frames, windows, entries, selftest;
} board;

static void put_be(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) p[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
}

static uint64_t get_be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

/* Send a request and read its fixed-length reply; 0 ok, -1 with a message. */
static int xfer(board *b, const unsigned char *req, size_t reqlen, unsigned char *rep, size_t replen)
{
    size_t done = 0;
    while (done < reqlen) {
        ssize_t w = write(b->fd, req + done, reqlen - done);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            fprintf(stderr, "rvmmu uart: write: %s\n", strerror(errno));
            return -1;
        }
        done += (size_t)w;
    }
    done = 0;
    while (done < replen) {
        struct pollfd p = {b->fd, POLLIN, 0};
        int r = poll(&p, 1, b->timeout_ms);
        if (r == 0) {
            fprintf(stderr, "rvmmu uart: no reply from the board to opcode 0x%02x (timeout)\n", req[0]);
            return -1;
        }
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        ssize_t n = read(b->fd, rep + done, replen - done);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) {
            fprintf(stderr, "rvmmu uart: read: %s\n", n < 0 ? strerror(errno) : "end of file");
            return -1;
        }
        done += (size_t)n;
    }
    if (rep[0] != (req[0] | 0x80)) {
        fprintf(stderr, "rvmmu uart: bad reply 0x%02x to opcode 0x%02x\n", rep[0], req[0]);
        return -1;
    }
    return 0;
}

static int simple(board *b, const unsigned char *req, size_t len)
{
    unsigned char rep[1];
    return xfer(b, req, len, rep, 1);
}

static int board_open(board *b, const char *port)
{
    struct termios t;
    b->fd = open(port, O_RDWR | O_NOCTTY);
    if (b->fd < 0) {
        fprintf(stderr, "rvmmu uart: cannot open %s: %s\n", port, strerror(errno));
        return -1;
    }
    if (tcgetattr(b->fd, &t) != 0) {
        fprintf(stderr, "rvmmu uart: %s is not a terminal: %s\n", port, strerror(errno));
        return -1;
    }
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(b->fd, TCSANOW, &t) != 0) {
        fprintf(stderr, "rvmmu uart: cannot set %s to 115200 8N1 raw: %s\n", port, strerror(errno));
        return -1;
    }
    /* Resynchronise: NOPs complete any half-sent request, then drop stale bytes. */
    unsigned char nops[12] = {0};
    if (write(b->fd, nops, sizeof nops) != (ssize_t)sizeof nops) return -1;
    usleep(20000);
    tcflush(b->fd, TCIFLUSH);
    unsigned char req = OP_INFO, rep[10];
    if (xfer(b, &req, 1, rep, sizeof rep) != 0) return -1;
    if (memcmp(rep + 1, "RVMU", 4) != 0 || rep[5] != 1) {
        fprintf(stderr, "rvmmu uart: %s is not an rvmmu board (protocol version 1)\n", port);
        return -1;
    }
    b->frames = rep[6];
    b->windows = rep[7];
    b->entries = rep[8];
    b->selftest = rep[9];
    if (b->selftest == 2) fprintf(stderr, "rvmmu uart: warning: the board's self-test failed\n");
    return 0;
}

static int mem_write(board *b, uint64_t pa, uint32_t v, int *err)
{
    unsigned char req[10] = {OP_WRITE}, rep[2];
    put_be(req + 1, pa, 5);
    put_be(req + 6, v, 4);
    if (xfer(b, req, sizeof req, rep, sizeof rep) != 0) return -1;
    *err = rep[1] != 0;
    return 0;
}

static int mem_read(board *b, uint64_t pa, uint32_t *v, int *err)
{
    unsigned char req[6] = {OP_READ}, rep[6];
    put_be(req + 1, pa, 5);
    if (xfer(b, req, sizeof req, rep, sizeof rep) != 0) return -1;
    *err = rep[1] != 0;
    *v = (uint32_t)get_be(rep + 2, 4);
    return 0;
}


/* Is the word [pa, pa+4) inside one of the trace's ram windows? */
static int in_ram(const trace *t, uint64_t pa)
{
    for (size_t i = 0; i < t->nram; i++)
        if (pa >= t->ram[i].base && pa + 4 <= t->ram[i].base + t->ram[i].size) return 1;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Add v to a sorted set of n (capacity cap); returns the new count. */
static size_t set_add(uint64_t *s, size_t n, size_t cap, uint64_t v)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == v) return n;
    if (n == cap) return n;
    s[n++] = v;
    qsort(s, n, sizeof *s, cmp_u64);
    return n;
}

/* Map the trace onto the board: frames for every 1 KiB the trace writes,
 * windows for its ram lines. 0 ok, 3 it does not fit (reason printed). */
static int plan(board *b, const trace *t, const char *path, uint64_t *chunks, size_t *nchunks)
{
    size_t n = 0;
    if (t->xlen != 32) {
        fprintf(stderr, "%s: skipped: mode %s needs the RV64 build; the board holds the Sv32 MMU\n", path,
                t->mode == RVMMU_MODE_SV39 ? "sv39" : t->mode == RVMMU_MODE_SV48 ? "sv48" : "sv57");
        return 3;
    }
    if (t->has_pmp) {
        fprintf(stderr, "%s: skipped: it has pmp lines; the board's MMU is built without PMP\n", path);
        return 3;
    }
    if (t->hyp_line) {
        fprintf(stderr, "%s: skipped: line %d uses the hypervisor extension (tlbtrace 2); the board's MMU has none\n",
                path, t->hyp_line);
        return 3;
    }
    for (size_t i = 0; i < t->nops; i++) {
        if (t->ops[i].kind != TR_MEM) continue;
        size_t before = n;
        n = set_add(chunks, n, 256, t->ops[i].a >> 10);
        if (n == before && n == 256) break;
    }
    if (n > b->frames) {
        fprintf(stderr, "%s: skipped: its page tables span %zu 1 KiB frames; the board has %u\n", path, n, b->frames);
        return 3;
    }
    if (t->nram > b->windows) {
        fprintf(stderr, "%s: skipped: %zu ram windows; the board has %u\n", path, t->nram, b->windows);
        return 3;
    }
    for (size_t i = 0; i < t->nram; i++)
        if (t->ram[i].base + t->ram[i].size > (1ull << 34)) {
            fprintf(stderr, "%s: skipped: ram window 0x%" PRIx64 " lies beyond the 34-bit physical space\n", path,
                    t->ram[i].base);
            return 3;
        }
    *nchunks = n;
    return 0;
}

static int setup(board *b, const trace *t, const uint64_t *chunks, size_t nchunks)
{
    unsigned char req[12];
    req[0] = OP_RESET;
    if (simple(b, req, 1) != 0) return -1;
    for (unsigned i = 0; i < b->frames; i++) {
        req[0] = OP_FRAME;
        req[1] = (unsigned char)i;
        put_be(req + 2, i < nchunks ? chunks[i] << 10 : 1ull << 39, 5);
        if (simple(b, req, 7) != 0) return -1;
    }
    for (unsigned i = 0; i < b->windows; i++) {
        req[0] = OP_WINDOW;
        req[1] = (unsigned char)i;
        put_be(req + 2, i < t->nram ? t->ram[i].base : 0, 5);
        put_be(req + 7, i < t->nram ? t->ram[i].size : 0, 5);
        if (simple(b, req, 12) != 0) return -1;
    }
    return 0;
}

static int replay_one(board *b, const char *path)
{
    trace t;
    int status = 0;
    uint64_t chunks[256], written[1024];
    size_t nchunks = 0, nwritten = 0;
    unsigned mode = RVMMU_MODE_BARE, priv = RVMMU_PRIV_S;
    uint32_t asid = 0;
    uint64_t ppn = 0;
    int sum = 0, mxr = 0, adue = 0;
    int ctx_sent = 0;
    unsigned char last_ctx[6] = {0};

    trace_parse_file(path, &t);
    if (t.error && t.error_line == 0) {
        fprintf(stderr, "%s\n", t.errmsg);
        trace_free(&t);
        return 2;
    }
    status = plan(b, &t, path, chunks, &nchunks);
    if (status == 0 && setup(b, &t, chunks, nchunks) != 0) status = 2;
    for (size_t i = 0; i < t.nops && status != 2 && status != 3; i++) {
        const tr_op *op = &t.ops[i];
        int err = 0;
        switch (op->kind) {
        case TR_MEM:
            if (!in_ram(&t, op->a)) {
                fprintf(stderr, "%s:%d: error: mem 0x%" PRIx64 " is outside every ram window\n", path, op->line,
                        op->a);
                status = 2;
            } else if (mem_write(b, op->a, (uint32_t)op->b, &err) != 0 || err) {
                if (err) fprintf(stderr, "%s:%d: error: the board refused mem 0x%" PRIx64 "\n", path, op->line, op->a);
                status = 2;
            }
            break;
        case TR_CHECK: {
            uint32_t v = 0;
            if (!in_ram(&t, op->a)) {
                fprintf(stderr, "%s:%d: error: check 0x%" PRIx64 " is outside every ram window\n", path, op->line,
                        op->a);
                status = 2;
            } else if (mem_read(b, op->a, &v, &err) != 0 || err) {
                status = 2;
            } else if (v != op->b) {
                fprintf(stderr, "%s:%d: expected 0x%" PRIx64 " at 0x%" PRIx64 ", got 0x%" PRIx32 "\n", path, op->line,
                        op->b, op->a, v);
                status = 1;
            }
            break;
        }
        case TR_SATP:
            mode = op->mode;
            asid = op->asid;
            ppn = op->ppn;
            break;
        case TR_PRIV: priv = op->val; break;
        case TR_SUM: sum = (int)op->val; break;
        case TR_MXR: mxr = (int)op->val; break;
        case TR_ADUE: adue = (int)op->val; break;
        case TR_PMP: break;   /* never here: plan() skips a trace with pmp lines */
        default: break;       /* the hypervisor extension: never here, plan() skips those traces too */
        case TR_SFENCE: {
            unsigned char req[8] = {OP_FLUSH};
            req[1] = (unsigned char)((!op->has_va) | (!op->has_asid) << 1);
            put_be(req + 2, op->has_va ? op->a : 0, 4);
            put_be(req + 6, op->has_asid ? op->asid : 0, 2);
            if (simple(b, req, sizeof req) != 0) status = 2;
            break;
        }
        case TR_ACCESS: {
            unsigned char ctx[6] = {OP_CTX}, req[6] = {OP_XLATE}, rep[15];
            uint32_t satp = (uint32_t)pt_satp(32, mode, asid, ppn);
            put_be(ctx + 1, satp, 4);
            ctx[5] = (unsigned char)((priv & 3) | sum << 2 | mxr << 3 | adue << 4);
            if (!ctx_sent || memcmp(ctx, last_ctx, sizeof ctx)) {
                if (simple(b, ctx, sizeof ctx) != 0) {
                    status = 2;
                    break;
                }
                memcpy(last_ctx, ctx, sizeof ctx);
                ctx_sent = 1;
            }
            put_be(req + 1, op->a, 4);
            req[5] = (unsigned char)op->acc;
            if (xfer(b, req, sizeof req, rep, sizeof rep) != 0) {
                status = 2;
                break;
            }
            int fault = rep[1] & 1, walked = (rep[1] >> 1) & 1;
            unsigned cause = rep[2] & 31;
            uint64_t pa = get_be(rep + 3, 5) & ((1ull << 34) - 1);
            unsigned cycles = (unsigned)get_be(rep + 8, 2);
            if (rep[1] & 4) nwritten = set_add(written, nwritten, 1024, get_be(rep + 10, 5) & ((1ull << 34) - 1));
            const result_line line = {fault, cause, pa, RVMMU_PBMT_PMA, walked, cycles};  /* Sv32: no PBMT */
            result_print(stdout, op->line, op->acc, op->a, &line, NULL);
            const tr_expect *e = &op->exp;
            if (e->present) {
                int ok = e->fault ? fault && cause == e->cause : !fault && pa == e->pa && !e->has_pbmt;
                if (!ok) {
                    char want[96], got[96];
                    result_describe(want, sizeof want, e->fault, e->cause, e->pa,
                                    e->has_pbmt ? e->pbmt : RVMMU_PBMT_PMA);
                    result_describe(got, sizeof got, fault, cause, pa, RVMMU_PBMT_PMA);
                    fprintf(stderr, "%s:%d: expected %s, got %s\n", path, op->line, want, got);
                    if (status == 0) status = 1;
                }
            }
            break;
        }
        }
    }
    if (status != 3) {
        for (size_t i = 0; i < nwritten && status != 2; i++) {
            uint32_t v = 0;
            int err = 0;
            if (mem_read(b, written[i], &v, &err) != 0 || err) status = 2;
            else printf("pte 0x%" PRIx64 " 0x%" PRIx32 "\n", written[i], v);
        }
        if (t.error && status != 2) {
            fprintf(stderr, "%s\n", t.errmsg);
            status = 2;
        }
    }
    fflush(stdout);
    trace_free(&t);
    return status;
}

static void uart_usage(FILE *f)
{
    fprintf(f, "usage: rvmmu uart --port DEV [--timeout SECONDS] replay FILE...\n"
               "  runs tlbtrace files on the FPGA board (or fpga/uart_pty_sim) through the UART bridge,\n"
               "  115200 8N1; prints what `rvmmu replay` prints (cycle counts are the board's).\n"
               "  exit status 0, 1, 2 as replay; 3: a trace does not fit the board (reason on stderr)\n");
}

int uart_main(int argc, char **argv)
{
    const char *port = NULL;
    long timeout = 10;
    int i = 0, worst = 0;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--port") && i + 1 < argc) port = argv[++i];
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) timeout = strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            uart_usage(stdout);
            return 0;
        } else break;
    }
    if (!port || i >= argc || strcmp(argv[i], "replay") || i + 1 >= argc || timeout <= 0) {
        uart_usage(stderr);
        return 2;
    }
    board b = {.timeout_ms = (int)(timeout * 1000)};
    if (board_open(&b, port) != 0) {
        if (b.fd >= 0) close(b.fd);
        return 2;
    }
    int nfiles = argc - i - 1;
    for (int k = i + 1; k < argc; k++) {
        if (nfiles > 1) printf("; %s\n", argv[k]);
        int rc = replay_one(&b, argv[k]);
        if (rc > worst) worst = rc;
    }
    close(b.fd);
    return worst;
}
