/*
 * ctx's native thin client: sends one command to the user's resident ctx server and relays its output.
 *   ctx-client JAR LAUNCHER [ARG...]
 * Speaks the frames of dev.ctx.server.Frames (type byte, 4-byte big-endian length, payload). When no
 * server answers (none running, another build, an unsafe folder), it runs LAUNCHER again with
 * CTX_CLIENT_TRIED=1: the Java side then starts a server and runs the command in process, so nothing
 * of the command has run twice and ctx never stops working.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;

static volatile sig_atomic_t interrupted = 0;
static int sock = -1;

static void on_sigint(int sig) { (void) sig; interrupted = 1; }

/* A cancelled command that has not ended two seconds later: leave as a shell leaves on Ctrl-C. */
static void on_alarm(int sig) { (void) sig; _exit(130); }

static int write_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

static int send_frame(char type, const void *payload, uint32_t len) {
    unsigned char head[5] = {(unsigned char) type, len >> 24, len >> 16, len >> 8, len};
    if (write_all(sock, head, 5) < 0) return -1;
    return len ? write_all(sock, payload, len) : 0;
}

static int send_text(char type, const char *s) { return send_frame(type, s, (uint32_t) strlen(s)); }

/* Reads exactly n bytes; 0 on success, -1 on end or error. A Ctrl-C is reported once as a cancel frame. */
static int read_all(void *buf, size_t n) {
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(sock, p, n);
        if (r < 0 && errno == EINTR) {
            if (interrupted == 1) {
                interrupted = 2;
                send_frame('X', "", 0);
                alarm(2); /* the server stops the command at its next output; do not wait for ever */
            }
            continue;
        }
        if (r <= 0) return -1;
        p += r;
        n -= (size_t) r;
    }
    return 0;
}

static void fallback(char **argv, int argc) {
    if (sock >= 0) close(sock);
    setenv("CTX_CLIENT_TRIED", "1", 1);
    char **args = calloc((size_t) argc, sizeof(char *));
    args[0] = argv[2];
    for (int i = 3; i < argc; i++) args[i - 2] = argv[i];
    execv(argv[2], args);
    perror("ctx: cannot run the launcher");
    exit(8);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: ctx-client JAR LAUNCHER [ARG...]\n");
        return 2;
    }
    char jar[PATH_MAX];
    struct stat st;
    if (!realpath(argv[1], jar) || stat(jar, &st) != 0) fallback(argv, argc);
    char build[PATH_MAX + 64];
    long long mtime_ms = (long long) st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
    snprintf(build, sizeof build, "ctx1 %s:%lld:%lld", jar, (long long) st.st_size, mtime_ms);

    char dir[PATH_MAX];
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    if (xdg && xdg[0] == '/') snprintf(dir, sizeof dir, "%s/ctx", xdg);
    else snprintf(dir, sizeof dir, "/tmp/ctx-%ld", (long) getuid());
    /* Only a folder of ours that nobody else can enter; anything else is for the Java side to explain. */
    struct stat ds;
    if (lstat(dir, &ds) != 0 || !S_ISDIR(ds.st_mode) || ds.st_uid != getuid() || (ds.st_mode & 077)) fallback(argv, argc);

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (snprintf(addr.sun_path, sizeof addr.sun_path, "%s/server.sock", dir) >= (int) sizeof addr.sun_path) fallback(argv, argc);
    sock = socket(AF_UNIX, SOCK_STREAM, 0);
    if (sock < 0 || connect(sock, (struct sockaddr *) &addr, sizeof addr) != 0) fallback(argv, argc);

    struct sigaction sa = {0};
    sa.sa_handler = on_sigint; /* no SA_RESTART: a read in progress returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    signal(SIGALRM, on_alarm);
    signal(SIGPIPE, SIG_IGN);

    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) fallback(argv, argc);
    int ok = send_text('H', build) == 0 && send_text('D', cwd) == 0;
    for (int i = 3; ok && i < argc; i++) ok = send_text('A', argv[i]) == 0;
    for (char **e = environ; ok && *e; e++) {
        if (strncmp(*e, "CTX_CLIENT_TRIED=", 17) != 0) ok = send_text('V', *e) == 0;
    }
    if (!ok || send_frame('R', "", 0) != 0) fallback(argv, argc);

    int started = 0;
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    for (;;) {
        unsigned char head[5];
        if (read_all(head, 5) != 0) break;
        uint32_t len = ((uint32_t) head[1] << 24) | ((uint32_t) head[2] << 16) | ((uint32_t) head[3] << 8) | head[4];
        if (len > (16u << 20)) break;
        if (len > cap) {
            cap = len;
            buf = realloc(buf, cap);
        }
        if (len && read_all(buf, len) != 0) break;
        switch (head[0]) {
        case 'o': started = 1; write_all(1, buf, len); break;
        case 'e': started = 1; write_all(2, buf, len); break;
        case 'i': {
            started = 1;
            uint32_t want = ((uint32_t) (unsigned char) buf[0] << 24) | ((uint32_t) (unsigned char) buf[1] << 16)
                    | ((uint32_t) (unsigned char) buf[2] << 8) | (unsigned char) buf[3];
            char *in = malloc(want ? want : 1);
            ssize_t n;
            do n = read(0, in, want); while (n < 0 && errno == EINTR && !interrupted);
            if (n < 0 && interrupted) {
                /* Ctrl-C while the command waits for input: cancel it, never hand it a short input as if it ended */
                if (interrupted == 1) {
                    interrupted = 2;
                    send_frame('X', "", 0);
                    alarm(2);
                }
            } else {
                send_frame('I', in, n > 0 ? (uint32_t) n : 0);
            }
            free(in);
            break;
        }
        case 'x': {
            int code = (int) (((uint32_t) (unsigned char) buf[0] << 24) | ((uint32_t) (unsigned char) buf[1] << 16)
                    | ((uint32_t) (unsigned char) buf[2] << 8) | (unsigned char) buf[3]);
            return code;
        }
        case 'r':
            if (!started) fallback(argv, argc);
            fprintf(stderr, "ctx: the server refused mid-request: %.*s\n", (int) len, buf);
            return 7;
        default:
            fprintf(stderr, "ctx: unexpected frame from the server\n");
            return 8;
        }
    }
    if (interrupted) return 130;
    if (!started) fallback(argv, argc);
    fprintf(stderr, "ctx: the server ended during this command; run it again to be sure of its result\n");
    return 7;
}
