package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RecipientLookupTest {
    private final List<String> tried = new ArrayList<>();

    private Verdict decide(Map<String, String> keys, String recipient) throws Unverifiable {
        RecipientDb db = key -> {
            tried.add(key);
            return keys.get(key);
        };
        return new RecipientLookup(db).decide(new Envelope("", recipient, ""), Trace.NONE);
    }

    @Test
    void triesDefaultsFromTheRightmostDashThenTheDomain() throws Unverifiable {
        Verdict v = decide(Map.of(), "A-B-C@X.example");
        assertEquals(List.of("a-b-c@x.example", "a-b-default@x.example", "a-default@x.example", "@x.example"), tried);
        assertEquals(Verdict.reject("catchall=none"), v);
    }
}
