/*
 * runone [-v KIB] PROGRAM [ARG...]: runs the program once with stdin, stdout and stderr on /dev/null
 * (and with -v, under that hard and soft address-space limit) and
 * prints "WALL_NS CPU_NS MAXRSS_KB EXIT" (CPU is user + system time, EXIT is 128+N for a signal). Written in C because wait4's
 * ru_maxrss also counts the memory the child had before exec, which for a fork of Python or the
 * JVM is that whole interpreter: this process is small enough not to mask what is measured.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct timespec t0, t1;
    struct rusage usage;
    int status;
    pid_t pid;
    struct rlimit limit = {RLIM_INFINITY, RLIM_INFINITY};

    if (argc > 3 && strcmp(argv[1], "-v") == 0) {
        limit.rlim_cur = limit.rlim_max = strtoul(argv[2], NULL, 10) * 1024;
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) {
        fputs("usage: runone [-v KIB] PROGRAM [ARG...]\n", stderr);
        return 111;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    if (pid < 0) {
        perror("runone: fatal: unable to fork");
        return 111;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
            _exit(126);
        if (limit.rlim_max != RLIM_INFINITY && setrlimit(RLIMIT_AS, &limit) < 0)
            _exit(126);
        execv(argv[1], argv + 1);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("runone: fatal: unable to wait");
        return 111;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%lld %lld %ld %d\n",
           (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec),
           (long long)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000LL
               + (long long)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000LL,
           usage.ru_maxrss,
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
