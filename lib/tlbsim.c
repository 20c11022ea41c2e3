/* tlbsim.c -- a fully associative TLB on mapping ids, and Belady's OPT (see
 * tlbsim.h and docs/policies.md). */
#include "tlbsim.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ id map
 * Open addressing, linear probing, deletion by backward shift; any 64-bit
 * key (a byte per slot marks it used). Grows to keep the load under 1/2. */
typedef struct {
    uint64_t *keys, *vals;
    unsigned char *used;
    size_t cap, n;               /* cap: a power of two */
    int bits;
} idmap;

static size_t idmap_home(const idmap *m, uint64_t key)
{
    /* splitmix64's finaliser: ids are structured (ASID, level, tag). */
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9ull;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebull;
    key ^= key >> 31;
    return (size_t)(key >> (64 - m->bits));
}

static int idmap_alloc(idmap *m, int bits)
{
    size_t cap = (size_t)1 << bits;
    m->keys = malloc(cap * sizeof *m->keys);
    m->vals = malloc(cap * sizeof *m->vals);
    m->used = calloc(cap, 1);
    m->cap = cap;
    m->n = 0;
    m->bits = bits;
    if (m->keys && m->vals && m->used) return 0;
    free(m->keys);
    free(m->vals);
    free(m->used);
    memset(m, 0, sizeof *m);
    return -1;
}

static void idmap_free(idmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->used);
    memset(m, 0, sizeof *m);
}

static void idmap_clear(idmap *m)
{
    memset(m->used, 0, m->cap);
    m->n = 0;
}

static size_t idmap_bytes(const idmap *m)
{
    return m->cap * (2 * sizeof(uint64_t) + 1);
}

/* The value of key, or NULL. */
static uint64_t *idmap_find(const idmap *m, uint64_t key)
{
    for (size_t i = idmap_home(m, key);; i = (i + 1) & (m->cap - 1)) {
        if (!m->used[i]) return NULL;
        if (m->keys[i] == key) return &m->vals[i];
    }
}

static int idmap_put(idmap *m, uint64_t key, uint64_t val);

static int idmap_grow(idmap *m)
{
    idmap old = *m;
    if (idmap_alloc(m, old.bits + 1) != 0) {
        *m = old;
        return -1;
    }
    for (size_t i = 0; i < old.cap; i++)
        if (old.used[i]) idmap_put(m, old.keys[i], old.vals[i]);
    idmap_free(&old);
    return 0;
}

/* Insert or overwrite; 0, -1 out of memory. */
static int idmap_put(idmap *m, uint64_t key, uint64_t val)
{
    uint64_t *v = idmap_find(m, key);
    if (v) {
        *v = val;
        return 0;
    }
    if (2 * (m->n + 1) > m->cap && idmap_grow(m) != 0) return -1;
    size_t i = idmap_home(m, key);
    while (m->used[i]) i = (i + 1) & (m->cap - 1);
    m->used[i] = 1;
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return 0;
}

/* Remove key if present; the keys after it in its run move back so that
 * every key stays reachable from its home slot. */
static void idmap_del(idmap *m, uint64_t key)
{
    size_t mask = m->cap - 1, i = idmap_home(m, key);
    for (;; i = (i + 1) & mask) {
        if (!m->used[i]) return;
        if (m->keys[i] == key) break;
    }
    size_t hole = i;
    for (size_t j = (hole + 1) & mask; m->used[j]; j = (j + 1) & mask) {
        size_t home = idmap_home(m, m->keys[j]);
        /* j may fill the hole unless its home lies cyclically in (hole, j]. */
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            m->keys[hole] = m->keys[j];
            m->vals[hole] = m->vals[j];
            hole = j;
        }
    }
    m->used[hole] = 0;
    m->n--;
}

/* ------------------------------------------------------------------ tlbsim */
struct tlbsim {
    tlb_policy pol;
    int entries;
    int nvalid;
    int first_inv;               /* no slot below it is invalid */
    uint64_t *id;                /* per slot: its mapping */
    unsigned char *valid;
    idmap map;                   /* resident mapping -> slot */
    uint64_t accesses, misses;
};

