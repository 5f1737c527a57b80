package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vchkrcpt.testing.CdbTools;
import vchkrcpt.testing.CdbTools.Entry;

/** The reader against files written by freecdb's cdbmake and tinycdb's cdb -c. */
class CdbReaderTest {
    @TempDir
    Path dir;

    private Path make(String tool, List<Entry> entries) throws IOException, InterruptedException {
        Path file = dir.resolve(tool + ".cdb");
        return tool.equals("cdbmake") ? CdbTools.cdbmake(file, entries) : CdbTools.tinycdb(file, entries);
    }

    private static byte[] find(Path file, byte[] key) throws IOException {
        try (CdbReader reader = CdbReader.open(file.toFile())) {
            return reader.find(key);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cdbmake", "tinycdb"})
    void findsEveryOneOfManyBinaryKeysAndNothingElse(String tool) throws Exception {
        Random random = new Random(3);
        Set<String> used = new HashSet<>();
        List<Entry> entries = new ArrayList<>();
        while (entries.size() < 4000) {
            byte[] key = randomBytes(random, random.nextInt(40));
            if (used.add(new String(key, StandardCharsets.ISO_8859_1))) {
                entries.add(new Entry(key, randomBytes(random, random.nextInt(60))));
            }
        }
        Path file = make(tool, entries);

        try (CdbReader reader = CdbReader.open(file.toFile())) {
            for (Entry e : entries) {
                assertArrayEquals(e.data(), reader.find(e.key()), () -> "key " + hex(e.key()));
            }
            int absent = 0;
            while (absent < 1000) {
                byte[] key = randomBytes(random, 1 + random.nextInt(40));
                if (!used.contains(new String(key, StandardCharsets.ISO_8859_1))) {
                    assertNull(reader.find(key), () -> "key " + hex(key));
                    absent++;
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cdbmake", "tinycdb"})
    void theFirstOfDuplicateKeysWins(String tool) throws Exception {
        Path file = make(tool, List.of(
                CdbTools.entry("joe@example.com", "first"),
                CdbTools.entry("ann@example.com", "ann"),
                CdbTools.entry("joe@example.com", "-second"),
                CdbTools.entry("joe@example.com", "third")));
        assertArrayEquals(bytes("first"), find(file, bytes("joe@example.com")));
        assertArrayEquals(bytes("ann"), find(file, bytes("ann@example.com")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cdbmake", "tinycdb"})
    void anEmptyValueIsFoundAndAnEmptyKeyIsAKey(String tool) throws Exception {
        Path file = make(tool, List.of(
                CdbTools.entry("joe@example.com", ""),
                CdbTools.entry("", "the empty key")));
        assertArrayEquals(new byte[0], find(file, bytes("joe@example.com")));
        assertArrayEquals(bytes("the empty key"), find(file, new byte[0]));
        assertNull(find(file, bytes("ann@example.com")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cdbmake", "tinycdb"})
    void keysAreComparedByteForByte(String tool) throws Exception {
        Path file = make(tool, List.of(
                CdbTools.entry("Joe@example.com", "upper"),
                CdbTools.entry("joe@example.com", "lower"),
                CdbTools.entry("j\u0000e@example.com", "nul"),
                CdbTools.entry("j\u00c3\u00b6e@example.com", "utf-8"),
                CdbTools.entry("a:b->c\n+1,2:", "cdbmake syntax inside a key")));
        assertArrayEquals(bytes("upper"), find(file, bytes("Joe@example.com")));
        assertArrayEquals(bytes("lower"), find(file, bytes("joe@example.com")));
        assertArrayEquals(bytes("nul"), find(file, bytes("j\u0000e@example.com")));
        assertArrayEquals(bytes("utf-8"), find(file, bytes("j\u00c3\u00b6e@example.com")));
        assertArrayEquals(bytes("cdbmake syntax inside a key"), find(file, bytes("a:b->c\n+1,2:")));
        assertNull(find(file, bytes("j\u00c3\u00b6e@example.co")));
        assertNull(find(file, bytes("joe@example.com\u0000")));
    }

    /**
     * 32 keys with equal 32-bit hashes, chosen so that 16 of them alone in a file start their probe
     * in the upper half of the table (2 slots per record): the run of occupied slots wraps to slot 0.
     */
    private static final List<byte[]> COLLIDING = collidingKeysThatWrap();

    private static List<byte[]> collidingKeysThatWrap() {
        List<byte[]> keys;
        long seed = 0;
        do {
            keys = CdbTools.collidingKeys(5, seed++);
        } while (Integer.remainderUnsigned(CdbTools.djbHash(keys.get(0)) >>> 8, 32) <= 16);
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cdbmake", "tinycdb"})
    void keysWithOneAndTheSameHashAreToldApartAcrossTheTableEnd(String tool) throws Exception {
        List<byte[]> keys = COLLIDING;
        int hash = CdbTools.djbHash(keys.get(0));
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            assertEquals(hash, CdbTools.djbHash(keys.get(i)));
            assertEquals(hash, CdbHash.of(keys.get(i)));
            entries.add(new Entry(keys.get(i), bytes("value " + i)));
        }
        Path file = make(tool, entries);

        try (CdbReader reader = CdbReader.open(file.toFile())) {
            for (int i = 0; i < 16; i++) {
                assertArrayEquals(bytes("value " + i), reader.find(keys.get(i)));
            }
            for (int i = 16; i < 32; i++) {
                assertEquals(hash, CdbHash.of(keys.get(i)));
                assertNull(reader.find(keys.get(i)), "a colliding key that is not in the file");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cdbmake", "tinycdb"})
    void aFileWithoutRecordsFindsNothing(String tool) throws Exception {
        Path file = make(tool, List.of());
        assertEquals(2048, Files.size(file));
        assertNull(find(file, bytes("joe@example.com")));
        assertNull(find(file, new byte[0]));
    }

    @Test
    void keysSharingTheLowByteShareATableAndAreAllFound() throws Exception {
        // Many keys in table 0x2a only, so its probes are long.
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; entries.size() < 300; i++) {
            byte[] key = bytes("user" + i + "@example.com");
            if ((CdbTools.djbHash(key) & 0xff) == 0x2a) {
                entries.add(new Entry(key, bytes(Integer.toString(i))));
            }
        }
        Path file = CdbTools.cdbmake(dir.resolve("one-table.cdb"), entries);
        try (CdbReader reader = CdbReader.open(file.toFile())) {
            for (Entry e : entries) {
                assertArrayEquals(e.data(), reader.find(e.key()));
            }
            assertNull(reader.find(bytes("nobody@example.com")));
        }
        assertTrue(Files.size(file) > 2048 + 300 * 16L, "the table holds two slots per record");
    }

    static byte[] randomBytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }
}
