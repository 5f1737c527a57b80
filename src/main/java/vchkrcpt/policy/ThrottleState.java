package vchkrcpt.policy;

/**
 * The rejections remembered across helper calls. An implementation never fails: when its storage
 * is at fault it says so on stderr and then counts nothing, so the throttle is skipped and the
 * verdict is the one without it.
 */
public interface ThrottleState {
    /** @param sender a lowercased, non-empty sender; @return its counted rejections within the window */
    int senderRejections(String sender);

    /** @return the cdb-step rejections of this client address within the window */
    int clientRejections(String clientIp);

    /** @return the cdb-step rejections of this SMTP session so far */
    int sessionRejections();

    /**
     * Called once after every decision, also when nothing counts (an implementation may finish its
     * own work then). Each non-null argument gets one more rejection.
     *
     * @param sender   a lowercased sender, or null
     * @param clientIp a client address, or null
     * @param session  true to count one more cdb-step rejection in this session
     */
    void record(String sender, String clientIp, boolean session);
}
