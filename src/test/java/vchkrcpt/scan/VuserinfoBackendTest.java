package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.TestCdb;

/**
 * The backends read through vpopmail's own vuserinfo and valias (PostgreSQL, LDAP...), here small
 * stand-ins that print what the real tools print: per call they print the next of the outputs the
 * test gave them (the last one again when they run out) and exit with its status.
 */
class VuserinfoBackendTest {
    private static final String DOMAIN = "tools.example";

    @TempDir
    Path root;

    private VpopmailTree tree;

    @BeforeEach
    void install() throws IOException {
        tree = new VpopmailTree(root);
        tree.vpopmailConfig("USE_SQL", "USE_POSTGRES", "VALIAS");
        Files.delete(tree.domain(DOMAIN, "| " + tree.home + "/bin/vdelivermail '' bounce-no-mailbox\n").dir.resolve("vpasswd"));
        tree.control("rcpthosts", DOMAIN);
        Files.createDirectories(tree.home.resolve("bin"));
    }

    /** 5.6's vuserinfo -D: a dashed line before each account. */
    private static String account(String name, int gid) {
        return "------------------------------------------\n"
                + "name:   " + name + "\n"
                + "passwd: $1$abcdefgh$0123456789abcdefghijkl\n"
                + "clear passwd: \n"
                + "comment/gecos: " + name + "\n"
                + "uid:    0\n"
                + "gid:    " + gid + "\n"
                + "flags:  " + gid + "\n"
                + "gecos: " + name + "\n"
                + (gid == 0 ? "limits: No user limits set.\n" : "limits:\n        mail will be bounced back to sender\n")
                + "dir:       /home/vpopmail/domains/" + DOMAIN + "/" + name + "\n"
                + "quota:     NOQUOTA\n"
                + "usage:     NOQUOTA\n"
                + "last auth: Never logged in\n";
    }

    /**
     * Writes VPOPMAIL/bin/TOOL, which records its arguments (one a line) in TOOL.args and prints
     * outputs[i] on its i-th call, exiting with statuses[i].
     */
    private void tool(String tool, List<String> outputs, List<Integer> statuses) throws IOException {
        Path bin = tree.home.resolve("bin");
        StringBuilder script = new StringBuilder("#!/bin/sh\nprintf '%s\\n' \"$@\" >> \"$0.args\"\n"
                + "n=$(cat \"$0.calls\" 2>/dev/null || echo 0)\necho $((n + 1)) > \"$0.calls\"\n");
        for (int i = 0; i < outputs.size(); i++) {
            Files.writeString(bin.resolve(tool + ".out." + i), outputs.get(i));
            boolean last = i == outputs.size() - 1;
            script.append(last ? "" : "[ \"$n\" = " + i + " ] && ").append("{ cat \"$0.out." + i + "\"; exit " + statuses.get(i) + "; }\n");
        }
        Path file = bin.resolve(tool);
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ScanResult scan(Path previous) throws IOException {
        return Scanner.scan(ScanSettings.of(tree.qmail, null, List.of(), ScanSettings.UncheckedDomains.REJECT)
                .with(new AccountOptions(null, null, previous, 10)),
                new ProgressLine(null));
    }

    private static String text(ScanResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScanOutput.text(result.keys(), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void accountsFlagsAndAliasesAsTheToolsPrintThem() throws IOException {
        tool("vuserinfo", List.of(account("postmaster", 0) + account("Alice", 2) + account("locked", 18)), List.of(0));
        tool("valias", List.of("info@" + DOMAIN + " -> &alice@" + DOMAIN + "\ninfo@" + DOMAIN + " -> &bob@elsewhere.example\n"
                + "sales-default@" + DOMAIN + " -> &alice@" + DOMAIN + "\n"), List.of(0));
        assertEquals("@tools.example:-bounce-no-mailbox\nalice@tools.example:user\ninfo@tools.example:alias\n"
                + "locked@tools.example:-locked\npostmaster@tools.example:user\nsales-default@tools.example:alias\n",
                text(scan(null)));
        // Run directly, the arguments as an array: no shell between.
        assertEquals("-D\n" + DOMAIN + "\n", Files.readString(tree.home.resolve("bin/vuserinfo.args")));
        assertEquals("-s\n" + DOMAIN + "\n", Files.readString(tree.home.resolve("bin/valias.args")));
    }

    @Test
    void vpopmail54sBlocksAndADomainWithoutAliases() throws IOException {
        String block = account("carol", 0).replace("------------------------------------------\n", "");
        tool("vuserinfo", List.of(block + "\n" + block.replace("carol", "dave")), List.of(0));
        tool("valias", List.of("No aliases found for domain " + DOMAIN + "\n"), List.of(255));
        assertEquals("@tools.example:-bounce-no-mailbox\ncarol@tools.example:user\ndave@tools.example:user\n",
                text(scan(null)));
    }

    @Test
    void aFailingToolFailsTheScanAndKeepsTheCdb() throws Exception {
        tool("vuserinfo", List.of("vpopmail: Initial open.\n"), List.of(255));
        tool("valias", List.of(""), List.of(0));
        Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
        byte[] old = Files.readAllBytes(TestCdb.write(cdb, "alice@" + DOMAIN, "user"));
        Helper.Result r = Helper.run(Map.of(), List.of("scan", "--qmail", tree.qmail.toString()));
        assertEquals(111, r.status(), r.stderr());
        assertEquals("vchkrcpt: fatal: " + tree.home + "/bin/vuserinfo -D " + DOMAIN + " exited with status 255:"
                + " vpopmail: Initial open.; " + cdb + " left as it was\n", r.stderr());
        assertArrayEquals(old, Files.readAllBytes(cdb));

        tool("vuserinfo", List.of(account("alice", 0)), List.of(0));
        tool("valias", List.of("garbage without an arrow\n"), List.of(0));
        IOException e = assertThrows(IOException.class, () -> scan(null));
        assertEquals(tree.home + "/bin/valias -s " + DOMAIN + " printed an unexpected line: garbage without an arrow",
                e.getMessage());
    }

    /** The previous cdb had 20 accounts; the tools now list 2. */
    private Path twentyBefore() throws IOException {
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            keys.add(String.format("user%02d@%s", i, DOMAIN));
            keys.add("user");
        }
        return TestCdb.write(root.resolve("previous.cdb"), keys.toArray(new String[0]));
    }

    @Test
    void aSharpDropIsPublishedOnlyWhenASecondRunAgrees() throws IOException {
        Path previous = twentyBefore();
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            all.append(account(String.format("user%02d", i), 0));
        }
        tool("vuserinfo", List.of(account("user01", 0) + account("user02", 0), all.toString()), List.of(0, 0));
        tool("valias", List.of(""), List.of(0));
        IOException e = assertThrows(IOException.class, () -> scan(previous));
        assertEquals("unable to trust the accounts read for " + DOMAIN + ": its mailbox keys dropped from 20 to 2 since"
                + " the last cdb, and " + tree.home + "/bin/vuserinfo and valias did not confirm it: " + tree.home
                + "/bin/vuserinfo listed 20 accounts 10 ms after it listed 2 (being changed?)", e.getMessage());

        Files.delete(tree.home.resolve("bin/vuserinfo.calls"));
        tool("vuserinfo", List.of(account("user01", 0) + account("user02", 0)), List.of(0));
        ScanResult result = scan(previous);
        assertEquals(2, result.summary().mailboxes);
        assertFalse(result.keys().containsKey("user03@" + DOMAIN));
        assertTrue(Files.readString(tree.home.resolve("bin/vuserinfo.calls")).startsWith("2"), "run twice");
    }
}
