package vchkrcpt.cdb;

/** djb's cdb hash: h = 5381; h = ((h << 5) + h) ^ byte, as an unsigned 32-bit number. */
public final class CdbHash {
    private CdbHash() {
    }

    public static int of(byte[] key) {
        int h = 5381;
        for (byte b : key) {
            h = ((h << 5) + h) ^ (b & 0xff);
        }
        return h;
    }
}
