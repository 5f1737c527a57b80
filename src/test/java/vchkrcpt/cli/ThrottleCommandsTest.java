package vchkrcpt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbWriter;
import vchkrcpt.state.EpochClock;
import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.StateDirectory;
import vchkrcpt.state.ThrottleStore;
import vchkrcpt.testing.OwnerOnly;

/** throttle list, throttle clear and check against a state the helpers' own code wrote. */
class ThrottleCommandsTest {
    @TempDir
    Path dir;

    private Path state;
    private final List<String> warnings = new ArrayList<>();

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Commands.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** One helper call's recording, with the system clock, as the helper does it. */
    private void rejected(String senderKey, String clientIp, String session) {
        FileThrottleState call = new FileThrottleState(new ThrottleStore(new StateDirectory(state)), 3600, session,
                EpochClock.SYSTEM, line -> warnings.add(new String(line, StandardCharsets.UTF_8)), true, 5000);
        call.senderRejections("");
        call.record(senderKey, clientIp, session != null);
    }

    @BeforeEach
    void setUp() throws IOException {
        state = OwnerOnly.directory(dir.resolve("state"));
        for (int i = 0; i < 3; i++) {
            rejected("spam@x", null, null);
        }
        rejected("other@x\0" + "192.0.2.1", "192.0.2.1", ProcessHandle.current().pid() + ":1");
    }

    private String normalized(String text) {
        return text.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(in [0-9hms]+\\)", "WHEN")
                .replaceAll("\"(now|expires)\":\\d+", "\"$1\":T").replace(state.toString(), "DIR");
    }

    @Test
    void listsSendersClientsAndSessions() {
        Run r = run("throttle", "list", "--state-dir", state.toString());
        assertEquals(0, r.status(), r.err());
        String pid = Long.toString(ProcessHandle.current().pid());
        assertEquals(String.join("\n",
                "state directory: DIR, window 3600 s",
                "senders, counted rejections (throttled at 3):",
                "       3  WHEN  spam@x  throttled",
                "       1  WHEN  other@x from 192.0.2.1",
                "client addresses, invalid recipients (limit off):",
                "       1  WHEN  192.0.2.1",
                "sessions, invalid recipients (limit 10):",
                // Start time 1 is not this JVM's: the session is over.
                "       1  WHEN  pid " + pid + " (start 1)",
                ""), normalized(r.out()));
        assertEquals("", r.err());
        assertEquals(List.of(), warnings);
    }

