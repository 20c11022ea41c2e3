/* test_capture.c -- unit tests of the capture file (lib/capfile.c): varints,
 * zigzag, the record codec at 64-bit extremes, files across block boundaries,
 * and every truncation and byte flip of a small file detected with an offset.
 * Usage: test_capture [DIR] (scratch files go to DIR, default build). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capfile.h"

#define TEST_STRERROR(e) ((void)(e), "")   /* no error codes here */
#include "testcheck.h"

static char dir[512] = "build";

static void scratch(char *p, size_t n, const char *name)
{
    snprintf(p, n, "%s/test_capture.%ld.%s.cap", dir, (long)getpid(), name);
}

/* ------------------------------------------------------------ varints and zigzag */
static void t_varint(tctx *t)
{
    static const struct { uint64_t v; size_t len; } c[] = {
        {0, 1}, {1, 1}, {127, 1}, {128, 2}, {16383, 2}, {16384, 3}, {UINT32_MAX, 5},
        {1ull << 56, 9}, {(1ull << 63) - 1, 9}, {1ull << 63, 10}, {UINT64_MAX, 10},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        uint8_t b[12];
        uint64_t v = 12345;
        size_t n = cap_put_varint(b, c[i].v);
        CHECK_EQ(t, n, c[i].len);
        CHECK_EQ(t, cap_get_varint(b, n, &v), n);
        CHECK_EQ(t, v, c[i].v);
        CHECK_EQ(t, cap_get_varint(b, n - 1, &v), 0);      /* one byte short: truncated */
    }
    uint8_t m[10] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    uint64_t v;
    CHECK_EQ(t, cap_get_varint(m, 10, &v), 10);
    CHECK_EQ(t, v, UINT64_MAX);
    m[9] = 0x02;                                             /* bit 64 */
    CHECK_EQ(t, cap_get_varint(m, 10, &v), 0);
    uint8_t o[11] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    CHECK_EQ(t, cap_get_varint(o, 11, &v), 0);               /* 11 bytes: overlong */
}

static void t_zigzag(tctx *t)
{
    CHECK_EQ(t, cap_zigzag(0), 0);
    CHECK_EQ(t, cap_zigzag((uint64_t)-1), 1);
    CHECK_EQ(t, cap_zigzag(1), 2);
    CHECK_EQ(t, cap_zigzag((uint64_t)-2), 3);
    CHECK_EQ(t, cap_zigzag((uint64_t)INT64_MAX), UINT64_MAX - 1);
    CHECK_EQ(t, cap_zigzag((uint64_t)INT64_MIN), UINT64_MAX);
    static const uint64_t v[] = {0, 1, 2, 63, 64, UINT64_MAX, UINT64_MAX - 1, 1ull << 63, (1ull << 63) - 1,
                                 0x123456789abcdef0ull};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) CHECK_EQ(t, cap_unzigzag(cap_zigzag(v[i])), v[i]);
}

/* ------------------------------------------------------------ the record codec */
static const cap_access extremes[] = {
    {0, 1, CAP_FETCH},           {UINT64_MAX, 1, CAP_FETCH},  {0, 8, CAP_LOAD},
    {UINT64_MAX - 7, 8, CAP_LOAD}, {1ull << 63, 62, CAP_STORE}, {(1ull << 63) - 1, 63, CAP_STORE},
    {0x1fff000778ull, 0, CAP_STORE}, {0x0401ab70, UINT32_MAX, CAP_FETCH}, {0x0401ab73, 512, CAP_FETCH},
    {0xffffffffffffff00ull, 16, CAP_LOAD}, {0x00007fffffffe000ull, 4, CAP_LOAD}, {0, 1, CAP_STORE},
};
#define NEXT (sizeof extremes / sizeof extremes[0])

