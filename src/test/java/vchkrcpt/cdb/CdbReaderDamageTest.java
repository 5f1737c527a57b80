package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vchkrcpt.testing.CdbTools;
import vchkrcpt.testing.CdbTools.Entry;

/**
 * Damaged files: every inconsistency the reader can see ends in a CdbFormatException (an
 * IOException, so the helper answers 111), never in a hang, a wrong answer or an unchecked exception.
 */
class CdbReaderDamageTest {
    private static final byte[] JOE = "joe@example.com".getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private final List<Entry> entries = new ArrayList<>();
    private byte[] good;

    @BeforeEach
    void writeAGoodFile() throws Exception {
        entries.add(CdbTools.entry("joe@example.com", "account"));
        entries.add(CdbTools.entry("sales@example.com", "alias"));
        entries.add(CdbTools.entry("joe-default@example.com", ""));
        entries.add(CdbTools.entry("@catchall.example", ""));
        for (int i = 0; i < 20; i++) {
            entries.add(CdbTools.entry("user" + i + "@example.com", "u" + i));
        }
        good = Files.readAllBytes(CdbTools.cdbmake(dir.resolve("good.cdb"), entries));
    }

    private Path damaged(byte[] content) throws IOException {
        return Files.write(dir.resolve("damaged.cdb"), content);
    }

    private static ByteBuffer le(byte[] file) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Position of joe's header entry (table position, slot count). */
    private static int headerEntryOfJoe() {
        return (CdbTools.djbHash(JOE) & 0xff) * 8;
    }

    /** Position of the table slot that points at joe's record. */
    private int slotOfJoe() {
        ByteBuffer b = le(good);
        int hash = CdbTools.djbHash(JOE);
        int table = b.getInt(headerEntryOfJoe());
        int slots = b.getInt(headerEntryOfJoe() + 4);
        for (int i = 0; i < slots; i++) {
            int slot = table + (int) ((Integer.toUnsignedLong(hash >>> 8) + i) % slots) * 8;
            if (b.getInt(slot) == hash) {
                return slot;
            }
        }
        throw new AssertionError("joe is not in the good file");
    }

    private static CdbFormatException findFails(Path file, byte[] key) {
        return assertThrows(CdbFormatException.class, () -> {
            try (CdbReader reader = CdbReader.open(file.toFile())) {
                reader.find(key);
            }
        });
    }

    @Test
    void theGoodFileIsGood() throws Exception {
        try (CdbReader reader = CdbReader.open(damaged(good).toFile())) {
            assertArrayEquals("account".getBytes(StandardCharsets.US_ASCII), reader.find(JOE));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 1024, 2047})
    void aFileShorterThanTheHeaderIsRejectedAtOpen(int length) throws Exception {
        Path file = damaged(Arrays.copyOf(good, length));
        CdbFormatException e = assertThrows(CdbFormatException.class, () -> CdbReader.open(file.toFile()).close());
        assertEquals("shorter than the 2048-byte header (" + length + " bytes)", e.getMessage());
    }

    @Test
    void aFileCutAnywhereAfterTheHeaderIsRefusedAtOpen() throws Exception {
        // cdbmake's last table ends at the end of the file: every cut leaves a table outside it.
        for (int length = 2048; length < good.length; length++) {
            Path file = damaged(Arrays.copyOf(good, length));
            CdbFormatException e = assertThrows(CdbFormatException.class, () -> CdbReader.open(file.toFile()).close());
            assertTrue(e.getMessage().matches("hash table [0-9]+ \\(at [0-9]+, [0-9]+ slots\\) lies outside the file of "
                    + length + " bytes"), e.getMessage());
        }
    }

    @Test
    void aTablePointerPastTheEndIsAnError() throws Exception {
        byte[] bad = good.clone();
        le(bad).putInt(headerEntryOfJoe(), good.length);
        int slots = le(good).getInt(headerEntryOfJoe() + 4);
        assertEquals("hash table " + (CdbTools.djbHash(JOE) & 0xff) + " (at " + good.length + ", " + slots
                + " slots) lies outside the file of " + good.length + " bytes", findFails(damaged(bad), JOE).getMessage());

        le(bad).putInt(headerEntryOfJoe(), 0xfffffff8);
        findFails(damaged(bad), JOE);
    }

    @Test
    void aTableIntoTheHeaderIsAnError() throws Exception {
        byte[] bad = good.clone();
        le(bad).putInt(headerEntryOfJoe(), 16);
        assertEquals("hash table " + (CdbTools.djbHash(JOE) & 0xff) + " starts at 16, inside the 2048-byte header",
                findFails(damaged(bad), JOE).getMessage());
    }

    @Test
    void anEmptyTableIntoTheHeaderIsAnErrorToo() throws Exception {
        // A table that no key of the file uses: cdbmake still puts it after the records.
        byte[] bad = good.clone();
        int unused = 0;
        while (le(good).getInt(unused * 8 + 4) != 0) {
            unused++;
        }
        le(bad).putInt(unused * 8, 0);
        assertEquals("hash table " + unused + " starts at 0, inside the 2048-byte header",
                findFails(damaged(bad), JOE).getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {2048, 4096, 1 << 20})
    void aZeroFilledFileIsNotAnEmptyCdb(int length) throws Exception {
        Path file = damaged(new byte[length]);
        assertEquals("the header is all zero bytes (a zero-filled or sparse file, not a cdb)",
                findFails(file, JOE).getMessage());
    }

    @Test
    void aSparseFileOfTenGigabytesIsNotAnEmptyCdb() throws Exception {
        // As truncate -s 10G makes it: no block is written, every byte reads as zero.
        Path file = dir.resolve("sparse.cdb");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(10L << 30);
        }
        assertEquals("the header is all zero bytes (a zero-filled or sparse file, not a cdb)",
                findFails(file, JOE).getMessage());
    }

