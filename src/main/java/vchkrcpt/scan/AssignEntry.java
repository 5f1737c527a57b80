package vchkrcpt.scan;

/**
 * One {@code +DOMAIN-:REALDOMAIN:UID:GID:DIR:-::} line of users/assign. An alias domain has its
 * own line with the real domain's name in field 2 and the real domain's directory. {@code uid}
 * is the user qmail-local delivers as, and so the owner of vpopmail's files in the directory.
 */
public record AssignEntry(String domain, String realDomain, String dir, int uid) {
}
