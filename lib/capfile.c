/* capfile.c -- the capture file's codec, writer and reader (docs/capture.md). */
#define _POSIX_C_SOURCE 200809L
#include "capfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define TAG_BLOCK   "CBLK"
#define TAG_END     "CEND"
#define BLOCK_HDR   16u      /* count, raw length, compressed length, CRC */
#define TRAILER_LEN 48u      /* records, 3 kinds, flags, exit status, CRC */

/* Header fields: tag byte, varint length, bytes. */
enum { FIELD_PRODUCER = 1, FIELD_ARG = 2, FIELD_OPTIONS = 3 };

const char *cap_kind_name(cap_kind k)
{
    return k == CAP_FETCH ? "fetch" : k == CAP_LOAD ? "load" : k == CAP_STORE ? "store" : "?";
}

/* ------------------------------------------------------------ codec */
size_t cap_put_varint(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

size_t cap_get_varint(const uint8_t *p, size_t n, uint64_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < n && i < 10; i++) {
        uint64_t b = p[i] & 0x7f;
        if (i == 9 && p[i] > 1)            /* bits beyond 64, or a continuation */
            return 0;
        x |= b << (7 * i);
        if (!(p[i] & 0x80)) {
            *v = x;
            return i + 1;
        }
    }
    return 0;
}

void cap_codec_reset(cap_codec *c)
{
    memset(c, 0, sizeof *c);
}

/* Record: one byte kind | size << 2 (size 1..62; 63 means a varint size
 * follows), then zigzag(va - predicted) as a varint. */
size_t cap_encode(cap_codec *c, const cap_access *a, uint8_t *p)
{
    size_t n = 0;
    if (a->size >= 1 && a->size <= 62) {
        p[n++] = (uint8_t)(a->kind | a->size << 2);
    } else {
        p[n++] = (uint8_t)(a->kind | 63u << 2);
        n += cap_put_varint(p + n, a->size);
    }
    n += cap_put_varint(p + n, cap_zigzag(a->va - c->next[a->kind]));
    c->next[a->kind] = a->va + a->size;
    return n;
}

size_t cap_decode(cap_codec *c, const uint8_t *p, size_t n, cap_access *a)
{
    if (n < 1)
        return 0;
    unsigned kind = p[0] & 3u, sz = p[0] >> 2;
    size_t used = 1, k;
    uint64_t v;
    if (kind >= CAP_NKINDS)
        return 0;
    if (sz == 63) {
        if (!(k = cap_get_varint(p + used, n - used, &v)) || v > UINT32_MAX)
            return 0;
        used += k;
        sz = (unsigned)v;
    }
    if (!(k = cap_get_varint(p + used, n - used, &v)))
        return 0;
    used += k;
    a->kind = (cap_kind)kind;
    a->size = sz;
    a->va = c->next[kind] + cap_unzigzag(v);
    c->next[kind] = a->va + sz;
    return used;
}

/* ------------------------------------------------------------ little-endian helpers */
static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i);
    return v;
}
static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}
static uint32_t crc(const uint8_t *p, size_t n)
{
    return (uint32_t)crc32(0L, p, (uInt)n);
}

/* ------------------------------------------------------------ writer */
struct cap_writer {
    FILE *f;
    char *path;
    cap_codec codec;
    uint8_t *raw, *comp;
    size_t raw_len, comp_cap;
    uint32_t block_count;
    uint64_t by_kind[CAP_NKINDS];
    uint64_t bytes;
    char err[512];
};

static int wfail(cap_writer *w, const char *what)
{
    snprintf(w->err, sizeof w->err, "%s: error: %s: %s", w->path, what, strerror(errno ? errno : EIO));
    return -1;
}

static int wbytes(cap_writer *w, const void *p, size_t n)
{
    errno = 0;
    if (fwrite(p, 1, n, w->f) != n)
        return wfail(w, "cannot write");
    w->bytes += n;
    return 0;
}

