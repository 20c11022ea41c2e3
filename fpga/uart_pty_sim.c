/* uart_pty_sim.c -- the board in simulation behind a pseudo-terminal.
 *
 * The Verilated board top (fpga/boards/ice40hx8k_top.sv: rvmmu, block-RAM
 * memory, UART bridge, self-test) runs cycle by cycle; its UART is modelled
 * at bit level: each byte the host writes to the pty is driven onto the
 * FPGA's RX pin as start bit, eight data bits (LSB first) and stop bit,
 * CLKS_PER_BIT cycles each, and the FPGA's TX pin is sampled in the middle
 * of each bit and every byte it sends is written back to the pty.
 *
 * usage: uart_pty_sim [--link PATH] [--max-seconds N]
 * It prints the pty's name (/dev/pts/N) on the first line of stdout, then
 * `selftest pass` or `selftest FAIL` when the LEDs say so, and runs until
 * SIGTERM/SIGINT (or N seconds). Then: rvmmu uart --port /dev/pts/N ...
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "board_model.h"

static volatile sig_atomic_t stop;
static void on_signal(int s)
{
    (void)s;
    stop = 1;
}

#define QCAP 65536
typedef struct {
    unsigned char b[QCAP];
    size_t head, n;
} queue;

int main(int argc, char **argv)
{
    const char *link_path = NULL;
    long max_seconds = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--link") && i + 1 < argc) link_path = argv[++i];
        else if (!strcmp(argv[i], "--max-seconds") && i + 1 < argc) max_seconds = strtol(argv[++i], NULL, 0);
        else {
            fprintf(stderr, "usage: uart_pty_sim [--link PATH] [--max-seconds N]\n");
            return 2;
        }
    }
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) {
        perror("uart_pty_sim: posix_openpt");
        return 1;
    }
    const char *name = ptsname(m);
    if (!name) {
        perror("uart_pty_sim: ptsname");
        return 1;
    }
    /* Hold the slave open in raw mode: no echo, no line editing, and the
     * master never sees a hang-up between two clients. */
    int s = open(name, O_RDWR | O_NOCTTY);
    struct termios t;
    if (s < 0 || tcgetattr(s, &t) != 0) {
        perror("uart_pty_sim: slave");
        return 1;
    }
    cfmakeraw(&t);
    tcsetattr(s, TCSANOW, &t);
    fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    if (link_path) {
        unlink(link_path);
        if (symlink(name, link_path) != 0) perror("uart_pty_sim: symlink");
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    printf("%s\n", name);
    fflush(stdout);

    board_model *b = board_model_new();
    if (!b) return 1;
    const unsigned cpb = board_model_clks_per_bit();
    static queue in;                 /* host -> FPGA bytes not yet on the line */
    unsigned rx_bit = 0, rx_cnt = 0; /* bit being sent (0 start .. 9 stop), cycles left */
    int rx_busy = 0;
    unsigned char rx_byte = 0;
    int tx_busy = 0;                 /* receiving a byte from the FPGA */
    unsigned tx_cnt = 0, tx_bit = 0, tx_prev = 1;
    unsigned char tx_byte = 0;
    unsigned leds = 0, last_leds = ~0u;
    unsigned long long quiet = 0, cycles = 0;
    time_t start = time(NULL);

    while (!stop) {
        /* Host bytes. */
        if (in.n < QCAP && (cycles & 255) == 0) {
            unsigned char buf[4096];
            size_t room = QCAP - in.n;
            ssize_t r = read(m, buf, room < sizeof buf ? room : sizeof buf);
            for (ssize_t i = 0; i < r; i++) in.b[(in.head + in.n++) % QCAP] = buf[i];
        }
        /* Drive RX. */
        int line = 1;
        if (!rx_busy && in.n) {
            rx_byte = in.b[in.head];
            in.head = (in.head + 1) % QCAP;
            in.n--;
            rx_busy = 1;
            rx_bit = 0;
            rx_cnt = cpb;
        }
        if (rx_busy) {
            line = rx_bit == 0 ? 0 : rx_bit == 9 ? 1 : (rx_byte >> (rx_bit - 1)) & 1;
            if (--rx_cnt == 0) {
                rx_cnt = cpb;
                if (++rx_bit == 10) rx_busy = 0;
            }
            quiet = 0;
        }
        unsigned tx = (unsigned)board_model_cycle(b, line, &leds);
        cycles++;
        /* Sample TX in the middle of each bit. */
        if (!tx_busy) {
            if (tx_prev && !tx) {
                tx_busy = 1;
                tx_bit = 0;
                tx_cnt = cpb / 2;
            }
        } else if (--tx_cnt == 0) {
            tx_cnt = cpb;
            if (tx_bit >= 1 && tx_bit <= 8) tx_byte = (unsigned char)((tx_byte >> 1) | (tx << 7));
            if (tx_bit == 0 && tx) tx_busy = 0;            /* a glitch */
            else if (++tx_bit == 10) {
                tx_busy = 0;
                if (tx) {
                    while (write(m, &tx_byte, 1) < 0 && errno == EAGAIN && !stop) usleep(100);
                } else {
                    fprintf(stderr, "uart_pty_sim: framing error on TX\n");
                }
            }
        }
        if (tx_busy) quiet = 0;
        tx_prev = tx;
        if (leds != last_leds) {
            if ((leds & 1) && !(last_leds & 1)) printf("selftest pass\n");
            if ((leds & 2) && !(last_leds & 2)) printf("selftest FAIL\n");
            fflush(stdout);
            last_leds = leds;
        }
        /* Nothing on either line for a long while, nothing queued: the board
         * is idle (a reply starts within a few hundred cycles); wait for the host. */
        if (++quiet > 64ull * cpb * 10 && !in.n && !(leds & 4)) {
            struct pollfd p = {m, POLLIN, 0};
            (void)poll(&p, 1, 50);
            if (max_seconds && time(NULL) - start > max_seconds) break;
            if (!(p.revents & POLLIN)) continue;
            quiet = 0;
            cycles = 0;   /* read now */
        }
    }
    board_model_free(b);
    if (link_path) unlink(link_path);
    close(s);
    close(m);
    return 0;
}
