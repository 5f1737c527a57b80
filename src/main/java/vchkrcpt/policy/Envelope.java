package vchkrcpt.policy;

/**
 * What one RCPT check is about. Addresses are byte strings: each char holds one byte of the
 * address as qmail-smtpd passed it (ISO-8859-1 decoding), so no byte is lost or replaced.
 *
 * @param sender      the envelope sender, empty for the null sender {@code <>}
 * @param recipient   the envelope recipient, case preserved
 * @param clientIp    the SMTP client's address (TCPREMOTEIP), empty when unknown
 * @param relayClient the client may relay (RELAYCLIENT is set, by tcprules or a POP-before-SMTP tool)
 * @param authUser    the user the client authenticated as (SMTP AUTH), empty when it did not
 */
public record Envelope(String sender, String recipient, String clientIp, boolean relayClient, String authUser) {

    /** A client that is neither a relay client nor authenticated: mail from the outside. */
    public Envelope(String sender, String recipient, String clientIp) {
        this(sender, recipient, clientIp, false, "");
    }
}
