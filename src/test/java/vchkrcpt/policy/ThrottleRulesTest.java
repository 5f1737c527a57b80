package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import vchkrcpt.policy.Verdict.Kind;

class ThrottleRulesTest {
    private static final ThrottleLimits ALL_ON = new ThrottleLimits(3, 3600, 10, 5);
    private static final Verdict THROTTLED = new Verdict(Kind.THROTTLED, 111, ThrottleRules.SPAMMER);

    /** Every outcome of the cdb step, by the real RecipientLookup, so a changed kind shows here. */
    private static Verdict lookUp(Map<String, String> keys, String recipient) throws Unverifiable {
        return new RecipientLookup(keys::get).decide(new Envelope("s@x", recipient, ""), Trace.NONE);
    }

    @Test
    void countsAgainstTheSenderOnlyTheNoMailboxRejections() throws Unverifiable {
        assertTrue(ThrottleRules.countsAgainstSender(lookUp(Map.of("@d", "-bounce-no-mailbox"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstSender(lookUp(Map.of(), "u@d")));

        assertFalse(ThrottleRules.countsAgainstSender(THROTTLED), "retries alone must not keep a sender throttled");
        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("@d", "-delete"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("u@d", "-"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(Verdict.refuse(Kind.ILLEGAL, "illegal username")));
        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("u@d", "1"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("@d", "x"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(new Verdict(Kind.LIMIT, 111, ThrottleRules.TOO_MANY)));
    }

    @Test
    void everyRefusalOfTheThrottleAndTheCdbStepCountsAgainstTheConnection() throws Unverifiable {
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("@d", "-bounce-no-mailbox"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of(), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("@d", "-delete"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("u@d", "-"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("u-default@d", "-"), "u-x@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(THROTTLED));

        assertFalse(ThrottleRules.countsAgainstConnection(lookUp(Map.of("u@d", "1"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstConnection(lookUp(Map.of("@d", "x"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstConnection(Verdict.refuse(Kind.ILLEGAL, "illegal username")));
        assertFalse(ThrottleRules.countsAgainstConnection(new Verdict(Kind.LIMIT, 111, ThrottleRules.TOO_MANY)));
    }

    @Test
    void sendersAreKeyedCaseInsensitivelyWithTheirClientAndTheNullSenderNever() {
        assertEquals("joe@example.com", ThrottleRules.senderKey(new Envelope("Joe@EXAMPLE.com", "u@d", "")));
        assertEquals("joe@example.com\0" + "192.0.2.1",
                ThrottleRules.senderKey(new Envelope("Joe@EXAMPLE.com", "u@d", "192.0.2.1")));
        assertEquals("joe@example.com\0" + "2001:db8:0:0::/64",
                ThrottleRules.senderKey(new Envelope("joe@example.com", "u@d", "2001:db8::7")));
        assertNull(ThrottleRules.senderKey(new Envelope("", "u@d", "192.0.2.1")));
        assertNull(ThrottleRules.senderKey(new Envelope("a".repeat(ThrottleRules.MAX_SENDER + 1), "u@d", "")));
        // Only ASCII letters fold: the byte 0xC9 (one char of a byte string) stays as it is.
        assertEquals("\u00c9@x", ThrottleRules.senderKey(new Envelope("\u00c9@X", "u@d", "")));
        assertEquals("2001:db8:0:0::/64", ThrottleRules.clientKey(new Envelope("", "u@d", "2001:db8::7")));
        assertNull(ThrottleRules.clientKey(new Envelope("s@x", "u@d", "")));
    }

    @Test
    void recordsANoMailboxRejectionForSenderClientAndSession() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("Spam@X", "u@d", "192.0.2.1"), Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"),
                ALL_ON, state);
        assertEquals(Map.of("spam@x\0" + "192.0.2.1", 1), state.senders);
        assertEquals(Map.of("192.0.2.1", 1), state.clients);
        assertEquals(1, state.session);
    }

    @Test
    void aDeleteRejectionCountsForTheConnectionButNotTheSender() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), Verdict.refuse(Kind.REFUSED, "catchall=delete"),
                ALL_ON, state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of("192.0.2.1", 1), state.clients);
        assertEquals(1, state.session);
    }

    @Test
    void theThrottlesOwnRefusalCountsForTheConnectionOnly() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), THROTTLED, ALL_ON, state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of("192.0.2.1", 1), state.clients);
        assertEquals(1, state.session);
    }

    @Test
    void relayAndAuthenticatedClientsCountNothingWhateverTheVerdict() {
        MemoryThrottleState state = new MemoryThrottleState();
        Verdict noMailbox = Verdict.refuse(Kind.NO_MAILBOX, "catchall=none");
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1", true, ""), noMailbox, ALL_ON, state);
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1", false, "user"), noMailbox, ALL_ON, state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of(), state.clients);
        assertEquals(0, state.session);
        assertEquals(2, state.records, "record is still called after every decision");
    }

    @Test
    void nothingCountsForTheNullSenderAcceptsLimitsOrLimitsOff() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("", "u@d", ""), Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"), ALL_ON, state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of(), state.clients, "no client address, nothing to count");
        assertEquals(1, state.session);

        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), Verdict.accept("account ok"), ALL_ON, state);
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), new Verdict(Kind.LIMIT, 111, ThrottleRules.TOO_MANY),
                ALL_ON, state);
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"),
                new ThrottleLimits(0, 3600, 0, 0), state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of(), state.clients);
        assertEquals(1, state.session);
        assertEquals(4, state.records, "record is called after every decision");
    }
}
