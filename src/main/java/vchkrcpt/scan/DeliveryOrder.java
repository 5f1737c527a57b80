package vchkrcpt.scan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one vpopmail domain, so that the helper's look-up (the exact address, then
 * {@code PREFIX-default} from the longest prefix, then {@code @domain}) accepts exactly what
 * delivery accepts. Delivery tries, for {@code local@domain}:
 * <ol>
 * <li>qmail-local: {@code .qmail-LOCAL}, then {@code .qmail-PREFIX-default} from the longest
 * prefix (any of these delivers);
 * <li>vdelivermail (from {@code .qmail-default}), with SQL/LDAP aliases: the alias row
 * {@code local}, then {@code PREFIX-default} rows from the longest prefix, then, with qmail-ext,
 * the row named by the text before the FIRST dash;
 * <li>the account {@code local}, then, with qmail-ext, the account named by the text before the
 * first dash (so {@code a-b-c} goes to {@code a}, never to {@code a-b}); a BOUNCE_MAIL account
 * bounces;
 * <li>the catch-all.
 * </ol>
 * Aliases win over accounts for the same key. A locked account whose address an alias wildcard
 * catches first gets an accepting key, since the alias delivers its mail.
 */
final class DeliveryOrder {
    static final String MAILBOX = "user";
    static final String ALIAS = "alias";
    /** A BOUNCE_MAIL account: the helper rejects ({@code address rejected}). */
    static final String LOCKED = "-locked";

    private static final String DEFAULT = "default";

    private DeliveryOrder() {
    }

    /** Local part -> value. {@code dotQmail}: the {@code .qmail-NAME} names of the domain directory. */
    static Map<String, String> keys(List<String> dotQmail, DomainUsers users, boolean qmailExt) {
        Map<String, String> keys = new HashMap<>();
        for (String name : dotQmail) {
            keys.put(name, ALIAS);
        }
        for (String name : users.aliases()) {
            keys.putIfAbsent(name, ALIAS);
            if (qmailExt && name.indexOf('-') < 0) {
                keys.putIfAbsent(name + "-" + DEFAULT, ALIAS);
            }
        }
        for (Mailbox mailbox : users.mailboxes()) {
            String name = mailbox.name();
            keys.putIfAbsent(name, !mailbox.locked() ? MAILBOX
                    : aliasCatches(name, dotQmail, users.aliases(), qmailExt) ? ALIAS : LOCKED);
            if (qmailExt && name.indexOf('-') < 0) {
                keys.putIfAbsent(name + "-" + DEFAULT, mailbox.locked() ? LOCKED : MAILBOX);
            }
        }
        return keys;
    }

    /** Whether a {@code .qmail-PREFIX-default} file or an alias row reaches {@code name} before its account. */
    private static boolean aliasCatches(String name, List<String> dotQmail, List<String> aliases, boolean qmailExt) {
        for (int dash = name.indexOf('-'); dash >= 0; dash = name.indexOf('-', dash + 1)) {
            String wildcard = name.substring(0, dash + 1) + DEFAULT;
            if (dotQmail.contains(wildcard) || aliases.contains(wildcard)) {
                return true;
            }
        }
        int first = name.indexOf('-');
        return qmailExt && first >= 0 && aliases.contains(name.substring(0, first));
    }
}
