package vchkrcpt.cdb;

/**
 * The 256 (position, slot count) pairs at the start of a cdb, checked once against the file size.
 * Every table must lie after the header and inside the file, empty ones too: cdbmake puts each at
 * the end of the previous one, so a table position inside the header is damage. That is what a
 * zero-filled or sparse file looks like, which would otherwise read as a cdb without keys.
 */
final class CdbHeader {
    private final long[] positions = new long[256];
    private final long[] slots = new long[256];
    private final boolean empty;

    /** @param header the first {@link CdbReader#HEADER_SIZE} bytes of a file of {@code size} bytes */
    CdbHeader(byte[] header, long size) throws CdbFormatException {
        boolean noRecords = true;
        boolean allZero = true;
        for (int t = 0; t < 256; t++) {
            positions[t] = u32(header, t * 8);
            slots[t] = u32(header, t * 8 + 4);
            noRecords &= slots[t] == 0;
            allZero &= positions[t] == 0 && slots[t] == 0;
        }
        if (allZero) {
            throw new CdbFormatException("the header is all zero bytes (a zero-filled or sparse file, not a cdb)");
        }
        for (int t = 0; t < 256; t++) {
            if (positions[t] < CdbReader.HEADER_SIZE) {
                throw new CdbFormatException("hash table " + t + " starts at " + positions[t]
                        + ", inside the 2048-byte header");
            }
            if (positions[t] + slots[t] * 8 > size) {
                throw new CdbFormatException("hash table " + t + " (at " + positions[t] + ", " + slots[t]
                        + " slots) lies outside the file of " + size + " bytes");
            }
        }
        empty = noRecords;
    }

    long position(int table) {
        return positions[table];
    }

    long slots(int table) {
        return slots[table];
    }

    /** True when every table is empty: a cdb without records (valid, but it holds no key). */
    boolean empty() {
        return empty;
    }

    static long u32(byte[] bytes, int at) {
        return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
                | (bytes[at + 3] & 0xffL) << 24;
    }
}