tlbsim *tlbsim_new(tlb_policy_kind kind, int entries, uint64_t seed)
{
    tlbsim *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    if (tlb_policy_init(&t->pol, kind, entries) != 0) {
        free(t);
        return NULL;
    }
    tlb_policy_seed(&t->pol, seed);
    t->entries = entries;
    int bits = 4;
    while (((size_t)1 << bits) < 2 * (size_t)entries) bits++;
    t->id = calloc((size_t)entries, sizeof *t->id);
    t->valid = calloc((size_t)entries, 1);
    if (!t->id || !t->valid || idmap_alloc(&t->map, bits) != 0) {
        tlbsim_free(t);
        return NULL;
    }
    return t;
}

void tlbsim_free(tlbsim *t)
{
    if (!t) return;
    tlb_policy_free(&t->pol);
    idmap_free(&t->map);
    free(t->id);
    free(t->valid);
    free(t);
}

static void drop_slot(tlbsim *t, int s)
{
    idmap_del(&t->map, t->id[s]);
    t->valid[s] = 0;
    t->nvalid--;
    if (s < t->first_inv) t->first_inv = s;
}

/* Write id into a slot on a miss: the lowest invalid one, else the victim
 * (with the entry of id, if resident, still valid at the choice); that entry
 * is then dropped. Returns the slot. */
static int fill_slot(tlbsim *t, uint64_t id)
{
    int s;
    if (t->nvalid < t->entries) {
        s = t->first_inv;
        while (t->valid[s]) s++;
        t->first_inv = s;   /* every slot below s is valid */
    } else {
        s = tlb_policy_victim(&t->pol);
        drop_slot(t, s);
    }
    const uint64_t *old = idmap_find(&t->map, id);
    if (old) drop_slot(t, (int)*old);
    /* The map holds at most `entries` keys and was sized for twice that:
     * idmap_put cannot grow, so it cannot fail. */
    idmap_put(&t->map, id, (uint64_t)s);
    t->id[s] = id;
    t->valid[s] = 1;
    t->nvalid++;
    if (s == t->first_inv) t->first_inv = s + 1;
    tlb_policy_fill(&t->pol, s);
    return s;
}

/* A miss: a walk, then a fill unless it faults. */
static int miss(tlbsim *t, uint64_t id, int fill, int *slot)
{
    t->misses++;
    int s = fill ? fill_slot(t, id) : -1;
    if (slot) *slot = s;
    return 0;
}

int tlbsim_access(tlbsim *t, uint64_t id, int fill, int *slot)
{
    t->accesses++;
    const uint64_t *v = idmap_find(&t->map, id);
    if (!v) return miss(t, id, fill, slot);
    int s = (int)*v;
    tlb_policy_touch(&t->pol, s);
    if (slot) *slot = s;
    return 1;
}

int tlbsim_rewalk(tlbsim *t, uint64_t id, int fill, int *slot)
{
    t->accesses++;
    return miss(t, id, fill, slot);
}

void tlbsim_flush(tlbsim *t)
{
    memset(t->valid, 0, (size_t)t->entries);
    idmap_clear(&t->map);
    t->nvalid = 0;
    t->first_inv = 0;
}

int tlbsim_invalidate(tlbsim *t, uint64_t id)
{
    const uint64_t *v = idmap_find(&t->map, id);
    if (!v) return 0;
    drop_slot(t, (int)*v);
    return 1;
}

int tlbsim_entry(const tlbsim *t, int slot, uint64_t *id)
{
    if (slot < 0 || slot >= t->entries || !t->valid[slot]) return 0;
    if (id) *id = t->id[slot];
    return 1;
}

int tlbsim_entries(const tlbsim *t) { return t->entries; }
uint64_t tlbsim_accesses(const tlbsim *t) { return t->accesses; }
uint64_t tlbsim_misses(const tlbsim *t) { return t->misses; }

