package vchkrcpt.env;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The process environment as the kernel holds it. qmail runs in the C locale, where
 * System.getenv replaces every byte above 0x7f; /proc/self/environ keeps them. Values are byte
 * strings (one char per byte, ISO-8859-1).
 */
public final class RawEnvironment {
    private RawEnvironment() {
    }

    public static Map<String, String> read() throws IOException {
        try (FileInputStream in = new FileInputStream("/proc/self/environ")) {
            return parse(in.readAllBytes());
        }
    }

    /** Parses NUL-terminated {@code NAME=value} entries; the first of duplicate names wins, as getenv. */
    public static Map<String, String> parse(byte[] environ) {
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i > start) {
                    String entry = new String(environ, start, i - start, StandardCharsets.ISO_8859_1);
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        return env;
    }
}
