package vchkrcpt.scan;

/**
 * One {@code +DOMAIN-:REALDOMAIN:UID:GID:DIR:-::} line of users/assign. An alias domain has its
 * own line with the real domain's name in field 2 and the real domain's directory.
 */
public record AssignEntry(String domain, String realDomain, String dir) {
}
