package vchkrcpt.scan;

import java.util.List;

/** What one domain directory answers for: mailboxes from vpasswd, aliases from .qmail-NAME, the catch-all. */
public record DomainContent(List<String> mailboxes, List<String> aliases, CatchAll catchAll) {
}
