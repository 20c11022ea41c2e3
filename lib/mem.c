/* mem.c -- sparse physical memory: 4 KiB frames in an open-addressing hash
 * table, ram windows, injected bus errors, a record of the words the
 * hardware wrote (for the replay tool's `pte` lines), and the trace-image
 * view with its write log (for the random generator's `mem` lines). */
#include "mem.h"

#include <stdlib.h>
#include <string.h>

#define FRAME_BYTES 4096u
/* Each frame's bytes are followed by one flag byte per 4-byte word (the
 * trace-image view's word state; an 8-byte word uses its first). */
#define FRAME_FLAGS (FRAME_BYTES / 4u)
#define WORD_LOGGED 1u       /* in the write log since the last drain */
#define WORD_LIVE   2u       /* the last value drained was nonzero */

typedef struct {
    uint64_t frame;          /* pa >> 12, valid when data != NULL */
    uint8_t *data;
} frame_slot;

typedef struct {
    uint64_t *v;
    int n, cap;
} addr_set;                  /* a sorted set of addresses */

struct physmem {
    mem_window *ram;
    int nram, capram;
    frame_slot *slots;
    size_t nslots, used;
    addr_set errors;
    addr_set hw_writes;
    unsigned image_bytes;    /* the trace-image view's word size (0: not set) */
    uint64_t *log;           /* image words written since the last drain, first-write order */
    size_t nlog, caplog;
    int oom;
};

static int set_find(const addr_set *s, uint64_t a, int *pos)
{
    int lo = 0, hi = s->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (s->v[mid] < a) lo = mid + 1;
        else hi = mid;
    }
    *pos = lo;
    return lo < s->n && s->v[lo] == a;
}

static int set_add(addr_set *s, uint64_t a)
{
    int pos;
    if (set_find(s, a, &pos)) return 0;
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 16;
        uint64_t *v = realloc(s->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        s->v = v;
        s->cap = cap;
    }
    memmove(s->v + pos + 1, s->v + pos, (size_t)(s->n - pos) * sizeof *s->v);
    s->v[pos] = a;
    s->n++;
    return 0;
}

static int set_has(const addr_set *s, uint64_t a)
{
    int pos;
    return set_find(s, a, &pos);
}

physmem *mem_new(void)
{
    physmem *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->nslots = 64;
    m->slots = calloc(m->nslots, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void mem_free(physmem *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nslots; i++) free(m->slots[i].data);
    free(m->slots);
    free(m->ram);
    free(m->errors.v);
    free(m->hw_writes.v);
    free(m->log);
    free(m);
}

int mem_add_ram(physmem *m, uint64_t base, uint64_t size)
{
    if (size == 0 || base + size < base) return -1;
    if (m->nram == m->capram) {
        int cap = m->capram ? 2 * m->capram : 4;
        mem_window *r = realloc(m->ram, (size_t)cap * sizeof *r);
        if (!r) return -1;
        m->ram = r;
        m->capram = cap;
    }
    m->ram[m->nram].base = base;
    m->ram[m->nram].size = size;
    m->nram++;
    return 0;
}

int mem_in_ram(const physmem *m, uint64_t pa, unsigned bytes)
{
    for (int i = 0; i < m->nram; i++) {
        uint64_t off = pa - m->ram[i].base;
        if (pa >= m->ram[i].base && off < m->ram[i].size && bytes <= m->ram[i].size - off)
            return 1;
    }
    return 0;
}

static size_t slot_of(const physmem *m, uint64_t frame)
{
    uint64_t h = frame * 0x9e3779b97f4a7c15ull;
    size_t i = (size_t)(h >> 20) & (m->nslots - 1);
    while (m->slots[i].data && m->slots[i].frame != frame) i = (i + 1) & (m->nslots - 1);
    return i;
}

static int grow(physmem *m)
{
    physmem bigger = *m;
    bigger.nslots = m->nslots * 2;
    bigger.slots = calloc(bigger.nslots, sizeof *bigger.slots);
    if (!bigger.slots) return -1;
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->slots[i].data) continue;
        bigger.slots[slot_of(&bigger, m->slots[i].frame)] = m->slots[i];
    }
    free(m->slots);
    m->slots = bigger.slots;
    m->nslots = bigger.nslots;
    return 0;
}

