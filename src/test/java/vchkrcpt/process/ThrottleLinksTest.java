package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.state.ThrottleStore;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.OwnerOnly;

/**
 * The SMTP user plants links in its own state directory; root runs the admin commands there (and
 * here also the helper and check). As root the directory belongs to nobody, as it would to qmaild.
 * Whatever is run, the link's target stays as it was, and the message names the link.
 */
class ThrottleLinksTest {
    private static final byte[] SECRET = "root's secret\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private ThrottleFixture fixture;
    private Path target;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ThrottleFixture(dir);
        target = OwnerOnly.write(dir.resolve("target"), SECRET);
        if (Env.root()) {
            Files.setAttribute(fixture.state, "unix:uid", 65534);
            Files.setAttribute(fixture.state, "unix:gid", 65534);
        }
    }

    private void plant(String name) throws Exception {
        try (var files = Files.list(fixture.state)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Path link = Files.createSymbolicLink(fixture.state.resolve(name), target);
        if (Env.root()) {
            Files.setAttribute(link, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private String refusal(String name) {
        return fixture.state.resolve(name) + " is a symbolic link, not a regular file: refusing it";
    }

    private Helper.Result admin(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(args));
        command.addAll(List.of("--state-dir", fixture.state.toString()));
        return Helper.run(Map.of("VCHKRCPT_STATE_DIR", fixture.state.toString()), command);
    }

    @Test
    void aLinkAsTheStateIsRefusedByEveryone() throws Exception {
        plant(ThrottleStore.STATE);
        Helper.Result list = admin("throttle", "list");
        assertEquals(111, list.status());
        assertEquals("vchkrcpt: fatal: " + refusal(ThrottleStore.STATE) + "\n", list.stderr());
        Helper.Result clear = admin("throttle", "clear");
        assertEquals(111, clear.status());
        assertEquals("vchkrcpt: fatal: " + refusal(ThrottleStore.STATE) + "\n", clear.stderr());
        Helper.Result helper = Helper.helper(fixture.env("s@x", "u@x.example"));
        assertEquals(100, helper.status());
        assertEquals("vchkrcpt: warning: throttle skipped: " + refusal(ThrottleStore.STATE) + "\n"
                + ThrottleFixture.decision("s@x", "u@x.example", "catchall=bounce-no-mailbox"), helper.stderr());
        Helper.Result check = Helper.run(Map.of(), List.of("check", "--cdb", fixture.cdb.toString(), "--state-dir",
                fixture.state.toString(), "--sender", "s@x", "u@x.example"));
        assertEquals(100, check.status());
        assertEquals("vchkrcpt: warning: throttle skipped: " + refusal(ThrottleStore.STATE) + "\n", check.stderr());
        assertArrayEquals(SECRET, Files.readAllBytes(target));
        assertTrue(Files.isSymbolicLink(fixture.stateFile()), "left for the admin to see");
    }

    @Test
    void aLinkAsTheLockIsRefusedByWritersAndIgnoredByReaders() throws Exception {
        plant(ThrottleStore.LOCK);
        assertEquals(0, admin("throttle", "list").status(), "list takes no lock");
        Helper.Result clear = admin("throttle", "clear");
        assertEquals(111, clear.status());
        assertEquals("vchkrcpt: fatal: " + refusal(ThrottleStore.LOCK) + "\n", clear.stderr());
        Helper.Result helper = Helper.helper(fixture.env("s@x", "u@x.example"));
        assertEquals(100, helper.status());
        assertEquals(ThrottleFixture.decision("s@x", "u@x.example", "catchall=bounce-no-mailbox")
                + "vchkrcpt: warning: throttle not updated: " + refusal(ThrottleStore.LOCK) + "\n", helper.stderr());
        assertArrayEquals(SECRET, Files.readAllBytes(target));
        assertTrue(Files.isSymbolicLink(fixture.state.resolve(ThrottleStore.LOCK)));
    }

    @Test
    void aLinkAsTheTemporaryFileIsRefusedByWriters() throws Exception {
        plant(ThrottleStore.TEMPORARY);
        Helper.Result clear = admin("throttle", "clear");
        assertEquals(111, clear.status());
        assertEquals("vchkrcpt: fatal: " + refusal(ThrottleStore.TEMPORARY) + "\n", clear.stderr());
        Helper.Result helper = Helper.helper(fixture.env("s@x", "u@x.example"));
        assertEquals(ThrottleFixture.decision("s@x", "u@x.example", "catchall=bounce-no-mailbox")
                + "vchkrcpt: warning: throttle not updated: " + refusal(ThrottleStore.TEMPORARY) + "\n", helper.stderr());
        assertArrayEquals(SECRET, Files.readAllBytes(target));
        assertTrue(!Files.exists(fixture.stateFile(), LinkOption.NOFOLLOW_LINKS), "nothing renamed into place");
    }

    @Test
    void withoutLinksRootLeavesFilesTheOwnerCanUse() throws Exception {
        assertEquals(0, admin("throttle", "clear").status());
        Helper.Result helper = Helper.helper(fixture.env("s@x", "u@x.example"));
        assertEquals(ThrottleFixture.decision("s@x", "u@x.example", "catchall=bounce-no-mailbox"), helper.stderr());
        int owner = (Integer) Files.getAttribute(fixture.state, "unix:uid");
        for (String name : List.of(ThrottleStore.STATE, ThrottleStore.LOCK)) {
            assertEquals(owner, Files.getAttribute(fixture.state.resolve(name), "unix:uid", LinkOption.NOFOLLOW_LINKS),
                    name);
        }
    }
}
