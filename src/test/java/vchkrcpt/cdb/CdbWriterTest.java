package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdbWriterTest {
    private static final byte[] OLD = CdbSamples.bytes("the old file");

    @TempDir
    Path dir;

    @Test
    void aFileOfExactlyTheLimitIsWrittenAndOneByteMoreIsRefused() throws IOException {
        Path target = dir.resolve("limit.cdb");
        // 2048 header + 8 + 3 + 4 record + 16 for its two table slots.
        long size = 2048 + 8 + 3 + 4 + 16;
        try (CdbWriter writer = new CdbWriter(target, size)) {
            writer.add(CdbSamples.bytes("key"), CdbSamples.bytes("data"));
            writer.commit();
        }
        assertEquals(size, Files.size(target));

        Files.write(target, OLD);
        try (CdbWriter writer = new CdbWriter(target, size - 1)) {
            IOException e = assertThrows(IOException.class,
                    () -> writer.add(CdbSamples.bytes("key"), CdbSamples.bytes("data")));
            assertEquals("a record of a 3-byte key and 4-byte data would make the cdb larger than the format's limit of "
                    + (size - 1) + " bytes", e.getMessage());
        }
        assertOnlyTheOldFile(target);
    }

    @Test
    void aLinkPlantedAtATemporaryNameIsNeverWrittenThrough() throws IOException {
        Path target = dir.resolve("data.cdb");
        Path victim = dir.resolve("victim");
        Files.write(victim, OLD);
        // Every name this process's writers could take within the tries: the writer gives up.
        long pid = ProcessHandle.current().pid();
        for (int n = 1; n <= 5000; n++) {
            Files.createSymbolicLink(dir.resolve("data.cdb.tmp." + pid + "." + n), victim);
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> new CdbWriter(target).close());
        assertArrayEquals(OLD, Files.readAllBytes(victim));
        assertTrue(Files.notExists(target));
    }

    @Test
    void nothingIsReplacedWithoutCommitAndTheTemporaryFileGoes() throws IOException {
        Path target = dir.resolve("data.cdb");
        Files.write(target, OLD);
        try (CdbWriter writer = new CdbWriter(target)) {
            writer.add(CdbSamples.bytes("a"), CdbSamples.bytes("b"));
            try (var files = Files.list(dir)) {
                List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
                assertEquals(2, names.size(), names.toString());
                assertTrue(names.get(1).startsWith("data.cdb.tmp."), "the temporary file sits beside the target: " + names);
            }
        }
        assertOnlyTheOldFile(target);
    }

    @Test
    void twoWritersOfOneTargetDoNotShareATemporaryFile() throws IOException {
        Path target = dir.resolve("data.cdb");
        try (CdbWriter first = new CdbWriter(target); CdbWriter second = new CdbWriter(target)) {
            for (int i = 0; i < 1000; i++) {
                first.add(CdbSamples.bytes("first" + i), CdbSamples.bytes("1"));
                second.add(CdbSamples.bytes("second" + i), CdbSamples.bytes("2"));
            }
            second.commit();
            try (CdbReader reader = CdbReader.open(target.toFile())) {
                assertArrayEquals(CdbSamples.bytes("2"), reader.find(CdbSamples.bytes("second999")));
            }
            first.commit();
        }
        try (CdbReader reader = CdbReader.open(target.toFile())) {
            assertArrayEquals(CdbSamples.bytes("1"), reader.find(CdbSamples.bytes("first999")));
            assertEquals(null, reader.find(CdbSamples.bytes("second0")));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    private void assertOnlyTheOldFile(Path target) throws IOException {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
        assertArrayEquals(OLD, Files.readAllBytes(target));
    }
}
