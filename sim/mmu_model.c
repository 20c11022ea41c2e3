/* mmu_model.c -- picks the Verilated model of the right XLEN and drives
 * reset; the per-model work is in the C++ shims (sim/model_shim.cpp). */
#include "mmu_model.h"

#include <stdlib.h>
#include <string.h>

/* The functions each shim instance provides (see model_shim.cpp). */
#define SHIM_DECLS(p)                                                  \
    void *p##_new(const char *wave_path);                             \
    void p##_free(void *h);                                           \
    void p##_eval(void *h, const mmu_inputs *in, mmu_outputs *out);   \
    void p##_tick(void *h);                                           \
    void p##_set_reset(void *h, int active);                          \
    uint64_t p##_cycles(const void *h);                               \
    int p##_entries(void);
SHIM_DECLS(rv32)
SHIM_DECLS(rv64)

typedef struct {
    int xlen;
    void *(*make)(const char *);
    void (*destroy)(void *);
    void (*eval)(void *, const mmu_inputs *, mmu_outputs *);
    void (*tick)(void *);
    void (*set_reset)(void *, int);
    uint64_t (*cycles)(const void *);
    int (*entries)(void);
} shim_ops;

static const shim_ops shims[] = {
    {32, rv32_new, rv32_free, rv32_eval, rv32_tick, rv32_set_reset, rv32_cycles, rv32_entries},
    {64, rv64_new, rv64_free, rv64_eval, rv64_tick, rv64_set_reset, rv64_cycles, rv64_entries},
};

struct mmu_model {
    const shim_ops *ops;
    void *h;
};

mmu_model *mmu_model_new(int xlen, const char *wave_path)
{
    for (size_t i = 0; i < sizeof shims / sizeof shims[0]; i++) {
        if (shims[i].xlen != xlen) continue;
        mmu_model *m = calloc(1, sizeof *m);
        if (!m) return NULL;
        m->ops = &shims[i];
        m->h = m->ops->make(wave_path);
        if (!m->h) {
            free(m);
            return NULL;
        }
        return m;
    }
    return NULL;
}

mmu_build mmu_model_build(const mmu_model *m)
{
    mmu_build b = {m->ops->xlen, m->ops->entries()};
    return b;
}

void mmu_model_free(mmu_model *m)
{
    if (!m) return;
    m->ops->destroy(m->h);
    free(m);
}

void mmu_model_reset(mmu_model *m, int cycles)
{
    mmu_inputs idle;
    mmu_outputs out;
    memset(&idle, 0, sizeof idle);
    m->ops->set_reset(m->h, 1);
    for (int i = 0; i < cycles; i++) {
        m->ops->eval(m->h, &idle, &out);
        m->ops->tick(m->h);
    }
    m->ops->set_reset(m->h, 0);
}

void mmu_model_eval(mmu_model *m, const mmu_inputs *in, mmu_outputs *out)
{
    m->ops->eval(m->h, in, out);
}

void mmu_model_tick(mmu_model *m)
{
    m->ops->tick(m->h);
}

uint64_t mmu_model_cycles(const mmu_model *m)
{
    return m->ops->cycles(m->h);
}
