package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/** {@code vchkrcpt scan} as a process, and the helper's verdicts on the file it writes. */
class ScanCommandTest {
    @TempDir
    Path root;

    private Helper.Result scan(VpopmailTree tree, String... more) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("scan", "--qmail", tree.qmail.toString()));
        if (!List.of(more).contains("--accept-unchecked-domains")) {
            // The standard installation's unaccounted domains, with today's answer said explicitly.
            args.add("--reject-unchecked-domains");
        }
        args.addAll(List.of(more));
        return Helper.run(Map.of(), args);
    }

    private Helper.Result helper(Path cdb, String recipient) throws IOException, InterruptedException {
        return Helper.helper(Map.of("RECIPIENT", recipient, "SENDER", "someone@example.org",
                "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr",
                "VCHKRCPT_ALLOW", root.resolve("no-allow-file").toString()));
    }

    @Test
    void textPrintsTheKeysAndTheSummaryGoesToStderr() throws IOException, InterruptedException {
        VpopmailTree tree = StandardInstallation.build(root);
        Helper.Result r = scan(tree, "--text");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(StandardInstallation.KEYS, r.stdout());
        assertTrue(r.stderr().contains("vchkrcpt scan: warning: 3 domains in rcpthosts/morercpthosts not accounted for:"
                + " .wild.example localhost unchecked.example: they get no key, so the helper REJECTS every address there"),
                r.stderr());
        assertTrue(r.stderr().contains("\nvchkrcpt scan: 7 domains + 1 alias domain, 11 mailboxes, 8 aliases,"
                + " catch-alls: 1 bounce-no-mailbox, 2 delete, 3 deliver, 1 none; 2 unchecked domains (rejected whole),"
                + " 0 included keys; 35 keys printed, "), r.stderr());
        assertFalse(Files.exists(tree.qmail.resolve("control/validrcptto.cdb")), "--text writes no file");
    }

    @Test
    void theWrittenCdbGivesTheHelperItsVerdicts() throws IOException, InterruptedException {
        VpopmailTree tree = StandardInstallation.build(root);
        Helper.Result r = scan(tree);
        Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("35 keys written to " + cdb + ", "), r.stderr());

        String[][] cases = {
            {"Alice@example.NET", "0", "account ok"},
            {"nobody@example.com", "100", "catchall=bounce-no-mailbox"},
            {"news-subscribe-x=example.org@example.com", "0", "user-alias ok"},
            {"first.last@example.net", "0", "alias ok"},
            {"anyone@fwd.example", "0", "catchall=ok"},
            {"anyone@big.example", "100", "catchall=delete"},
            {"user250@big.example", "0", "account ok"},
            {"anyone@plain.example", "100", "catchall=none"},
            {"anyone@unchecked.example", "100", "catchall=none"},
        };
        for (String[] c : cases) {
            Helper.Result v = helper(cdb, c[0]);
            assertEquals(Integer.parseInt(c[1]), v.status(), c[0] + ": " + v.stderr());
            assertTrue(v.stderr().endsWith(" : " + c[2] + "\n"), c[0] + ": " + v.stderr());
        }
    }

    @Test
    void aCorruptVpasswdLeavesTheOldCdbInPlace() throws IOException, InterruptedException {
        VpopmailTree tree = StandardInstallation.build(root);
        Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
        assertEquals(0, scan(tree).status());
        byte[] before = Files.readAllBytes(cdb);

        Path vpasswd = tree.home.resolve("domains/big.example/vpasswd");
        Files.writeString(vpasswd, "carol:$1$cut\n", StandardOpenOption.APPEND);
        tree.domain("new.example", null).user56("postmaster", null);
        Helper.Result r = scan(tree);
        assertEquals(111, r.status());
        assertEquals("vchkrcpt: fatal: unable to parse " + vpasswd + " line 4: 2 colon-separated fields, expected 7 or 8"
                + " (name:crypted:uid:gid:gecos:dir:quota[:clear]); " + cdb + " left as it was\n", r.stderr());
        assertArrayEquals(before, Files.readAllBytes(cdb));
        assertFalse(Files.exists(Path.of(cdb + ".tmp")));
    }

    @Test
    void ifChangedRewritesOnlyWhenTheKeysChanged() throws IOException, InterruptedException {
        VpopmailTree tree = StandardInstallation.build(root);
        Path cdb = root.resolve("out.cdb");
        assertEquals(0, scan(tree, "-c", "-o", cdb.toString()).status());
        Object inode = Files.getAttribute(cdb, "unix:ino");

        Helper.Result same = scan(tree, "-c", "-o", cdb.toString());
        assertTrue(same.stderr().contains("35 keys unchanged in " + cdb + ", "), same.stderr());
        assertEquals(inode, Files.getAttribute(cdb, "unix:ino"));

        tree.domain("new.example", null).user56("postmaster", null);
        Helper.Result changed = scan(tree, "-c", "-o", cdb.toString());
        assertTrue(changed.stderr().contains("36 keys written to " + cdb), changed.stderr());
    }

    @Test
    void includeAndAcceptUncheckedDomainsAddKeys() throws IOException, InterruptedException {
        VpopmailTree tree = StandardInstallation.build(root);
        Path include = root.resolve("exchange-users");
        Files.writeString(include, "# from the Exchange server\nboss@exchange.example:user\n");
        Helper.Result r = scan(tree, "--text", "--accept-unchecked-domains", "--include", include.toString());
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stdout().startsWith("@big.example:-delete\n"), r.stdout());
        assertTrue(r.stdout().contains("\n@localhost:catchall\n"), r.stdout());
        assertTrue(r.stdout().contains("\n@unchecked.example:catchall\n"), r.stdout());
        assertTrue(r.stdout().contains("\nboss@exchange.example:user\n"), r.stdout());
        assertTrue(r.stderr().contains("accepted whole (@domain = catchall), their addresses are not checked"), r.stderr());
    }
}