/* ------------------------------------------------------------------ OPT
 * The collapsed stream is two arrays: next[i], the element of the next
 * access to element i's mapping (NONE: none before its invalidation or the
 * end), and kind[i] (K_FILL, K_PEEK: an access with fill=0, K_FLUSH). The
 * links are made as the stream is pushed (the map holds each mapping's last
 * element), so the ids themselves are not kept: 5 bytes an element. */
#define NONE UINT32_MAX
#define MAX_LEN (UINT32_MAX - 1u)
enum { K_FILL = 1, K_PEEK = 2, K_FLUSH = 3 };

struct opt_stream {
    uint32_t *next;
    unsigned char *kind;
    uint64_t len, cap;
    idmap last;                  /* mapping -> last element (low 32 bits), its last fill=1 element (high) */
    uint64_t accesses;
    uint64_t forced;             /* opt_rewalk(fill=0): misses stored nowhere */
    uint64_t prev_id;            /* the mapping of the last access pushed ... */
    int prev_resident;           /* ... when it is resident under every policy now */
    uint32_t last_flush;         /* element of the last flush, NONE: none */
    int inexact;
};

opt_stream *opt_new(void)
{
    opt_stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (idmap_alloc(&s->last, 10) != 0) {
        free(s);
        return NULL;
    }
    s->last_flush = NONE;
    return s;
}

void opt_free(opt_stream *s)
{
    if (!s) return;
    free(s->next);
    free(s->kind);
    idmap_free(&s->last);
    free(s);
}

/* Append an element; its index, or -1. */
static int64_t opt_append(opt_stream *s, int kind)
{
    if (s->len == s->cap) {
        if (s->cap >= MAX_LEN) return -1;
        uint64_t cap = s->cap ? s->cap + s->cap / 2 : 4096;
        if (cap > MAX_LEN) cap = MAX_LEN;
        uint32_t *next = realloc(s->next, cap * sizeof *next);
        if (!next) return -1;
        s->next = next;
        unsigned char *k = realloc(s->kind, cap);
        if (!k) return -1;
        s->kind = k;
        s->cap = cap;
    }
    s->next[s->len] = NONE;
    s->kind[s->len] = (unsigned char)kind;
    return (int64_t)s->len++;
}

int opt_push(opt_stream *s, uint64_t id, int fill)
{
    s->accesses++;
    if (s->prev_resident && id == s->prev_id) return 0;   /* a hit under every policy */
    uint64_t *v = idmap_find(&s->last, id);
    uint32_t last = v ? (uint32_t)*v : NONE, last_fill = v ? (uint32_t)(*v >> 32) : NONE;
    /* The previous access was a fill=0 one while the mapping was resident
     * under some policies (filled, no flush since): past Belady's argument. */
    if (last != NONE && s->kind[last] == K_PEEK && last_fill != NONE &&
        (s->last_flush == NONE || s->last_flush < last_fill))
        s->inexact = 1;
    int64_t i = opt_append(s, fill ? K_FILL : K_PEEK);
    if (i < 0 || idmap_put(&s->last, id, (fill ? (uint64_t)i : (uint64_t)last_fill) << 32 | (uint64_t)i) != 0) {
        if (i >= 0) s->len--;
        s->accesses--;
        return -1;
    }
    if (last != NONE) s->next[last] = (uint32_t)i;
    s->prev_id = id;
    s->prev_resident = fill != 0;
    return 0;
}

int opt_invalidate(opt_stream *s, uint64_t id)
{
    /* The mapping's last element keeps next = NONE: its entry dies here. */
    if (idmap_find(&s->last, id)) idmap_del(&s->last, id);
    if (s->prev_id == id) s->prev_resident = 0;
    return 0;
}

