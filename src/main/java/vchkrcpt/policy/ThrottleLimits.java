package vchkrcpt.policy;

/**
 * The throttle's settings. A limit of 0 turns its check off.
 *
 * @param senderLimit    counted rejections after which a sender is rejected (VCHKRCPT_THROTTLE_LIMIT)
 * @param windowSeconds  how long a rejection counts against a sender or client (VCHKRCPT_THROTTLE_WINDOW)
 * @param sessionLimit   cdb-step rejections per SMTP session before 111 (VALIDRCPTTO_LIMIT)
 * @param clientLimit    cdb-step rejections per client address within the window before 111 (VCHKRCPT_IP_LIMIT)
 */
public record ThrottleLimits(int senderLimit, int windowSeconds, int sessionLimit, int clientLimit) {
    public static final ThrottleLimits DEFAULT = new ThrottleLimits(3, 3600, 10, 0);
}
