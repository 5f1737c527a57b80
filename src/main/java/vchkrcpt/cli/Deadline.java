package vchkrcpt.cli;

import java.util.concurrent.locks.LockSupport;

import vchkrcpt.env.JniLibrary;

/**
 * qmail-smtpd waits for the helper without a timeout, and so does its client: whatever the helper
 * is stuck on (a stalled file system, a full log pipe), it must answer in time. An alarm(2) through
 * the JNI library ends the process with status 124, for which the launcher answers 111; without the
 * library (no C compiler at build time) a watchdog thread answers instead, about 1 ms more per call.
 */
abstract class Deadline {
    /** Starts the clock. */
    static Deadline arm(int seconds, Timeout onTimeout) {
        boolean alarm;
        try {
            alarm = JniLibrary.load();
        } catch (UnsatisfiedLinkError e) {
            alarm = false;
        }
        if (alarm) {
            try {
                alarm0(seconds);
                return new Alarm();
            } catch (UnsatisfiedLinkError e) {
                // A library from an older build, without the function: the thread instead.
            }
        }
        Watchdog watchdog = new Watchdog(seconds, onTimeout);
        watchdog.start();
        return watchdog;
    }

    /** Stops the clock, before the answer is given: a late alarm must not answer a second time. */
    abstract void disarm();

    interface Timeout {
        /** Gives the fault answer; returns its exit status, or -1 when an answer was given already. */
        int fault(String message);
    }

    private static native void alarm0(int seconds);

    private static final class Alarm extends Deadline {
        @Override
        void disarm() {
            alarm0(0);
        }
    }

    private static final class Watchdog extends Deadline {
        private final Thread thread;

        Watchdog(int seconds, Timeout onTimeout) {
            // Parks rather than sleeps: Thread.sleep loads its JFR event classes on every call.
            thread = new Thread("deadline") {
                @Override
                public void run() {
                    long end = System.nanoTime() + seconds * 1_000_000_000L;
                    for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                        if (isInterrupted()) {
                            return;
                        }
                    }
                    int status = onTimeout.fault("no answer within VCHKRCPT_DEADLINE=" + seconds + " s");
                    if (status >= 0) {
                        Runtime.getRuntime().halt(status);
                    }
                }
            };
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        void disarm() {
            thread.interrupt();
        }
    }
}
