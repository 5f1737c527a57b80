package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbSamples;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;

/** {@code vchkrcpt cdb make|dump|get} as a person runs them: exit status, exact stdout bytes, stderr. */
class CdbCommandsTest {
    private static final byte[] OLD = CdbSamples.bytes("the old file");

    @TempDir
    Path dir;

    @Test
    void makeWritesWhatCdbmakeWrites() throws Exception {
        Path input = dir.resolve("input");
        Files.write(input, CdbSamples.makeInput(CdbSamples.random(42, 2000)));
        Path ours = dir.resolve("ours.cdb");
        Files.write(ours, OLD);

        Result made = make(ours, input);
        assertEquals(0, made.status(), made.stderr());
        assertEquals("", made.stdout());
        assertEquals("", made.stderr());

        Process cdbmake = new ProcessBuilder("cdbmake", dir.resolve("ref.cdb").toString(), dir.resolve("ref.tmp").toString())
                .redirectInput(input.toFile()).start();
        assertTrue(cdbmake.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, cdbmake.exitValue());
        assertEquals(-1L, Files.mismatch(dir.resolve("ref.cdb"), ours));
        assertEquals(List.of("input", "ours.cdb", "ref.cdb"), names());
    }

    @Test
    void malformedInputLeavesTheFileAlone() throws Exception {
        Path cdb = dir.resolve("data.cdb");
        Files.write(cdb, OLD);
        Path input = dir.resolve("input");
        Files.write(input, CdbSamples.bytes("+1,1:a->b\n+1,1:c->dx\n\n"));

        Result made = make(cdb, input);
        assertEquals(111, made.status());
        assertEquals("", made.stdout());
        assertEquals("vchkrcpt: fatal: unable to make " + cdb + ": malformed input at record 2 (line 2, byte 20):"
                + " expected a newline after the 1-byte data; found 'x'; " + cdb + " is unchanged\n", made.stderr());
        assertArrayEquals(OLD, Files.readAllBytes(cdb));
        assertEquals(List.of("data.cdb", "input"), names());
    }

    @Test
    void aRecordTooLargeForTheFormatIsRefusedFromItsDeclaredLengths() throws Exception {
        Path cdb = dir.resolve("data.cdb");
        Files.write(cdb, OLD);
        Path input = dir.resolve("input");
        Files.write(input, CdbSamples.bytes("+1,1:a->b\n+3000000000,1500000000:"));

        Result made = make(cdb, input);
        assertEquals(111, made.status());
        assertEquals("vchkrcpt: fatal: unable to make " + cdb + ": record 2 (line 2, byte 33) is too large: a 3000000000-byte"
                + " key and 1500000000-byte data would make the cdb larger than the format's limit of 4294967295 bytes; "
                + cdb + " is unchanged\n", made.stderr());
        assertArrayEquals(OLD, Files.readAllBytes(cdb));
        assertEquals(List.of("data.cdb", "input"), names());
    }

    @Test
    void makeInAMissingDirectoryNamesTheFile() throws Exception {
        Path cdb = dir.resolve("missing/data.cdb");
        Path input = dir.resolve("input");
        Files.write(input, CdbSamples.bytes("\n"));

        Result made = make(cdb, input);
        assertEquals(111, made.status());
        assertTrue(made.stderr().matches("vchkrcpt: fatal: unable to make \\Q" + cdb + "\\E: \\Q" + cdb
                + "\\E\\.tmp\\.[0-9]+\\.1: No such file or directory; \\Q" + cdb + "\\E is unchanged\n"), made.stderr());
    }

    @Test
    void dumpWritesTheRecordsAsRawBytes() throws Exception {
        byte[] input = CdbSamples.makeInput(List.of(CdbSamples.record("\u00e9\u0000\n", "\u00ff\r\n"),
                CdbSamples.record("", ""), CdbSamples.record("a", "1"), CdbSamples.record("a", "2")));
        Path cdb = madeInProcess(input);

        Result dump = Helper.run(Map.of(), List.of("cdb", "dump", cdb.toString()));
        assertEquals(0, dump.status(), dump.stderr());
        assertArrayEquals(input, dump.stdoutBytes());
        assertEquals("", dump.stderr());
    }