static void field(uint8_t *buf, size_t *n, int tag, const char *s)
{
    size_t len = strlen(s);
    buf[(*n)++] = (uint8_t)tag;
    *n += cap_put_varint(buf + *n, len);
    memcpy(buf + *n, s, len);
    *n += len;
}

cap_writer *cap_writer_open(const char *path, const char *producer, const char *options, int argc,
                            char *const *argv, char *err, size_t errlen)
{
    size_t hlen = 0, cap = 0;
    cap += 11 + strlen(producer) + 11 + strlen(options);
    for (int i = 0; i < argc; i++) cap += 11 + strlen(argv[i]);
    if (cap > CAP_MAX_HEADER) {
        snprintf(err, errlen, "%s: error: the program's arguments are too long for the header (%zu bytes)", path, cap);
        return NULL;
    }
    cap_writer *w = calloc(1, sizeof *w);
    uint8_t *hdr = malloc(20 + cap);
    if (!w || !hdr) {
        snprintf(err, errlen, "%s: error: out of memory", path);
        free(w);
        free(hdr);
        return NULL;
    }
    w->comp_cap = compressBound(CAP_MAX_RAW);
    w->raw = malloc(CAP_MAX_RAW);
    w->comp = malloc(w->comp_cap);
    w->path = strdup(path);
    if (!w->raw || !w->comp || !w->path) {
        snprintf(err, errlen, "%s: error: out of memory", path);
        goto fail;
    }
    errno = 0;
    if (!(w->f = fopen(path, "wb"))) {
        snprintf(err, errlen, "%s: error: cannot create: %s", path, strerror(errno));
        goto fail;
    }
    field(hdr + 20, &hlen, FIELD_PRODUCER, producer);
    field(hdr + 20, &hlen, FIELD_OPTIONS, options);
    for (int i = 0; i < argc; i++) field(hdr + 20, &hlen, FIELD_ARG, argv[i]);
    memcpy(hdr, CAP_MAGIC, 8);
    put32(hdr + 8, CAP_VERSION);
    put32(hdr + 12, (uint32_t)hlen);
    put32(hdr + 16, crc(hdr + 20, hlen));
    if (wbytes(w, hdr, 20 + hlen)) {
        snprintf(err, errlen, "%s", w->err);
        fclose(w->f);
        remove(path);
        goto fail;
    }
    free(hdr);
    return w;
fail:
    free(hdr);
    free(w->raw);
    free(w->comp);
    free(w->path);
    free(w);
    return NULL;
}

static int flush_block(cap_writer *w)
{
    if (!w->block_count)
        return 0;
    uLongf clen = (uLongf)w->comp_cap;
    if (compress2(w->comp, &clen, w->raw, (uLong)w->raw_len, 6) != Z_OK) {
        snprintf(w->err, sizeof w->err, "%s: error: zlib could not compress a block", w->path);
        return -1;
    }
    uint8_t h[4 + BLOCK_HDR];
    memcpy(h, TAG_BLOCK, 4);
    put32(h + 4, w->block_count);
    put32(h + 8, (uint32_t)w->raw_len);
    put32(h + 12, (uint32_t)clen);
    uint32_t c = (uint32_t)crc32(0L, h + 4, 12);
    c = (uint32_t)crc32(c, w->comp, (uInt)clen);
    put32(h + 16, c);
    if (wbytes(w, h, sizeof h) || wbytes(w, w->comp, clen))
        return -1;
    w->block_count = 0;
    w->raw_len = 0;
    cap_codec_reset(&w->codec);
    return 0;
}

int cap_write(cap_writer *w, cap_kind kind, uint64_t va, uint32_t size)
{
    cap_access a = {.va = va, .size = size, .kind = kind};
    w->raw_len += cap_encode(&w->codec, &a, w->raw + w->raw_len);
    w->block_count++;
    w->by_kind[kind]++;
    if (w->block_count == CAP_BLOCK_RECORDS)
        return flush_block(w);
    return 0;
}

uint64_t cap_writer_count(const cap_writer *w, int kind)
{
    if (kind >= 0 && kind < CAP_NKINDS)
        return w->by_kind[kind];
    return w->by_kind[0] + w->by_kind[1] + w->by_kind[2];
}

