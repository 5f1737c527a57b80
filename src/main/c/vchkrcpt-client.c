/*
 * vchkrcpt-client: the RCPTCHECK helper (or qmail-spp RCPT plugin) that asks the resident checker,
 * `vchkrcpt serve`, instead of starting a JVM for every recipient. scripts/build compiles it into
 * target/vchkrcpt-client.
 *
 * It forwards the environment entries the helper reads, and the SMTP session's key (qmail-smtpd's
 * pid and start time), over the Unix socket VCHKRCPT_SOCKET; the server decides exactly as the
 * helper would and sends back the exit status, the reply line and the lines for stderr. The wire
 * format is described in src/main/java/vchkrcpt/serve/Protocol.java.
 *
 * The rules it keeps, as the helper does: it exits with 0, 100 or 111 only (113 only when
 * VCHKRCPT_LIMIT_EXIT=113 and the server says so); under RCPTCHECK it never reads stdin nor writes
 * stdout, which are the SMTP client's socket; it passes no value to a shell.
 *
 * Without an answering server (no socket, connection refused, a user the server does not serve,
 * another protocol version, a request too large to send) it runs the per-process helper instead,
 * the launcher beside it in its build, with VCHKRCPT_NO_SERVER=1 so that the launcher does not hand the
 * call back to it; VCHKRCPT_FALLBACK=tempfail answers 111 instead. Once its request is written whole
 * the server may have decided and counted it: any failure after that is a 111, never a second try.
 * The whole exchange is bounded by VCHKRCPT_TIMEOUT seconds (default 10).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define VERSION 1
#define HEADER 10
#define MAX_REQUEST 16384
#define MAX_ANSWER (256 * 1024)
#define DEFAULT_SOCKET "/run/vchkrcpt/socket"
#define DEFAULT_TIMEOUT 10
#define MAX_TIMEOUT 3600
/* The one text of the client's own faults, as the launcher's (cli/SmtpReplies.UNVERIFIABLE). */
#define UNVERIFIABLE "451 unable to verify recipient (#4.3.0)"
/* qmail-spp's "plugin failed": 451 for this command. */
#define SPP_FAILED 120
#define REPLY_FD 4

extern char **environ;

/* The variables the helper reads besides its settings (VCHKRCPT_*, VALIDRCPTTO_*). */
static const char *const names[] = {
    "RECIPIENT", "SENDER", "TCPREMOTEIP", "RELAYCLIENT", "SMTP_AUTH_USER", "SMTPAUTHUSER",
    "SMTPRCPTTO", "SMTPMAILFROM", "SMTPRCPTHOSTSOK", NULL
};
static const char *const prefixes[] = {"VCHKRCPT_", "VALIDRCPTTO_", NULL};

static int spp;                 /* a qmail-spp plugin: the answer is a line on stdout */
static int tempfail_fallback;   /* VCHKRCPT_FALLBACK=tempfail */
static const char *socket_path;
static struct timespec deadline;
static char request[HEADER + MAX_REQUEST];

/* "vchkrcpt: " and the text, one line in one write: the log pipe is shared with other qmail-smtpds. */
static void message(const char *format, ...)
{
    char line[1024];
    int n = 10;
    va_list args;

    memcpy(line, "vchkrcpt: ", 10);
    va_start(args, format);
    n += vsnprintf(line + n, sizeof line - n, format, args);
    va_end(args);
    if (n > (int)sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    if (write(2, line, n) < 0) {
        /* Nowhere left to say it. */
    }
}

/* Writes all of it; 0, or -1 when the descriptor would not take it. */
static int write_all(int fd, const char *data, size_t size)
{
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        size -= n;
    }
    return 0;
}

