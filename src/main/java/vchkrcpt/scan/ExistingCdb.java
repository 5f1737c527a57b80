package vchkrcpt.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

import vchkrcpt.cdb.CdbSequentialReader;

/**
 * Answers {@code -c}: does the cdb already hold exactly these records, in this order, and have
 * the size cdbmake gives them? The hash tables themselves are not compared: they follow from the
 * records for every cdbmake-compatible writer. A missing, unreadable, inconsistent or
 * foreign-ordered file counts as different, which only costs a rewrite.
 */
final class ExistingCdb {
    /** The header, then per record 8 bytes of lengths, and two 8-byte hash table slots. */
    private static final long HEADER = 2048;
    private static final long PER_RECORD = 8 + 16;

    private ExistingCdb() {
    }

    static boolean holdsExactly(Path file, SortedMap<String, String> keys) {
        try (CdbSequentialReader records = CdbSequentialReader.open(file)) {
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            long size = HEADER;
            for (Map.Entry<String, String> entry : keys.entrySet()) {
                byte[] key = entry.getKey().getBytes(StandardCharsets.ISO_8859_1);
                byte[] data = entry.getValue().getBytes(StandardCharsets.ISO_8859_1);
                if (!records.next() || records.keyLength() != key.length || records.dataLength() != data.length) {
                    return false;
                }
                stored.reset();
                records.copyKey(stored);
                if (!Arrays.equals(stored.toByteArray(), key)) {
                    return false;
                }
                stored.reset();
                records.copyData(stored);
                if (!Arrays.equals(stored.toByteArray(), data)) {
                    return false;
                }
                size += PER_RECORD + key.length + data.length;
            }
            return !records.next() && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }
}
