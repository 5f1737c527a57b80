package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.MariaDb;

/** The database server dies while scan reads it: 111, and the old cdb stays as it was. Its own server. */
class MysqlServerGoneTest {
    @TempDir
    Path root;

    @Test
    void theServerKilledInTheMiddleOfAScan() throws Exception {
        assumeTrue(MariaDb.installed(), "mariadb-server is not installed (scripts/test installs it)");
        try (MariaDb server = MariaDb.start(root.resolve("server"))) {
            VpopmailSql.create(server);
            server.sql("USE vpopmail;\n" + VpopmailSql.account("vpopmail", "a.example", "alice", 0)
                    + VpopmailSql.account("vpopmail", "b.example", "bob", 0));
            VpopmailTree tree = new VpopmailTree(root.resolve("tree"));
            tree.vpopmailConfig("USE_MYSQL", "MANY_DOMAINS", "VALIAS");
            for (String name : new String[] {"a.example", "b.example"}) {
                Files.delete(tree.domain(name, "| " + tree.home + "/bin/vdelivermail '' bounce-no-mailbox\n").dir
                        .resolve("vpasswd"));
            }
            tree.control("rcpthosts", "a.example", "b.example");
            VpopmailSql.connectionFile(tree.home, "localhost|" + server.socket() + "|" + VpopmailSql.USER + "|"
                    + VpopmailSql.PASSWORD + "|vpopmail");
            Path cdb = tree.qmail.resolve("control/validrcptto.cdb");
            byte[] old = Files.readAllBytes(vchkrcpt.testing.TestCdb.write(cdb, "alice@a.example", "user"));

            // A session that holds the valias table: the scan reads a.example's accounts, then waits for it.
            Process lock = server.session("USE vpopmail; LOCK TABLES valias WRITE;");
            Path out = root.resolve("scan.out");
            Process scan = new ProcessBuilder(Helper.PROGRAM.toString(), "scan", "--qmail", tree.qmail.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                server.awaitLockWait(VpopmailSql.USER);
                server.kill();
                assertTrue(scan.waitFor(60, TimeUnit.SECONDS), "scan still running after the server died");
            } finally {
                scan.destroyForcibly();
                lock.destroyForcibly();
            }
            String stderr = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(111, scan.exitValue(), stderr);
            assertTrue(stderr.startsWith("vchkrcpt: fatal: unable to read the accounts of a.example (table vpopmail) from"
                    + " the vpopmail database vpopmail as vpopmail on " + server.socket() + ": "), stderr);
            assertTrue(stderr.endsWith("; " + cdb + " left as it was\n"), stderr);
            assertArrayEquals(old, Files.readAllBytes(cdb));
        }
    }
}