static void t_codec(tctx *t)
{
    cap_codec e, d;
    cap_codec_reset(&e);
    cap_codec_reset(&d);
    uint8_t buf[NEXT * CAP_MAX_REC_BYTES];
    size_t n = 0;
    for (size_t i = 0; i < NEXT; i++) {
        size_t k = cap_encode(&e, &extremes[i], buf + n);
        CHECK(t, k >= 2 && k <= CAP_MAX_REC_BYTES);
        n += k;
    }
    size_t pos = 0;
    for (size_t i = 0; i < NEXT; i++) {
        cap_access a;
        size_t k = cap_decode(&d, buf + pos, n - pos, &a);
        CHECK(t, k > 0);
        CHECK_EQ(t, a.va, extremes[i].va);
        CHECK_EQ(t, a.size, extremes[i].size);
        CHECK_EQ(t, a.kind, extremes[i].kind);
        pos += k;
    }
    CHECK_EQ(t, pos, n);
    /* Sequential fetches cost 2 bytes each: the address is predicted exactly. */
    cap_codec_reset(&e);
    cap_access f = {0x0401b770, 0, CAP_FETCH};
    uint8_t b[CAP_MAX_REC_BYTES];
    cap_encode(&e, &(cap_access){0x0401b76d, 3, CAP_FETCH}, b);
    f.size = 1;
    CHECK_EQ(t, cap_encode(&e, &f, b), 2);
    CHECK_EQ(t, b[0], CAP_FETCH | 1 << 2);
    CHECK_EQ(t, b[1], 0);
    /* Kind 3 does not exist; a cut record is refused. */
    uint8_t bad[2] = {3 | 4 << 2, 0};
    cap_access a;
    CHECK_EQ(t, cap_decode(&d, bad, 2, &a), 0);
    uint8_t cut[2] = {CAP_LOAD | 63 << 2, 0x80};
    CHECK_EQ(t, cap_decode(&d, cut, 2, &a), 0);
    CHECK_EQ(t, cap_decode(&d, cut, 0, &a), 0);
}

/* ------------------------------------------------------------ files */
static uint64_t rng = 88172645463325252ull;
static uint64_t xorshift(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* The i-th access of a test stream: the extremes, then a mix of near and far jumps. */
static cap_access nth(uint64_t i)
{
    if (i < NEXT) return extremes[i];
    uint64_t r = xorshift();
    cap_access a = {.kind = (cap_kind)(r % 3), .size = (uint32_t)(1u << (r >> 2) % 4)};
    a.va = (r >> 8) % 7 == 0 ? xorshift() : 0x10000000ull + ((r >> 16) & 0xfffff);
    return a;
}

static int write_file(const char *path, uint64_t n, uint32_t flags, int32_t status, uint64_t *bytes)
{
    char err[700];
    char *argv[] = {"/bin/prog", "arg one", ""};
    cap_writer *w = cap_writer_open(path, "test_capture", "--max 7", 3, argv, err, sizeof err);
    if (!w) {
        printf("    %s\n", err);
        return -1;
    }
    rng = 88172645463325252ull;
    for (uint64_t i = 0; i < n; i++) {
        cap_access a = nth(i);
        if (cap_write(w, a.kind, a.va, a.size)) {
            printf("    %s\n", cap_writer_error(w));
            cap_writer_abort(w);
            return -1;
        }
    }
    if (cap_writer_close(w, flags, status, bytes, err, sizeof err)) {
        printf("    %s\n", err);
        return -1;
    }
    return 0;
}

/* Reads path back and compares with the stream; 0 if all equal and the trailer agrees. */
static void check_file(tctx *t, const char *path, uint64_t n, uint64_t bytes, uint64_t blocks)
{
    char err[700];
    cap_reader *r = cap_open(path, err, sizeof err);
    CHECK(t, r != NULL);
    if (!r) {
        printf("    %s\n", err);
        return;
    }
    const cap_header *h = cap_get_header(r);
    CHECK_EQ(t, h->version, CAP_VERSION);
    CHECK(t, !strcmp(h->producer, "test_capture"));
    CHECK(t, !strcmp(h->options, "--max 7"));
    CHECK_EQ(t, h->argc, 3);
    if (h->argc == 3) CHECK(t, !strcmp(h->argv[0], "/bin/prog") && !strcmp(h->argv[1], "arg one") && !h->argv[2][0]);
    rng = 88172645463325252ull;
    uint64_t i = 0, kinds[3] = {0};
    cap_access a;
    int rc;
    while ((rc = cap_next(r, &a)) > 0) {
        cap_access w = nth(i++);
        if (a.va != w.va || a.size != w.size || a.kind != w.kind) {
            CHECK_EQ(t, a.va, w.va);
            CHECK_EQ(t, a.size, w.size);
            CHECK_EQ(t, a.kind, w.kind);
            break;
        }
        kinds[a.kind]++;
    }
    CHECK_EQ(t, rc, 0);
    if (rc) printf("    %s\n", cap_error(r));
    CHECK_EQ(t, i, n);
    const cap_trailer *tr = cap_get_trailer(r);
    CHECK_EQ(t, tr->records, n);
    for (int k = 0; k < 3; k++) CHECK_EQ(t, tr->by_kind[k], kinds[k]);
    CHECK_EQ(t, tr->flags, CAP_F_STOPPED);
    CHECK_EQ(t, tr->exit_status, -1);
    CHECK_EQ(t, tr->bytes, bytes);
    CHECK_EQ(t, tr->blocks, blocks);
    CHECK_EQ(t, cap_next(r, &a), 0);                         /* stays at the end */
    cap_close(r);
}

static void t_blocks(tctx *t)
{
    static const uint64_t sizes[] = {0, 1, CAP_BLOCK_RECORDS - 1, CAP_BLOCK_RECORDS, CAP_BLOCK_RECORDS + 1,
                                     3 * CAP_BLOCK_RECORDS + 17};
    char path[600];
    scratch(path, sizeof path, "blocks");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint64_t bytes = 0, n = sizes[i];
        CHECK_EQ(t, write_file(path, n, CAP_F_STOPPED, -1, &bytes), 0);
        check_file(t, path, n, bytes, (n + CAP_BLOCK_RECORDS - 1) / CAP_BLOCK_RECORDS);
    }
    remove(path);
}

