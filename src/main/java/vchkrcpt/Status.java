package vchkrcpt;

/** Exit statuses as qmail-smtpd's RCPTCHECK patch reads them. Any other status means "accept". */
public final class Status {
    public static final int ACCEPT = 0;
    /** 553 to the client; the session goes on. */
    public static final int REJECT = 100;
    /** 421 to the client: the recipient could not be verified now. */
    public static final int TEMPFAIL = 111;

    private Status() {
    }
}
