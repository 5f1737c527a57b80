package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.MariaDb;

/**
 * vpopmail's MySQL backend against a real MariaDB server (one per class), loaded with the tables
 * and rows vpopmail writes: both layouts, flags, clear and crypted passwords, valias rows.
 */
class MysqlBackendTest {
    @TempDir
    static Path serverDir;
    private static MariaDb server;

    @TempDir
    Path root;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(MariaDb.installed(), "mariadb-server is not installed (scripts/test installs it)");
        server = MariaDb.start(serverDir);
        VpopmailSql.create(server);
        StringBuilder rows = new StringBuilder("USE vpopmail;\n");
        // gid: 16 BOUNCE_MAIL (vmoduser -b), 2 NO_POP, 18 both.
        String[][] accounts = {{"postmaster", "0"}, {"alice", "0"}, {"locked", "16"}, {"nopop", "2"},
            {"lockednopop", "18"}, {"a-b", "0"}, {"bob", "0"}, {"team-lead", "16"}};
        for (String[] account : accounts) {
            rows.append(VpopmailSql.account("vpopmail", "example.com", account[0], Integer.parseInt(account[1])));
        }
        rows.append(VpopmailSql.account("vpopmail", "other.example", "stranger", 0));
        for (int i = 1; i <= 20; i++) {
            rows.append(VpopmailSql.account("vpopmail", "mass.example", String.format("user%02d", i), 0));
        }
        rows.append(VpopmailSql.alias("info", "example.com", "&alice@example.com"))
                .append(VpopmailSql.alias("info", "example.com", "&postmaster@example.com"))
                .append(VpopmailSql.alias("first.last", "example.com", "&alice@example.com"))
                .append(VpopmailSql.alias("sales-default", "example.com", "&alice@example.com"))
                .append(VpopmailSql.alias("bob", "example.com", "&bob@elsewhere.example"))
                .append(VpopmailSql.alias("team-default", "example.com", "&alice@example.com"))
                .append(VpopmailSql.alias("ghost", "other.example", "&alice@example.com"))
                .append("INSERT INTO aliasdomains (alias, domain) VALUES ('example.net', 'example.com');\n");
        rows.append("USE vpopsplit;\n").append(VpopmailSql.accountsTable("split_example_org", false))
                .append(VpopmailSql.account("split_example_org", null, "carol", 0))
                .append(VpopmailSql.account("split_example_org", null, "dave", 16));
        server.sql(rows.toString());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** example.com (alias domain example.net) as vadddomain leaves it with MySQL: no vpasswd, .qmail files only. */
    private VpopmailTree exampleCom(String connection) throws IOException {
        VpopmailTree tree = new VpopmailTree(root);
        tree.vpopmailConfig("USE_SQL", "USE_MYSQL", "MANY_DOMAINS", "VALIAS", "QMAIL_EXT", "CLEAR_PASS");
        VpopmailTree.Domain example = tree.domain("example.com", "| " + tree.home + "/bin/vdelivermail '' bounce-no-mailbox\n");
        Files.delete(example.dir.resolve("vpasswd"));
        Files.delete(example.dir.resolve(".dir-control"));
        example.file(".qmail-owner", "&alice@example.com\n");
        tree.aliasDomain("example.net", example);
        tree.control("rcpthosts", "example.com", "example.net");
        VpopmailSql.connectionFile(tree.home, connection);
        return tree;
    }

    private static String socketLine(String database) {
        return "localhost|" + server.socket() + "|" + VpopmailSql.USER + "|" + VpopmailSql.PASSWORD + "|" + database;
    }