    @Test
    void listsAsJson() {
        Run r = run("throttle", "list", "--json", "--state-dir", state.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("{\"state_dir\":\"DIR\",\"now\":T,\"window\":3600,\"limits\":{\"sender\":3,\"client\":0,"
                + "\"session\":10},\"senders\":[{\"sender\":\"spam@x\",\"client\":null,\"count\":3,\"expires\":T,"
                + "\"throttled\":true},{\"sender\":\"other@x\",\"client\":\"192.0.2.1\",\"count\":1,\"expires\":T,"
                + "\"throttled\":false}],"
                + "\"clients\":[{\"ip\":\"192.0.2.1\",\"count\":1,\"expires\":T,\"at_limit\":false}],"
                + "\"sessions\":[{\"pid\":" + ProcessHandle.current().pid() + ",\"start\":1,\"count\":1,"
                + "\"expires\":T,\"live\":false}]}\n", normalized(r.out()));
    }

    @Test
    void jsonStringsAreAsciiWhateverTheBytes() {
        assertEquals("\"a\\\"b\\\\c\\u00e9\\u0001\"", ThrottleListCommand.jsonString("a\"b\\c\u00e9\u0001"));
    }

    @Test
    void clearsNamedSendersInAnyCase() {
        Run r = run("throttle", "clear", "--state-dir", state.toString(), "SPAM@X", "nobody@x");
        assertEquals(100, r.status());
        assertEquals("cleared SPAM@X\n", r.out());
        assertEquals("vchkrcpt: not in the throttle state: nobody@x\n", r.err());
        String list = normalized(run("throttle", "list", "--state-dir", state.toString()).out());
        assertTrue(!list.contains("spam@x") && list.contains("other@x") && list.contains("192.0.2.1"), list);
    }

    @Test
    void aSenderIsClearedFromEveryClientAndAClientWithItsSenders() {
        rejected("spam@x\0" + "2001:db8:0:1::/64", null, null);
        assertEquals(0, run("throttle", "clear", "--state-dir", state.toString(), "spam@x").status());
        String list = normalized(run("throttle", "list", "--state-dir", state.toString()).out());
        assertTrue(!list.contains("spam@x"), list);
        rejected("third@x\0" + "2001:db8:0:1::/64", "2001:db8:0:1::/64", null);
        // Any address of the /64 names it.
        Run r = run("throttle", "clear", "--state-dir", state.toString(), "2001:db8:0:1:a::1", "192.0.2.1");
        assertEquals(0, r.status(), r.err());
        list = normalized(run("throttle", "list", "--state-dir", state.toString()).out());
        assertTrue(!list.contains("third@x") && !list.contains("other@x") && !list.contains("2001") && !list.contains("192"),
                list);
    }

    @Test
    void clearsEverything() {
        Run r = run("throttle", "clear", "--state-dir", state.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("cleared 4 entries\n", r.out());
        rejected("late@x", null, null);
        String list = normalized(run("throttle", "list", "--state-dir", state.toString()).out());
        assertEquals(String.join("\n",
                "state directory: DIR, window 3600 s",
                "senders, counted rejections (throttled at 3):",
                "       1  WHEN  late@x",
                "client addresses, invalid recipients (limit off):",
                "  none",
                "sessions, invalid recipients (limit 10):",
                "  none",
                ""), list);
    }

    @Test
    void listOnlyReads() throws IOException {
        Files.delete(state.resolve(ThrottleStore.LOCK));
        List<String> before = files();
        assertEquals(0, run("throttle", "list", "--state-dir", state.toString()).status());
        assertEquals(0, run("throttle", "list", "--json", "--state-dir", state.toString()).status());
        assertEquals(before, files(), "no lock file, nothing written");
    }

    @Test
    void aMissingStateDirectoryIsAFailure() {
        Run r = run("throttle", "list", "--state-dir", dir.resolve("missing").toString());
        assertEquals(111, r.status());
        assertEquals("vchkrcpt: fatal: state directory " + dir.resolve("missing") + " does not exist\n", r.err());
    }

    private List<String> files() throws IOException {
        List<String> listing = new ArrayList<>();
        try (Stream<Path> files = Files.list(state)) {
            for (Path f : files.sorted().toList()) {
                listing.add(f.getFileName() + " " + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return listing;
    }

    @Test
    void checkShowsTheThrottleAndChangesNothing() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        try (CdbWriter writer = new CdbWriter(cdb)) {
            writer.add("@x.example".getBytes(StandardCharsets.US_ASCII), "-bounce-no-mailbox".getBytes(StandardCharsets.US_ASCII));
            writer.add("valid@x.example".getBytes(StandardCharsets.US_ASCII), "1".getBytes(StandardCharsets.US_ASCII));
            writer.commit();
        }
        List<String> before = files();
        Run spam = run("check", "--cdb", cdb.toString(), "--allow", dir.resolve("none").toString(), "--state-dir",
                state.toString(), "--sender", "Spam@X", "--trace", "valid@x.example");
        assertEquals(111, spam.status());
        assertTrue(spam.out().contains("  throttle: sender spam@x has 3 counted rejections in the last 3600 s (limit 3)\n"
                + "  harvest limit: 0 invalid recipients in this session (limit 10)\n"
                + "verdict: temporary failure\nexit status: 111\nreason: spammer=bounce-no-mailbox\n"), spam.out());
        Run other = run("check", "--cdb", cdb.toString(), "--allow", dir.resolve("none").toString(), "--state-dir",
                state.toString(), "--sender", "other@x", "--client-ip", "192.0.2.1", "unknown@x.example");
        assertEquals(100, other.status());
        assertTrue(other.out().endsWith("reason: catchall=bounce-no-mailbox\n"), other.out());
        assertEquals(before, files(), "check counts nothing and takes no lock");
    }

    @Test
    void filesTheAdminCreatesBelongToTheDirectorysOwner() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give files away");
        UserPrincipal nobody = state.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        for (String name : List.of("", ThrottleStore.STATE, ThrottleStore.LOCK)) {
            Files.setOwner(state.resolve(name), nobody);
        }
        Files.delete(state.resolve(ThrottleStore.LOCK));
        Map<String, String> owners = new HashMap<>();
        assertEquals(0, run("throttle", "clear", "--state-dir", state.toString()).status());
        try (Stream<Path> files = Files.list(state)) {
            for (Path f : files.toList()) {
                owners.put(f.getFileName().toString(), Files.getOwner(f).getName());
            }
        }
        assertEquals(Map.of("throttle", "nobody", "throttle.lock", "nobody"), owners);
    }
}
