package vchkrcpt.cdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** cdbdump's output: every record in cdbmake's input format, then a blank line, so a dump remakes the file. */
public final class CdbDump {
    private static final byte[] ARROW = {'-', '>'};

    private CdbDump() {
    }

    /** @return the number of records written */
    public static long write(CdbSequentialReader records, OutputStream out) throws IOException {
        long count = 0;
        while (records.next()) {
            byte[] lengths = ("+" + records.keyLength() + "," + records.dataLength() + ":")
                    .getBytes(StandardCharsets.US_ASCII);
            out.write(lengths);
            records.copyKey(out);
            out.write(ARROW);
            records.copyData(out);
            out.write('\n');
            count++;
        }
        out.write('\n');
        return count;
    }
}
