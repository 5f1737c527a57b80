package vchkrcpt.policy;

/** The admin's list of senders whose mail is accepted unchecked: addresses and {@code @domain}s. */
public interface SenderAllowList {
    /** @param entry a lowercased address or {@code @domain} */
    boolean contains(String entry) throws Unverifiable;
}