    @Test
    void dumpOfAFileThatIsNoCdbFails() throws Exception {
        Path notCdb = dir.resolve("not.cdb");
        Files.write(notCdb, OLD);

        Result dump = Helper.run(Map.of(), List.of("cdb", "dump", notCdb.toString()));
        assertEquals(111, dump.status());
        assertEquals("", dump.stdout());
        assertEquals("vchkrcpt: fatal: unable to dump " + notCdb + ": shorter than the 2048-byte header (12 bytes)\n",
                dump.stderr());
    }

    @Test
    void getWritesTheFirstRecordsData() throws Exception {
        Path cdb = madeInProcess(CdbSamples.makeInput(List.of(CdbSamples.record("a@example.com", "first\n"),
                CdbSamples.record("a@example.com", "second"))));

        Result found = Helper.run(Map.of(), List.of("cdb", "get", cdb.toString(), "a@example.com"));
        assertEquals(0, found.status(), found.stderr());
        assertEquals("first\n", found.stdout());
        assertEquals("", found.stderr());

        Result absent = Helper.run(Map.of(), List.of("cdb", "get", cdb.toString(), "A@example.com"));
        assertEquals(100, absent.status(), absent.stderr());
        assertEquals("", absent.stdout());
        assertEquals("", absent.stderr());
    }

    @Test
    void getTakesKeysThatLookLikeArgumentFilesOrOptionsLiterally() throws Exception {
        Path cdb = madeInProcess(CdbSamples.makeInput(List.of(CdbSamples.record("@example.com", "catch-all"),
                CdbSamples.record("-a", "dash"))));
        // picocli would read "@example.com" as the argument file example.com, here in the working directory.
        Files.write(dir.resolve("example.com"), CdbSamples.bytes("-a\n"));

        Result domain = Helper.run(Map.of(), List.of("cdb", "get", cdb.toString(), "@example.com"), dir);
        assertEquals(0, domain.status(), domain.stderr());
        assertEquals("catch-all", domain.stdout());

        Result dash = Helper.run(Map.of(), List.of("cdb", "get", cdb.toString(), "--", "-a"), dir);
        assertEquals(0, dash.status(), dash.stderr());
        assertEquals("dash", dash.stdout());
    }

    @Test
    void getTakesTheKeyAsBytesInTheCLocale() throws Exception {
        // Bytes the JVM cannot decode in the C locale, and a trailing newline.
        Path cdb = madeInProcess(CdbSamples.makeInput(List.of(CdbSamples.record("\u00e9\u00ff\n", "\u00e9 found"),
                CdbSamples.record("??\n", "wrong key"))));
        String script = "k=$(printf '\\351\\377\\nx'); exec \"$0\" cdb get \"$1\" \"${k%x}\"";
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script, Helper.PROGRAM.toString(), cdb.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertArrayEquals(CdbSamples.bytes("\u00e9 found"), out);
    }

    @Test
    void getOfAMissingFileFails() throws Exception {
        Path missing = dir.resolve("missing.cdb");
        Result get = Helper.run(Map.of(), List.of("cdb", "get", missing.toString(), "key"));
        assertEquals(111, get.status());
        assertEquals("vchkrcpt: fatal: unable to read " + missing + ": " + missing + ": No such file or directory\n",
                get.stderr());
    }

    private Result make(Path cdb, Path input) throws IOException, InterruptedException {
        return Helper.run(Map.of(), List.of("cdb", "make", cdb.toString()), Path.of("/"), input);
    }

    private Path madeInProcess(byte[] input) throws IOException {
        Path cdb = dir.resolve("made.cdb");
        try (vchkrcpt.cdb.CdbWriter writer = new vchkrcpt.cdb.CdbWriter(cdb)) {
            new vchkrcpt.cdb.CdbMakeInput(new java.io.ByteArrayInputStream(input)).copyTo(writer);
            writer.commit();
        }
        return cdb;
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
