package vchkrcpt.policy;

/**
 * The rejections remembered across helper calls. An implementation never fails: when its storage
 * is at fault it says so on stderr and then counts nothing, so the throttle is skipped and the
 * verdict is the one without it.
 */
public interface ThrottleState {
    /** @param sender a sender's key ({@link ThrottleRules#senderKey}); @return its counted rejections within the window */
    int senderRejections(String sender);

    /** @param client a client's key ({@link ThrottleRules#clientKey}); @return its refused recipients within the window */
    int clientRejections(String client);

    /** @return the refused recipients of this SMTP session so far */
    int sessionRejections();

    /**
     * Called once after every decision, also when nothing counts (an implementation may finish its
     * own work then). Each non-null argument gets one more rejection.
     *
     * @param sender  a sender's key, or null
     * @param client  a client's key, or null
     * @param session true to count one more refused recipient in this session
     */
    void record(String sender, String client, boolean session);
}
