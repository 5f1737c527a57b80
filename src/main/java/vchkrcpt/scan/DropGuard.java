package vchkrcpt.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import vchkrcpt.cdb.CdbSequentialReader;

/**
 * Never publish less than the installation holds on the strength of one read. A domain's
 * mailboxes (its {@code user} and {@code -locked} keys) drop sharply when they fall to none, or
 * by a tenth or more, against the cdb the last scan wrote; such a read must be confirmed by the
 * user store (vpasswd.cdb, or a second read after a pause) before the keys are published.
 * An emptied, cut or half-written vpasswd fails the scan; a real mass deletion goes through.
 */
final class DropGuard {
    private static final int LONGEST_VALUE = Math.max(DeliveryOrder.MAILBOX.length(), DeliveryOrder.LOCKED.length());

    private final Map<String, Long> before;

    private DropGuard(Map<String, Long> before) {
        this.before = before;
    }

    /** The guard against {@code previous}; none to compare against when it is missing or unreadable. */
    static DropGuard against(Path previous) {
        Map<String, Long> counts = new HashMap<>();
        if (previous != null && Files.isRegularFile(previous)) {
            try (CdbSequentialReader records = CdbSequentialReader.open(previous)) {
                ByteArrayOutputStream key = new ByteArrayOutputStream();
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                while (records.next()) {
                    if (records.dataLength() > LONGEST_VALUE) {
                        continue;
                    }
                    key.reset();
                    data.reset();
                    records.copyKey(key);
                    records.copyData(data);
                    count(counts, key.toString(StandardCharsets.ISO_8859_1), data.toString(StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // A damaged file is replaced by the first good scan; it holds nothing to protect.
                counts.clear();
            }
        }
        return new DropGuard(counts);
    }

    /** Counts {@code key} when it is a mailbox key, under its domain. */
    static void count(Map<String, Long> counts, String key, String value) {
        int at = key.lastIndexOf('@');
        if (at > 0 && (value.equals(DeliveryOrder.MAILBOX) || value.equals(DeliveryOrder.LOCKED))) {
            counts.merge(key.substring(at + 1), 1L, Long::sum);
        }
    }

    /** A fall to none, or by at least a tenth. */
    static boolean sharp(long was, long now) {
        return now < was && (now == 0 || (was - now) * 10 >= was);
    }

    /**
     * Checks each domain whose mailbox keys in {@code keys} dropped sharply; throws unless its store
     * confirms what was read.
     */
    void check(Map<String, String> keys, Map<VpopmailDomain, DomainUsers> reads, UserStore store) throws IOException {
        if (before.isEmpty()) {
            return;
        }
        Map<String, Long> now = new HashMap<>();
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            count(now, entry.getKey(), entry.getValue());
        }
        for (Map.Entry<VpopmailDomain, DomainUsers> read : reads.entrySet()) {
            String name = read.getKey().name();
            long was = before.getOrDefault(name, 0L);
            long is = now.getOrDefault(name, 0L);
            if (sharp(was, is)) {
                try {
                    store.confirm(read.getKey(), read.getValue());
                } catch (IOException e) {
                    throw new IOException("unable to trust the accounts read for " + name + ": its mailbox keys"
                            + " dropped from " + was + " to " + is + " since the last cdb, and " + store.describe()
                            + " did not confirm it: " + e.getMessage(), e);
                }
            }
        }
    }
}
