package vchkrcpt.cdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generated records for the cdb tests: binary, empty, duplicate and hash-colliding keys. */
public final class CdbSamples {
    private CdbSamples() {
    }

    public record Record(byte[] key, byte[] data) {
    }

    public static Record record(String key, String data) {
        return new Record(bytes(key), bytes(data));
    }

    public static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The records in cdbmake's input format, with the blank line that ends it. */
    public static byte[] makeInput(List<Record> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Record r : records) {
            out.writeBytes(bytes("+" + r.key().length + "," + r.data().length + ":"));
            out.writeBytes(r.key());
            out.writeBytes(bytes("->"));
            out.writeBytes(r.data());
            out.write('\n');
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** What a reader must find for each key: the data of its first record. */
    public static Map<String, byte[]> firstData(List<Record> records) {
        Map<String, byte[]> first = new LinkedHashMap<>();
        for (Record r : records) {
            first.putIfAbsent(new String(r.key(), StandardCharsets.ISO_8859_1), r.data());
        }
        return first;
    }

    /**
     * Address-like keys, binary keys (NUL, newline and the format's own punctuation included), the
     * empty key, empty and binary data, and about one record in twenty repeating an earlier key.
     */
    public static List<Record> random(long seed, int count) {
        Random random = new Random(seed);
        List<Record> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key;
            int kind = random.nextInt(20);
            if (kind == 0 && !records.isEmpty()) {
                key = records.get(random.nextInt(records.size())).key();
            } else if (kind == 1) {
                key = new byte[0];
            } else if (kind < 8) {
                key = randomBytes(random, 1 + random.nextInt(40));
            } else {
                key = bytes("user" + i + "@domain" + random.nextInt(500) + ".example");
            }
            byte[] data = random.nextInt(10) == 0 ? new byte[0]
                    : random.nextBoolean() ? randomBytes(random, random.nextInt(60)) : bytes("user" + i);
            records.add(new Record(key, data));
        }
        return records;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** Distinct keys whose hashes all end in the same byte, so they share one of the 256 tables. */
    public static List<byte[]> sameTable(int count, int lowByte) {
        List<byte[]> keys = new ArrayList<>(count);
        for (int i = 0; keys.size() < count; i++) {
            byte[] key = bytes("t" + i + "@same-table.example");
            if ((CdbHash.of(key) & 0xff) == lowByte) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * 2^blocks distinct keys with one and the same 32-bit hash. Two-byte blocks (a1 b1) and (a2 b2)
     * that lead from one hash state to one next state are found by search; since the state after
     * each block is shared, every choice of block at every position gives the same hash.
     */
    public static List<byte[]> sameHash(String prefix, int blocks) {
        byte[] start = bytes(prefix);
        int state = CdbHash.of(start);
        List<byte[][]> choices = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            byte[][] pair = collidingBlocks(state);
            choices.add(pair);
            state = CdbHash.update(state, pair[0], 0, 2);
        }
        List<byte[]> keys = new ArrayList<>();
        for (int pick = 0; pick < 1 << blocks; pick++) {
            byte[] key = Arrays.copyOf(start, start.length + 2 * blocks);
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(choices.get(b)[(pick >> b) & 1], 0, key, start.length + 2 * b, 2);
            }
            keys.add(key);
        }
        return keys;
    }

    /** Two printable two-byte blocks that take the hash from {@code state} to the same next state. */
    private static byte[][] collidingBlocks(int state) {
        for (int a1 = '!'; a1 <= '~'; a1++) {
            for (int a2 = a1 + 1; a2 <= '~'; a2++) {
                int differ = ((state * 33) ^ a1) * 33 ^ ((state * 33) ^ a2) * 33;
                for (int b1 = '!'; b1 <= '~'; b1++) {
                    int b2 = b1 ^ differ;
                    if (b2 >= '!' && b2 <= '~') {
                        return new byte[][] {{(byte) a1, (byte) b1}, {(byte) a2, (byte) b2}};
                    }
                }
            }
        }
        throw new AssertionError("no colliding blocks from state " + state);
    }
}
