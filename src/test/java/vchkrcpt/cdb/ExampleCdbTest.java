package vchkrcpt.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.CdbTools;
import vchkrcpt.testing.Helper;

/** The committed example cdb is what freecdb's cdbmake makes of the committed text. */
class ExampleCdbTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedCdbIsCdbmakesOutputOfTheCommittedText() throws Exception {
        Path made = CdbTools.cdbmake(dir.resolve("validrcptto.cdb"), Helper.TOP.resolve("examples/validrcptto.txt"));
        assertArrayEquals(Files.readAllBytes(made), Files.readAllBytes(Helper.TOP.resolve("examples/validrcptto.cdb")),
                "rebuild it: cdbmake examples/validrcptto.cdb examples/validrcptto.tmp < examples/validrcptto.txt");
    }
}
