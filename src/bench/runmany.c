/*
 * runmany -n IN_FLIGHT -c CALLS -s STATUS PROGRAM [ARG...]: runs the program CALLS times, IN_FLIGHT at
 * a time (a new one starts as soon as one ends), each with stdin, stdout and stderr on /dev/null, and
 * prints "WALL_NS CPU_NS UNEXPECTED": the wall time of the whole run, the CPU time (user + system)
 * of all the calls, and how many calls did not exit with STATUS. Written in C for the same reason
 * as runone: a driver in Python or Java would cost more per call than some of the programs it runs.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
    fputs("usage: runmany -n IN_FLIGHT -c CALLS -s STATUS PROGRAM [ARG...]\n", stderr);
    exit(111);
}

int main(int argc, char **argv)
{
    struct timespec t0, t1;
    struct rusage usage_children;
    long in_flight = 0, calls = 0, status_wanted = -1, started = 0, running = 0, unexpected = 0;
    int option;
    int null;

    while ((option = getopt(argc, argv, "+n:c:s:")) != -1) {
        switch (option) {
        case 'n': in_flight = strtol(optarg, NULL, 10); break;
        case 'c': calls = strtol(optarg, NULL, 10); break;
        case 's': status_wanted = strtol(optarg, NULL, 10); break;
        default: usage();
        }
    }
    if (in_flight < 1 || calls < 1 || status_wanted < 0 || optind >= argc)
        usage();
    null = open("/dev/null", O_RDWR);
    if (null < 0) {
        perror("runmany: fatal: unable to open /dev/null");
        return 111;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (started < calls || running > 0) {
        int status;
        while (started < calls && running < in_flight) {
            pid_t pid = fork();
            if (pid < 0) {
                perror("runmany: fatal: unable to fork");
                return 111;
            }
            if (pid == 0) {
                if (dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
                    _exit(126);
                execv(argv[optind], argv + optind);
                _exit(127);
            }
            started++;
            running++;
        }
        if (wait(&status) < 0) {
            perror("runmany: fatal: unable to wait");
            return 111;
        }
        running--;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != status_wanted)
            unexpected++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    getrusage(RUSAGE_CHILDREN, &usage_children);
    printf("%lld %lld %ld\n",
           (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec),
           (long long)(usage_children.ru_utime.tv_sec + usage_children.ru_stime.tv_sec) * 1000000000LL
               + (long long)(usage_children.ru_utime.tv_usec + usage_children.ru_stime.tv_usec) * 1000LL,
           unexpected);
    return 0;
}
