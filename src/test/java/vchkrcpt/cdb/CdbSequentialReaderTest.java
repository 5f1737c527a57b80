package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbSamples.Record;

class CdbSequentialReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRecordsInFileOrderWhateverTheirSize() throws IOException {
        byte[] big = new byte[(1 << 20) * 5 / 2];
        new Random(11).nextBytes(big);
        List<Record> records = List.of(CdbSamples.record("a", "first"), new Record(big, Arrays.copyOf(big, 3 << 20)),
                CdbSamples.record("", ""), CdbSamples.record("a", "second"));
        Path file = write(records);
        try (CdbSequentialReader reader = CdbSequentialReader.open(file)) {
            for (Record r : records) {
                assertTrue(reader.next());
                assertEquals(r.key().length, reader.keyLength());
                assertEquals(r.data().length, reader.dataLength());
                // Data before key: copies go by position, in any order.
                assertArrayEquals(r.data(), copy(reader, false));
                assertArrayEquals(r.key(), copy(reader, true));
            }
            assertFalse(reader.next());
        }
    }

    @Test
    void skipsWhatIsNotCopied() throws IOException {
        Path file = write(CdbSamples.random(5, 300));
        int seen = 0;
        try (CdbSequentialReader reader = CdbSequentialReader.open(file)) {
            while (reader.next()) {
                seen++;
            }
        }
        assertEquals(300, seen);
    }

    @Test
    void anEmptyCdbHasNoRecords() throws IOException {
        try (CdbSequentialReader reader = CdbSequentialReader.open(write(List.of()))) {
            assertFalse(reader.next());
        }
    }

    @Test
    void inconsistentFilesAreErrors() throws IOException {
        Path file = write(List.of(CdbSamples.record("key", "data")));
        byte[] good = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(good, 2047));
        assertEquals("shorter than the 2048-byte header (2047 bytes)", failure(file));

        byte[] bytes = good.clone();
        putInt(bytes, 0, good.length + 1);
        Files.write(file, bytes);
        assertEquals("hash table 0 (at " + (good.length + 1) + ", 0 slots) lies outside the file of " + good.length
                + " bytes", failure(file));

        bytes = good.clone();
        putInt(bytes, 2048 + 4, 5); // data length 5 instead of 4
        Files.write(file, bytes);
        assertEquals("record at 2048 runs past the end of the records at 2063", failure(file));

        bytes = good.clone();
        putInt(bytes, 0, 2048 + 4); // the records end inside the first record's lengths
        Files.write(file, bytes);
        assertEquals("record at 2048 runs past the end of the records at 2052", failure(file));
    }

    @Test
    void bothReadersRefuseTheSameDamagedHeaders() throws IOException {
        Path file = write(CdbSamples.random(3, 40));
        byte[] good = Files.readAllBytes(file);
        List<byte[]> damaged = new java.util.ArrayList<>();
        damaged.add(new byte[4096]);                                      // zero-filled
        for (int table : new int[] {0, 17, 255}) {
            byte[] bytes = good.clone();
            putInt(bytes, table * 8, 2047);                                // a table inside the header
            damaged.add(bytes);
            bytes = good.clone();
            putInt(bytes, table * 8, good.length - 4);                     // a table running past the end
            putInt(bytes, table * 8 + 4, 1);
            damaged.add(bytes);
        }
        for (byte[] bytes : damaged) {
            Files.write(file, bytes);
            String sequential = assertThrows(CdbFormatException.class, () -> CdbSequentialReader.open(file).close())
                    .getMessage();
            String random = assertThrows(CdbFormatException.class, () -> CdbReader.open(file.toFile()).close())
                    .getMessage();
            assertEquals(sequential, random);
        }
    }

    private static String failure(Path file) {
        return assertThrows(CdbFormatException.class, () -> {
            try (CdbSequentialReader reader = CdbSequentialReader.open(file)) {
                while (reader.next()) {
                    reader.copyData(new ByteArrayOutputStream());
                }
            }
        }).getMessage();
    }

    private static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    private static byte[] copy(CdbSequentialReader reader, boolean key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (key) {
            reader.copyKey(out);
        } else {
            reader.copyData(out);
        }
        return out.toByteArray();
    }

    private Path write(List<Record> records) throws IOException {
        Path file = dir.resolve("records.cdb");
        try (CdbWriter writer = new CdbWriter(file)) {
            for (Record r : records) {
                writer.add(r.key(), r.data());
            }
            writer.commit();
        }
        return file;
    }
}