/* ------------------------------------------------------------ damage */
static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc((size_t)len + 1);
    if (p && fread(p, 1, (size_t)len, f) != (size_t)len) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *n = (size_t)len;
    return p;
}

/* Reads n bytes at p (a file named name) whole: 0 if they read clean, else -1
 * with the message in err and its byte offset in *off (~0 if it has none). */
static int read_mem(const uint8_t *p, size_t n, const char *name, char *err, size_t errlen, unsigned long long *off)
{
    static uint8_t one;
    FILE *f = fmemopen(n ? (void *)p : &one, n, "rb");
    cap_reader *r = f ? cap_open_stream(f, name, err, errlen) : NULL;
    int rc = -1;
    if (!f) snprintf(err, errlen, "fmemopen failed");
    if (r) {
        cap_access a;
        while ((rc = cap_next(r, &a)) > 0) {
        }
        if (rc < 0) snprintf(err, errlen, "%s", cap_error(r));
        cap_close(r);
    }
    if (f) fclose(f);
    if (rc == 0) return 0;
    size_t pl = strlen(name);
    *off = ~0ull;
    if (strncmp(err, name, pl) || sscanf(err + pl, ": byte %llu: error: ", off) != 1) *off = ~0ull;
    return -1;
}

/* Writes a scratch file of n records and returns its bytes (NULL after a failed check). */
static uint8_t *made(tctx *t, const char *name, uint64_t n, size_t *len)
{
    char path[600];
    uint64_t bytes = 0;
    scratch(path, sizeof path, name);
    CHECK_EQ(t, write_file(path, n, CAP_F_STOPPED, -1, &bytes), 0);
    uint8_t *p = slurp(path, len);
    CHECK(t, p != NULL && *len == bytes);
    remove(path);
    return p;
}

