package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vchkrcpt.policy.Fakes.to;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import vchkrcpt.policy.Verdict.Kind;

class ChainTest {
    private final List<String> asked = new ArrayList<>();

    private Check answering(String name, Verdict verdict) {
        return (envelope, trace) -> {
            asked.add(name);
            return verdict;
        };
    }

    @Test
    void theFirstCheckWithAnOpinionDecidesAndTheRestAreNotAsked() throws Unverifiable {
        Chain chain = new Chain(List.of(answering("a", null), answering("b", Verdict.refuse(Kind.REFUSED, "b")),
                answering("c", Verdict.accept("c"))));
        assertEquals(Verdict.refuse(Kind.REFUSED, "b"), chain.decide(to("x@y"), Trace.NONE));
        assertEquals(List.of("a", "b"), asked);
    }

    @Test
    void aChainWithoutAnOpinionIsAWiringFaultNotAnAccept() {
        Chain chain = new Chain(List.of(answering("a", null)));
        Unverifiable e = assertThrows(Unverifiable.class, () -> chain.decide(to("x@y"), Trace.NONE));
        assertEquals("no check decided on the recipient", e.getMessage());
        assertThrows(Unverifiable.class, () -> new Chain(List.of()).decide(to("x@y"), Trace.NONE));
    }

    @Test
    void anUnverifiableCheckStopsTheChain() {
        Chain chain = new Chain(List.of((envelope, trace) -> {
            throw new Unverifiable("broken");
        }, answering("b", Verdict.accept("b"))));
        assertThrows(Unverifiable.class, () -> chain.decide(to("x@y"), Trace.NONE));
        assertEquals(List.of(), asked);
    }

    @Test
    void theChainKeepsItsOwnCopyOfTheList() throws Unverifiable {
        List<Check> checks = new ArrayList<>(List.of(answering("a", Verdict.accept("a"))));
        Chain chain = new Chain(checks);
        checks.set(0, answering("b", Verdict.refuse(Kind.REFUSED, "b")));
        assertEquals(Verdict.accept("a"), chain.decide(to("x@y"), Trace.NONE));
    }
}