/* The frame holding pa, or NULL when never written (and create is 0). */
static uint8_t *frame_of(physmem *m, uint64_t pa, int create)
{
    uint64_t frame = pa / FRAME_BYTES;
    size_t i = slot_of(m, frame);
    if (m->slots[i].data || !create) return m->slots[i].data;
    if (2 * (m->used + 1) > m->nslots) {
        if (grow(m) != 0) return NULL;
        i = slot_of(m, frame);
    }
    m->slots[i].data = calloc(1, FRAME_BYTES + FRAME_FLAGS);
    if (!m->slots[i].data) return NULL;
    m->slots[i].frame = frame;
    m->used++;
    return m->slots[i].data;
}

static uint64_t load_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void store_le(uint8_t *p, unsigned bytes, uint64_t v)
{
    for (unsigned i = 0; i < bytes; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static int word_ok(const physmem *m, uint64_t pa, unsigned bytes)
{
    return (bytes == 4 || bytes == 8) && pa % bytes == 0 && mem_in_ram(m, pa, bytes) &&
           !set_has(&m->errors, pa);
}

int mem_read_pte(physmem *m, uint64_t pa, unsigned bytes, uint64_t *val)
{
    if (!word_ok(m, pa, bytes)) return -1;
    const uint8_t *f = frame_of(m, pa, 0);
    *val = f ? load_le(f + pa % FRAME_BYTES, bytes) : 0;
    return 0;
}

int mem_write_pte(physmem *m, uint64_t pa, unsigned bytes, uint64_t val)
{
    if ((bytes != 4 && bytes != 8) || pa % bytes != 0 || !mem_in_ram(m, pa, bytes)) return -1;
    uint8_t *f = frame_of(m, pa, 1);
    if (!f) return -1;
    store_le(f + pa % FRAME_BYTES, bytes, val);
    return 0;
}

int mem_cas_pte(physmem *m, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired,
                uint64_t *old)
{
    if (mem_read_pte(m, pa, bytes, old) != 0) return -1;
    if (*old != expect) return 0;
    if (mem_write_pte(m, pa, bytes, desired) != 0) return -1;
    return set_add(&m->hw_writes, pa) == 0 ? 0 : -1;
}

void mem_inject_error(physmem *m, uint64_t pa)
{
    (void)set_add(&m->errors, pa);
}

void mem_clear_errors(physmem *m)
{
    m->errors.n = 0;
}

int mem_hw_write_count(const physmem *m)
{
    return m->hw_writes.n;
}

uint64_t mem_hw_write_addr(const physmem *m, int i)
{
    return m->hw_writes.v[i];
}

int mem_has_error(const physmem *m, uint64_t pa)
{
    return set_has(&m->errors, pa);
}

uint8_t mem_peek_byte(const physmem *m, uint64_t pa)
{
    const frame_slot *s = &m->slots[slot_of(m, pa / FRAME_BYTES)];
    return s->data ? s->data[pa % FRAME_BYTES] : 0;
}

int mem_poke_byte(physmem *m, uint64_t pa, uint8_t val)
{
    uint8_t *f = frame_of(m, pa, 1);
    if (!f) return -1;
    f[pa % FRAME_BYTES] = val;
    return 0;
}

int mem_note_hw_write(physmem *m, uint64_t pa)
{
    return set_add(&m->hw_writes, pa);
}

int mem_cb_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    return mem_read_pte(opaque, pa, bytes, val);
}

int mem_cb_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    return mem_write_pte(opaque, pa, bytes, val);
}

