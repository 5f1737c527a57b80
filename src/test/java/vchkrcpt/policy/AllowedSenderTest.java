package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vchkrcpt.policy.Fakes.from;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Entries reach the check lowercased (AllowListFile does that); senders come as sent. */
class AllowedSenderTest {
    private final Fakes.AllowList list = new Fakes.AllowList(
            Set.of("boss@example.com", "@partner.example", "", "@", "localonly"));

    private Verdict decide(String sender) throws Unverifiable {
        return new AllowedSender(list).decide(from(sender, "nobody@example.com"), Trace.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"boss@example.com", "BOSS@Example.COM", "anyone@partner.example", "X@PARTNER.EXAMPLE",
        "localonly", "LocalOnly"})
    void aListedSenderOrDomainIsAcceptedWhateverTheCase(String sender) throws Unverifiable {
        assertEquals(Verdict.accept("ok (sender explicitly allowed: " + sender + ")"), decide(sender));
    }

    @ParameterizedTest
    @ValueSource(strings = {"boss@example.org", "boss@sub.example.com", "anyone@sub.partner.example",
        "anyone@partner.example.org", "partner.example", "a@b@partner.examplex", "#@[]", "boss"})
    void anythingElseIsLeftToTheNextCheck(String sender) throws Unverifiable {
        assertNull(decide(sender));
    }

    @Test
    void theNullSenderIsNeverAllowedNotEvenByAnEmptyEntry() throws Unverifiable {
        assertTrue(list.entries.contains(""));
        assertNull(decide(""));
        assertEquals(List.of(), list.asked, "the list is not even consulted");
    }

    @Test
    void theNullSenderDoesNotNeedAReadableList() throws Unverifiable {
        assertNull(new AllowedSender(new Fakes.Broken()).decide(from("", "joe@example.com"), Trace.NONE));
    }

    @Test
    void aSenderIsLookedUpByAddressThenByDomainAfterTheLastAt() throws Unverifiable {
        decide("Joe@Mail.Example");
        assertEquals(List.of("joe@mail.example", "@mail.example"), list.asked);
        list.asked.clear();
        decide("\"a@b\"@x.example");
        assertEquals(List.of("\"a@b\"@x.example", "@x.example"), list.asked);
    }

    @Test
    void anUnreadableListIsUnverifiable() {
        assertThrows(Unverifiable.class,
                () -> new AllowedSender(new Fakes.Broken()).decide(from("boss@example.com", "x@y"), Trace.NONE));
    }

    @Test
    void theTraceSaysWhy() throws Unverifiable {
        Fakes.Steps trace = new Fakes.Steps();
        AllowedSender check = new AllowedSender(list);
        check.decide(from("", "x@y"), trace);
        check.decide(from("Boss@example.com", "x@y"), trace);
        check.decide(from("other@example.com", "x@y"), trace);
        assertEquals(List.of("allow-list: null sender, never allowed", "allow-list: sender Boss@example.com is listed",
                "allow-list: sender other@example.com is not listed"), trace.steps);
    }
}
