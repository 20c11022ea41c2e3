/* pt_satp_main.c -- build/pt_satp XLEN MODE ASID PPN: prints pt_satp()'s satp
 * value in hex, so that tools outside C (fpga/gen_selftest.py) pack satp with
 * the project's one packer instead of a copy. MODE is bare, sv32, sv39, sv48
 * or sv57; ASID and PPN are numbers (0x... for hex). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pt.h"

static int number(const char *what, const char *s, uint64_t max, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 0);
    if (!*s || *s == '-' || *end || errno || n > max) {
        fprintf(stderr, "pt_satp: error: bad %s '%s'\n", what, s);
        return -1;
    }
    *v = n;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        unsigned mode;
    } modes[] = {{"bare", RVMMU_MODE_BARE}, {"sv32", RVMMU_MODE_SV32}, {"sv39", RVMMU_MODE_SV39},
                 {"sv48", RVMMU_MODE_SV48}, {"sv57", RVMMU_MODE_SV57}};
    if (argc != 5) {
        fprintf(stderr, "usage: pt_satp 32|64 bare|sv32|sv39|sv48|sv57 ASID PPN\n");
        return 2;
    }
    uint64_t xlen = 0, asid, ppn;
    if (number("XLEN", argv[1], 64, &xlen)) return 2;
    if (xlen != 32 && xlen != 64) {
        fprintf(stderr, "pt_satp: error: XLEN must be 32 or 64, not %s\n", argv[1]);
        return 2;
    }
    int mode = -1;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (!strcmp(argv[2], modes[i].name)) mode = (int)modes[i].mode;
    if (mode < 0) {
        fprintf(stderr, "pt_satp: error: bad MODE '%s' (bare, sv32, sv39, sv48 or sv57)\n", argv[2]);
        return 2;
    }
    if (number("ASID", argv[3], xlen == 32 ? 0x1ff : 0xffff, &asid) ||
        number("PPN", argv[4], xlen == 32 ? 0x3fffff : 0xfffffffffffull, &ppn))
        return 2;
    printf("0x%" PRIx64 "\n", pt_satp((int)xlen, (unsigned)mode, (uint32_t)asid, ppn));
    return 0;
}
