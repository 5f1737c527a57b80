package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedClientTest {
    private static Verdict decide(boolean relayClient, String authUser) {
        return new TrustedClient().decide(new Envelope("s@example.com", "anyone@anywhere.example", "192.0.2.1",
                relayClient, authUser), Trace.NONE);
    }

    @Test
    void aRelayClientIsAcceptedWithoutALookUp() {
        assertEquals(Verdict.accept("relay client ok"), decide(true, ""));
        // Relay wins over AUTH: RELAYCLIENT is what let the client relay in the first place.
        assertEquals(Verdict.accept("relay client ok"), decide(true, "joe@example.com"));
    }

    @Test
    void anAuthenticatedUserIsAcceptedAndNamed() {
        assertEquals(Verdict.accept("authenticated ok (joe@example.com)"), decide(false, "joe@example.com"));
    }

    @Test
    void aPlainClientIsLeftToTheOtherChecks() {
        assertNull(decide(false, ""));
    }

    @Test
    void theTraceSaysWhich() {
        Fakes.Steps steps = new Fakes.Steps();
        new TrustedClient().decide(new Envelope("", "x@y", "", false, "u"), steps);
        new TrustedClient().decide(new Envelope("", "x@y", "", true, ""), steps);
        new TrustedClient().decide(new Envelope("", "x@y", ""), steps);
        assertEquals(List.of("client: authenticated as u, accepted without a look-up",
                "client: a relay client (RELAYCLIENT is set), accepted without a look-up",
                "client: neither a relay client nor authenticated"), steps.steps);
    }
}
