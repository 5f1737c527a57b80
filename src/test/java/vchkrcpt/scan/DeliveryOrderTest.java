package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The keys of one domain follow qmail-local's and vdelivermail's order (vdelivermail.c, 5.4 and 5.6). */
class DeliveryOrderTest {
    private static Map<String, String> keys(List<String> dotQmail, List<String> aliases, boolean qmailExt, Mailbox... mailboxes) {
        return new TreeMap<>(DeliveryOrder.keys(dotQmail, new DomainUsers(List.of(mailboxes), aliases), qmailExt));
    }

    private static Mailbox user(String name) {
        return new Mailbox(name, false);
    }

    private static Mailbox locked(String name) {
        return new Mailbox(name, true);
    }

    @Test
    void withoutQmailExtOnlyTheNamesThemselves() {
        assertEquals(Map.of("alice", "user", "bob", "-locked", "info", "alias"),
                keys(List.of("info"), List.of(), false, user("alice"), locked("bob")));
    }

    /** vdelivermail cuts user-ext at the FIRST dash: a-b-c goes to a, never to a-b. */
    @Test
    void qmailExtCutsAtTheFirstDash() {
        assertEquals(Map.of("alice", "user", "alice-default", "user", "a-b", "user", "bob", "-locked", "bob-default", "-locked"),
                keys(List.of(), List.of(), true, user("alice"), user("a-b"), locked("bob")));
    }

    /** .qmail-NAME files come first (qmail-local), then valias rows, then accounts. */
    @Test
    void aliasesWinOverAccounts() {
        assertEquals(Map.of("bob", "alias", "bob-default", "alias", "carol", "alias", "carol-default", "user"),
                keys(List.of("carol"), List.of("bob"), true, locked("bob"), user("carol")));
        assertEquals(Map.of("dave-default", "alias", "dave", "-locked"),
                keys(List.of("dave-default"), List.of(), true, locked("dave")));
    }

    /** A locked account that a -default alias (file or row), or the qmail-ext alias row, reaches first. */
    @Test
    void aLockedAccountCaughtByAnAliasIsAccepted() {
        assertEquals(Map.of("team-default", "alias", "team-lead", "alias"),
                keys(List.of("team-default"), List.of(), false, locked("team-lead")));
        assertEquals(Map.of("team-default", "alias", "team-lead", "alias"),
                keys(List.of(), List.of("team-default"), false, locked("team-lead")));
        assertEquals(Map.of("team", "alias", "team-default", "alias", "team-lead", "alias"),
                keys(List.of(), List.of("team"), true, locked("team-lead")));
        // Without qmail-ext the row "team" does not reach team-lead.
        assertEquals(Map.of("team", "alias", "team-lead", "-locked"),
                keys(List.of(), List.of("team"), false, locked("team-lead")));
        // .qmail-team (not -default) does not reach team-lead either.
        assertEquals(Map.of("team", "alias", "team-lead", "-locked"),
                keys(List.of("team"), List.of(), true, locked("team-lead")));
    }
}
