package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import vchkrcpt.policy.Verdict.Kind;

class SenderThrottleTest {
    private static final ThrottleLimits SCRIPTS = new ThrottleLimits(3, 3600, 10, 0, 100, 111);
    private final MemoryThrottleState state = new MemoryThrottleState();

    private Verdict decide(ThrottleLimits limits, String sender, String recipient, String clientIp) {
        return new SenderThrottle(state, limits).decide(new Envelope(sender, recipient, clientIp), Trace.NONE);
    }

    private Verdict decide(ThrottleLimits limits, String sender) {
        return decide(limits, sender, "u@d", "");
    }

    @Test
    void refusesASenderAtItsLimitWhateverItsCaseTemporarilyByDefault() {
        state.senders.put("spam@x", 2);
        assertNull(decide(ThrottleLimits.DEFAULT, "Spam@X"));
        state.senders.put("spam@x", 3);
        assertEquals(new Verdict(Kind.THROTTLED, 111, "spammer=bounce-no-mailbox"), decide(ThrottleLimits.DEFAULT, "Spam@X"));
        assertEquals(new Verdict(Kind.THROTTLED, 100, "spammer=bounce-no-mailbox"), decide(SCRIPTS, "Spam@X"));
        assertNull(decide(ThrottleLimits.DEFAULT, "other@x"));
    }

    @Test
    void countsPerSenderAndClientAddress() {
        state.senders.put("ceo@partner\0" + "203.0.113.9", 3);
        assertEquals(Kind.THROTTLED, decide(ThrottleLimits.DEFAULT, "ceo@partner", "u@d", "203.0.113.9").kind());
        assertNull(decide(ThrottleLimits.DEFAULT, "ceo@partner", "u@d", "198.51.100.1"));
        assertNull(decide(ThrottleLimits.DEFAULT, "ceo@partner", "u@d", ""), "by hand: the sender alone");
        state.senders.put("p@x\0" + "2001:db8:1:2::/64", 3);
        assertEquals(Kind.THROTTLED, decide(ThrottleLimits.DEFAULT, "p@x", "u@d", "2001:db8:1:2::99").kind());
    }

    @Test
    void neverThrottlesPostmasterAnywhere() {
        state.senders.put("spam@x", 99);
        assertNull(decide(ThrottleLimits.DEFAULT, "spam@x", "postmaster@d", ""));
        assertNull(decide(ThrottleLimits.DEFAULT, "spam@x", "PostMaster@other.example", ""));
        assertEquals(Kind.THROTTLED, decide(ThrottleLimits.DEFAULT, "spam@x", "postmaster-x@d", "").kind());
        assertEquals(Kind.THROTTLED, decide(ThrottleLimits.DEFAULT, "spam@x", "xpostmaster@d", "").kind());
        assertEquals(Kind.THROTTLED, decide(ThrottleLimits.DEFAULT, "spam@x", "postmaster@d@e", "").kind());
    }

    @Test
    void neverThrottlesTheNullSenderNorWithTheLimitOff() {
        state.senders.put("", 99);
        state.senders.put("spam@x", 99);
        assertNull(decide(ThrottleLimits.DEFAULT, ""));
        assertNull(decide(new ThrottleLimits(0, 3600, 10, 0), "spam@x"));
    }

    @Test
    void tracesTheCount() {
        state.senders.put("spam@x\0" + "192.0.2.1", 1);
        List<String> steps = new ArrayList<>();
        new SenderThrottle(state, ThrottleLimits.DEFAULT).decide(new Envelope("spam@x", "u@d", "192.0.2.1"), new Trace() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void step(String text) {
                steps.add(text);
            }
        });
        assertEquals(List.of("throttle: sender spam@x from 192.0.2.1 has 1 counted rejections in the last 3600 s (limit 3)"),
                steps);
    }
}