    @Test
    void aCdbWithoutRecordsIsValidAndSaysSo() throws Exception {
        Path file = CdbTools.cdbmake(dir.resolve("empty.cdb"), List.of());
        try (CdbReader reader = CdbReader.open(file.toFile())) {
            assertTrue(reader.empty());
            assertNull(reader.find(JOE));
        }
        try (CdbReader reader = CdbReader.open(damaged(good).toFile())) {
            assertFalse(reader.empty());
        }
    }

    @Test
    void aTableLongerThanTheFileIsAnError() throws Exception {
        byte[] bad = good.clone();
        le(bad).putInt(headerEntryOfJoe() + 4, 0xffffffff);
        findFails(damaged(bad), JOE);
        le(bad).putInt(headerEntryOfJoe() + 4, (good.length - le(good).getInt(headerEntryOfJoe())) / 8 + 1);
        findFails(damaged(bad), JOE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x7fffffff, 0xfffffff8, 0xffffffff})
    void aRecordPointerPastTheEndIsAnError(int pointer) throws Exception {
        byte[] bad = good.clone();
        le(bad).putInt(slotOfJoe() + 4, pointer);
        findFails(damaged(bad), JOE);
    }

    @Test
    void aRecordPointerIntoTheHeaderOrAtTheLastBytesIsAnError() throws Exception {
        byte[] bad = good.clone();
        le(bad).putInt(slotOfJoe() + 4, 1000);
        assertEquals("record pointer 1000 points into the 2048-byte header", findFails(damaged(bad), JOE).getMessage());
        le(bad).putInt(slotOfJoe() + 4, good.length - 7);
        assertEquals("record pointer " + (good.length - 7) + " lies outside the file",
                findFails(damaged(bad), JOE).getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void hugeKeyOrDataLengthsAreAnError(int field) throws Exception {
        int record = le(good).getInt(slotOfJoe() + 4);
        for (int length : new int[] {0xffffffff, 0x80000000, 0x7fffffff, good.length}) {
            byte[] bad = good.clone();
            le(bad).putInt(record + field, length);
            CdbFormatException e = findFails(damaged(bad), JOE);
            assertEquals("record at " + record + " runs past the end of the file", e.getMessage());
        }
    }

    @Test
    void aFullTableWithWrongHashesEndsTheProbe() throws Exception {
        // No empty slot to stop at: a reader that probes until it finds one never returns.
        byte[] bad = good.clone();
        ByteBuffer b = le(bad);
        int table = b.getInt(headerEntryOfJoe());
        int slots = b.getInt(headerEntryOfJoe() + 4);
        int anyRecord = b.getInt(slotOfJoe() + 4);
        for (int i = 0; i < slots; i++) {
            b.putInt(table + i * 8, CdbTools.djbHash(JOE) ^ 0x100);
            b.putInt(table + i * 8 + 4, anyRecord);
        }
        Path file = damaged(bad);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (CdbReader reader = CdbReader.open(file.toFile())) {
                assertNull(reader.find(JOE));
            }
        });
    }

    @Test
    void aFullTableOfRightHashesAndOtherKeysEndsTheProbe() throws Exception {
        byte[] bad = good.clone();
        ByteBuffer b = le(bad);
        int table = b.getInt(headerEntryOfJoe());
        int slots = b.getInt(headerEntryOfJoe() + 4);
        // Every slot claims joe's hash and points at the second record (sales@); joe's is the first.
        int other = 2048 + 8 + JOE.length + "account".length();
        for (int i = 0; i < slots; i++) {
            b.putInt(table + i * 8, CdbTools.djbHash(JOE));
            b.putInt(table + i * 8 + 4, other);
        }
        Path file = damaged(bad);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (CdbReader reader = CdbReader.open(file.toFile())) {
                assertNull(reader.find(JOE));
            }
        });
    }

    @Test
    void randomDamageNeverEndsInAnUncheckedExceptionOrAHang() throws Exception {
        Random random = new Random(7);
        byte[][] keys = new byte[entries.size() + 1][];
        for (int i = 0; i < entries.size(); i++) {
            keys[i] = entries.get(i).key();
        }
        keys[entries.size()] = "nobody@example.com".getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("fuzz.cdb");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 400; round++) {
                byte[] bad = good.clone();
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    // Half of the damage in the header, where every byte is a pointer or a length.
                    int at = random.nextBoolean() ? random.nextInt(2048) : 2048 + random.nextInt(good.length - 2048);
                    bad[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0xff);
                }
                Files.write(file, bad);
                try (CdbReader reader = CdbReader.open(file.toFile())) {
                    for (byte[] key : keys) {
                        try {
                            reader.find(key);
                        } catch (CdbFormatException expected) {
                            // A clear error is one of the two allowed outcomes.
                        }
                    }
                } catch (CdbFormatException expected) {
                    // Damage in the header is seen when the file is opened.
                } catch (RuntimeException e) {
                    fail("round " + round + ": " + e, e);
                }
            }
        });
    }
}
