package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import vchkrcpt.policy.Verdict.Kind;

class HarvestLimitTest {
    private static final Map<String, String> CDB = Map.of("valid@d", "1", "@d", "-bounce-no-mailbox");
    private final MemoryThrottleState state = new MemoryThrottleState();

    private Verdict decide(ThrottleLimits limits, String sender, String recipient, String clientIp) throws Unverifiable {
        return new HarvestLimit(List.of(new SenderThrottle(state, limits), new RecipientLookup(CDB::get)), state, limits)
                .decide(new Envelope(sender, recipient, clientIp), Trace.NONE);
    }

    private Verdict decide(ThrottleLimits limits, String recipient, String clientIp) throws Unverifiable {
        return decide(limits, "s@x", recipient, clientIp);
    }

    @Test
    void aFullSessionGets111ForUnknownRecipientsAndKeepsValidOnes() throws Unverifiable {
        ThrottleLimits limits = new ThrottleLimits(3, 3600, 10, 0);
        state.session = 9;
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=bounce-no-mailbox"), decide(limits, "nobody@d", ""));
        state.session = 10;
        assertEquals(new Verdict(Kind.LIMIT, 111, "too many invalid recipients"), decide(limits, "nobody@d", ""));
        assertEquals(Verdict.accept("account ok"), decide(limits, "valid@d", ""));
    }

    @Test
    void theThrottlesRefusalsAreUnderTheLimitToo() throws Unverifiable {
        ThrottleLimits limits = new ThrottleLimits(3, 3600, 10, 0, 100, 111);
        state.senders.put("s@x", 3);
        state.session = 9;
        assertEquals(new Verdict(Kind.THROTTLED, 100, "spammer=bounce-no-mailbox"), decide(limits, "valid@d", ""));
        state.session = 10;
        assertEquals(new Verdict(Kind.LIMIT, 111, "too many invalid recipients"), decide(limits, "valid@d", ""));
        assertEquals(Verdict.accept("account ok"), decide(limits, "other@x", "valid@d", ""), "another sender");
    }

    @Test
    void theSessionLimitIsOffAtZero() throws Unverifiable {
        state.session = 1000;
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=bounce-no-mailbox"),
                decide(new ThrottleLimits(3, 3600, 0, 0), "nobody@d", ""));
    }

    @Test
    void aClientAtItsLimitGets111ForUnknownRecipients() throws Unverifiable {
        ThrottleLimits limits = new ThrottleLimits(3, 3600, 10, 2);
        state.clients.put("192.0.2.1", 2);
        state.clients.put("2001:db8:0:0::/64", 2);
        assertEquals(new Verdict(Kind.LIMIT, 111, "too many invalid recipients from IP"), decide(limits, "nobody@d", "192.0.2.1"));
        assertEquals(new Verdict(Kind.LIMIT, 111, "too many invalid recipients from IP"),
                decide(limits, "nobody@d", "2001:db8::5"), "an IPv6 client by its /64");
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=bounce-no-mailbox"), decide(limits, "nobody@d", "192.0.2.2"));
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=bounce-no-mailbox"), decide(limits, "nobody@d", ""));
        assertEquals(Verdict.accept("account ok"), decide(limits, "valid@d", "192.0.2.1"));
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=bounce-no-mailbox"),
                decide(new ThrottleLimits(3, 3600, 10, 0), "nobody@d", "192.0.2.1"), "client limit off");
    }
}
