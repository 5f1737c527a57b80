/*
 * libvchkrcptlog.so: vchkrcpt's decision lines to syslog, for vchkrcpt.log.SyslogSocket, and the
 * helper's deadline, for vchkrcpt.cli.Deadline.
 *
 * The datagram is the one `logger -p mail.info -t vchkrcpt LINE` sends to a local socket:
 * "<22>Mmm dd hh:mm:ss vchkrcpt: LINE", local time from the C library as logger takes it (TZ,
 * else /etc/localtime). The time stamp is made here because java.util.TimeZone costs the JVM
 * more start-up than the whole look-up. The JDK has no datagram UNIX sockets; of the routes
 * measured (README, "Syslog route") this JNI call is the cheapest.
 *
 * MSG_DONTWAIT: when syslogd is stuck and its queue is full, the datagram fails at once (the
 * caller then writes the line to stderr) instead of hanging the SMTP session, which has no timeout.
 * No JNI call back into Java but NewStringUTF, so a native image needs no JNI metadata for it.
 */
#include <errno.h>
#include <signal.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* facility mail (2) * 8 + severity info (6), and the tag: logger -p mail.info -t vchkrcpt */
#define PRIORITY "<22>"
#define TAG " vchkrcpt: "
/* "<22>" "Mmm dd hh:mm:ss" " vchkrcpt: " */
#define HEADER_SIZE (sizeof PRIORITY - 1 + 15 + sizeof TAG - 1)

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

static jstring reason(JNIEnv *env, int error)
{
    return (*env)->NewStringUTF(env, strerror(error));
}

/* RFC 3164's "Mmm dd hh:mm:ss" with a space-padded day, in English whatever the locale. */
static void timestamp(char out[16])
{
    time_t now = time(NULL);
    struct tm local;

    if (localtime_r(&now, &local) == NULL)
        memset(&local, 0, sizeof local);
    snprintf(out, 16, "%.3s %2d %02d:%02d:%02d", months + 3 * (local.tm_mon % 12),
             local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec);
}

/* Sends "<22>Mmm dd hh:mm:ss vchkrcpt: LINE" to the socket; null when sent, else the reason. */
JNIEXPORT jstring JNICALL
Java_vchkrcpt_log_SyslogSocket_send0(JNIEnv *env, jclass cls, jbyteArray path, jbyteArray line)
{
    struct sockaddr_un address;
    jsize pathLength = (*env)->GetArrayLength(env, path);
    jsize lineLength = (*env)->GetArrayLength(env, line);
    char stamp[16];
    char *datagram;
    ssize_t sent;
    int fd;
    int error = 0;

    (void)cls;
    if ((size_t)pathLength >= sizeof address.sun_path)
        return reason(env, ENAMETOOLONG);
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    (*env)->GetByteArrayRegion(env, path, 0, pathLength, (jbyte *)address.sun_path);

    /* A copy of our own, not GetByteArrayElements: its failure would leave an exception pending. */
    datagram = malloc(HEADER_SIZE + (size_t)lineLength);
    if (datagram == NULL)
        return reason(env, ENOMEM);
    timestamp(stamp);
    memcpy(datagram, PRIORITY, sizeof PRIORITY - 1);
    memcpy(datagram + sizeof PRIORITY - 1, stamp, 15);
    memcpy(datagram + sizeof PRIORITY - 1 + 15, TAG, sizeof TAG - 1);
    (*env)->GetByteArrayRegion(env, line, 0, lineLength, (jbyte *)datagram + HEADER_SIZE);

    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errno;
    } else {
        sent = sendto(fd, datagram, HEADER_SIZE + (size_t)lineLength, MSG_DONTWAIT,
                      (struct sockaddr *)&address, sizeof address);
        if (sent < 0)
            error = errno;
        close(fd);
    }
    free(datagram);
    return error ? reason(env, error) : NULL;
}

/*
 * The helper's deadline: after this many seconds (0: none) the process ends with status 124,
 * whatever it is blocked on, and the launcher answers 111 for it. A handler that exits rather than
 * SIGALRM's default action: a shell reports a death by signal on its stderr, and that write would
 * block on the very log pipe that may be what is stuck. Cheaper than a watchdog thread, which costs
 * every call about 1 ms.
 */
#define DEADLINE_STATUS 124

static void deadline_passed(int signal)
{
    (void)signal;
    _exit(DEADLINE_STATUS);
}

JNIEXPORT void JNICALL
Java_vchkrcpt_cli_Deadline_alarm0(JNIEnv *env, jclass cls, jint seconds)
{
    static int installed;
    struct sigaction action;

    (void)env;
    (void)cls;
    if (!installed) {
        memset(&action, 0, sizeof action);
        action.sa_handler = deadline_passed;
        sigemptyset(&action.sa_mask);
        sigaction(SIGALRM, &action, NULL);
        installed = 1;
    }
    alarm((unsigned)seconds);
}
