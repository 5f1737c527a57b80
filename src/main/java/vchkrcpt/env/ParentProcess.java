package vchkrcpt.env;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The SMTP session a helper call belongs to: the qmail-smtpd process that runs the helper, named
 * by its pid and its start time (field 22 of /proc/PID/stat, clock ticks since boot), so a reused
 * pid is a new session. Between qmail-smtpd and the JVM sits the launcher script, which passes its
 * own parent's pid; a program that qmail-smtpd runs directly has qmail-smtpd as its parent.
 */
public final class ParentProcess {
    private static final String PROC = "/proc/";

    private ParentProcess() {
    }

    /**
     * @param launcherParent the pid the launcher passed (VCHKRCPT_PARENT), or null
     * @return {@code PID:STARTTIME} of the session's process
     */
    public static String sessionKey(String launcherParent) throws IOException {
        long pid = sessionPid(launcherParent);
        return pid + ":" + startTime(stat(Long.toString(pid)));
    }

    /**
     * @param launcherParent the pid the launcher passed (VCHKRCPT_PARENT), or null
     * @return the pid of the session's process (qmail-smtpd)
     */
    public static long sessionPid(String launcherParent) throws IOException {
        return launcherParent != null ? pid(launcherParent) : parentPid(stat("self"));
    }

    /** The start time of a running process, to tell whether a session's process still runs. */
    public static long startTime(long pid) throws IOException {
        return startTime(stat(Long.toString(pid)));
    }

    private static String stat(String process) throws IOException {
        try (FileInputStream in = new FileInputStream(PROC + process + "/stat")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IOException("unable to read " + PROC + process + "/stat: " + e.getMessage());
        }
    }

    static long pid(String text) throws IOException {
        long pid = digits(text);
        if (pid < 1) {
            throw new IOException("not a process id: " + text);
        }
        return pid;
    }

    /** Field 4 of /proc/PID/stat. */
    static long parentPid(String stat) throws IOException {
        return digits(field(stat, 4));
    }

    /** Field 22 of /proc/PID/stat: when the process started, in clock ticks after boot. */
    static long startTime(String stat) throws IOException {
        return digits(field(stat, 22));
    }

    /**
     * Field {@code n} (counted from 1, as in proc(5)) of a stat line. Field 2 is the command name
     * in parentheses, which may itself hold blanks and parentheses: the fields from 3 on follow
     * the last {@code ')'}.
     */
    static String field(String stat, int n) throws IOException {
        int close = stat.lastIndexOf(')');
        if (close < 0 || n < 3) {
            throw new IOException("unexpected /proc stat line");
        }
        int at = close + 1;
        for (int field = 3; ; field++) {
            if (at >= stat.length() || stat.charAt(at) != ' ') {
                throw new IOException("unexpected /proc stat line: no field " + n);
            }
            int end = at + 1;
            while (end < stat.length() && stat.charAt(end) != ' ' && stat.charAt(end) != '\n') {
                end++;
            }
            if (field == n) {
                return stat.substring(at + 1, end);
            }
            at = end;
        }
    }

    private static long digits(String text) throws IOException {
        if (text.isEmpty() || text.length() > 18) {
            throw new IOException("not a number: " + text);
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("not a number: " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
