package vchkrcpt.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vchkrcpt.policy.Fakes.to;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vchkrcpt.policy.Verdict.Kind;

/** jms1's look-up: which keys are tried, in which order, and what the first key found means. */
class RecipientLookupTest {
    private Fakes.Db db;

    private Verdict decide(Map<String, String> keys, String recipient) throws Unverifiable {
        db = new Fakes.Db(keys);
        return new RecipientLookup(db).decide(to(recipient), Trace.NONE);
    }

    @Test
    void triesDefaultsFromTheRightmostDashThenTheDomain() throws Unverifiable {
        Verdict v = decide(Map.of(), "A-B-C@X.example");
        assertEquals(List.of("a-b-c@x.example", "a-b-default@x.example", "a-default@x.example", "@x.example"), db.tried);
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"), v);
    }

    @ParameterizedTest(name = "exact key with value \"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
        "''                 | account ok",
        "1                  | account ok",
        "/home/vpopmail/x   | account ok",
        "alias              | alias ok",
        "alias:&joe@other   | alias ok",
    })
    void anExactKeyAccepts(String value, String reason) throws Unverifiable {
        assertEquals(Verdict.accept(reason), decide(Map.of("joe@example.com", value), "joe@example.com"));
        assertEquals(List.of("joe@example.com"), db.tried, "the first key found decides");
    }

    @ParameterizedTest(name = "exact key with value \"{0}\" rejects")
    @CsvSource({"-", "-alias", "-bounce-no-mailbox", "'- '"})
    void anExactKeyWhoseValueStartsWithADashRejectsAndEndsTheLookUp(String value) throws Unverifiable {
        Map<String, String> keys = Map.of("joe-spam@example.com", value, "joe-default@example.com", "", "@example.com", "");
        assertEquals(Verdict.refuse(Kind.REFUSED, "address rejected"), decide(keys, "joe-spam@example.com"));
        assertEquals(List.of("joe-spam@example.com"), db.tried);
    }

    @Test
    void aDefaultKeyAcceptsAsUserAliasWhateverItsValue() throws Unverifiable {
        assertEquals(Verdict.accept("user-alias ok"), decide(Map.of("joe-default@example.com", "alias"), "joe-x@example.com"));
        assertEquals(Verdict.accept("user-alias ok"), decide(Map.of("joe-default@example.com", ""), "joe-x@example.com"));
    }

    @Test
    void aDefaultKeyWithADashRejectsAndTheDomainIsNotTried() throws Unverifiable {
        assertEquals(Verdict.refuse(Kind.REFUSED, "address rejected"),
                decide(Map.of("joe-default@example.com", "-", "@example.com", ""), "joe-x@example.com"));
        assertEquals(List.of("joe-x@example.com", "joe-default@example.com"), db.tried);
    }

    @Test
    void theRightmostDefaultWinsOverAnEarlierOne() throws Unverifiable {
        Map<String, String> keys = Map.of("a-b-default@x.example", "-", "a-default@x.example", "");
        assertEquals(Verdict.refuse(Kind.REFUSED, "address rejected"), decide(keys, "a-b-c@x.example"));
        keys = Map.of("a-b-default@x.example", "", "a-default@x.example", "-");
        assertEquals(Verdict.accept("user-alias ok"), decide(keys, "a-b-c@x.example"));
        assertEquals(List.of("a-b-c@x.example", "a-b-default@x.example"), db.tried);
    }

    @Test
    void tmdaStyleAddressesFindTheUsersDefault() throws Unverifiable {
        Verdict v = decide(Map.of("joe-default@example.com", ""), "joe-dated-1700000000.a1b2c3@example.com");
        assertEquals(Verdict.accept("user-alias ok"), v);
        assertEquals(List.of("joe-dated-1700000000.a1b2c3@example.com", "joe-dated-default@example.com",
                "joe-default@example.com"), db.tried);
    }

    @Test
    void ezmlmStyleAddressesFindTheListsDefault() throws Unverifiable {
        Verdict v = decide(Map.of("list-default@example.com", "alias"), "list-subscribe-ann=example.org@example.com");
        assertEquals(Verdict.accept("user-alias ok"), v);
        assertEquals(List.of("list-subscribe-ann=example.org@example.com", "list-subscribe-default@example.com",
                "list-default@example.com"), db.tried);
    }

    @ParameterizedTest(name = "@domain value \"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
        "''                   | 0   | catchall=ok",
        "postmaster@example   | 0   | catchall=ok",
        "-delete              | 100 | catchall=delete",
        "-bounce-no-mailbox   | 100 | catchall=bounce-no-mailbox",
        "-                    | 100 | catchall=",
    })
    void theDomainKeyDecidesLast(String value, int status, String reason) throws Unverifiable {
        Verdict verdict = decide(Map.of("@example.com", value), "nobody-x@example.com");
        assertEquals(status, verdict.status());
        assertEquals(reason, verdict.reason());
        assertEquals(List.of("nobody-x@example.com", "nobody-default@example.com", "@example.com"), db.tried);
    }

    @Test
    void nothingFoundRejectsAsCatchallNone() throws Unverifiable {
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"), decide(Map.of("@other.example", ""), "joe@example.com"));
    }

    @Test
    void onlyAsciiLettersAreLowercased() throws Unverifiable {
        assertEquals(Verdict.accept("account ok"), decide(Map.of("joe@example.com", ""), "JoE@ExAmPlE.CoM"));
        // Latin-1 capital O with diaeresis (one byte 0xd6) and UTF-8 bytes stay as they are.
        decide(Map.of(), "J\u00d6E@X.example");
        assertEquals("j\u00d6e@x.example", db.tried.get(0));
        decide(Map.of(), "J\u00c3\u0096E@X.example");
        assertEquals("j\u00c3\u0096e@x.example", db.tried.get(0));
    }

    @Test
    void dashesInTheDomainAreNotExtensions() throws Unverifiable {
        decide(Map.of(), "joe@my-domain.example");
        assertEquals(List.of("joe@my-domain.example", "@my-domain.example"), db.tried);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-joe@x          | -joe@x, -default@x, @x",
        "joe-@x          | joe-@x, joe-default@x, @x",
        "a--b@x          | a--b@x, a--default@x, a-default@x, @x",
        "-@x             | -@x, -default@x, @x",
    })
    void dashesAtTheEdgesAndInRows(String recipient, String keys) throws Unverifiable {
        decide(Map.of(), recipient);
        assertEquals(List.of(keys.split(", ")), db.tried);
    }

    @Test
    void aThousandDashesCostAThousandLookUpsAndNoMore() throws Unverifiable {
        String recipient = "a" + "-".repeat(1000) + "@x";
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"), decide(Map.of(), recipient));
        assertEquals(1002, db.tried.size());
        assertEquals("a" + "-".repeat(1000) + "default@x", db.tried.get(1));
        assertEquals("a-default@x", db.tried.get(1000));
    }

    @Test
    void withoutAnAtOnlyTheExactKeyIsTried() throws Unverifiable {
        // Not reachable through the chain (syntax comes first), but the look-up stands on its own.
        assertEquals(Verdict.refuse(Kind.NO_MAILBOX, "catchall=none"), decide(Map.of(), "joe-x"));
        assertEquals(List.of("joe-x"), db.tried);
        assertEquals(Verdict.accept("account ok"), decide(Map.of("joe-x", ""), "JOE-X"));
    }

    @Test
    void theDomainIsWhatFollowsTheLastAt() throws Unverifiable {
        decide(Map.of(), "a-b@c@d");
        assertEquals(List.of("a-b@c@d", "a-default@d", "@d"), db.tried);
    }

    @Test
    void everyKeyTriedIsTraced() throws Unverifiable {
        Fakes.Steps trace = new Fakes.Steps();
        new RecipientLookup(new Fakes.Db(Map.of("@example.com", "-delete"))).decide(to("Joe-X@example.com"), trace);
        assertEquals(List.of("cdb: joe-x@example.com not found", "cdb: joe-default@example.com not found",
                "cdb: @example.com found: -delete"), trace.steps);
    }

    @Test
    void aBrokenDatabaseIsUnverifiable() {
        Unverifiable e = assertThrows(Unverifiable.class,
                () -> new RecipientLookup(new Fakes.Broken()).decide(to("joe@example.com"), Trace.NONE));
        assertEquals("unable to read validrcptto.cdb: broken", e.getMessage());
    }
}
