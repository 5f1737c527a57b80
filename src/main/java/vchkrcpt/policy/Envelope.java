package vchkrcpt.policy;

/**
 * What one RCPT check is about. Addresses are byte strings: each char holds one byte of the
 * address as qmail-smtpd passed it (ISO-8859-1 decoding), so no byte is lost or replaced.
 *
 * @param sender    the envelope sender, empty for the null sender {@code <>}
 * @param recipient the envelope recipient, case preserved
 * @param clientIp  the SMTP client's address (TCPREMOTEIP), empty when unknown
 */
public record Envelope(String sender, String recipient, String clientIp) {
}
