package vchkrcpt.scan;

/** What delivery does with mail for an unknown address of a domain, and the {@code @domain} value for it. */
public enum CatchAll {
    /** vdelivermail bounces it: the helper may reject at once. */
    BOUNCE("bounce-no-mailbox", "-bounce-no-mailbox"),
    /** Accepted and thrown away: rejecting is kinder to the sender. */
    DELETE("delete", "-delete"),
    /** Delivered somewhere (an address, a Maildir, a program): every address is valid. */
    DELIVER("deliver", "catchall"),
    /** No .qmail-default: qmail-local bounces; no {@code @domain} key, so the helper rejects. */
    NONE("none", null);

    private final String word;
    private final String value;

    CatchAll(String word, String value) {
        this.word = word;
        this.value = value;
    }

    /** For summaries. */
    public String word() {
        return word;
    }

    /** The data of the {@code @domain} key, or {@code null} for no key. */
    public String value() {
        return value;
    }
}
