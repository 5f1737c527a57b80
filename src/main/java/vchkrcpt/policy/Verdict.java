package vchkrcpt.policy;

import vchkrcpt.Status;

/**
 * The answer for one recipient: the exit status and the reason logged with it.
 *
 * @param status one of {@link Status}'s values
 * @param reason the text after {@code " : "} in the log line
 * @param logged false only for the silent reject of an empty recipient
 */
public record Verdict(int status, String reason, boolean logged) {

    public static Verdict accept(String reason) {
        return new Verdict(Status.ACCEPT, reason, true);
    }

    public static Verdict reject(String reason) {
        return new Verdict(Status.REJECT, reason, true);
    }

    public static Verdict tempfail(String reason) {
        return new Verdict(Status.TEMPFAIL, reason, true);
    }

    public boolean accepted() {
        return status == Status.ACCEPT;
    }

    public boolean rejected() {
        return status == Status.REJECT;
    }
}
