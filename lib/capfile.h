/* capfile.h -- the capture file: a program's instruction fetches, loads and
 * stores, compressed and streamed (docs/capture.md is the contract).
 *
 * Writer and reader both stream block by block: each holds one block of at
 * most CAP_BLOCK_RECORDS records (CAP_MAX_RAW bytes encoded, about as much
 * compressed) whatever the file's length, so 10^8 accesses need no more
 * memory than 10^3. The reader checks every field, every block's CRC and
 * record count, and the trailer's totals, and reports damage as
 * "FILE: byte OFFSET: error: ...". */
#ifndef RVMMU_CAPFILE_H
#define RVMMU_CAPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CAP_MAGIC          "RVMMUCAP"
#define CAP_VERSION        1u
#define CAP_BLOCK_RECORDS  65536u            /* records per block, at most */
#define CAP_MAX_REC_BYTES  16u               /* one record's encoding, at most (1 + 5 + 10) */
#define CAP_MAX_RAW        (CAP_BLOCK_RECORDS * CAP_MAX_REC_BYTES)   /* 1 MiB */
#define CAP_MAX_HEADER     (1u << 20)        /* header payload bytes, at most */

/* Trailer flags. */
#define CAP_F_STOPPED      1u                /* stopped by --max before the program ended */
#define CAP_F_NO_FETCH     2u                /* instruction fetches were left out */

typedef enum { CAP_FETCH = 0, CAP_LOAD = 1, CAP_STORE = 2 } cap_kind;
#define CAP_NKINDS 3

/* One access: kind, virtual address, size in bytes. */
typedef struct {
    uint64_t va;
    uint32_t size;
    cap_kind kind;
} cap_access;

/* What the header says. */
typedef struct {
    uint32_t version;
    char *producer;      /* e.g. "rvmmu capture (Valgrind-3.19.0 lackey)"; "" if absent */
    char *options;       /* the capture options, as text; "" if absent */
    int argc;            /* the program and its arguments (argv[0] is the program) */
    char **argv;
} cap_header;

/* What the trailer says (valid once cap_next has returned 0). */
typedef struct {
    uint64_t records;
    uint64_t by_kind[CAP_NKINDS];
    uint32_t flags;      /* CAP_F_* */
    int32_t exit_status; /* the program's exit code, 128 + signal, or -1 (unknown, stopped) */
    uint64_t blocks;     /* counted by the reader */
    uint64_t bytes;      /* the file's size */
} cap_trailer;

/* ------------------------------------------------------------ the codec (exposed for the unit test) */
static inline uint64_t cap_zigzag(uint64_t d) { return (d << 1) ^ (0 - (d >> 63)); }
static inline uint64_t cap_unzigzag(uint64_t z) { return (z >> 1) ^ (0 - (z & 1)); }
/* Writes v as an LEB128 varint at p (at most 10 bytes); returns the bytes written. */
size_t cap_put_varint(uint8_t *p, uint64_t v);
/* Reads a varint from p[0..n); returns the bytes read, 0 if truncated or overlong (> 64 bits). */
size_t cap_get_varint(const uint8_t *p, size_t n, uint64_t *v);

/* Per-kind prediction state: each kind's next address is predicted as the
 * end of its previous access (va + size); reset at each block's start. */
typedef struct {
    uint64_t next[CAP_NKINDS];
} cap_codec;
void cap_codec_reset(cap_codec *c);
/* Encodes one access at p (room for CAP_MAX_REC_BYTES); returns the bytes written. */
size_t cap_encode(cap_codec *c, const cap_access *a, uint8_t *p);
/* Decodes one access from p[0..n); returns the bytes read, 0 if truncated or invalid. */
size_t cap_decode(cap_codec *c, const uint8_t *p, size_t n, cap_access *a);

/* ------------------------------------------------------------ writer */
typedef struct cap_writer cap_writer;
/* Creates path and writes the header. NULL on error, with the reason in err. */
cap_writer *cap_writer_open(const char *path, const char *producer, const char *options, int argc,
                            char *const *argv, char *err, size_t errlen);
/* Appends one access. 0, or -1 on a write error (see cap_writer_error). */
int cap_write(cap_writer *w, cap_kind kind, uint64_t va, uint32_t size);
/* Counts so far. */
uint64_t cap_writer_count(const cap_writer *w, int kind);   /* kind -1: all */
/* Flushes the last block, writes the trailer, closes. 0, or -1 (reason in err).
 * On success *bytes (unless NULL) is the file's size. Frees w in every case. */
int cap_writer_close(cap_writer *w, uint32_t flags, int32_t exit_status, uint64_t *bytes, char *err,
                     size_t errlen);
/* Closes and removes the file (after an error). */
void cap_writer_abort(cap_writer *w);
const char *cap_writer_error(const cap_writer *w);

/* ------------------------------------------------------------ reader */
typedef struct cap_reader cap_reader;
/* Opens path ("-" is stdin) and reads the header. NULL on error, reason in err
 * ("FILE: byte OFFSET: error: ..."). */
cap_reader *cap_open(const char *path, char *err, size_t errlen);
/* The same over an open stream (a pipe, fmemopen); name is for messages; f is not closed. */
cap_reader *cap_open_stream(FILE *f, const char *name, char *err, size_t errlen);
const cap_header *cap_get_header(const cap_reader *r);
/* The next access: 1 (in *a), 0 at the end (the trailer read and checked; see
 * cap_get_trailer), -1 on damage or a read error (cap_error says which and where). */
int cap_next(cap_reader *r, cap_access *a);
const cap_trailer *cap_get_trailer(const cap_reader *r);
const char *cap_error(const cap_reader *r);
void cap_close(cap_reader *r);

const char *cap_kind_name(cap_kind k);

#endif
