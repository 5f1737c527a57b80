package vchkrcpt.policy;

import vchkrcpt.Status;

/**
 * The throttle's settings. A limit of 0 turns its check off.
 *
 * @param senderLimit    counted rejections after which a sender is refused (VCHKRCPT_THROTTLE_LIMIT)
 * @param windowSeconds  how long a rejection counts against a sender or client (VCHKRCPT_THROTTLE_WINDOW)
 * @param sessionLimit   refused recipients per SMTP session before the limit answers (VALIDRCPTTO_LIMIT)
 * @param clientLimit    refused recipients per client address within the window (VCHKRCPT_IP_LIMIT)
 * @param throttleStatus the exit status of the throttle's refusal: 111, or the script's 100 (VCHKRCPT_THROTTLE_EXIT)
 * @param limitStatus    the exit status of the harvest limits: 111, or 113 for sagredo's qmail (VCHKRCPT_LIMIT_EXIT)
 */
public record ThrottleLimits(int senderLimit, int windowSeconds, int sessionLimit, int clientLimit,
        int throttleStatus, int limitStatus) {
    /** sagredo's qmail-smtpd: "over limit", 421 and hang up. On Soffian's patch 113 means accept. */
    public static final int SAGREDO_LIMIT_STATUS = 113;

    public static final ThrottleLimits DEFAULT = new ThrottleLimits(3, 3600, 10, 0);

    /** The limits with the default exit statuses. */
    public ThrottleLimits(int senderLimit, int windowSeconds, int sessionLimit, int clientLimit) {
        this(senderLimit, windowSeconds, sessionLimit, clientLimit, Status.TEMPFAIL, Status.TEMPFAIL);
    }
}
