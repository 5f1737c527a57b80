package vchkrcpt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;
import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.StateDirectory;
import vchkrcpt.state.ThrottleStore;

/**
 * The whole decision path with the real state, one decision after the other as helpers make them,
 * on a clock of the test's.
 */
class PolicyThrottleTest {
    private static final Map<String, String> CDB = Map.of("valid@d", "1", "@d", "-bounce-no-mailbox",
            "@gone", "-delete");
    private static final ThrottleLimits DEFAULT = new ThrottleLimits(3, 3600, 10, 0);
    private static final ThrottleLimits SCRIPTS = new ThrottleLimits(3, 3600, 10, 0, 100, 111);

    @TempDir
    Path dir;

    private long now = 1_800_000_000L;
    private final List<String> lines = new ArrayList<>();

    private String decide(Envelope envelope, ThrottleLimits limits, String session) throws Unverifiable {
        FileThrottleState state = new FileThrottleState(new ThrottleStore(new StateDirectory(dir)),
                limits.windowSeconds(), session, () -> now, line -> lines.add(new String(line, StandardCharsets.UTF_8)),
                true, 5000);
        Verdict verdict = Policy.decide(envelope, Set.of("@allowed.example")::contains, CDB::get, state, limits,
                line -> { });
        return verdict.status() + " " + verdict.reason();
    }

    private String helper(String sender, String recipient) throws Unverifiable {
        return decide(new Envelope(sender, recipient, "192.0.2.1"), DEFAULT, null);
    }

    @Test
    void twoRejectionsThenAValidRecipientIsAccepted() throws Unverifiable {
        assertEquals("100 catchall=bounce-no-mailbox", helper("s@x", "a@d"));
        assertEquals("100 catchall=bounce-no-mailbox", helper("s@x", "b@d"));
        assertEquals("0 account ok", helper("s@x", "valid@d"));
    }

    @Test
    void threeRejectionsThrottleTheSenderEvenForAValidRecipient() throws Unverifiable {
        helper("s@x", "a@d");
        helper("S@X", "b@d");
        helper("s@X", "c@d");
        assertEquals("111 spammer=bounce-no-mailbox", helper("s@x", "valid@d"));
        assertEquals("0 account ok", helper("other@x", "valid@d"));
        assertEquals("0 ok (sender explicitly allowed: s@allowed.example)", helper("s@allowed.example", "valid@d"));
        assertEquals("0 account ok", decide(new Envelope("s@x", "valid@d", "192.0.2.2"), DEFAULT, null),
                "from another client address");
    }

    @Test
    void aServerThatRetriesGetsThroughOnceItsOwnMistakesHaveLeftTheWindow() throws Unverifiable {
        long start = now;
        helper("list@partner", "gone1@d");
        helper("list@partner", "gone2@d");
        helper("list@partner", "gone3@d");
        // It retries its valid recipients every five minutes, throttled each time.
        while (now + 300 < start + 3600) {
            now += 300;
            assertEquals("111 spammer=bounce-no-mailbox", helper("list@partner", "valid@d"), "at +" + (now - start));
        }
        now = start + 3600;
        assertEquals("0 account ok", helper("list@partner", "valid@d"));
        assertEquals(List.of(), lines);
    }

    @Test
    void deleteAndIllegalRejectionsDoNotThrottle() throws Unverifiable {
        for (int i = 0; i < 5; i++) {
            assertEquals("100 catchall=delete", helper("s@x", "u" + i + "@gone"));
            assertEquals("100 illegal username", helper("s@x", "u!" + i + "@d"));
        }
        assertEquals("0 account ok", helper("s@x", "valid@d"));
    }

    @Test
    void theNullSenderIsNeverThrottled() throws Unverifiable {
        for (int i = 0; i < 5; i++) {
            helper("", "u" + i + "@d");
        }
        assertEquals("0 account ok", helper("", "valid@d"));
    }

    @Test
    void relayAndAuthenticatedClientsAreNeverCounted() throws Unverifiable {
        for (int i = 0; i < 5; i++) {
            assertEquals("0 relay client ok", decide(new Envelope("s@x", "u" + i + "@d", "192.0.2.1", true, ""), DEFAULT,
                    "7:1"));
            assertEquals("0 authenticated ok (me)", decide(new Envelope("s@x", "u" + i + "@d", "192.0.2.1", false, "me"),
                    DEFAULT, "7:1"));
        }
        assertFalse(Files.exists(dir.resolve(ThrottleStore.STATE)));
        assertEquals("100 catchall=bounce-no-mailbox", helper("s@x", "a@d"));
    }

    /** One session, one sender, twelve unknown recipients: ten refusals, then the harvest limit. */
    private List<String> harvest(ThrottleLimits limits) throws Unverifiable {
        List<String> answers = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            answers.add(decide(new Envelope("h@spam", "u" + i + "@d", "192.0.2.9"), limits, "4242:1"));
        }
        return answers;
    }

    @Test
    void theHarvestLimitCountsTheThrottlesRefusals() throws Unverifiable {
        assertEquals(List.of("100 catchall=bounce-no-mailbox", "100 catchall=bounce-no-mailbox",
                "100 catchall=bounce-no-mailbox", "111 spammer=bounce-no-mailbox", "111 spammer=bounce-no-mailbox",
                "111 spammer=bounce-no-mailbox", "111 spammer=bounce-no-mailbox", "111 spammer=bounce-no-mailbox",
                "111 spammer=bounce-no-mailbox", "111 spammer=bounce-no-mailbox", "111 too many invalid recipients",
                "111 too many invalid recipients"), harvest(DEFAULT));
    }

    @Test
    void theHarvestLimitCountsTheScriptsPermanentRefusalsToo() throws Unverifiable {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(i < 3 ? "100 catchall=bounce-no-mailbox" : "100 spammer=bounce-no-mailbox");
        }
        expected.addAll(List.of("111 too many invalid recipients", "111 too many invalid recipients"));
        assertEquals(expected, harvest(SCRIPTS));
    }
}
