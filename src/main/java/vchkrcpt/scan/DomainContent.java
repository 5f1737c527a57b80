package vchkrcpt.scan;

import java.util.List;

/**
 * What one domain directory answers for: the accounts and aliases of the user store, the
 * {@code .qmail-NAME} aliases, the catch-all.
 */
public record DomainContent(DomainUsers users, List<String> dotQmail, CatchAll catchAll) {
}
