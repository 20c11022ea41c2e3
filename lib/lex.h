/* lex.h -- the lexical layer shared by the tlbtrace parser (trace.c) and the
 * scenario parser (scenario_parse.c): tokens, numbers, the names both formats
 * spell alike, the line check and tokeniser, line splitting, error messages
 * and reading a whole file.
 *
 * The rules (tlbtrace.md, version 1): one directive per line; `#` starts a
 * comment anywhere on a line; outside comments only printable ASCII, spaces
 * and tabs; tokens are separated by spaces or tabs; a single `\r` before the
 * `\n` (or at the end of the input) is dropped; numbers are decimal or 0x
 * hexadecimal, `_` only between two digits, at most 64 bits.
 *
 * A parser keeps a lex_src: the name and line for messages, and where its
 * first error goes ("FILE:LINE: error: ..." into the parser's own message
 * buffer and flags). lex_parse runs the parser's line function on every
 * line's tokens. No global state: every function works on its arguments. */
#ifndef RVMMU_LEX_H
#define RVMMU_LEX_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define LEX_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define LEX_PRINTF_LIKE(f, a)
#endif

/* A token: n bytes at s, not NUL-terminated (it points into the input). */
typedef struct {
    const char *s;
    size_t n;
} lex_tok;

/* Quote a token in a message, cut at LEX_TOKMAX bytes with "...":
 * printf("'" LEX_TOKF "'", LEX_TOKA(t)). */
#define LEX_TOKMAX 64
#define LEX_TOKF "%.*s%s"
#define LEX_TOKA(t) (int)((t).n > LEX_TOKMAX ? LEX_TOKMAX : (t).n), (t).s, ((t).n > LEX_TOKMAX ? "..." : "")

/* The fault names as the formats spell them, for "expected ..." messages. */
#define LEX_CAUSE_LIST "instruction_page_fault, load_page_fault, store_page_fault, instruction_access_fault, " \
                       "load_access_fault or store_access_fault"

/* Is t exactly the keyword k? */
int lex_eq(lex_tok t, const char *k);

/* Does t start with k? If so, *rest is what follows it. */
int lex_prefix(lex_tok t, const char *k, lex_tok *rest);

/* A NUL-terminated malloc'd copy of t, or NULL when out of memory. */
char *lex_dup(lex_tok t);

/* A malloc'd copy of the string s, or NULL when out of memory. */
char *lex_strdup(const char *s);

/* Does v fit in bits bits (any v when bits >= 64)? */
int lex_fits(uint64_t v, unsigned bits);

/* Does the window [base, base+size) lie below 2^bits? */
int lex_window_fits(uint64_t base, uint64_t size, unsigned bits);

/* Parse t as a number into *out: NULL when it is one, else why not (for a message). */
const char *lex_num(lex_tok t, uint64_t *out);

/* The paged mode named by t (sv32, sv39, sv48, sv57) into *mode; 0 when t names none. */
int lex_paged_mode(lex_tok t, unsigned *mode);

/* The name of a satp mode ("bare", "sv32", ...), "?" for an unknown one. */
const char *lex_mode_name(unsigned mode);

/* The fault cause named by t ("load_page_fault", ...) into *cause; 0 when t names none. */
int lex_cause(lex_tok t, unsigned *cause);

/* The name of a fault cause ("load_page_fault", ...), or NULL for an unknown one. */
const char *lex_cause_name(unsigned cause);

/* Where a parser is, and where its first error goes. */
typedef struct {
    const char *name;   /* the file name in messages */
    int line;           /* the line being parsed, 1-based (0: none yet) */
    char *errmsg;       /* receives "NAME:LINE: error: ..." */
    size_t errsize;
    int *error;         /* set to 1 by an error */
    int *error_line;    /* set to the line of the error */
} lex_src;

/* Start a source named name whose errors go to errmsg (errsize bytes), *error and *error_line. */
void lex_src_init(lex_src *src, const char *name, char *errmsg, size_t errsize, int *error, int *error_line);

/* Record the error "NAME:LINE: error: MESSAGE" (MESSAGE from fmt, at most 399 bytes); returns -1. */
LEX_PRINTF_LIKE(2, 3) int lex_fail(lex_src *src, const char *fmt, ...);

/* Number token t for argument `what` of directive `dir`, into *out: 0, or -1 after recording
 * "'DIR': bad WHAT 'T': why" (lex_fail). */
int lex_get_num(lex_src *src, const char *dir, const char *what, lex_tok t, uint64_t *out);

/* A parser's function for one line: its tokens (the first maxtok in tk, ntok counts them all); nonzero stops. */
typedef int (*lex_line_fn)(void *ctx, const lex_tok *tk, size_t ntok);

/* Split the len bytes at text into lines, check and tokenise each, and call fn on each that has
 * tokens (src->line set), until fn returns nonzero or an error is recorded: 0, or -1 after an error. */
int lex_parse(lex_src *src, const char *text, size_t len, lex_tok *tk, size_t maxtok, lex_line_fn fn, void *ctx);

/* ------------------------------------------------------------ directive dispatch
 * Both formats are a list of directives, each a keyword and its arguments. A
 * format describes its directives in a table; lex_dispatch (a lex_line_fn)
 * finds the line's keyword there, checks what the table says, and calls the
 * handler. Checks, in this order, each with the "NAME:LINE: error: " form:
 *   more tokens than the parser keeps (when too_many_tokens is set):
 *       'KW': too many tokens (N)
 *   a keyword not in the table:        unknown directive 'KW'
 *   a `first` directive after another: 'KW' must be the first directive of the file
 *   fewer than min arguments:          'KW': missing NAME (expected: USAGE)
 *                                      ('missing arguments' when the entry names none)
 *   more than max arguments:           'KW': unexpected extra token 'TOK' (expected: USAGE)
 * A handler sees only lines that passed them, and checks the rest itself. */

#define LEX_ANY ((size_t)-1)  /* max: any number of arguments (the handler checks) */

typedef struct lex_directive lex_directive;

/* A directive's handler: ctx is the parser's state, d the table entry, tk the line's tokens. */
typedef int (*lex_dir_fn)(void *ctx, const lex_directive *d, const lex_tok *tk, size_t ntok);

struct lex_directive {
    const char *keyword;
    size_t min, max;            /* arguments after the keyword (max LEX_ANY: unchecked) */
    const char *usage;          /* the "expected: ..." of argument-count messages */
    const char *const *names;   /* names of the arguments for "missing NAME", or NULL */
    int first;                  /* must be the first directive of the file */
    lex_dir_fn fn;
    int arg;                    /* for the handler (an access kind, a variant) */
};

/* A format's directive table and its parser's state; the ctx of lex_dispatch. */
typedef struct {
    lex_src *src;
    const lex_directive *dirs;
    size_t ndirs;
    size_t maxtok;              /* tokens lex_parse keeps in tk */
    int too_many_tokens;        /* more than maxtok tokens is an error */
    void *ctx;                  /* the handlers' ctx */
    int any_directive;          /* a directive was seen before this line */
} lex_dispatcher;

/* The lex_line_fn of a table-driven format (ctx is a lex_dispatcher). */
int lex_dispatch(void *ctx, const lex_tok *tk, size_t ntok);

/* Read the file at path into a malloc'd *buf of *len bytes: 0, or -1 with
 * "PATH: error: cannot open|cannot read: ..." (or out of memory) in err. */
int lex_read_file(const char *path, char **buf, size_t *len, char *err, size_t errsize);

#endif
