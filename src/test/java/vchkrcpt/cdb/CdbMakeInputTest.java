package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vchkrcpt.cdb.CdbSamples.Record;

class CdbMakeInputTest {
    private static final byte[] OLD = CdbSamples.bytes("the old file");

    @TempDir
    Path dir;

    @BeforeEach
    void oldFile() throws IOException {
        Files.write(dir.resolve("data.cdb"), OLD);
    }

    /** Input in Java string notation (\n, \r) and the error it must give; the old file must survive. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                     | record 1 (line 1): the input ends without the blank line that ends it
            +1,1:a->b\\n           | record 2 (line 2): the input ends without the blank line that ends it
            x                      | record 1 (line 1, byte 1): expected '+' to start a record, or a blank line to end the input; found 'x'
            +1,1:a->b\\n+x         | record 2 (line 2, byte 12): expected a digit or ',' in the key length; found 'x'
            +1;1                   | record 1 (line 1, byte 3): expected a digit or ',' in the key length; found ';'
            +1,1x                  | record 1 (line 1, byte 5): expected a digit or ':' in the data length; found 'x'
            +-1,1:a->b\\n\\n       | record 1 (line 1, byte 2): expected a digit or ',' in the key length; found '-'
            +1,1:ab->b\\n\\n       | record 1 (line 1, byte 7): expected '->' after the 1-byte key; found 'b'
            +1,1:a-x\\n\\n         | record 1 (line 1, byte 8): expected '->' after the 1-byte key; found 'x'
            +1,1:a->bc\\n\\n       | record 1 (line 1, byte 10): expected a newline after the 1-byte data; found 'c'
            +1,1:a->b\\r\\n\\n     | record 1 (line 1, byte 10): expected a newline after the 1-byte data; found byte 0x0d
            +3,1:a\\n->b\\n\\n     | record 1 (line 2, byte 9): expected '->' after the 3-byte key; found '>'
            +1,1:\\n->\\n\\n+x     | record 2 (line 4, byte 12): expected a digit or ',' in the key length; found 'x'
            +1                     | record 1 (line 1): the input ends in the key length
            +1,2                   | record 1 (line 1): the input ends in the data length
            +5,0:ab                | record 1 (line 1): the input ends inside the 5-byte key, 3 bytes short
            +1,5:a->ab             | record 1 (line 1): the input ends inside the 5-byte data, 3 bytes short
            +1,1:a                 | record 1 (line 1): the input ends where '->' should follow the 1-byte key
            +1,1:a-                | record 1 (line 1): the input ends where '->' should follow the 1-byte key
            +1,1:a->b              | record 1 (line 1): the input ends where a newline should follow the 1-byte data
            +4294967296,0:         | record 1 (line 1, byte 11): the key length is larger than 4294967295
            +0,00000000004294967296: | record 1 (line 1, byte 23): the data length is larger than 4294967295
            """)
    void malformedInputIsRefusedWithItsPlace(String input, String where) throws IOException {
        IOException e = assertThrows(IOException.class, () -> make(unescape(input), CdbWriter.FORMAT_LIMIT));
        assertEquals("malformed input at " + where, e.getMessage());
        assertOldFileAlone();
    }

    @Test
    void aRecordThatWouldPassTheSizeLimitIsRefusedBeforeItsBytesAreRead() throws IOException {
        // Header 2048, record 8 + 1 + 1, two table slots 16: a one-record file of 2074 bytes.
        assertEquals(1, make(CdbSamples.bytes("+1,1:a->b\n\n"), 2074));
        assertEquals(2074, Files.size(dir.resolve("data.cdb")));
        Files.write(dir.resolve("data.cdb"), OLD);
        // Two such records make 2100 bytes.
        IOException e = assertThrows(IOException.class,
                () -> make(CdbSamples.bytes("+1,1:a->b\n+1,1:c->d\n\n"), 2099));
        assertEquals("record 2 (line 2, byte 15) is too large: a 1-byte key and 1-byte data would make the cdb"
                + " larger than the format's limit of 2099 bytes", e.getMessage());
        assertOldFileAlone();

        // Declared lengths are checked before the key is read: no 4 GiB input needed.
        e = assertThrows(IOException.class, () -> make(CdbSamples.bytes("+4294967000,0:"), CdbWriter.FORMAT_LIMIT));
        assertEquals("record 1 (line 1, byte 14) is too large: a 4294967000-byte key and 0-byte data would make"
                + " the cdb larger than the format's limit of 4294967295 bytes", e.getMessage());
    }

    @Test
    void emptyLengthsCountAsZeroAsInCdbmake() throws IOException {
        assertEquals(2, make(CdbSamples.bytes("+,0:->\n+1,:a->\n\n"), CdbWriter.FORMAT_LIMIT));
        assertArrayEquals(written(List.of(CdbSamples.record("", ""), CdbSamples.record("a", ""))),
                Files.readAllBytes(dir.resolve("data.cdb")));
    }

    @Test
    void whateverFollowsTheBlankLineIsIgnoredAsInCdbmake() throws IOException {
        assertEquals(1, make(CdbSamples.bytes("+1,1:a->b\n\nnot a record"), CdbWriter.FORMAT_LIMIT));
        assertArrayEquals(written(List.of(CdbSamples.record("a", "b"))), Files.readAllBytes(dir.resolve("data.cdb")));
    }

    @Test
    void recordsLargerThanTheBufferAndInputInSingleBytesComeOutWhole() throws IOException {
        byte[] big = new byte[3 << 20];
        new java.util.Random(7).nextBytes(big);
        List<Record> records = List.of(new Record(Arrays.copyOf(big, 1_500_000), big),
                CdbSamples.record("a\n", "b\n"), new Record(new byte[0], big));
        assertEquals(3, make(CdbSamples.makeInput(records), CdbWriter.FORMAT_LIMIT));
        assertArrayEquals(written(records), Files.readAllBytes(dir.resolve("data.cdb")));

        List<Record> small = CdbSamples.random(3, 200);
        Path target = dir.resolve("trickle.cdb");
        try (CdbWriter writer = new CdbWriter(target)) {
            assertEquals(200, new CdbMakeInput(new OneByteAtATime(CdbSamples.makeInput(small))).copyTo(writer));
            writer.commit();
        }
        assertArrayEquals(written(small), Files.readAllBytes(target));
    }

    /** Makes data.cdb from the input. @return the number of records */
    private long make(byte[] input, long limit) throws IOException {
        try (CdbWriter writer = new CdbWriter(dir.resolve("data.cdb"), limit)) {
            long records = new CdbMakeInput(new ByteArrayInputStream(input)).copyTo(writer);
            writer.commit();
            return records;
        }
    }

    private byte[] written(List<Record> records) throws IOException {
        Path reference = dir.resolve("reference.cdb");
        try (CdbWriter writer = new CdbWriter(reference)) {
            for (Record r : records) {
                writer.add(r.key(), r.data());
            }
            writer.commit();
        }
        return Files.readAllBytes(reference);
    }

    private void assertOldFileAlone() throws IOException {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("data.cdb")), files.toList(), "only the old file is left");
        }
        assertArrayEquals(OLD, Files.readAllBytes(dir.resolve("data.cdb")));
    }

    private static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                c = text.charAt(++i) == 'n' ? '\n' : '\r';
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    /** A stream that hands out one byte per read, so every record straddles buffer refills. */
    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream bytes;

        OneByteAtATime(byte[] content) {
            bytes = new ByteArrayInputStream(content);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : bytes.read(b, off, 1);
        }
    }
}
