/* test_mem.c -- unit tests of the one sparse memory model (lib/mem.c) in each
 * of its views: PTE words with windows, errors and compare-and-swap (replay,
 * scenarios), bytes (the SystemC platform), the trace image and its write log
 * (the random generator), and the unit tests' test_mem (tests/testmem.h).
 * Expected values follow mem.h's contract: little-endian words, bytes never
 * written read 0, windows [base, base+size). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"

#define TEST_STRERROR(e) ""   /* no error codes here: CHECK_ERR unused */
#include "testcheck.h"
#include "testmem.h"

static void test_words_and_windows(tctx *t)
{
    physmem *m = mem_new();
    CHECK(t, m != NULL);
    if (!m) return;
    uint64_t v = 1;
    CHECK_EQ(t, mem_read_pte(m, 0x80000000, 4, &v), -1);           /* no window yet */
    CHECK_EQ(t, mem_add_ram(m, 0x80000000, 0x2000), 0);
    CHECK_EQ(t, mem_add_ram(m, 0x1000, 0), -1);                     /* empty */
    CHECK_EQ(t, mem_add_ram(m, ~0ull - 0xfff, 0x2000), -1);         /* wraps */
    CHECK(t, mem_in_ram(m, 0x80001ff8, 8));
    CHECK(t, !mem_in_ram(m, 0x80001ffc, 8));                        /* crosses the end */
    CHECK_EQ(t, mem_read_pte(m, 0x80000008, 8, &v), 0);
    CHECK_EQ(t, v, 0);                                              /* never written */
    CHECK_EQ(t, mem_write_pte(m, 0x80000008, 8, 0x1122334455667788ull), 0);
    CHECK_EQ(t, mem_read_pte(m, 0x80000008, 4, &v), 0);
    CHECK_EQ(t, v, 0x55667788);                                     /* little-endian */
    CHECK_EQ(t, mem_read_pte(m, 0x8000000c, 4, &v), 0);
    CHECK_EQ(t, v, 0x11223344);
    CHECK_EQ(t, mem_peek_byte(m, 0x80000008), 0x88);
    CHECK_EQ(t, mem_read_pte(m, 0x80000004, 8, &v), -1);           /* misaligned */
    CHECK_EQ(t, mem_read_pte(m, 0x80000000, 2, &v), -1);           /* not a PTE size */
    CHECK_EQ(t, mem_write_pte(m, 0x80002000, 4, 1), -1);           /* outside */
    mem_free(m);
}

static void test_errors_and_cas(tctx *t)
{
    physmem *m = mem_new();
    if (!m || mem_add_ram(m, 0x1000, 0x1000) != 0) {
        CHECK(t, 0);
        mem_free(m);
        return;
    }
    uint64_t v = 0, old = 0;
    mem_inject_error(m, 0x1010);
    CHECK(t, mem_has_error(m, 0x1010));
    CHECK(t, !mem_has_error(m, 0x1018));
    CHECK_EQ(t, mem_read_pte(m, 0x1010, 4, &v), -1);
    CHECK_EQ(t, mem_write_pte(m, 0x1010, 4, 7), 0);                 /* software writes still land */
    CHECK_EQ(t, mem_cas_pte(m, 0x1010, 4, 7, 8, &old), -1);
    mem_clear_errors(m);
    CHECK_EQ(t, mem_read_pte(m, 0x1010, 4, &v), 0);
    CHECK_EQ(t, v, 7);
    CHECK_EQ(t, mem_cas_pte(m, 0x1010, 4, 6, 9, &old), 0);          /* no swap */
    CHECK_EQ(t, old, 7);
    CHECK_EQ(t, mem_hw_write_count(m), 0);
    CHECK_EQ(t, mem_cas_pte(m, 0x1010, 4, 7, 9, &old), 0);          /* swap */
    CHECK_EQ(t, mem_cb_read(m, 0x1010, 4, &v), 0);
    CHECK_EQ(t, v, 9);
    CHECK_EQ(t, mem_cb_cas(m, 0x1008, 4, 0, 5, &old), 0);
    CHECK_EQ(t, mem_note_hw_write(m, 0x1010), 0);                   /* already recorded */
    CHECK_EQ(t, mem_hw_write_count(m), 2);
    CHECK_EQ(t, mem_hw_write_addr(m, 0), 0x1008);                   /* ascending */
    CHECK_EQ(t, mem_hw_write_addr(m, 1), 0x1010);
    ref_mem r = mem_as_ref(m);
    CHECK_EQ(t, r.read(r.opaque, 0x1008, 4, &v), 0);
    CHECK_EQ(t, v, 5);
    mem_free(m);
}

/* Many frames: the frame table grows, and every byte stays where it was put. */
static void test_bytes_many_frames(tctx *t)
{
    physmem *m = mem_new();
    if (!m) {
        CHECK(t, 0);
        return;
    }
    for (uint64_t i = 0; i < 3000; i++)
        CHECK_EQ(t, mem_poke_byte(m, i * 0x1000 + (i % 4096), (uint8_t)(i * 7)), 0);
    int bad = 0;
    for (uint64_t i = 0; i < 3000; i++)
        bad += mem_peek_byte(m, i * 0x1000 + (i % 4096)) != (uint8_t)(i * 7) ||
               mem_peek_byte(m, i * 0x1000 + ((i + 1) % 4096)) != 0;
    CHECK_EQ(t, bad, 0);
    CHECK_EQ(t, mem_peek_byte(m, 0x7000000000ull), 0);
    mem_free(m);
}

