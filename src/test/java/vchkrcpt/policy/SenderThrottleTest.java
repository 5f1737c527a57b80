package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import vchkrcpt.policy.Verdict.Kind;

class SenderThrottleTest {
    private final MemoryThrottleState state = new MemoryThrottleState();

    private Verdict decide(ThrottleLimits limits, String sender) {
        return new SenderThrottle(state, limits).decide(new Envelope(sender, "u@d", ""), Trace.NONE);
    }

    @Test
    void rejectsASenderAtItsLimitWhateverItsCase() {
        state.senders.put("spam@x", 2);
        assertNull(decide(ThrottleLimits.DEFAULT, "Spam@X"));
        state.senders.put("spam@x", 3);
        assertEquals(new Verdict(Kind.THROTTLED, 100, "spammer=bounce-no-mailbox"), decide(ThrottleLimits.DEFAULT, "Spam@X"));
        assertNull(decide(ThrottleLimits.DEFAULT, "other@x"));
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
        state.senders.put("spam@x", 1);
        List<String> steps = new ArrayList<>();
        new SenderThrottle(state, ThrottleLimits.DEFAULT).decide(new Envelope("spam@x", "u@d", ""), new Trace() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void step(String text) {
                steps.add(text);
            }
        });
        assertEquals(List.of("throttle: sender spam@x has 1 counted rejections in the last 3600 s (limit 3)"), steps);
    }
}
