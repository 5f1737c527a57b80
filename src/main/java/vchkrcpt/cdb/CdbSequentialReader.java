package vchkrcpt.cdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a cdb's records in file order, as cdbdump does: from the end of the header up to where
 * the first hash table starts. Each record is checked against that end before it is used, so an
 * inconsistent file ends in an error. Keys and data are copied out in pieces, never held whole.
 */
public final class CdbSequentialReader implements AutoCloseable {
    private final FileChannel file;
    private final byte[] buffer = new byte[1 << 20];
    private final ByteBuffer window = ByteBuffer.wrap(buffer);
    /** The buffer holds the file's bytes from windowStart, windowLength of them. */
    private long windowStart;
    private int windowLength;
    private final long recordsEnd;
    private long nextRecord = CdbReader.HEADER_SIZE;
    private long record;
    private long keyLength;
    private long dataLength;

    private CdbSequentialReader(FileChannel file) throws IOException {
        this.file = file;
        long size = file.size();
        if (size < CdbReader.HEADER_SIZE) {
            throw new CdbFormatException("shorter than the 2048-byte header (" + size + " bytes)");
        }
        // cdbmake writes the tables right after the records, table 0 first.
        recordsEnd = u32(0);
        if (recordsEnd < CdbReader.HEADER_SIZE || recordsEnd > size) {
            throw new CdbFormatException("hash table 0 starts at " + recordsEnd + ", outside the file of " + size + " bytes");
        }
    }

    public static CdbSequentialReader open(Path path) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new CdbSequentialReader(file);
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** Over a file the caller opened (and closes; closing the reader closes it too). */
    public static CdbSequentialReader over(FileChannel file) throws IOException {
        return new CdbSequentialReader(file);
    }

    /** Moves to the next record. @return false after the last one */
    public boolean next() throws IOException {
        if (nextRecord == recordsEnd) {
            return false;
        }
        if (recordsEnd - nextRecord < 8) {
            throw new CdbFormatException("record at " + nextRecord + " runs past the end of the records at " + recordsEnd);
        }
        long keys = u32(nextRecord);
        long data = u32(nextRecord + 4);
        if (keys + data > recordsEnd - nextRecord - 8) {
            throw new CdbFormatException("record at " + nextRecord + " runs past the end of the records at " + recordsEnd);
        }
        record = nextRecord;
        keyLength = keys;
        dataLength = data;
        nextRecord = record + 8 + keys + data;
        return true;
    }

    public long keyLength() {
        return keyLength;
    }

    public long dataLength() {
        return dataLength;
    }

    public void copyKey(OutputStream out) throws IOException {
        copy(record + 8, keyLength, out);
    }

    public void copyData(OutputStream out) throws IOException {
        copy(record + 8 + keyLength, dataLength, out);
    }

    private void copy(long from, long length, OutputStream out) throws IOException {
        long at = from;
        long left = length;
        while (left > 0) {
            ensure(at, 1);
            int offset = (int) (at - windowStart);
            int n = (int) Math.min(left, windowLength - offset);
            out.write(buffer, offset, n);
            at += n;
            left -= n;
        }
    }

    private long u32(long position) throws IOException {
        ensure(position, 4);
        int i = (int) (position - windowStart);
        return (buffer[i] & 0xffL) | (buffer[i + 1] & 0xffL) << 8 | (buffer[i + 2] & 0xffL) << 16
                | (buffer[i + 3] & 0xffL) << 24;
    }

    /** Makes the buffer hold at least {@code count} bytes from {@code position}. */
    private void ensure(long position, int count) throws IOException {
        if (position >= windowStart && position + count <= windowStart + windowLength) {
            return;
        }
        windowStart = position;
        windowLength = 0;
        window.clear();
        while (windowLength < count) {
            int n = file.read(window, position + windowLength);
            if (n < 0) {
                throw new CdbFormatException("file ended early at " + (position + windowLength) + " (truncated while open?)");
            }
            windowLength += n;
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
