package vchkrcpt.scan;

/**
 * A vpopmail account. {@code locked}: the BOUNCE_MAIL flag (0x10 in pw_gid, set by
 * {@code vmoduser -b}), with which vdelivermail bounces the account's mail.
 */
public record Mailbox(String name, boolean locked) {
    /** BOUNCE_MAIL in vpopmail.h, the same bit in every version and backend. */
    private static final long BOUNCE_MAIL = 0x10;

    /** @param gid pw_gid: flag bits, NO_POP and the others change nothing here */
    static Mailbox of(String name, long gid) {
        return new Mailbox(name, (gid & BOUNCE_MAIL) != 0);
    }
}