const char *cap_writer_error(const cap_writer *w)
{
    return w->err;
}

static void writer_free(cap_writer *w)
{
    free(w->raw);
    free(w->comp);
    free(w->path);
    free(w);
}

void cap_writer_abort(cap_writer *w)
{
    if (!w)
        return;
    fclose(w->f);
    remove(w->path);
    writer_free(w);
}

int cap_writer_close(cap_writer *w, uint32_t flags, int32_t exit_status, uint64_t *bytes, char *err,
                     size_t errlen)
{
    uint8_t t[4 + TRAILER_LEN];
    memcpy(t, TAG_END, 4);
    put64(t + 4, cap_writer_count(w, -1));
    for (int k = 0; k < CAP_NKINDS; k++) put64(t + 12 + 8 * k, w->by_kind[k]);
    put32(t + 36, flags);
    put32(t + 40, (uint32_t)exit_status);
    put32(t + 44, 0);                       /* reserved */
    put32(t + 48, crc(t + 4, TRAILER_LEN - 4));
    int rc = flush_block(w);
    if (!rc) rc = wbytes(w, t, sizeof t);
    errno = 0;
    if (fclose(w->f) && !rc) rc = wfail(w, "cannot write");
    if (rc) {
        snprintf(err, errlen, "%s", w->err);
        remove(w->path);
    } else if (bytes) {
        *bytes = w->bytes;
    }
    writer_free(w);
    return rc;
}

/* ------------------------------------------------------------ reader */
struct cap_reader {
    FILE *f;
    char *path;
    int owned;               /* f is closed by cap_close */
    uint64_t off;            /* bytes consumed */
    cap_header hdr;
    cap_trailer tr;
    int done;                /* 1: trailer checked; -1: failed */
    cap_codec codec;
    uint8_t *raw, *comp;
    size_t comp_cap, raw_cap;   /* grown to the largest block seen, at most the bounds */
    size_t raw_len, raw_pos;
    uint32_t block_left;     /* records still to decode in this block */
    uint64_t block_off;      /* the current block's offset */
    uint64_t by_kind[CAP_NKINDS];
    char err[600];
};

static int rfail(cap_reader *r, uint64_t off, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(r->err, sizeof r->err, "%s: byte %llu: error: %s", r->path, (unsigned long long)off, msg);
    r->done = -1;
    return -1;
}

/* Reads exactly n bytes of the part (what) that starts at byte at; 0, or -1 with "truncated". */
static int rbytes(cap_reader *r, void *p, size_t n, const char *what, uint64_t at)
{
    size_t got = fread(p, 1, n, r->f);
    if (got != n) {
        if (ferror(r->f))
            return rfail(r, r->off + got, "cannot read: %s", strerror(errno));
        return rfail(r, r->off + got, "truncated file: %s (at byte %llu) ends after %llu of its %llu bytes", what,
                     (unsigned long long)at, (unsigned long long)(r->off + got - at),
                     (unsigned long long)(r->off + n - at));
    }
    r->off += n;
    return 0;
}

static void header_free(cap_header *h)
{
    free(h->producer);
    free(h->options);
    for (int i = 0; i < h->argc; i++) free(h->argv[i]);
    free(h->argv);
}

void cap_close(cap_reader *r)
{
    if (!r)
        return;
    if (r->f && r->owned)
        fclose(r->f);
    header_free(&r->hdr);
    free(r->raw);
    free(r->comp);
    free(r->path);
    free(r);
}

