package vchkrcpt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.ThrottleRules;
import vchkrcpt.policy.ThrottleState;
import vchkrcpt.policy.Trace;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;

/** The whole chain with the throttle, one decision after the other, as the helper runs it. */
class PolicyThrottleTest {
    private static final Map<String, String> CDB = Map.of("valid@d", "1", "@d", "-bounce-no-mailbox",
            "@gone", "-delete");

    /** Counts without a window; the window is the state's business (ThrottleTableTest). */
    private final Map<String, Integer> counts = new HashMap<>();
    private final ThrottleState state = new ThrottleState() {
        @Override
        public int senderRejections(String sender) {
            return counts.getOrDefault("S" + sender, 0);
        }

        @Override
        public int clientRejections(String clientIp) {
            return counts.getOrDefault("I" + clientIp, 0);
        }

        @Override
        public int sessionRejections() {
            return counts.getOrDefault("P", 0);
        }

        @Override
        public void record(String sender, String clientIp, boolean session) {
            if (sender != null) {
                counts.merge("S" + sender, 1, Integer::sum);
            }
            if (clientIp != null) {
                counts.merge("I" + clientIp, 1, Integer::sum);
            }
            if (session) {
                counts.merge("P", 1, Integer::sum);
            }
        }
    };

    private String helper(String sender, String recipient) throws Unverifiable {
        Envelope envelope = new Envelope(sender, recipient, "192.0.2.1");
        ThrottleLimits limits = new ThrottleLimits(3, 3600, 10, 0);
        Verdict verdict = Policy.chain(Set.of("@allowed.example")::contains, CDB::get, state, limits)
                .decide(envelope, Trace.NONE);
        ThrottleRules.record(envelope, verdict, limits, state);
        return verdict.status() + " " + verdict.reason();
    }

    @Test
    void twoRejectionsThenAValidRecipientIsAccepted() throws Unverifiable {
        assertEquals("100 catchall=bounce-no-mailbox", helper("s@x", "a@d"));
        assertEquals("100 catchall=bounce-no-mailbox", helper("s@x", "b@d"));
        assertEquals("0 account ok", helper("s@x", "valid@d"));
    }

    @Test
    void threeRejectionsThrottleTheSenderEvenForAValidRecipient() throws Unverifiable {
        helper("s@x", "a@d");
        helper("S@X", "b@d");
        helper("s@X", "c@d");
        assertEquals("100 spammer=bounce-no-mailbox", helper("s@x", "valid@d"));
        assertEquals("0 account ok", helper("other@x", "valid@d"));
        assertEquals("0 ok (sender explicitly allowed: s@allowed.example)", helper("s@allowed.example", "valid@d"));
    }

    @Test
    void deleteAndIllegalRejectionsDoNotThrottle() throws Unverifiable {
        for (int i = 0; i < 5; i++) {
            assertEquals("100 catchall=delete", helper("s@x", "u" + i + "@gone"));
            assertEquals("100 illegal username", helper("s@x", "u!" + i + "@d"));
        }
        assertEquals("0 account ok", helper("s@x", "valid@d"));
    }

    @Test
    void theNullSenderIsNeverThrottled() throws Unverifiable {
        for (int i = 0; i < 5; i++) {
            helper("", "u" + i + "@d");
        }
        assertEquals("0 account ok", helper("", "valid@d"));
    }

    @Test
    void theEleventhUnknownRecipientOfASessionGets111() throws Unverifiable {
        for (int i = 0; i < 10; i++) {
            assertEquals("100 catchall=bounce-no-mailbox", helper("", "u" + i + "@d"));
        }
        assertEquals("111 too many invalid recipients", helper("", "u10@d"));
        assertEquals("0 account ok", helper("", "valid@d"));
    }
}
