package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/** vpasswd's flags and vpopmail's qmail-ext, from vpopmail_config.h or the options, and the helper's verdicts. */
class VpasswdFlagsTest {
    @TempDir
    Path root;

    private VpopmailTree tree() throws IOException {
        VpopmailTree tree = new VpopmailTree(root);
        VpopmailTree.Domain example = tree.domain("example.com", "| " + tree.home + "/bin/vdelivermail '' bounce-no-mailbox\n");
        example.user56("alice", null)
                .append("locked:$6$salt$hash:1:16:Locked:" + example.dir.resolve("locked") + ":NOQUOTA\n")
                .append("nopop:$6$salt$hash:1:2:No POP:" + example.dir.resolve("nopop") + ":NOQUOTA\n");
        tree.control("rcpthosts", "example.com");
        return tree;
    }

    private static Helper.Result run(String... args) throws IOException, InterruptedException {
        return Helper.run(Map.of(), List.of(args));
    }

    @Test
    void lockedAccountsAndTheExtensionKeysAsBuilt() throws Exception {
        VpopmailTree tree = tree();
        String plain = "@example.com:-bounce-no-mailbox\nalice@example.com:user\nlocked@example.com:-locked\nnopop@example.com:user\n";
        Helper.Result off = run("scan", "--qmail", tree.qmail.toString(), "--text");
        assertEquals(plain, off.stdout(), off.stderr());
        assertTrue(off.stderr().contains(" 3 mailboxes (1 locked), "), off.stderr());

        tree.vpopmailConfig("USE_CDB", "QMAIL_EXT");
        String ext = "@example.com:-bounce-no-mailbox\nalice-default@example.com:user\nalice@example.com:user\n"
                + "locked-default@example.com:-locked\nlocked@example.com:-locked\nnopop-default@example.com:user\n"
                + "nopop@example.com:user\n";
        assertEquals(ext, run("scan", "--qmail", tree.qmail.toString(), "--text").stdout());
        assertEquals(plain, run("scan", "--qmail", tree.qmail.toString(), "--text", "--no-qmail-ext").stdout());
        tree.vpopmailConfig("USE_CDB");
        assertEquals(ext, run("scan", "--qmail", tree.qmail.toString(), "--text", "--qmail-ext").stdout());
    }

    @Test
    void theHelpersVerdicts() throws Exception {
        VpopmailTree tree = tree();
        tree.vpopmailConfig("USE_CDB", "QMAIL_EXT");
        Path cdb = root.resolve("validrcptto.cdb");
        assertEquals(0, run("scan", "--qmail", tree.qmail.toString(), "-o", cdb.toString()).status());
        String[][] cases = {
            {"locked@example.com", "100", "address rejected"},
            {"alice-anything@example.com", "0", "user-alias ok"},
            {"alice@example.com", "0", "account ok"},
            {"nopop@example.com", "0", "account ok"},
            {"unknown@example.com", "100", "catchall=bounce-no-mailbox"},
        };
        for (String[] c : cases) {
            Helper.Result verdict = Helper.helper(Map.of("RECIPIENT", c[0], "SENDER", "someone@example.org",
                    "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr", "VCHKRCPT_THROTTLE_LIMIT", "0",
                    "VALIDRCPTTO_LIMIT", "0", "VCHKRCPT_ALLOW", root.resolve("none").toString()));
            assertEquals(Integer.parseInt(c[1]), verdict.status(), c[0] + ": " + verdict.stderr());
            assertTrue(verdict.stderr().endsWith(" : " + c[2] + "\n"), c[0] + ": " + verdict.stderr());
        }
    }

    @Test
    void anUnknownBackendIsAUsageError() throws Exception {
        Helper.Result r = run("scan", "--qmail", root.toString(), "--backend", "ldap");
        assertTrue(r.stderr().contains("--backend must be vpasswd, mysql or vuserinfo, not ldap"), r.stderr());
        assertEquals(2, r.status(), "picocli's usage status, as for every admin command: " + r.stderr());
    }
}
