package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vchkrcpt.policy.Fakes.to;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vchkrcpt.policy.Verdict.Kind;

class AddressSyntaxTest {
    private static final Verdict ILLEGAL = Verdict.refuse(Kind.ILLEGAL, "illegal username");

    private static Verdict decide(String recipient) {
        return new AddressSyntax().decide(to(recipient), Trace.NONE);
    }

    @ParameterizedTest(name = "illegal: \"{0}\"")
    @ValueSource(strings = {
        "joe", "joe.example.com", "postmaster", "",           // no @
        "a@b@example.com", "joe@example.com@", "@@", "a@@b",   // two @
        "@example.com", "@",                                  // empty local part (and @domain alone)
        "joe@",                                               // empty domain
        "a!b@example.com", "!@example.com", "joe!@example.com",
        "a%b@example.com", "%@example.com", "joe%other.example@example.com",
    })
    void rejectsWhatCannotBeALocalMailbox(String recipient) {
        assertEquals(ILLEGAL, decide(recipient));
    }

    @ParameterizedTest(name = "legal: \"{0}\"")
    @ValueSource(strings = {
        "joe@example.com", "JOE@EXAMPLE.COM", "a-b-c@example.com", "-@example.com", "a@b",
        "joe@bang!domain", "joe@percent%domain",   // only the local part is source-routing syntax
        "\"quoted local\"@example.com", "j\u00c3\u00b6e@example.com", "j\u00ffe@example.com",
        "joe\u0001@example.com", "joe@example.com\u007f",
    })
    void leavesEverythingElseToTheLookUp(String recipient) {
        assertNull(decide(recipient));
    }

    @Test
    void aThousandBytesIsTheLongestAddress() {
        String thousand = "a".repeat(1000 - "@example.com".length()) + "@example.com";
        assertNull(decide(thousand));
        assertEquals(ILLEGAL, decide("a" + thousand));
        assertEquals(ILLEGAL, decide("-".repeat(100_000) + "@example.com"));
    }

    @Test
    void theTraceSaysWhy() {
        Fakes.Steps trace = new Fakes.Steps();
        AddressSyntax check = new AddressSyntax();
        for (String r : List.of("joe@example.com", "joe", "a@b@c", "@x", "joe@", "a!b@x", "a%b@x", "a".repeat(1001))) {
            check.decide(to(r), trace);
        }
        assertEquals(List.of("syntax: ok", "syntax: not exactly one @", "syntax: not exactly one @",
                "syntax: empty local part", "syntax: empty domain", "syntax: '!' in the local part",
                "syntax: '%' in the local part", "syntax: longer than 1000 bytes"), trace.steps);
    }
}
