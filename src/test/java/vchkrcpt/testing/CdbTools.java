package vchkrcpt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Builds cdb files with the reference tools, so the reader is tested against files it did not
 * write: Debian's freecdb {@code cdbmake} (djb's) and tinycdb's {@code cdb -c}. Also finds keys
 * whose djb hashes collide, computed here independently of the code under test.
 */
public final class CdbTools {
    private CdbTools() {
    }

    /** One record. Keys and data are raw bytes; {@link #entry(String, String)} takes byte strings. */
    public record Entry(byte[] key, byte[] data) {
    }

    /** An entry from byte strings (one char per byte, ISO-8859-1). */
    public static Entry entry(String key, String data) {
        return new Entry(key.getBytes(StandardCharsets.ISO_8859_1), data.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** cdbmake's input: {@code +klen,dlen:key->data} a line, then an empty line. */
    public static byte[] cdbmakeInput(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.writeBytes(("+" + e.key().length + "," + e.data().length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(e.key());
            out.writeBytes(new byte[] {'-', '>'});
            out.writeBytes(e.data());
            out.write('\n');
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Runs freecdb's {@code cdbmake TARGET TARGET.tmp} on these entries. */
    public static Path cdbmake(Path target, List<Entry> entries) throws IOException, InterruptedException {
        run(List.of("cdbmake", target.toString(), target + ".tmp"), cdbmakeInput(entries));
        return target;
    }

    /** Runs freecdb's cdbmake on an input file as it is, e.g. examples/validrcptto.txt. */
    public static Path cdbmake(Path target, Path input) throws IOException, InterruptedException {
        run(List.of("cdbmake", target.toString(), target + ".tmp"), Files.readAllBytes(input));
        return target;
    }

    /** Runs tinycdb's {@code cdb -c TARGET} on these entries (it keeps duplicate keys, as cdbmake). */
    public static Path tinycdb(Path target, List<Entry> entries) throws IOException, InterruptedException {
        run(List.of("cdb", "-c", target.toString()), cdbmakeInput(entries));
        return target;
    }

    private static void run(List<String> command, byte[] input) throws IOException, InterruptedException {
        Path in = Files.createTempFile("cdb-input", "");
        Path err = Files.createTempFile("cdb-err", "");
        try {
            Files.write(in, input);
            Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(err.toFile())
                    .redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command + " failed with status " + p.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.ISO_8859_1));
            }
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(err);
        }
    }

    /** djb's cdb hash continued from {@code state} (5381 at the start of a key). */
    public static int djbHash(int state, byte[] bytes) {
        int h = state;
        for (byte b : bytes) {
            h = (h * 33) ^ (b & 0xff);
        }
        return h;
    }

    public static int djbHash(byte[] key) {
        return djbHash(5381, key);
    }

    /**
     * {@code 2^rounds} distinct keys with one and the same 32-bit hash (Joux's multicollision: a
     * colliding pair of blocks per round, found by a birthday search from the state the previous
     * rounds end in, gives two choices per round that all lead to the same state).
     */
    public static List<byte[]> collidingKeys(int rounds, long seed) {
        Random random = new Random(seed);
        List<byte[]> keys = new ArrayList<>();
        keys.add(new byte[0]);
        int state = 5381;
        for (int r = 0; r < rounds; r++) {
            byte[][] pair = collidingBlocks(state, random);
            List<byte[]> longer = new ArrayList<>();
            for (byte[] key : keys) {
                longer.add(concat(key, pair[0]));
                longer.add(concat(key, pair[1]));
            }
            keys = longer;
            state = djbHash(state, pair[0]);
        }
        return keys;
    }

    private static byte[][] collidingBlocks(int state, Random random) {
        Map<Integer, byte[]> seen = new HashMap<>();
        while (true) {
            // Letters only, so the keys also read well in a failure message.
            byte[] block = new byte[8];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) ('a' + random.nextInt(26));
            }
            byte[] earlier = seen.putIfAbsent(djbHash(state, block), block);
            if (earlier != null && !Arrays.equals(earlier, block)) {
                return new byte[][] {earlier, block};
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
