package vchkrcpt.scan;

import java.util.List;

/**
 * What a user store holds for one domain: its mailboxes, and the aliases it keeps outside .qmail
 * files (SQL or LDAP valias entries: names only, lowercased). Names are byte strings.
 */
public record DomainUsers(List<Mailbox> mailboxes, List<String> aliases) {
}