static void t_damage(tctx *t)
{
    char err[700];
    const char *bad = "bad.cap";
    unsigned long long off;
    size_t n;
    uint8_t *p = made(t, "good", 1000, &n);
    if (!p) return;
    CHECK_EQ(t, read_mem(p, n, bad, err, sizeof err, &off), 0);
    int undetected = 0, no_offset = 0;
    /* Every truncation is detected, at an offset within the file. */
    for (size_t len = 0; len < n; len++) {
        if (!read_mem(p, len, bad, err, sizeof err, &off)) undetected++;
        else if (off > len) no_offset++, printf("    cut at %zu: %s\n", len, err);
    }
    CHECK_EQ(t, undetected, 0);
    CHECK_EQ(t, no_offset, 0);
    CHECK_EQ(t, read_mem(p, n - 1, bad, err, sizeof err, &off), -1);
    CHECK(t, strstr(err, "truncated") != NULL);
    CHECK_EQ(t, off, n - 1);
    /* Every flipped byte is detected (the CRCs and the structure), at an offset within the file. */
    for (size_t i = 0; i < n; i++) {
        for (int m = 0; m < 2; m++) {
            uint8_t keep = p[i];
            p[i] ^= m ? 0xff : 0x01;
            int r = read_mem(p, n, bad, err, sizeof err, &off);
            p[i] = keep;
            if (!r) undetected++, printf("    flip at %zu not detected\n", i);
            else if (off > n) no_offset++, printf("    flip at %zu: %s\n", i, err);
        }
    }
    CHECK_EQ(t, undetected, 0);
    CHECK_EQ(t, no_offset, 0);
    /* A byte after the trailer. */
    uint8_t *q = malloc(n + 1);
    if (q) {
        memcpy(q, p, n);
        q[n] = 0;
        CHECK_EQ(t, read_mem(q, n + 1, bad, err, sizeof err, &off), -1);
        CHECK_EQ(t, off, n);
        free(q);
    }
    /* A block's payload flipped: the error names the block's offset (right after the header). */
    size_t hdr = 20 + (p[12] | (size_t)p[13] << 8);
    p[hdr + 40] ^= 0x10;
    CHECK_EQ(t, read_mem(p, n, bad, err, sizeof err, &off), -1);
    CHECK_EQ(t, off, hdr);
    CHECK(t, strstr(err, "CRC") != NULL);
    free(p);
}

/* Two blocks: cut at the boundary (no trailer) and the second block damaged. */
static void t_damage_two_blocks(tctx *t)
{
    char err[700];
    const char *bad = "bad.cap";
    unsigned long long off;
    size_t n;
    uint8_t *p = made(t, "good2", CAP_BLOCK_RECORDS + 5, &n);
    if (!p) return;
    size_t b1 = 20 + (p[12] | (size_t)p[13] << 8);
    size_t c1 = p[b1 + 12] | (size_t)p[b1 + 13] << 8 | (size_t)p[b1 + 14] << 16;
    size_t b2 = b1 + 20 + c1;
    CHECK(t, !memcmp(p + b2, "CBLK", 4));
    CHECK_EQ(t, read_mem(p, b2, bad, err, sizeof err, &off), -1);   /* ends cleanly after block 1 */
    CHECK_EQ(t, off, b2);
    CHECK(t, strstr(err, "truncated") != NULL);
    p[b2 + 4] ^= 0x02;                                       /* block 2's record count */
    CHECK_EQ(t, read_mem(p, n, bad, err, sizeof err, &off), -1);
    CHECK_EQ(t, off, b2);
    p[b2 + 4] ^= 0x02;
    p[n - 48] ^= 0x01;                                       /* the trailer's total */
    CHECK_EQ(t, read_mem(p, n, bad, err, sizeof err, &off), -1);
    CHECK_EQ(t, off, n - 52);
    CHECK(t, strstr(err, "trailer") != NULL);
    free(p);
}

static void t_not_capture(tctx *t)
{
    char path[600], err[700];
    unsigned long long off;
    CHECK_EQ(t, read_mem((const uint8_t *)"I  04000bd0,3\n", 14, "text", err, sizeof err, &off), -1);
    CHECK_EQ(t, off, 0);
    CHECK(t, strstr(err, "not a capture file") != NULL);
    scratch(path, sizeof path, "missing");
    CHECK(t, cap_open(path, err, sizeof err) == NULL);
    CHECK(t, strstr(err, "cannot open") != NULL);
}

int main(int argc, char **argv)
{
    if (argc > 1) snprintf(dir, sizeof dir, "%s", argv[1]);
    static const test_case cases[] = {
        {"varint", t_varint},
        {"zigzag", t_zigzag},
        {"codec-extremes", t_codec},
        {"file-block-boundaries", t_blocks},
        {"damage-every-cut-and-flip", t_damage},
        {"damage-two-blocks", t_damage_two_blocks},
        {"not-a-capture", t_not_capture},
    };
    return test_run_all(cases, sizeof cases / sizeof cases[0], NULL);
}
