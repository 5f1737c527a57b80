package vchkrcpt.cdb;

/** djb's cdb hash: h = 5381; h = ((h << 5) + h) ^ byte, as an unsigned 32-bit number. */
public final class CdbHash {
    static final int START = 5381;

    private CdbHash() {
    }

    public static int of(byte[] key) {
        return update(START, key, 0, key.length);
    }

    /** Continues a hash over more bytes of a key that arrives in pieces. */
    static int update(int hash, byte[] bytes, int offset, int length) {
        int h = hash;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = ((h << 5) + h) ^ (bytes[i] & 0xff);
        }
        return h;
    }
}