int opt_rewalk(opt_stream *s, uint64_t id, int fill)
{
    if (fill) {
        opt_invalidate(s, id);
        return opt_push(s, id, 1);
    }
    /* A miss everywhere that leaves every cache as it was: not a use. If the
     * access before it was to id and left id resident, it still is. */
    s->accesses++;
    s->forced++;
    if (s->prev_id != id) {
        s->prev_id = id;
        s->prev_resident = 0;
    }
    return 0;
}

int opt_flush(opt_stream *s)
{
    int64_t i = opt_append(s, K_FLUSH);
    if (i < 0) return -1;
    s->last_flush = (uint32_t)i;
    s->prev_resident = 0;
    return 0;
}

int opt_exact(const opt_stream *s) { return !s->inexact; }
uint64_t opt_accesses(const opt_stream *s) { return s->accesses; }
uint64_t opt_length(const opt_stream *s) { return s->len; }

size_t opt_bytes(const opt_stream *s)
{
    return sizeof *s + (size_t)s->cap * (sizeof *s->next + 1) + idmap_bytes(&s->last);
}

/* The residents of the forward pass: a max-heap of slots by the element of
 * their next use (NONE, never used again, is the largest). */
typedef struct {
    uint32_t *key;               /* per slot */
    int *heap, *pos;             /* heap of slots; a slot's place in it */
    int n;
} opt_heap;

static void heap_swap(opt_heap *h, int a, int b)
{
    int sa = h->heap[a], sb = h->heap[b];
    h->heap[a] = sb;
    h->heap[b] = sa;
    h->pos[sb] = a;
    h->pos[sa] = b;
}

static void heap_fix(opt_heap *h, int i)
{
    while (i > 0 && h->key[h->heap[(i - 1) / 2]] < h->key[h->heap[i]]) {
        heap_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->key[h->heap[l]] > h->key[h->heap[m]]) m = l;
        if (r < h->n && h->key[h->heap[r]] > h->key[h->heap[m]]) m = r;
        if (m == i) return;
        heap_swap(h, i, m);
        i = m;
    }
}

uint64_t opt_misses(const opt_stream *s, int entries)
{
    if (entries < 1) return s->accesses;
    /* More slots than stored elements cannot hold more: no need to allocate them. */
    if ((uint64_t)entries > s->len) entries = s->len ? (int)s->len : 1;
    /* A resident is found by the element of its next use: the map goes from
     * that element to its slot (residents whose next use is NONE are never
     * looked up). At most `entries` keys, so the map never grows. */
    opt_heap h = {0};
    idmap at = {0};
    int bits = 4;
    while (((size_t)1 << bits) < 2 * (size_t)entries) bits++;
    h.key = malloc((size_t)entries * sizeof *h.key);
    h.heap = malloc((size_t)entries * sizeof *h.heap);
    h.pos = malloc((size_t)entries * sizeof *h.pos);
    uint64_t misses = UINT64_MAX;   /* out of memory */
    if (!h.key || !h.heap || !h.pos || idmap_alloc(&at, bits) != 0) goto out;
    misses = s->forced;
    for (uint64_t i = 0; i < s->len; i++) {
        if (s->kind[i] == K_FLUSH) {
            h.n = 0;
            idmap_clear(&at);
            continue;
        }
        uint32_t nx = s->next[i];
        const uint64_t *v = idmap_find(&at, i);
        int slot;
        if (v) {
            slot = (int)*v;
            idmap_del(&at, i);
        } else {
            misses++;
            if (s->kind[i] != K_FILL) continue;
            if (h.n < entries) {
                slot = h.n;
                h.heap[h.n] = slot;
                h.pos[slot] = h.n;
                h.n++;
            } else {
                slot = h.heap[0];   /* the farthest next use */
                if (h.key[slot] != NONE) idmap_del(&at, h.key[slot]);
            }
        }
        h.key[slot] = nx;
        if (nx != NONE) idmap_put(&at, nx, (uint64_t)slot);
        heap_fix(&h, h.pos[slot]);
    }
out:
    free(h.key);
    free(h.heap);
    free(h.pos);
    idmap_free(&at);
    return misses;
}