static int read_header(cap_reader *r)
{
    uint8_t h[20];
    if (rbytes(r, h, 8, "the magic", 0))
        return -1;
    if (memcmp(h, CAP_MAGIC, 8))
        return rfail(r, 0, "not a capture file (no \"" CAP_MAGIC "\" magic)");
    if (rbytes(r, h + 8, 12, "the header", 0))
        return -1;
    r->hdr.version = get32(h + 8);
    if (r->hdr.version != CAP_VERSION)
        return rfail(r, 8, "version %u, this reader knows version %u", r->hdr.version, CAP_VERSION);
    uint32_t len = get32(h + 12);
    if (len > CAP_MAX_HEADER)
        return rfail(r, 12, "header length %u exceeds %u", len, CAP_MAX_HEADER);
    uint8_t *p = malloc(len ? len : 1);
    if (!p)
        return rfail(r, 20, "out of memory");
    if (rbytes(r, p, len, "the header", 0)) {
        free(p);
        return -1;
    }
    if (crc(p, len) != get32(h + 16)) {
        free(p);
        return rfail(r, 20, "header CRC mismatch (the header is corrupt)");
    }
    int rc = 0;
    size_t i = 0, nargs = 0;
    char **argv = calloc(len / 2 + 1, sizeof *argv);   /* a field is 2 bytes at least */
    if (!argv) {
        free(p);
        return rfail(r, 20, "out of memory");
    }
    r->hdr.argv = argv;
    while (i < len && !rc) {
        uint64_t flen;
        size_t at = i, k = cap_get_varint(p + i + 1, len - i - 1, &flen);
        if (!k || flen > len - i - 1 - k) {
            rc = rfail(r, 20 + at, "header field overruns the header");
            break;
        }
        char *s = malloc(flen + 1);
        if (!s) {
            rc = rfail(r, 20 + at, "out of memory");
            break;
        }
        memcpy(s, p + i + 1 + k, flen);
        s[flen] = 0;
        int tag = p[i];
        i += 1 + k + flen;
        if (tag == FIELD_PRODUCER && !r->hdr.producer) {
            r->hdr.producer = s;
        } else if (tag == FIELD_OPTIONS && !r->hdr.options) {
            r->hdr.options = s;
        } else if (tag == FIELD_ARG) {
            argv[nargs++] = s;
            r->hdr.argc = (int)nargs;
        } else {
            free(s);                        /* unknown (later) fields are skipped */
        }
    }
    free(p);
    if (!rc && !r->hdr.producer && !(r->hdr.producer = strdup(""))) rc = rfail(r, 20, "out of memory");
    if (!rc && !r->hdr.options && !(r->hdr.options = strdup(""))) rc = rfail(r, 20, "out of memory");
    return rc;
}

static cap_reader *reader_open(FILE *f, int owned, const char *path, char *err, size_t errlen)
{
    cap_reader *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        snprintf(err, errlen, "%s: error: out of memory", path);
        free(r);
        if (owned && f) fclose(f);
        return NULL;
    }
    r->f = f;
    r->owned = owned;
    if (read_header(r)) {
        snprintf(err, errlen, "%s", r->err);
        cap_close(r);
        return NULL;
    }
    return r;
}

cap_reader *cap_open(const char *path, char *err, size_t errlen)
{
    if (!strcmp(path, "-"))
        return reader_open(stdin, 0, path, err, errlen);
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: error: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    return reader_open(f, 1, path, err, errlen);
}

cap_reader *cap_open_stream(FILE *f, const char *name, char *err, size_t errlen)
{
    return reader_open(f, 0, name, err, errlen);
}

const cap_header *cap_get_header(const cap_reader *r)
{
    return &r->hdr;
}
const cap_trailer *cap_get_trailer(const cap_reader *r)
{
    return &r->tr;
}
const char *cap_error(const cap_reader *r)
{
    return r->err;
}