int mem_cb_cas(void *opaque, uint64_t pa, unsigned bytes, uint64_t expect, uint64_t desired, uint64_t *old)
{
    return mem_cas_pte(opaque, pa, bytes, expect, desired, old);
}

ref_mem mem_as_ref(physmem *m)
{
    ref_mem r = {mem_cb_read, mem_cb_cas, m};
    return r;
}

/* ---- the trace-image view ------------------------------------------------ */

void mem_image_init(physmem *m, unsigned word_bytes)
{
    m->image_bytes = word_bytes;
}

/* The image word holding an access of `bytes` at pa (its address in *key); 0 when the access is not one. */
static int image_word(const physmem *m, uint64_t pa, unsigned bytes, uint64_t *key)
{
    unsigned wb = m->image_bytes;
    if ((wb != 4 && wb != 8) || (bytes != 4 && bytes != 8) || bytes > wb || pa % bytes) return 0;
    *key = pa & ~(uint64_t)(wb - 1);
    return 1;
}

static uint64_t peek_word(const physmem *m, uint64_t pa, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) v |= (uint64_t)mem_peek_byte(m, pa + i) << (8 * i);
    return v;
}

int mem_image_read(void *opaque, uint64_t pa, unsigned bytes, uint64_t *val)
{
    const physmem *m = opaque;
    uint64_t key;
    if (!image_word(m, pa, bytes, &key)) return -1;
    uint64_t w = peek_word(m, key, m->image_bytes);
    if (bytes < m->image_bytes) w = (w >> ((pa - key) * 8)) & 0xffffffffull;
    *val = w;
    return 0;
}

int mem_image_write(void *opaque, uint64_t pa, unsigned bytes, uint64_t val)
{
    physmem *m = opaque;
    uint64_t key;
    if (!image_word(m, pa, bytes, &key)) return -1;
    unsigned wb = m->image_bytes;
    uint64_t old = peek_word(m, key, wb), nw;
    if (bytes < wb) {
        unsigned sh = (unsigned)(pa - key) * 8;
        nw = (old & ~(0xffffffffull << sh)) | ((val & 0xffffffffull) << sh);
    } else {
        nw = bytes == 8 ? val : (val & 0xffffffffull);
    }
    if (old == 0 && nw == 0) return 0;           /* changes nothing the trace would show */
    if (nw != 0 && !mem_in_ram(m, key, wb)) return -1;
    uint8_t *f = frame_of(m, key, 1);
    if (!f) {
        m->oom = 1;
        return -1;
    }
    uint8_t *flag = f + FRAME_BYTES + (key % FRAME_BYTES) / 4;
    if (!(*flag & WORD_LOGGED)) {
        if (m->nlog == m->caplog) {
            size_t cap = m->caplog ? 2 * m->caplog : 256;
            uint64_t *l = realloc(m->log, cap * sizeof *l);
            if (!l) {
                m->oom = 1;
                return -1;
            }
            m->log = l;
            m->caplog = cap;
        }
        m->log[m->nlog++] = key;
        *flag |= WORD_LOGGED;
    }
    store_le(f + key % FRAME_BYTES, wb, nw);
    return 0;
}

void mem_image_drain(physmem *m, void (*emit)(void *ctx, uint64_t pa, uint64_t val), void *ctx)
{
    for (size_t i = 0; i < m->nlog; i++) {
        uint64_t key = m->log[i];
        uint8_t *f = frame_of(m, key, 0);
        if (!f) continue;
        uint8_t *flag = f + FRAME_BYTES + (key % FRAME_BYTES) / 4;
        uint64_t val = load_le(f + key % FRAME_BYTES, m->image_bytes);
        *flag &= (uint8_t)~WORD_LOGGED;
        if (val != 0 || (*flag & WORD_LIVE)) {
            emit(ctx, key, val);
            *flag = (uint8_t)(val != 0 ? *flag | WORD_LIVE : *flag & ~WORD_LIVE);
        }
    }
    m->nlog = 0;
}

int mem_out_of_memory(const physmem *m)
{
    return m->oom;
}
