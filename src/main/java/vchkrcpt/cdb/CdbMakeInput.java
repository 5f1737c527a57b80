package vchkrcpt.cdb;

import java.io.IOException;
import java.io.InputStream;

/**
 * cdbmake's input format: records {@code +klen,dlen:key->data} each ending in a newline, then a
 * blank line. Keys and data are any bytes, newlines included; the lengths say where they end. It
 * accepts exactly what djb's cdbmake accepts: an empty length counts as 0, and whatever follows the
 * blank line is ignored. The input is read in large blocks and each record is streamed into the
 * writer as it arrives, so no record has to fit in memory.
 */
public final class CdbMakeInput {
    private static final long LARGEST_LENGTH = 0xffffffffL;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 20];
    private int next;
    private int end;
    /** Bytes of the input before buffer[0]. */
    private long passed;
    private long record;
    private long line = 1;

    public CdbMakeInput(InputStream in) {
        this.in = in;
    }

    /**
     * Copies every record into the writer, in order, up to the blank line that ends the input.
     *
     * @return the number of records
     * @throws IOException naming the record, line and byte where the input is malformed
     */
    public long copyTo(CdbWriter writer) throws IOException {
        for (record = 1;; record++) {
            int c = read();
            if (c == '\n') {
                return record - 1;
            }
            if (c != '+') {
                throw c < 0 ? ended("without the blank line that ends it")
                        : malformed("expected '+' to start a record, or a blank line to end the input; found " + show(c));
            }
            long keyLength = length(',', "key length");
            long dataLength = length(':', "data length");
            if (!writer.fits(keyLength, dataLength)) {
                throw new IOException("record " + record + " " + location() + " is too large: a " + keyLength
                        + "-byte key and " + dataLength + "-byte data would make the cdb larger than the format's limit of "
                        + writer.limit() + " bytes");
            }
            writer.begin(keyLength, dataLength);
            int hash = copy(writer, keyLength, true, "key");
            expect('-', keyLength, "key");
            expect('>', keyLength, "key");
            copy(writer, dataLength, false, "data");
            expect('\n', dataLength, "data");
            line++;
            writer.end(hash);
        }
    }

    private long length(int terminator, String what) throws IOException {
        long value = 0;
        for (;;) {
            int c = read();
            if (c == terminator) {
                return value;
            }
            if (c < '0' || c > '9') {
                throw c < 0 ? ended("in the " + what)
                        : malformed("expected a digit or '" + (char) terminator + "' in the " + what + "; found " + show(c));
            }
            value = value * 10 + (c - '0');
            if (value > LARGEST_LENGTH) {
                throw malformed("the " + what + " is larger than " + LARGEST_LENGTH);
            }
        }
    }

    /** @return the cdb hash of the bytes copied when {@code hashed}, else 0 */
    private int copy(CdbWriter writer, long length, boolean hashed, String what) throws IOException {
        int hash = CdbHash.START;
        long left = length;
        while (left > 0) {
            if (next == end && !fill()) {
                throw ended("inside the " + length + "-byte " + what + ", " + left + " bytes short");
            }
            int n = (int) Math.min(left, end - next);
            if (hashed) {
                hash = CdbHash.update(hash, buffer, next, n);
            }
            line += newlines(next, n);
            writer.append(buffer, next, n);
            next += n;
            left -= n;
        }
        return hashed ? hash : 0;
    }

    /** Reads the separator that must follow the key or the data of {@code length} bytes. */
    private void expect(char wanted, long length, String after) throws IOException {
        int c = read();
        if (c != wanted) {
            String expected = wanted == '\n' ? "a newline" : "'->'";
            String what = "the " + length + "-byte " + after;
            throw c < 0 ? ended("where " + expected + " should follow " + what)
                    : malformed("expected " + expected + " after " + what + "; found " + show(c));
        }
    }

    private int read() throws IOException {
        if (next == end && !fill()) {
            return -1;
        }
        return buffer[next++] & 0xff;
    }

    private boolean fill() throws IOException {
        passed += end;
        next = 0;
        end = 0;
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        end = n;
        return true;
    }

    private int newlines(int from, int length) {
        int n = 0;
        for (int i = from, stop = from + length; i < stop; i++) {
            if (buffer[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The byte just read is wrong. */
    private IOException malformed(String what) {
        return new IOException("malformed input at record " + record + " " + location() + ": " + what);
    }

    private IOException ended(String where) {
        return new IOException("malformed input at record " + record + " (line " + line + "): the input ends " + where);
    }

    /** Where the byte just read is; bytes count from 1, as cmp does. */
    private String location() {
        return "(line " + line + ", byte " + (passed + next) + ")";
    }

    private static String show(int c) {
        if (c == '\n') {
            return "a newline";
        }
        if (c > ' ' && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return "byte 0x" + Character.forDigit(c >> 4, 16) + Character.forDigit(c & 0xf, 16);
    }
}
