package vchkrcpt.cdb;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Reads a djb constant database with positional reads (no mmap: a file truncated under a
 * mapping raises SIGBUS). Every position and length is checked against the file size, and a probe
 * visits each slot of a table at most once, so a hostile file ends in an error, never a loop.
 */
public final class CdbReader implements AutoCloseable {
    static final int HEADER_SIZE = 2048;

    private final RandomAccessFile file;
    private final long size;
    private final byte[] pair = new byte[8];

    private CdbReader(RandomAccessFile file) throws IOException {
        this.file = file;
        this.size = file.length();
        if (size < HEADER_SIZE) {
            file.close();
            throw new CdbFormatException("shorter than the 2048-byte header (" + size + " bytes)");
        }
    }

    public static CdbReader open(File path) throws IOException {
        return new CdbReader(new RandomAccessFile(path, "r"));
    }

    /** @return the data of the first record with this key, or {@code null} when there is none */
    public byte[] find(byte[] key) throws IOException {
        int hash = CdbHash.of(key);
        readPair((hash & 0xff) * 8L);
        long table = u32(0);
        long slots = u32(4);
        if (slots == 0) {
            return null;
        }
        if (table < HEADER_SIZE || table + slots * 8 > size) {
            throw new CdbFormatException("hash table " + (hash & 0xff) + " lies outside the file");
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
        if (record < HEADER_SIZE || record + 8 > size) {
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
        return (pair[offset] & 0xffL) | (pair[offset + 1] & 0xffL) << 8
                | (pair[offset + 2] & 0xffL) << 16 | (pair[offset + 3] & 0xffL) << 24;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
