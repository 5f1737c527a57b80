package vchkrcpt.scan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;

/**
 * Answers {@code -c}: does the cdb already hold exactly these records, in this order, and have
 * the size cdbmake gives them? The records are read sequentially (between the header and the
 * first hash table). The hash tables themselves are not compared: they follow from the records
 * for every cdbmake-compatible writer. A missing, unreadable or foreign-ordered file counts as
 * different, which only costs a rewrite.
 */
final class ExistingCdb {
    private static final int HEADER = 2048;

    private ExistingCdb() {
    }

    static boolean holdsExactly(Path file, SortedMap<String, String> keys) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long size = Files.size(file);
            byte[] header = in.readNBytes(HEADER);
            if (header.length < HEADER) {
                return false;
            }
            long tables = Long.MAX_VALUE;
            for (int t = 0; t < 256; t++) {
                tables = Math.min(tables, u32(header, t * 8));
            }
            // cdbmake: two 8-byte slots per record after the records.
            if (tables < HEADER || size != tables + 16L * keys.size()) {
                return false;
            }
            long position = HEADER;
            Iterator<Map.Entry<String, String>> expected = keys.entrySet().iterator();
            while (position < tables) {
                byte[] lengths = in.readNBytes(8);
                if (lengths.length < 8 || !expected.hasNext()) {
                    return false;
                }
                Map.Entry<String, String> entry = expected.next();
                if (!sameBytes(in, lengths, 0, entry.getKey()) || !sameBytes(in, lengths, 4, entry.getValue())) {
                    return false;
                }
                position += 8 + u32(lengths, 0) + u32(lengths, 4);
            }
            return position == tables && !expected.hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameBytes(InputStream in, byte[] lengths, int offset, String expected) throws IOException {
        byte[] want = expected.getBytes(StandardCharsets.ISO_8859_1);
        if (u32(lengths, offset) != want.length) {
            return false;
        }
        return Arrays.equals(in.readNBytes(want.length), want);
    }

    private static long u32(byte[] b, int offset) {
        return (b[offset] & 0xffL) | (b[offset + 1] & 0xffL) << 8 | (b[offset + 2] & 0xffL) << 16
                | (b[offset + 3] & 0xffL) << 24;
    }
}
