package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbSamples.Record;

/**
 * Our make, dump and get against the reference tools on the same input: freecdb's cdbmake must
 * write the same bytes, tinycdb's {@code cdb -d} the same dump, {@code cdb -q -n 1} the same data.
 */
class CdbCompatibilityTest {
    @TempDir
    Path dir;

    @Test
    void noRecords() throws Exception {
        assertAgreesWithTheTools(List.of(), List.of(CdbSamples.bytes("absent")));
    }

    @Test
    void oneRecord() throws Exception {
        assertAgreesWithTheTools(List.of(CdbSamples.record("user@example.com", "user")),
                List.of(CdbSamples.bytes("user@example.com"), CdbSamples.bytes("USER@example.com")));
    }

    @Test
    void emptyKeysEmptyDataAndDuplicates() throws Exception {
        List<Record> records = List.of(CdbSamples.record("", ""), CdbSamples.record("a", ""),
                CdbSamples.record("", "second empty key"), CdbSamples.record("a", "second a"),
                CdbSamples.record("a\nb", "new\nline"), CdbSamples.record("+1,1:a->b", "->\n\n"),
                CdbSamples.record("\u00e9\u00ff\u0080", "\u0000\u00ff"));
        assertAgreesWithTheTools(records, keysOf(records));
    }

    @Test
    void hundredThousandRandomRecords() throws Exception {
        List<Record> records = CdbSamples.random(20260501L, 100_000);
        List<byte[]> probes = new ArrayList<>();
        for (int i = 0; i < records.size(); i += 701) {
            probes.add(records.get(i).key());
        }
        probes.add(CdbSamples.bytes("not-there@domain1.example"));
        assertAgreesWithTheTools(records, probes);
    }

    @Test
    void collidingHashes() throws Exception {
        List<byte[]> sameHash = CdbSamples.sameHash("same-hash.", 6);
        assertEquals(64, sameHash.size());
        for (byte[] key : sameHash) {
            assertEquals(CdbHash.of(sameHash.get(0)), CdbHash.of(key));
        }
        assertEquals(64, sameHash.stream().map(k -> new String(k, StandardCharsets.ISO_8859_1)).distinct().count());

        List<Record> records = new ArrayList<>();
        int i = 0;
        for (byte[] key : CdbSamples.sameTable(2000, 0x2a)) {
            records.add(new Record(key, CdbSamples.bytes("table " + i++)));
        }
        for (byte[] key : sameHash) {
            records.add(new Record(key, CdbSamples.bytes("hash " + i++)));
        }
        // Duplicates among colliding keys: the first record of each must still win.
        for (byte[] key : sameHash.subList(0, 16)) {
            records.add(new Record(key, CdbSamples.bytes("later " + i++)));
        }
        List<byte[]> probes = new ArrayList<>(sameHash);
        probes.addAll(CdbSamples.sameTable(40, 0x2a));
        // Absent keys with the hash of present ones.
        probes.addAll(CdbSamples.sameHash("same-hash!", 2));
        assertAgreesWithTheTools(records, probes);
    }

    private static List<byte[]> keysOf(List<Record> records) {
        List<byte[]> keys = new ArrayList<>();
        for (Record r : records) {
            keys.add(r.key());
        }
        keys.add(CdbSamples.bytes("absent"));
        return keys;
    }

    private void assertAgreesWithTheTools(List<Record> records, List<byte[]> probes) throws Exception {
        byte[] input = CdbSamples.makeInput(records);
        Path inputFile = dir.resolve("input");
        Files.write(inputFile, input);

        Path reference = dir.resolve("reference.cdb");
        Tool made = Tool.run(inputFile, "cdbmake", reference.toString(), dir.resolve("reference.tmp").toString());
        assertEquals(0, made.status, made.stderr);

        Path ours = dir.resolve("ours.cdb");
        try (CdbWriter writer = new CdbWriter(ours); InputStream in = Files.newInputStream(inputFile)) {
            assertEquals(records.size(), new CdbMakeInput(in).copyTo(writer));
            writer.commit();
        }
        assertEquals(-1L, Files.mismatch(reference, ours), "our cdb differs from cdbmake's");

        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        try (CdbSequentialReader reader = CdbSequentialReader.open(ours)) {
            assertEquals(records.size(), CdbDump.write(reader, dump));
        }
        assertArrayEquals(input, dump.toByteArray(), "the dump is not the input");
        Tool tinyDump = Tool.run(Path.of("/dev/null"), "cdb", "-d", ours.toString());
        assertEquals(0, tinyDump.status, tinyDump.stderr);
        assertArrayEquals(tinyDump.stdout, dump.toByteArray(), "cdb -d dumps otherwise");

        Map<String, byte[]> expected = CdbSamples.firstData(records);
        try (CdbReader reader = CdbReader.open(ours.toFile())) {
            for (byte[] key : probes) {
                byte[] want = expected.get(new String(key, StandardCharsets.ISO_8859_1));
                byte[] found = reader.find(key);
                assertArrayEquals(want, found, () -> "find " + printable(key));
                if (!contains(key, (byte) 0)) { // an argument cannot hold NUL
                    Tool query = Tool.query(ours, key);
                    assertEquals(want == null ? 100 : 0, query.status, () -> "cdb -q " + printable(key) + ": " + query.stderr);
                    assertArrayEquals(want == null ? new byte[0] : want, query.stdout, () -> "cdb -q " + printable(key));
                }
            }
        }
        assertNotEquals(0, probes.size());
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    private static String printable(byte[] key) {
        StringBuilder s = new StringBuilder();
        for (byte b : key) {
            int c = b & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }

    /** One run of a reference tool; stdout kept as bytes. */
    private record Tool(int status, byte[] stdout, String stderr) {
        static Tool run(Path stdin, String... command) throws IOException, InterruptedException {
            return start(stdin, List.of(command));
        }

        /**
         * {@code cdb -q -n 1 FILE KEY} with KEY as raw bytes: the key travels as octal escapes,
         * which printf turns back into bytes (the x keeps trailing newlines from $(...)).
         */
        static Tool query(Path cdb, byte[] key) throws IOException, InterruptedException {
            StringBuilder octal = new StringBuilder();
            for (byte b : key) {
                octal.append('\\').append(Integer.toOctalString(b & 0xff));
            }
            String script = "k=$(printf \"$2\"; printf x); exec cdb -q -n 1 \"$1\" \"${k%x}\"";
            return start(Path.of("/dev/null"), List.of("/bin/sh", "-c", script, "sh", cdb.toString(), octal.toString()));
        }

        private static Tool start(Path stdin, List<String> command) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(stdin.toFile());
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> {
                try (OutputStream sink = out) {
                    p.getInputStream().transferTo(sink);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
            drain.join();
            return new Tool(p.exitValue(), out.toByteArray(), err);
        }
    }
}
