/* mmu_model.c -- picks the Verilated model of the right XLEN, drives reset
 * and turns FST into VCD when asked; the per-model work is in the C++ shims
 * (sim/model_shim.cpp). */
#define _POSIX_C_SOURCE 200809L
#include "mmu_model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The functions each shim instance provides (see model_shim.cpp). */
#define SHIM_DECLS(p)                                                  \
    void *p##_new(const char *wave, uint64_t from, uint64_t to, uint64_t seed); \
    void p##_free(void *h);                                           \
    void p##_eval(void *h, const mmu_inputs *in, mmu_outputs *out);   \
    void p##_tick(void *h);                                           \
    void p##_set_reset(void *h, int active);                          \
    uint64_t p##_cycles(const void *h);                               \
    int p##_write_coverage(void *h, const char *path);                \
    int p##_entries(void);                                            \
    int p##_pmp_entries(void);                                        \
    int p##_ports(void);                                              \
    int p##_i_entries(void);                                         \
    int p##_l2_entries(void);                                         \
    int p##_pwc_entries(void);
SHIM_DECLS(rv32)
SHIM_DECLS(rv64)

typedef struct {
    int xlen;
    void *(*make)(const char *, uint64_t, uint64_t, uint64_t);
    void (*destroy)(void *);
    void (*eval)(void *, const mmu_inputs *, mmu_outputs *);
    void (*tick)(void *);
    void (*set_reset)(void *, int);
    uint64_t (*cycles)(const void *);
    int (*write_coverage)(void *, const char *);
    int (*entries)(void);
    int (*pmp_entries)(void);
    int (*ports)(void);
    int (*i_entries)(void);
    int (*l2_entries)(void);
    int (*pwc_entries)(void);
} shim_ops;

static const shim_ops shims[] = {
    {32, rv32_new, rv32_free, rv32_eval, rv32_tick, rv32_set_reset, rv32_cycles, rv32_write_coverage, rv32_entries,
     rv32_pmp_entries, rv32_ports, rv32_i_entries, rv32_l2_entries, rv32_pwc_entries},
    {64, rv64_new, rv64_free, rv64_eval, rv64_tick, rv64_set_reset, rv64_cycles, rv64_write_coverage, rv64_entries,
     rv64_pmp_entries, rv64_ports, rv64_i_entries, rv64_l2_entries, rv64_pwc_entries},
};

struct mmu_model {
    const shim_ops *ops;
    void *h;
    char *fst_tmp;   /* FST written first when a VCD was asked for */
    char *vcd;
    FILE *vec;       /* the test vectors being recorded (mmu_model_record), or NULL */
};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

mmu_model *mmu_model_new(int xlen, const char *wave_path, uint64_t wave_from, uint64_t wave_to,
                         uint64_t rand_reset)
{
    for (size_t i = 0; i < sizeof shims / sizeof shims[0]; i++) {
        if (shims[i].xlen != xlen) continue;
        mmu_model *m = calloc(1, sizeof *m);
        if (!m) return NULL;
        m->ops = &shims[i];
        if (wave_path && ends_with(wave_path, ".vcd")) {
            size_t n = strlen(wave_path) + 8;
            m->fst_tmp = malloc(n);
            m->vcd = malloc(n);
            if (!m->fst_tmp || !m->vcd) {
                mmu_model_free(m);
                return NULL;
            }
            snprintf(m->fst_tmp, n, "%s.fst", wave_path);
            snprintf(m->vcd, n, "%s", wave_path);
            wave_path = m->fst_tmp;
        }
        m->h = m->ops->make(wave_path, wave_from, wave_to, rand_reset);
        if (!m->h) {
            mmu_model_free(m);
            return NULL;
        }
        return m;
    }
    return NULL;
}

/* fst2vcd (GTKWave's converter) FST -> VCD, without a shell; 0 on success. */
static int fst_to_vcd(const char *fst, const char *vcd)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        execlp("fst2vcd", "fst2vcd", "-f", fst, "-o", vcd, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    if (waitpid(pid, &st, 0) < 0) return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

mmu_build mmu_model_build(const mmu_model *m)
{
    mmu_build b = {m->ops->xlen, m->ops->entries(), m->ops->pmp_entries(), m->ops->ports(), m->ops->i_entries(),
                    m->ops->l2_entries(), m->ops->pwc_entries()};
    return b;
}

int mmu_model_entries(void)
{
    return shims[0].entries();
}

int mmu_model_free(mmu_model *m)
{
    int rc = 0;
    if (!m) return 0;
    if (m->h) m->ops->destroy(m->h);
    if (m->h && m->vcd) {
        rc = fst_to_vcd(m->fst_tmp, m->vcd);
        remove(m->fst_tmp);
    }
    free(m->fst_tmp);
    free(m->vcd);
    free(m);
    return rc;
}

void mmu_model_record(mmu_model *m, FILE *f)
{
    m->vec = f;
    if (f) fprintf(f, "# rvmmu vectors 1: xlen %d entries %d\n", m->ops->xlen, m->ops->entries());
}

/* One vector line: every input, then every output (rvmmu_ports.h order), in hex. */
#define VEC_PUT_0(v) fprintf(m->vec, " %" PRIx64, (uint64_t)(v))
#define VEC_PUT_1(v) \
    do { \
        fputc(' ', m->vec); \
        for (int w = RVMMU_WIDE_WORDS - 1; w >= 0; w--) fprintf(m->vec, "%016" PRIx64, (v)[w]); \
    } while (0)
#define VEC_PUT_2(v) \
    do { \
        fputc(' ', m->vec); \
        for (int w = RVMMU_PMP_WORDS - 1; w >= 0; w--) fprintf(m->vec, "%016" PRIx64, (v)[w]); \
    } while (0)
#define VEC_IN(port, field, type, wide) VEC_PUT_##wide(in->field);
#define VEC_OUT(port, field, type, wide) VEC_PUT_##wide(out->field);
#define VEC_FILL(port, field, type, wide) VEC_PUT_##wide(out->fill.field);
static void record(mmu_model *m, const mmu_inputs *in0, const mmu_outputs *out)
{
    /* Through a bus adapter (bus_sel != 0), rvmmu's walker port gets what
     * the adapter answers (mon_mem_*), not the top's mem_* inputs: the
     * vectors are rvmmu's own edge. */
    mmu_inputs through = *in0;
    const mmu_inputs *in = in0;
    if (in0->bus_sel) {
        through.mem_req_ready = out->mon_mem_req_ready;
        through.mem_rsp_valid = out->mon_mem_rsp_valid;
        through.mem_rsp_data = out->mon_mem_rsp_data;
        through.mem_rsp_err = out->mon_mem_rsp_err;
        in = &through;
    }
    fputc('v', m->vec);
    RVMMU_INPUTS(VEC_IN)
    RVMMU_OUTPUTS(VEC_OUT)
    RVMMU_FILL(VEC_FILL)
    fputc('\n', m->vec);
}

void mmu_model_reset(mmu_model *m, int cycles)
{
    mmu_inputs idle;
    mmu_outputs out;
    memset(&idle, 0, sizeof idle);
    if (m->vec) fprintf(m->vec, "reset %d\n", cycles);
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
    if (m->vec) record(m, in, out);
}

void mmu_model_tick(mmu_model *m)
{
    m->ops->tick(m->h);
}

int mmu_model_write_coverage(mmu_model *m, const char *path)
{
    return m->ops->write_coverage(m->h, path);
}

uint64_t mmu_model_cycles(const mmu_model *m)
{
    return m->ops->cycles(m->h);
}

void *mmu_model_shim(mmu_model *m)
{
    return m->h;
}
