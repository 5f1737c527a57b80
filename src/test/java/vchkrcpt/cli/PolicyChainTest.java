package vchkrcpt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.MemoryThrottleState;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.RecipientDb;
import vchkrcpt.policy.SenderAllowList;
import vchkrcpt.policy.Trace;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;
import vchkrcpt.policy.Verdict.Kind;

/** The one chain of the helper and of {@code check}: each rule in its place, the first decision wins. */
class PolicyChainTest {
    private static final Map<String, String> KEYS = Map.of(
            "joe@example.com", "",
            "sales@example.com", "alias",
            "joe-default@example.com", "",
            "joe-spam@example.com", "-",
            "a!b@example.com", "",
            "@catchall.example", "",
            "@delete.example", "-delete",
            "@bounce.example", "-bounce-no-mailbox");
    private static final Set<String> ALLOWED = Set.of("boss@partner.example", "@friends.example");

    private static final ThrottleLimits LIMITS = new ThrottleLimits(3, 3600, 10, 0);

    private final List<String> asked = new ArrayList<>();
    private final MemoryThrottleState throttle = new MemoryThrottleState();

    private Verdict decide(String sender, String recipient) throws Unverifiable {
        return decide(new Envelope(sender, recipient, "192.0.2.1"));
    }

    /** The chain on KEYS and ALLOWED, noting in {@code asked} every question to either. */
    private Verdict decide(Envelope envelope) throws Unverifiable {
        RecipientDb db = key -> {
            asked.add("cdb " + key);
            return KEYS.get(key);
        };
        SenderAllowList list = entry -> {
            asked.add("allow " + entry);
            return ALLOWED.contains(entry);
        };
        return Policy.chain(list, db, throttle, LIMITS).decide(envelope, Trace.NONE);
    }

    @ParameterizedTest(name = "<{0}> -> <{1}>: {2} {3}")
    @CsvSource(delimiter = '|', value = {
        // 2. the allow-list comes before every check of the recipient
        "Boss@Partner.Example  | nobody@unknown.example      | 0   | ok (sender explicitly allowed: Boss@Partner.Example)",
        "x@FRIENDS.example     | a@b@c                       | 0   | ok (sender explicitly allowed: x@FRIENDS.example)",
        // 3. bare postmaster, before the syntax check that would refuse it for lack of an @
        "''                    | PostMaster                  | 0   | postmaster ok",
        "spammer@bad.example   | postmaster                  | 0   | postmaster ok",
        // 4. syntax, before the look-up (a!b@example.com is even a key)
        "''                    | a!b@example.com             | 100 | illegal username",
        "''                    | joe                         | 100 | illegal username",
        "''                    | @catchall.example           | 100 | illegal username",
        "''                    | joe@example.com@            | 100 | illegal username",
        // 6. the look-up
        "''                    | Joe@Example.COM             | 0   | account ok",
        "''                    | sales@example.com           | 0   | alias ok",
        "''                    | joe-tmda-123.abc@example.com| 0   | user-alias ok",
        "''                    | joe-spam@example.com        | 100 | address rejected",
        "''                    | anyone@catchall.example     | 0   | catchall=ok",
        "''                    | anyone@delete.example       | 100 | catchall=delete",
        "''                    | anyone@bounce.example       | 100 | catchall=bounce-no-mailbox",
        "''                    | anyone@example.com          | 100 | catchall=none",
        "''                    | anyone@unknown.example      | 100 | catchall=none",
        "postmaster@example.com| anyone@unknown.example      | 100 | catchall=none",
    })
    void eachRuleInItsPlace(String sender, String recipient, int status, String reason) throws Unverifiable {
        Verdict verdict = decide(sender, recipient);
        assertEquals(status, verdict.status());
        assertEquals(reason, verdict.reason());
        assertTrue(verdict.logged());
    }

    @Test
    void anEmptyRecipientIsRejectedSilentlyEvenForAnAllowedSender() throws Unverifiable {
        Verdict v = decide("boss@partner.example", "");
        assertEquals(100, v.status());
        assertFalse(v.logged());
        assertEquals(List.of(), asked);
    }

    @Test
    void anAllowedSenderNeedsNoDatabase() throws Unverifiable {
        decide("boss@partner.example", "joe@example.com");
        assertEquals(List.of("allow boss@partner.example"), asked);
    }

    @Test
    void theNullSenderGoesStraightToTheRecipientChecks() throws Unverifiable {
        decide("", "joe-x@example.com");
        assertEquals(List.of("cdb joe-x@example.com", "cdb joe-default@example.com"), asked);
    }

    @Test
    void anIllegalAddressNeverReachesTheDatabase() throws Unverifiable {
        decide("someone@else.example", "a%b@example.com");
        assertEquals(List.of("allow someone@else.example", "allow @else.example"), asked);
    }

    @Test
    void aBrokenDatabaseIsATemporaryFailureNotAVerdict() {
        RecipientDb broken = key -> {
            throw new Unverifiable("unable to read validrcptto.cdb: broken");
        };
        assertThrows(Unverifiable.class, () -> Policy.chain(entry -> false, broken, throttle, LIMITS)
                .decide(new Envelope("", "joe@example.com", ""), Trace.NONE));
    }

    @Test
    void theSenderThrottleComesAfterTheSyntaxCheckAndBeforeTheLookUp() throws Unverifiable {
        throttle.senders.put("probe@spam.example\0" + "192.0.2.1", 3);
        assertEquals(Verdict.refuse(Kind.ILLEGAL, "illegal username"), decide("probe@spam.example", "a!b@example.com"));
        asked.clear();
        assertEquals(new Verdict(Kind.THROTTLED, 111, "spammer=bounce-no-mailbox"), decide("Probe@Spam.example", "joe@example.com"));
        assertEquals(List.of("allow probe@spam.example", "allow @spam.example"), asked, "no cdb look-up");
    }

    @Test
    void theHarvestLimitTurnsOnlyTheLookUpsRejectionIntoATemporaryFailure() throws Unverifiable {
        throttle.session = 10;
        assertEquals(new Verdict(Kind.LIMIT, 111, "too many invalid recipients"), decide("", "nobody@unknown.example"));
        assertEquals(Verdict.accept("account ok"), decide("", "joe@example.com"));
        assertEquals(Verdict.refuse(Kind.ILLEGAL, "illegal username"), decide("", "a%b@example.com"));
    }

    @Test
    void trustedClientsComeRightAfterTheEmptyRecipientAndNeedNoDatabase() throws Unverifiable {
        throttle.senders.put("user@example.com", 3);
        throttle.session = 10;
        for (String recipient : List.of("friend@gmail.example", "a!b@example.com", "nobody@example.com", "x@y@z")) {
            assertEquals(Verdict.accept("relay client ok"),
                    decide(new Envelope("user@example.com", recipient, "192.0.2.1", true, "")));
            assertEquals(Verdict.accept("authenticated ok (user)"),
                    decide(new Envelope("user@example.com", recipient, "192.0.2.1", false, "user")));
        }
        assertEquals(List.of(), asked, "neither the allow-list nor the cdb is read");
        assertEquals(Kind.EMPTY, decide(new Envelope("user@example.com", "", "192.0.2.1", true, "user")).kind());
    }
}