typedef struct {
    uint64_t pa[16], val[16];
    int n;
} drained;

static void collect(void *ctx, uint64_t pa, uint64_t val)
{
    drained *d = ctx;
    if (d->n < 16) {
        d->pa[d->n] = pa;
        d->val[d->n] = val;
    }
    d->n++;
}

static void test_image_and_log(tctx *t)
{
    physmem *m = mem_new();
    if (!m || mem_add_ram(m, 0x80000000, 0x1000) != 0) {
        CHECK(t, 0);
        mem_free(m);
        return;
    }
    mem_image_init(m, 8);
    uint64_t v = 1;
    CHECK_EQ(t, mem_image_read(m, 0x90000000, 8, &v), 0);          /* outside every window: reads 0 */
    CHECK_EQ(t, v, 0);
    CHECK_EQ(t, mem_image_write(m, 0x90000000, 8, 0), 0);          /* zero over zero: dropped */
    CHECK_EQ(t, mem_image_write(m, 0x90000000, 8, 1), -1);         /* nonzero outside: refused */
    CHECK_EQ(t, mem_image_write(m, 0x80000004, 8, 1), -1);         /* misaligned */
    CHECK_EQ(t, mem_image_write(m, 0x80000010, 8, 0xaa), 0);
    CHECK_EQ(t, mem_image_write(m, 0x80000008, 8, 0xbb), 0);
    CHECK_EQ(t, mem_image_write(m, 0x80000010, 8, 0xcc), 0);       /* again: logged once */
    CHECK_EQ(t, mem_image_write(m, 0x8000001c, 4, 0x12345678), 0); /* high half of the word at 0x18 */
    CHECK_EQ(t, mem_image_write(m, 0x80000020, 8, 0), 0);          /* zero over zero: not logged */
    CHECK_EQ(t, mem_image_read(m, 0x8000001c, 4, &v), 0);
    CHECK_EQ(t, v, 0x12345678);
    drained d = {0};
    mem_image_drain(m, collect, &d);
    CHECK_EQ(t, d.n, 3);                                            /* first-write order */
    CHECK_EQ(t, d.pa[0], 0x80000010);
    CHECK_EQ(t, d.val[0], 0xcc);
    CHECK_EQ(t, d.pa[1], 0x80000008);
    CHECK_EQ(t, d.val[1], 0xbb);
    CHECK_EQ(t, d.pa[2], 0x80000018);
    CHECK_EQ(t, d.val[2], 0x1234567800000000ull);
    memset(&d, 0, sizeof d);
    mem_image_drain(m, collect, &d);
    CHECK_EQ(t, d.n, 0);                                            /* the log was emptied */
    CHECK_EQ(t, mem_image_write(m, 0x80000008, 8, 0), 0);          /* cleared: given once, as 0 */
    CHECK_EQ(t, mem_image_write(m, 0x80000010, 8, 0xcc), 0);       /* same value again: given again */
    mem_image_drain(m, collect, &d);
    CHECK_EQ(t, d.n, 2);
    CHECK_EQ(t, d.pa[0], 0x80000008);
    CHECK_EQ(t, d.val[0], 0);
    CHECK_EQ(t, d.pa[1], 0x80000010);
    CHECK_EQ(t, d.val[1], 0xcc);
    memset(&d, 0, sizeof d);
    CHECK_EQ(t, mem_image_write(m, 0x80000008, 8, 5), 0);          /* set then cleared before a drain */
    CHECK_EQ(t, mem_image_write(m, 0x80000008, 8, 0), 0);
    mem_image_drain(m, collect, &d);
    CHECK_EQ(t, d.n, 0);                                            /* last given was 0, still 0 */
    CHECK(t, !mem_out_of_memory(m));
    mem_image_init(m, 4);
    CHECK_EQ(t, mem_image_read(m, 0x80000000, 8, &v), -1);         /* wider than a word */
    mem_free(m);
}

/* The unit tests' view: one window, one bad word, a write count. */
static void test_testmem(tctx *t)
{
    test_mem m;
    tmem_init(&m, 0x1000, 0x3000);
    uint64_t old = 0;
    CHECK_EQ(t, tmem_write(&m, 0x1ff8, 8, 0x55), 0);
    CHECK_EQ(t, tmem_write(&m, 0x3000, 4, 1), -1);
    CHECK_EQ(t, m.writes, 1);
    m.bad_pa = 0x2000;
    CHECK_EQ(t, tmem_write(&m, 0x2000, 4, 1), -1);
    CHECK_EQ(t, tmem_peek(&m, 0x2000, 4), 0xbad0bad0bad0bad0ull);
    CHECK_EQ(t, tmem_cas(&m, 0x2000, 4, 0, 1, &old), -1);
    m.bad_pa = 0;
    CHECK_EQ(t, tmem_cas(&m, 0x1ff8, 8, 0x55, 0x66, &old), 0);
    CHECK_EQ(t, old, 0x55);
    CHECK_EQ(t, tmem_peek(&m, 0x1ff8, 8), 0x66);
    CHECK_EQ(t, m.writes, 2);
    tmem_free(&m);
    CHECK(t, m.pm == NULL);
}

static const test_case cases[] = {
    {"words_and_windows", test_words_and_windows},
    {"errors_and_cas", test_errors_and_cas},
    {"bytes_many_frames", test_bytes_many_frames},
    {"image_and_log", test_image_and_log},
    {"testmem", test_testmem},
};

int main(void)
{
    return test_run_all(cases, sizeof cases / sizeof cases[0], NULL);
}
