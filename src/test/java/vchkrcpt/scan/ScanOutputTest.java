package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbReader;

class ScanOutputTest {
    @TempDir
    Path dir;

    private static SortedMap<String, String> keys(String... pairs) {
        SortedMap<String, String> keys = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return keys;
    }

    @Test
    void publishedKeysCanBeLookedUp() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        assertTrue(ScanOutput.publish(cdb, keys("a@x.example", "user", "@x.example", "-bounce-no-mailbox", "\u00e9@x.example", "alias"), false, null, new java.util.ArrayList<>()));
        try (CdbReader reader = CdbReader.open(cdb.toFile())) {
            assertArrayEquals("-bounce-no-mailbox".getBytes(StandardCharsets.ISO_8859_1),
                    reader.find("@x.example".getBytes(StandardCharsets.ISO_8859_1)));
            assertArrayEquals("alias".getBytes(StandardCharsets.ISO_8859_1), reader.find(new byte[] {(byte) 0xe9, '@', 'x', '.', 'e',
                    'x', 'a', 'm', 'p', 'l', 'e'}));
        }
        assertFalse(Files.exists(dir.resolve("validrcptto.cdb.tmp")));
    }

    @Test
    void ifChangedLeavesAnEqualFileAlone() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        SortedMap<String, String> keys = keys("a@x.example", "user", "b@x.example", "alias");
        assertTrue(ScanOutput.publish(cdb, keys, true, null, new java.util.ArrayList<>()));
        Object inode = Files.getAttribute(cdb, "unix:ino");
        assertFalse(ScanOutput.publish(cdb, keys, true, null, new java.util.ArrayList<>()));
        assertEquals(inode, Files.getAttribute(cdb, "unix:ino"));
        assertTrue(ScanOutput.publish(cdb, keys, false, null, new java.util.ArrayList<>()), "without -c the file is always rewritten");
    }

    @Test
    void anyDifferenceCounts() throws IOException {
        Path cdb = dir.resolve("validrcptto.cdb");
        ScanOutput.publish(cdb, keys("a@x.example", "user", "b@x.example", "alias"), false, null, new java.util.ArrayList<>());
        assertTrue(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "user")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias", "c@x.example", "user")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "c@x.example", "alias")));
        assertFalse(ExistingCdb.holdsExactly(dir.resolve("missing.cdb"), keys()));
        Files.write(dir.resolve("short.cdb"), new byte[100]);
        assertFalse(ExistingCdb.holdsExactly(dir.resolve("short.cdb"), keys()));
    }

    @Test
    void aFileFromCdbmakeWithTheSameRecordsCountsAsEqual() throws IOException, InterruptedException {
        assumeTrue(new File("/usr/bin/cdbmake").canExecute(), "freecdb's cdbmake is not installed");
        Path cdb = dir.resolve("made.cdb");
        Process p = new ProcessBuilder("/usr/bin/cdbmake", cdb.toString(), cdb + ".tmp")
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().write("+11,4:a@x.example->user\n+11,5:b@x.example->alias\n\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertEquals(0, p.waitFor());
        assertTrue(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias")));
        assertFalse(ExistingCdb.holdsExactly(cdb, keys("a@x.example", "user", "b@x.example", "alias", "c@x.example", "x")));
    }
}
