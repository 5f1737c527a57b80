package vchkrcpt.env;

import java.util.Map;

import vchkrcpt.policy.Unverifiable;

/** The helper's settings, from the environment only (envdir in the run file), with qmail's defaults. */
public record HelperConfig(String cdbPath, String allowPath, LogMode logMode, String syslogSocket) {

    public enum LogMode { SYSLOG, STDERR, BOTH }

    public static final String DEFAULT_CDB = "/var/qmail/control/validrcptto.cdb";
    public static final String DEFAULT_ALLOW = "/var/qmail/control/vchkrcpt-allow";
    public static final String DEFAULT_SYSLOG = "/dev/log";

    /** @throws Unverifiable for a setting that cannot be meant: a typo must not reject mail */
    public static HelperConfig from(Map<String, String> env) throws Unverifiable {
        return new HelperConfig(
                orDefault(env, "VALIDRCPTTO_CDB", DEFAULT_CDB),
                orDefault(env, "VCHKRCPT_ALLOW", DEFAULT_ALLOW),
                logMode(orDefault(env, "VCHKRCPT_LOG", "syslog")),
                orDefault(env, "VCHKRCPT_SYSLOG", DEFAULT_SYSLOG));
    }

    public static String orDefault(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? fallback : value;
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