/* fd 4 of jms1's and sagredo's patches: only a pipe open for writing is the reply channel. */
static int reply_channel_usable(void)
{
    struct stat st;
    int flags;
    const char *use = getenv("USE_FD4");

    if (use == NULL || *use == '\0')
        return 0;
    flags = fcntl(REPLY_FD, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY)
        return 0;
    return fstat(REPLY_FD, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* Gives the reply line (at most 1000 bytes) in this variant's terms and ends; status is RCPTCHECK's. */
static void finish(int status, const char *line, size_t length)
{
    char out[1002];

    if (spp) {
        /* qmail-spp cuts the line's last byte and adds CRLF itself: LF alone. */
        if (length == 0)
            exit(0);
        memcpy(out, line, length);
        out[length] = '\n';
        exit(write_all(1, out, length + 1) == 0 ? 0 : SPP_FAILED);
    }
    if (length > 0 && reply_channel_usable()) {
        memcpy(out, line, length);
        out[length] = '\r';
        out[length + 1] = '\n';
        /* Best effort: the exit status carries the answer whether or not the text arrives. */
        write_all(REPLY_FD, out, length + 2);
    }
    exit(status);
}

/* Our own machinery failed: a temporary failure in this variant's terms, with the launcher's words. */
static void fault(const char *format, ...)
{
    char why[900];
    va_list args;

    va_start(args, format);
    vsnprintf(why, sizeof why, format, args);
    va_end(args);
    if (spp) {
        message("fatal: %s; answering " UNVERIFIABLE, why);
        finish(0, "E" UNVERIFIABLE, strlen("E" UNVERIFIABLE));
    }
    message("fatal: %s; answering 111 (try again later)", why);
    finish(111, UNVERIFIABLE, strlen(UNVERIFIABLE));
}

/*
 * No server decided: the per-process helper answers instead (the launcher beside this client in its
 * build directory, target/builds/ID/vchkrcpt), unless VCHKRCPT_FALLBACK=tempfail.
 */
static void fall_back(int quiet, const char *format, ...)
{
    char why[900];
    char self[PATH_MAX];
    char launcher[PATH_MAX + 32];
    char *argv[2];
    char *slash;
    ssize_t n;
    va_list args;

    va_start(args, format);
    vsnprintf(why, sizeof why, format, args);
    va_end(args);
    if (tempfail_fallback)
        fault("%s (VCHKRCPT_FALLBACK=tempfail)", why);
    if (!quiet)
        message("warning: %s; asking the per-process helper", why);

    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        fault("%s, and unable to find the per-process helper: /proc/self/exe: %s", why, strerror(errno));
    self[n] = '\0';
    slash = strrchr(self, '/');
    if (slash != NULL)
        *slash = '\0';
    snprintf(launcher, sizeof launcher, "%s/vchkrcpt", self);
    if (setenv("VCHKRCPT_NO_SERVER", "1", 1) < 0)
        fault("%s, and unable to set VCHKRCPT_NO_SERVER", why);
    /* The helper's own JVM and shell expect the default. */
    signal(SIGPIPE, SIG_DFL);
    argv[0] = launcher;
    argv[1] = NULL;
    execv(launcher, argv);
    fault("%s, and unable to run %s: %s", why, launcher, strerror(errno));
}

/* Milliseconds left until the deadline, at least 1 while any remain; 0 when it has passed. */
static int remaining(void)
{
    struct timespec now;
    long long ms;

    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (long long)(deadline.tv_sec - now.tv_sec) * 1000 + (deadline.tv_nsec - now.tv_nsec) / 1000000;
    if (ms <= 0)
        return 0;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Waits for the socket to be ready; 0, or -1 with errno (ETIMEDOUT past the deadline). */
static int wait_for(int fd, short events)
{
    struct pollfd p;
    int left;

    p.fd = fd;
    p.events = events;
    for (;;) {
        left = remaining();
        if (left == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        switch (poll(&p, 1, left)) {
        case -1:
            if (errno == EINTR)
                continue;
            return -1;
        case 0:
            continue;
        default:
            return 0;
        }
    }
}

/* Reads exactly size bytes; 0, or -1 with errno (0 for the end of the stream). */
static int read_exactly(int fd, char *buffer, size_t size)
{
    while (size > 0) {
        ssize_t n;
        if (wait_for(fd, POLLIN) < 0)
            return -1;
        n = read(fd, buffer, size);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return -1;
        }
        if (n == 0) {
            errno = 0;
            return -1;
        }
        buffer += n;
        size -= n;
    }
    return 0;
}

static int send_all(int fd, const char *data, size_t size)
{
    while (size > 0) {
        ssize_t n;
        if (wait_for(fd, POLLOUT) < 0)
            return -1;
        n = send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return -1;
        }
        data += n;
        size -= n;
    }
    return 0;
}

static const char *reason(void)
{
    return errno == 0 ? "connection closed" : strerror(errno);
}

static unsigned long body_length(const unsigned char *header)
{
    return (unsigned long)header[6] << 24 | (unsigned long)header[7] << 16 | (unsigned long)header[8] << 8
        | header[9];
}

/* A header of the server in this protocol's version: the magic, our version. */
static int ours(const unsigned char *header)
{
    return memcmp(header, "VCHK", 4) == 0 && header[4] == VERSION;
}

/* A whole number from 1 to max, or -1. */
static long long number(const char *text, long long max)
{
    long long value = 0;
    const char *c;

    if (*text == '\0' || strlen(text) > 18)
        return -1;
    for (c = text; *c; c++) {
        if (*c < '0' || *c > '9')
            return -1;
        value = value * 10 + (*c - '0');
    }
    return value >= 1 && value <= max ? value : -1;
}

/*
 * The SMTP session of the harvest limit, as env/ParentProcess names it: "PID:STARTTIME" of
 * qmail-smtpd, whose pid is VCHKRCPT_PARENT when the launcher ran us, else our parent; the start
 * time is field 22 of /proc/PID/stat, counted after the last ')' that closes the command name.
 * Returns its length, or -1 (the per-process helper then finds out what is wrong and says it).
 */
static int session_key(char *key, size_t size)
{
    const char *given = getenv("VCHKRCPT_PARENT");
    char path[64];
    char stat[1024];
    char *at;
    char *end;
    long long pid;
    ssize_t n;
    int fd;
    int field;

    pid = given != NULL ? number(given, 999999999999999999LL) : (long long)getppid();
    if (pid < 1)
        return -1;
    snprintf(path, sizeof path, "/proc/%lld/stat", pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = read(fd, stat, sizeof stat - 1);
    close(fd);
    if (n <= 0)
        return -1;
    stat[n] = '\0';
    at = strrchr(stat, ')');
    if (at == NULL)
        return -1;
    at++;
    for (field = 3; field <= 22; field++) {
        if (*at != ' ')
            return -1;
        at++;
        end = at;
        while (*end != ' ' && *end != '\n' && *end != '\0')
            end++;
        if (field == 22) {
            *end = '\0';
            if (end == at || end - at > 18 || strspn(at, "0123456789") != (size_t)(end - at))
                return -1;
            n = snprintf(key, size, "%lld:%s", pid, at);
            return n > 0 && (size_t)n < size ? (int)n : -1;
        }
        at = end;
    }
    return -1;
}

static int wanted(const char *entry)
{
    const char *const *p;
    size_t length;

    for (p = prefixes; *p; p++)
        if (strncmp(entry, *p, strlen(*p)) == 0)
            return 1;
    for (p = names; *p; p++) {
        length = strlen(*p);
        if (strncmp(entry, *p, length) == 0 && entry[length] == '=')
            return 1;
    }
    return 0;
}

/* The request frame: the session key, NUL, the entries the helper reads. Its length, or -1. */
static long build_request(void)
{
    char *body = request + HEADER;
    char **e;
    int n;
    long size;

    n = session_key(body, MAX_REQUEST);
    if (n < 0)
        fall_back(0, "unable to tell the SMTP session (qmail-smtpd's pid and start time)");
    size = n + 1;
    for (e = environ; *e; e++) {
        size_t length;
        if (!wanted(*e))
            continue;
        length = strlen(*e) + 1;
        if (size + (long)length > MAX_REQUEST)
            return -1;
        memcpy(body + size, *e, length);
        size += length;
    }
    memcpy(request, "VCHK", 4);
    request[4] = VERSION;
    request[5] = 'Q';
    request[6] = (char)(size >> 24);
    request[7] = (char)(size >> 16);
    request[8] = (char)(size >> 8);
    request[9] = (char)size;
    return HEADER + size;
}

/* The server's lines for stderr, one write each, as the helper writes them. */
static void copy_to_stderr(const char *text, size_t size)
{
    while (size > 0) {
        const char *newline = memchr(text, '\n', size);
        size_t length = newline != NULL ? (size_t)(newline - text) + 1 : size;
        if (write_all(2, text, length) < 0)
            return;
        text += length;
        size -= length;
    }
}

static int allowed_status(int status)
{
    const char *limit_exit = getenv("VCHKRCPT_LIMIT_EXIT");

    if (status == 0 || status == 100 || status == 111)
        return 1;
    /* sagredo's "over limit": only where the admin asked for it; elsewhere 113 means accept. */
    return status == 113 && limit_exit != NULL && strcmp(limit_exit, "113") == 0;
}

int main(void)
{
    const char *value;
    struct sockaddr_un address;
    struct timeval connect_timeout;
    unsigned char header[HEADER];
    static char answer[MAX_ANSWER];
    unsigned long length;
    long request_size;
    long long seconds = DEFAULT_TIMEOUT;
    char *nul;
    int fd;
    int left;

    /* A reader gone from fd 4 or the plugin's pipe must not kill us before we exit. */
    signal(SIGPIPE, SIG_IGN);
    spp = getenv("RECIPIENT") == NULL && getenv("SMTPRCPTTO") != NULL;

    value = getenv("VCHKRCPT_TIMEOUT");
    if (value != NULL && *value != '\0') {
        seconds = number(value, MAX_TIMEOUT);
        if (seconds < 0)
            fault("VCHKRCPT_TIMEOUT is %.100s: use a whole number from 1 to %d", value, MAX_TIMEOUT);
    }
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += seconds;
    value = getenv("VCHKRCPT_FALLBACK");
    if (value != NULL && *value != '\0') {
        if (strcmp(value, "tempfail") == 0)
            tempfail_fallback = 1;
        else if (strcmp(value, "helper") != 0)
            fault("VCHKRCPT_FALLBACK is %.100s: use helper (the default) or tempfail", value);
    }
    socket_path = getenv("VCHKRCPT_SOCKET");
    if (socket_path == NULL || *socket_path == '\0')
        socket_path = DEFAULT_SOCKET;
    if (strlen(socket_path) >= sizeof address.sun_path)
        fault("VCHKRCPT_SOCKET is longer than %d bytes", (int)sizeof address.sun_path - 1);

    request_size = build_request();
    if (request_size < 0)
        fall_back(0, "request larger than %d bytes", MAX_REQUEST);

    /* Until the last byte of the request is written, nothing can have been decided: fall back. */
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fall_back(0, "unable to create a socket: %s", strerror(errno));
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    memcpy(address.sun_path, socket_path, strlen(socket_path));
    /* A full listen queue makes connect wait: at most until the deadline. */
    left = remaining();
    connect_timeout.tv_sec = left / 1000;
    connect_timeout.tv_usec = (left % 1000) * 1000;
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &connect_timeout, sizeof connect_timeout);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0)
        fall_back(0, "no server at %s: %s", socket_path, strerror(errno));
    if (read_exactly(fd, (char *)header, HEADER) < 0)
        fall_back(0, "no greeting from the server at %s: %s", socket_path, reason());
    if (!ours(header))
        fall_back(0, "the server at %s speaks another protocol (version %d; this client speaks %d)", socket_path,
                  memcmp(header, "VCHK", 4) == 0 ? header[4] : -1, VERSION);
    if (header[5] == 'B')
        fault("the server at %s is at its connection limit", socket_path);
    if (header[5] == 'D')
        fall_back(0, "the server at %s does not answer this user (VCHKRCPT_CLIENTS)", socket_path);
    if (header[5] != 'R' || body_length(header) != 0)
        fall_back(0, "unexpected greeting from the server at %s", socket_path);
    if (send_all(fd, request, request_size) < 0)
        fall_back(0, "unable to send the request to the server at %s: %s", socket_path, reason());

    /* Sent: the server may have decided and counted. From here on every failure is a 111. */
    if (read_exactly(fd, (char *)header, HEADER) < 0)
        fault("no answer from the server at %s: %s", socket_path, errno == ETIMEDOUT
              ? "none within VCHKRCPT_TIMEOUT" : reason());
    if (!ours(header))
        fault("unreadable answer from the server at %s", socket_path);
    length = body_length(header);
    if (length > sizeof answer - 1)
        fault("answer of %lu bytes from the server at %s", length, socket_path);
    if (read_exactly(fd, answer, length) < 0)
        fault("incomplete answer from the server at %s: %s", socket_path, reason());
    close(fd);
    answer[length] = '\0';
    switch (header[5]) {
    case 'A':
        nul = length >= 2 ? memchr(answer + 1, '\0', length - 1) : NULL;
        if (nul == NULL)
            fault("malformed answer from the server at %s", socket_path);
        if (!allowed_status((unsigned char)answer[0]))
            fault("the server at %s answered status %d", socket_path, (unsigned char)answer[0]);
        if (nul - answer - 1 > 1000)
            fault("reply line of %d bytes from the server at %s", (int)(nul - answer - 1), socket_path);
        /* Under qmail-spp no line means accept: a refusal without one is no answer. */
        if (spp && answer[0] != 0 && nul == answer + 1)
            fault("refusal without a reply line from the server at %s", socket_path);
        copy_to_stderr(nul + 1, length - (size_t)(nul + 1 - answer));
        finish((unsigned char)answer[0], answer + 1, (size_t)(nul - answer - 1));
        break;
    case 'F':
        /* The server decided nothing, and says why. */
        copy_to_stderr(answer, length);
        fall_back(1, "the server at %s asked for the per-process helper", socket_path);
        break;
    case 'E':
        fault("the server at %s refused the request: %.200s", socket_path, answer);
        break;
    default:
        fault("unexpected answer from the server at %s", socket_path);
    }
    return 111;
}
