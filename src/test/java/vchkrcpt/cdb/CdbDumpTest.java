package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbSamples.Record;

class CdbDumpTest {
    @TempDir
    Path dir;

    @Test
    void theDumpIsTheInputThatMadeTheFile() throws IOException {
        List<Record> records = List.of(new Record(new byte[0], new byte[9]), new Record(new byte[10], new byte[99]),
                new Record(new byte[100], new byte[1_234_567]), CdbSamples.record("a\n->", "+1,1:\n"));
        Path file = dir.resolve("dump.cdb");
        try (CdbWriter writer = new CdbWriter(file)) {
            for (Record r : records) {
                writer.add(r.key(), r.data());
            }
            writer.commit();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CdbSequentialReader reader = CdbSequentialReader.open(file)) {
            assertEquals(4, CdbDump.write(reader, out));
        }
        assertArrayEquals(CdbSamples.makeInput(records), out.toByteArray());
    }
}