static int read_trailer(cap_reader *r, uint64_t at)
{
    uint8_t t[TRAILER_LEN];
    if (rbytes(r, t, TRAILER_LEN, "the trailer", at))
        return -1;
    if (crc(t, TRAILER_LEN - 4) != get32(t + 44))
        return rfail(r, at, "trailer CRC mismatch (the trailer is corrupt)");
    r->tr.records = get64(t);
    uint64_t sum = 0;
    for (int k = 0; k < CAP_NKINDS; k++) {
        r->tr.by_kind[k] = get64(t + 8 + 8 * k);
        sum += r->by_kind[k];
        if (r->tr.by_kind[k] != r->by_kind[k])
            return rfail(r, at + 12 + 8 * k, "the trailer counts %llu %s accesses, the blocks hold %llu",
                         (unsigned long long)r->tr.by_kind[k], cap_kind_name((cap_kind)k),
                         (unsigned long long)r->by_kind[k]);
    }
    if (r->tr.records != sum)
        return rfail(r, at + 4, "the trailer counts %llu accesses, the blocks hold %llu",
                     (unsigned long long)r->tr.records, (unsigned long long)sum);
    r->tr.flags = get32(t + 32);
    r->tr.exit_status = (int32_t)get32(t + 36);
    int c = fgetc(r->f);
    if (c != EOF)
        return rfail(r, r->off, "bytes after the trailer");
    if (ferror(r->f))
        return rfail(r, r->off, "cannot read: %s", strerror(errno));
    r->tr.bytes = r->off;
    r->done = 1;
    return 0;
}

static int grow(uint8_t **p, size_t *cap, size_t n)
{
    if (n <= *cap)
        return 0;
    uint8_t *q = realloc(*p, n);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Reads the next block (or the trailer). 1: a block, 0: the end, -1: error. */
static int next_block(cap_reader *r)
{
    uint8_t h[4 + BLOCK_HDR];
    uint64_t at = r->off;
    if (rbytes(r, h, 4, "a block or the trailer", at))
        return -1;
    if (!memcmp(h, TAG_END, 4))
        return read_trailer(r, at) ? -1 : 0;
    if (memcmp(h, TAG_BLOCK, 4))
        return rfail(r, at, "expected a block (\"" TAG_BLOCK "\") or the trailer (\"" TAG_END "\")");
    if (rbytes(r, h + 4, BLOCK_HDR, "the block", at))
        return -1;
    uint32_t count = get32(h + 4), raw_len = get32(h + 8), clen = get32(h + 12);
    if (count == 0 || count > CAP_BLOCK_RECORDS)
        return rfail(r, at + 4, "block record count %u is not in 1..%u", count, CAP_BLOCK_RECORDS);
    if (raw_len < 2u * count || raw_len > count * CAP_MAX_REC_BYTES)
        return rfail(r, at + 8, "block length %u does not fit %u records", raw_len, count);
    size_t cmax = compressBound(CAP_MAX_RAW);
    if (clen == 0 || clen > cmax)
        return rfail(r, at + 12, "compressed block length %u exceeds %zu", clen, cmax);
    if (grow(&r->comp, &r->comp_cap, clen) || grow(&r->raw, &r->raw_cap, raw_len))
        return rfail(r, at, "out of memory");
    if (rbytes(r, r->comp, clen, "the block", at))
        return -1;
    uint32_t c = (uint32_t)crc32(0L, h + 4, 12);
    c = (uint32_t)crc32(c, r->comp, clen);
    if (c != get32(h + 16))
        return rfail(r, at, "block CRC mismatch (the block is corrupt)");
    uLongf out = (uLongf)raw_len;
    if (uncompress(r->raw, &out, r->comp, clen) != Z_OK || out != raw_len)
        return rfail(r, at, "block does not decompress to its %u bytes", raw_len);
    r->raw_len = raw_len;
    r->raw_pos = 0;
    r->block_left = count;
    r->block_off = at;
    r->tr.blocks++;
    cap_codec_reset(&r->codec);
    return 1;
}

int cap_next(cap_reader *r, cap_access *a)
{
    if (r->done)
        return r->done > 0 ? 0 : -1;
    while (!r->block_left) {
        int rc = next_block(r);
        if (rc <= 0)
            return rc;
    }
    size_t k = cap_decode(&r->codec, r->raw + r->raw_pos, r->raw_len - r->raw_pos, a);
    if (!k)
        return rfail(r, r->block_off, "block's record at encoded byte %zu is invalid", r->raw_pos);
    r->raw_pos += k;
    r->by_kind[a->kind]++;
    if (--r->block_left == 0 && r->raw_pos != r->raw_len)
        return rfail(r, r->block_off, "block holds %zu bytes after its last record", r->raw_len - r->raw_pos);
    return 1;
}
