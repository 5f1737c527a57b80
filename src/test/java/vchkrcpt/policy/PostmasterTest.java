package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vchkrcpt.policy.Fakes.to;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostmasterTest {
    @ParameterizedTest
    @ValueSource(strings = {"postmaster", "POSTMASTER", "PostMaster", "pOsTmAsTeR"})
    void theBarePostmasterIsAcceptedInAnyCase(String recipient) {
        assertEquals(Verdict.accept("postmaster ok"), new Postmaster().decide(to(recipient), Trace.NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postmaster@example.com", "postmaster@", "@postmaster", "postmaster ", " postmaster",
        "postmasters", "post-master", "postmaster\u0000", "p\u00d6stmaster", ""})
    void anythingElseIsLeftToTheNextCheck(String recipient) {
        assertNull(new Postmaster().decide(to(recipient), Trace.NONE));
    }
}
