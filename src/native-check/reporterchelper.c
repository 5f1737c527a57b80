/*
 * Stand-in for GraalVM's lib/svm/builder/lib/libreporterchelper.so, written for vchkrcpt's
 * native-compilability check (scripts/native-check). The image builder's progress reporter
 * (com.oracle.svm.hosted.ProgressReporterCHelper) loads this JNI library from java.home and asks it
 * two things: the terminal width for its output and the builder's peak resident set size.
 * A GraalVM distribution ships the real one; Maven Central does not, so we build this one.
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Columns of the terminal on stdout; 0 when stdout is not a terminal (the caller clamps to 80..120). */
JNIEXPORT jint JNICALL
Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass cls)
{
    struct winsize size;
    (void) env;
    (void) cls;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0) {
        return 0;
    }
    return size.ws_col;
}

/* Peak resident set size of this process in bytes (Linux reports ru_maxrss in KiB); -1 on failure. */
JNIEXPORT jlong JNICALL
Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass cls)
{
    struct rusage usage;
    (void) env;
    (void) cls;
    if (getrusage(RUSAGE_SELF, &usage) != 0) {
        return -1;
    }
    return (jlong) usage.ru_maxrss * 1024;
}
