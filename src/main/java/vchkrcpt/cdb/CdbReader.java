package vchkrcpt.cdb;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;

import vchkrcpt.env.RegularFile;

/**
 * Reads a djb constant database with positional reads (no mmap: a file truncated under a
 * mapping raises SIGBUS). The header is read and checked once ({@link CdbHeader}); every other
 * position and length is checked against the file size when it is used, and a probe visits each
 * slot of a table at most once, so a hostile file ends in an error, never a loop.
 */
public final class CdbReader implements AutoCloseable {
    static final int HEADER_SIZE = 2048;

    private final RandomAccessFile file;
    private final long size;
    private final CdbHeader header;
    private final byte[] pair = new byte[8];

    private CdbReader(RandomAccessFile file) throws IOException {
        this.file = file;
        this.size = file.length();
        if (size < HEADER_SIZE) {
            throw new CdbFormatException("shorter than the 2048-byte header (" + size + " bytes)");
        }
        byte[] bytes = new byte[HEADER_SIZE];
        readFully(0, bytes);
        this.header = new CdbHeader(bytes, size);
    }

    /** Opens a regular file only: see {@link RegularFile}. */
    public static CdbReader open(File path) throws IOException {
        RegularFile.require(path);
        RandomAccessFile file = new RandomAccessFile(path, "r");
        try {
            return new CdbReader(file);
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    /** True for a cdb without records, where every look-up finds nothing. */
    public boolean empty() {
        return header.empty();
    }

    /** @return the data of the first record with this key, or {@code null} when there is none */
    public byte[] find(byte[] key) throws IOException {
        int hash = CdbHash.of(key);
        long table = header.position(hash & 0xff);
        long slots = header.slots(hash & 0xff);
        if (slots == 0) {
            return null;
        }
        long start = (Integer.toUnsignedLong(hash) >>> 8) % slots;
        for (long i = 0; i < slots; i++) {
            readPair(table + ((start + i) % slots) * 8);
            long slotHash = u32(0);
            long record = u32(4);
            if (record == 0) {
                return null;
            }
            if (slotHash == Integer.toUnsignedLong(hash)) {
                byte[] data = matchRecord(record, key);
                if (data != null) {
                    return data;
                }
            }
        }
        return null;
    }

    private byte[] matchRecord(long record, byte[] key) throws IOException {
        if (record < HEADER_SIZE) {
            throw new CdbFormatException("record pointer " + record + " points into the 2048-byte header");
        }
        if (record + 8 > size) {
            throw new CdbFormatException("record pointer " + record + " lies outside the file");
        }
        readPair(record);
        long keyLength = u32(0);
        long dataLength = u32(4);
        if (record + 8 + keyLength + dataLength > size) {
            throw new CdbFormatException("record at " + record + " runs past the end of the file");
        }
        if (keyLength != key.length) {
            return null;
        }
        byte[] stored = new byte[key.length];
        readFully(record + 8, stored);
        if (!java.util.Arrays.equals(stored, key)) {
            return null;
        }
        byte[] data = new byte[(int) Math.min(dataLength, Integer.MAX_VALUE - 8)];
        if (data.length != dataLength) {
            throw new CdbFormatException("record at " + record + " has data too large to read");
        }
        readFully(record + 8 + keyLength, data);
        return data;
    }

    private void readPair(long position) throws IOException {
        readFully(position, pair);
    }

    private void readFully(long position, byte[] into) throws IOException {
        file.seek(position);
        try {
            file.readFully(into);
        } catch (EOFException e) {
            throw new CdbFormatException("file ended early at " + position + " (truncated while open?)");
        }
    }

    private long u32(int offset) {
        return CdbHeader.u32(pair, offset);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
