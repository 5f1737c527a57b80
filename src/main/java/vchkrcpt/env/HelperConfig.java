package vchkrcpt.env;

import java.util.Map;

import vchkrcpt.policy.Unverifiable;

/**
 * The helper's settings, from the environment only (envdir in the run file), with qmail's defaults.
 * Relative paths are relative to the qmail home, qmail-smtpd's working directory.
 */
public record HelperConfig(String cdbPath, String allowPath, LogMode logMode, String syslogSocket, int deadlineSeconds,
        boolean logClient) {

    public enum LogMode { SYSLOG, STDERR, BOTH }

    /** qmail's home, where qmail-smtpd runs the helper. */
    public static final String QMAIL_HOME = "/var/qmail";
    public static final String DEFAULT_CDB = QMAIL_HOME + "/control/validrcptto.cdb";
    public static final String DEFAULT_ALLOW = QMAIL_HOME + "/control/vchkrcpt-allow";
    public static final String DEFAULT_SYSLOG = "/dev/log";
    /** qmail-smtpd waits for the helper without a timeout: past this the helper answers 111 itself. */
    public static final int DEFAULT_DEADLINE = 20;
    public static final int MAX_DEADLINE = 3600;

    /** @throws Unverifiable for a setting that cannot be meant: a typo must not reject mail */
    public static HelperConfig from(Map<String, String> env) throws Unverifiable {
        return new HelperConfig(
                Settings.orDefault(env, "VALIDRCPTTO_CDB", DEFAULT_CDB),
                Settings.orDefault(env, "VCHKRCPT_ALLOW", DEFAULT_ALLOW),
                logMode(Settings.orDefault(env, "VCHKRCPT_LOG", "syslog")),
                Settings.orDefault(env, "VCHKRCPT_SYSLOG", DEFAULT_SYSLOG),
                deadline(env),
                logClient(Settings.orDefault(env, "VCHKRCPT_LOG_CLIENT", "0")));
    }

    /** VCHKRCPT_DEADLINE, seconds: read first, so that the deadline also covers the rest of the call. */
    public static int deadline(Map<String, String> env) throws Unverifiable {
        return Settings.number(env, "VCHKRCPT_DEADLINE", DEFAULT_DEADLINE, 1, MAX_DEADLINE);
    }

    /** VCHKRCPT_LOG_CLIENT=1 adds the client's address and qmail-smtpd's pid to each decision line. */
    private static boolean logClient(String value) throws Unverifiable {
        switch (value) {
            case "0":
                return false;
            case "1":
                return true;
            default:
                throw new Unverifiable("VCHKRCPT_LOG_CLIENT is " + value + ": use 1 (on) or 0 (off)");
        }
    }

    private static LogMode logMode(String value) throws Unverifiable {
        switch (value) {
            case "syslog":
                return LogMode.SYSLOG;
            case "stderr":
                return LogMode.STDERR;
            case "both":
                return LogMode.BOTH;
            default:
                throw new Unverifiable("VCHKRCPT_LOG is " + value + ": use syslog, stderr or both");
        }
    }
}
