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

    /** Every outcome of the cdb step, by the real RecipientLookup, so a changed reason text shows here. */
    private static Verdict lookUp(Map<String, String> keys, String recipient) throws Unverifiable {
        return new RecipientLookup(keys::get).decide(new Envelope("s@x", recipient, ""), Trace.NONE);
    }

    @Test
    void countsAgainstTheSenderOnlyTheNoMailboxRejections() throws Unverifiable {
        assertTrue(ThrottleRules.countsAgainstSender(lookUp(Map.of("@d", "-bounce-no-mailbox"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstSender(lookUp(Map.of(), "u@d")));
        assertTrue(ThrottleRules.countsAgainstSender(new Verdict(Kind.THROTTLED, 100, ThrottleRules.SPAMMER)));

        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("@d", "-delete"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("u@d", "-"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(Verdict.refuse(Kind.ILLEGAL, "illegal username")));
        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("u@d", "1"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(lookUp(Map.of("@d", "x"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstSender(new Verdict(Kind.LIMIT, 111, ThrottleRules.TOO_MANY)));
    }

    @Test
    void everyRejectionOfTheCdbStepIsARecipientRejection() throws Unverifiable {
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("@d", "-bounce-no-mailbox"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of(), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("@d", "-delete"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("u@d", "-"), "u@d")));
        assertTrue(ThrottleRules.countsAgainstConnection(lookUp(Map.of("u-default@d", "-"), "u-x@d")));

        assertFalse(ThrottleRules.countsAgainstConnection(lookUp(Map.of("u@d", "1"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstConnection(lookUp(Map.of("@d", "x"), "u@d")));
        assertFalse(ThrottleRules.countsAgainstConnection(Verdict.refuse(Kind.ILLEGAL, "illegal username")));
        assertFalse(ThrottleRules.countsAgainstConnection(new Verdict(Kind.THROTTLED, 100, ThrottleRules.SPAMMER)));
    }

    @Test
    void sendersAreKeyedCaseInsensitivelyAndTheNullSenderNever() {
        assertEquals("joe@example.com", ThrottleRules.senderKey("Joe@EXAMPLE.com"));
        assertNull(ThrottleRules.senderKey(""));
        assertNull(ThrottleRules.senderKey("a".repeat(ThrottleRules.MAX_SENDER + 1)));
        // Only ASCII letters fold: the byte 0xC9 (one char of a byte string) stays as it is.
        assertEquals("\u00c9@x", ThrottleRules.senderKey("\u00c9@X"));
    }

    @Test
    void recordsACatchallRejectionForSenderClientAndSession() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("Spam@X", "u@d", "192.0.2.1"), Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"), ALL_ON, state);
        assertEquals(Map.of("spam@x", 1), state.senders);
        assertEquals(Map.of("192.0.2.1", 1), state.clients);
        assertEquals(1, state.session);
    }

    @Test
    void aDeleteRejectionCountsForTheSessionButNotTheSender() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), Verdict.refuse(Kind.REFUSED, "catchall=delete"), ALL_ON, state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of("192.0.2.1", 1), state.clients);
        assertEquals(1, state.session);
    }

    @Test
    void theThrottlesOwnRejectionCountsForTheSenderOnly() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), new Verdict(Kind.THROTTLED, 100, ThrottleRules.SPAMMER), ALL_ON,
                state);
        assertEquals(Map.of("s@x", 1), state.senders);
        assertEquals(Map.of(), state.clients);
        assertEquals(0, state.session);
    }

    @Test
    void nothingCountsForTheNullSenderAcceptsTempfailsOrLimitsOff() {
        MemoryThrottleState state = new MemoryThrottleState();
        ThrottleRules.record(new Envelope("", "u@d", ""), Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"), ALL_ON, state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of(), state.clients, "no client address, nothing to count");
        assertEquals(1, state.session);

        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), Verdict.accept("account ok"), ALL_ON, state);
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), new Verdict(Kind.LIMIT, 111, ThrottleRules.TOO_MANY), ALL_ON,
                state);
        ThrottleRules.record(new Envelope("s@x", "u@d", "192.0.2.1"), Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"),
                new ThrottleLimits(0, 3600, 0, 0), state);
        assertEquals(Map.of(), state.senders);
        assertEquals(Map.of(), state.clients);
        assertEquals(1, state.session);
        assertEquals(4, state.records, "record is called after every decision");
    }
}