    private static String text(ScanResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScanOutput.text(result.keys(), out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Lines in the byte order of --text. */
    private static String sorted(String lines) {
        return String.join("\n", new java.util.TreeSet<>(List.of(lines.split("\n")))) + "\n";
    }

    private static ScanResult scan(VpopmailTree tree, AccountOptions options) throws IOException {
        return Scanner.scan(ScanSettings.of(tree.qmail, null, List.of(), ScanSettings.UncheckedDomains.REJECT).with(options), new ProgressLine(null));
    }

    private static final String EXAMPLE_KEYS = ""
            + "@example.com:-bounce-no-mailbox\n"
            + "a-b@example.com:user\n"
            + "alice-default@example.com:user\n"
            + "alice@example.com:user\n"
            + "bob-default@example.com:alias\n"
            + "bob@example.com:alias\n"
            + "first.last-default@example.com:alias\n"
            + "first.last@example.com:alias\n"
            + "info-default@example.com:alias\n"
            + "info@example.com:alias\n"
            + "locked-default@example.com:-locked\n"
            + "locked@example.com:-locked\n"
            + "lockednopop-default@example.com:-locked\n"
            + "lockednopop@example.com:-locked\n"
            + "nopop-default@example.com:user\n"
            + "nopop@example.com:user\n"
            + "owner@example.com:alias\n"
            + "postmaster-default@example.com:user\n"
            + "postmaster@example.com:user\n"
            + "sales-default@example.com:alias\n"
            + "team-default@example.com:alias\n"
            + "team-lead@example.com:alias\n";

    @Test
    void oneTableForAllDomainsWithValiasAndQmailExt() throws IOException {
        ScanResult result = scan(exampleCom(socketLine("vpopmail")), AccountOptions.BUILT_IN);
        assertEquals(sorted(EXAMPLE_KEYS + EXAMPLE_KEYS.replace("example.com", "example.net")), text(result));
        assertEquals("1 domain + 1 alias domain, 8 mailboxes (3 locked), 6 aliases, catch-alls: 1 bounce-no-mailbox,"
                + " 0 delete, 0 deliver, 0 none; 0 unchecked domains, 0 included keys; 44 keys", result.summary().text());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void oneTablePerDomainOverTcpDetectedFromTheTables() throws IOException {
        VpopmailTree tree = new VpopmailTree(root);
        Files.delete(tree.home.resolve(VpopmailConfig.FILE));
        VpopmailTree.Domain split = tree.domain("split-example.org", "| " + tree.home + "/bin/vdelivermail '' delete\n");
        Files.delete(split.dir.resolve("vpasswd"));
        tree.control("rcpthosts", "split-example.org");
        VpopmailSql.connectionFile(tree.home, "127.0.0.1|" + server.port() + "|" + VpopmailSql.USER + "|"
                + VpopmailSql.PASSWORD + "|vpopsplit");
        ScanResult result = scan(tree, AccountOptions.BUILT_IN);
        assertEquals("@split-example.org:-delete\ncarol@split-example.org:user\ndave@split-example.org:-locked\n", text(result));
        assertEquals(List.of("no " + tree.home + "/include/vpopmail_config.h: taking vpopmail as built without"
                + " --enable-qmail-ext, so no user-default@domain keys (--qmail-ext or --no-qmail-ext says which)"),
                result.warnings());
    }

    @Test
    void theOptionsOverrideTheBuild() throws IOException {
        VpopmailTree tree = exampleCom(socketLine("vpopmail"));
        ScanResult result = scan(tree, new AccountOptions(null, false, null, 0));
        assertFalse(result.keys().containsKey("alice-default@example.com"));
        assertEquals("-locked", result.keys().get("locked@example.com"));
        IOException e = assertThrows(IOException.class, () -> scan(tree, new AccountOptions(Backend.VPASSWD, null, null, 0)));
        assertTrue(e.getMessage().startsWith("unable to read " + tree.home + "/domains/example.com/vpasswd: does not exist"),
                e.getMessage());
    }

    @Test
    void aMissingTableOrAWrongPasswordFailsTheScan() throws IOException {
        VpopmailTree tree = exampleCom(socketLine("vpopmail"));
        tree.vpopmailConfig("USE_MYSQL", "VALIAS");
        IOException e = assertThrows(IOException.class, () -> scan(tree, AccountOptions.BUILT_IN));
        assertTrue(e.getMessage().startsWith("unable to read the accounts of example.com (table example_com) from the"
                + " vpopmail database vpopmail as vpopmail on " + server.socket() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("doesn't exist"), e.getMessage());

        VpopmailSql.connectionFile(tree.home, socketLine("vpopmail").replace("|secret|", "|wrong|"));
        e = assertThrows(IOException.class, () -> scan(tree, AccountOptions.BUILT_IN));
        assertTrue(e.getMessage().startsWith("unable to connect to the vpopmail database vpopmail as vpopmail on "
                + server.socket() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("Access denied"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the password is never shown: " + e.getMessage());
    }

    private static Helper.Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return Helper.run(env, List.of(args));
    }

    private Helper.Result helper(Path cdb, String recipient, Map<String, String> more) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of("RECIPIENT", recipient, "SENDER", "someone@example.org",
                "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr", "VCHKRCPT_THROTTLE_LIMIT", "0",
                "VALIDRCPTTO_LIMIT", "0", "VCHKRCPT_ALLOW", root.resolve("no-allow-file").toString()));
        env.putAll(more);
        return Helper.helper(env);
    }

    /** localhost means the local socket, as for vpopmail's C client; MYSQL_UNIX_PORT names it. */
    @Test
    void theHelperOnTheScannedCdbWithoutLoadingTheDriver() throws Exception {
        VpopmailTree tree = exampleCom("localhost|0|" + VpopmailSql.USER + "|" + VpopmailSql.PASSWORD + "|vpopmail");
        Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
        Helper.Result scan = run(Map.of("MYSQL_UNIX_PORT", server.socket().toString()), "scan", "--qmail", tree.qmail.toString());
        assertEquals(0, scan.status(), scan.stderr());
        assertTrue(scan.stderr().contains("44 keys written to " + cdb), scan.stderr());

        String[][] cases = {
            {"locked@example.com", "100", "address rejected"},
            {"Locked-News@example.NET", "100", "address rejected"},
            {"alice-news@example.com", "0", "user-alias ok"},
            {"alice@example.net", "0", "account ok"},
            {"team-lead@example.com", "0", "alias ok"},
            {"info@example.com", "0", "alias ok"},
            {"a-b-c@example.com", "100", "catchall=bounce-no-mailbox"},
            {"nobody@example.com", "100", "catchall=bounce-no-mailbox"},
        };
        for (String[] c : cases) {
            Helper.Result verdict = helper(cdb, c[0], Map.of());
            assertEquals(Integer.parseInt(c[1]), verdict.status(), c[0] + ": " + verdict.stderr());
            assertTrue(verdict.stderr().endsWith(" : " + c[2] + "\n"), c[0] + ": " + verdict.stderr());
            assertEquals("", verdict.stdout());
        }

        Path classes = root.resolve("classes.log");
        assertEquals(0, helper(cdb, "alice@example.com", Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes))
                .status());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains(" vchkrcpt.cli.HelperMode "), "the log lists the helper's classes");
        assertFalse(loaded.contains("org.mariadb"), "the helper loaded the JDBC driver");
        assertFalse(loaded.contains(" java.sql."), "the helper loaded java.sql");
        assertFalse(loaded.contains("vchkrcpt.scan."), "the helper loaded scan classes");
    }

    /** A real mass deletion: the second read after the pause agrees, and the file is published. */
    @Test
    void aMassDeletionInTheDatabaseGoesThroughAfterASecondRead() throws Exception {
        VpopmailTree tree = new VpopmailTree(root);
        tree.vpopmailConfig("USE_MYSQL", "MANY_DOMAINS", "VALIAS");
        VpopmailTree.Domain mass = tree.domain("mass.example", "| " + tree.home + "/bin/vdelivermail '' delete\n");
        Files.delete(mass.dir.resolve("vpasswd"));
        tree.control("rcpthosts", "mass.example");
        VpopmailSql.connectionFile(tree.home, socketLine("vpopmail"));
        Path cdb = root.resolve("validrcptto.cdb");
        Helper.Result first = run(Map.of(), "scan", "--qmail", tree.qmail.toString(), "-o", cdb.toString());
        assertTrue(first.stderr().contains("21 keys written"), first.stderr());

        server.sql("USE vpopmail; DELETE FROM vpopmail WHERE pw_domain = 'mass.example' AND pw_name > 'user05';");
        try {
            Helper.Result second = run(Map.of(), "scan", "--qmail", tree.qmail.toString(), "-o", cdb.toString(),
                    "--debounce", "100");
            assertEquals(0, second.status(), second.stderr());
            assertTrue(second.stderr().contains("6 keys written"), second.stderr());
        } finally {
            StringBuilder back = new StringBuilder("USE vpopmail;\n");
            for (int i = 6; i <= 20; i++) {
                back.append(VpopmailSql.account("vpopmail", "mass.example", String.format("user%02d", i), 0));
            }
            server.sql(back.toString());
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedKeepsTheOldCdb() throws Exception {
        VpopmailTree tree = exampleCom("localhost|" + root.resolve("no-such.sock") + "|vpopmail|secret|vpopmail");
        Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
        byte[] old = vchkrcpt.testing.TestCdb.write(cdb, "alice@example.com", "user").toFile().exists()
                ? Files.readAllBytes(cdb) : null;
        Helper.Result r = run(Map.of(), "scan", "--qmail", tree.qmail.toString());
        assertEquals(111, r.status(), r.stderr());
        assertTrue(r.stderr().startsWith("vchkrcpt: fatal: unable to connect to the vpopmail database vpopmail as vpopmail on "
                + root.resolve("no-such.sock") + ": "), r.stderr());
        assertTrue(r.stderr().endsWith("; " + cdb + " left as it was\n"), r.stderr());
        assertArrayEquals(old, Files.readAllBytes(cdb));
        assertEquals(java.util.Set.of("validrcptto.cdb", "virtualdomains"), java.util.Set.copyOf(list(cdb.getParent())),
                "no temporary file left");
    }

    private static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.remove("rcpthosts");
        return names;
    }
}
