package vchkrcpt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import vchkrcpt.cdb.CdbWriter;

/** validrcptto.cdb fixtures for process tests. */
public final class TestCdb {
    private TestCdb() {
    }

    /** Writes a cdb of key/value pairs: {@code write(path, "user@example.com", "1", "@bounce.example", "-")}. */
    public static Path write(Path path, String... keysAndValues) throws IOException {
        try (CdbWriter cdb = new CdbWriter(path)) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                cdb.add(keysAndValues[i].getBytes(StandardCharsets.ISO_8859_1),
                        keysAndValues[i + 1].getBytes(StandardCharsets.ISO_8859_1));
            }
            cdb.commit();
        }
        return path;
    }
}
