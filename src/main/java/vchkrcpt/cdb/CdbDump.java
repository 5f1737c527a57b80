package vchkrcpt.cdb;

import java.io.IOException;
import java.io.OutputStream;

/** cdbdump's output: every record in cdbmake's input format, then a blank line, so a dump remakes the file. */
public final class CdbDump {
    private static final byte[] ARROW = {'-', '>'};

    private CdbDump() {
    }

    /** @return the number of records written */
    public static long write(CdbSequentialReader records, OutputStream out) throws IOException {
        // "+KLEN,DLEN:" built in place: a million records should not make a million strings.
        byte[] lengths = new byte[1 + 10 + 1 + 10 + 1];
        long count = 0;
        while (records.next()) {
            lengths[0] = '+';
            int at = digits(records.keyLength(), lengths, 1);
            lengths[at++] = ',';
            at = digits(records.dataLength(), lengths, at);
            lengths[at++] = ':';
            out.write(lengths, 0, at);
            records.copyKey(out);
            out.write(ARROW);
            records.copyData(out);
            out.write('\n');
            count++;
        }
        out.write('\n');
        return count;
    }

    /** Writes {@code value} (at most 10 digits: a cdb length) in decimal at {@code at}. @return the end */
    private static int digits(long value, byte[] into, int at) {
        int end = at;
        long rest = value;
        do {
            end++;
            rest /= 10;
        } while (rest > 0);
        rest = value;
        for (int i = end - 1; i >= at; i--) {
            into[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return end;
    }
}
