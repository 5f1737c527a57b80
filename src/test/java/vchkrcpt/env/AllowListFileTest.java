package vchkrcpt.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.policy.Unverifiable;

class AllowListFileTest {
    @TempDir
    Path dir;

    @Test
    void oneEntryALineLowercasedWithCommentsAndBlankLinesSkipped() throws Exception {
        Path file = Files.writeString(dir.resolve("allow"), String.join("\n",
                "# senders whose mail we take unchecked",
                "Boss@Partner.Example",
                "",
                "   @Friends.Example\t",
                "  # an indented comment",
                "crlf@example.com\r",
                "j\u00d6rg@example.com",
                "last@example.com"), StandardCharsets.ISO_8859_1);
        AllowListFile list = new AllowListFile(file.toFile());
        for (String entry : new String[] {"boss@partner.example", "@friends.example", "crlf@example.com",
            "j\u00d6rg@example.com", "last@example.com"}) {
            assertTrue(list.contains(entry), entry);
        }
        for (String entry : new String[] {"Boss@Partner.Example", "#", "", "# senders whose mail we take unchecked",
            "j\u00f6rg@example.com"}) {
            assertFalse(list.contains(entry), entry);
        }
    }

    @Test
    void parseKeepsExactlyTheEntries() {
        assertEquals(Set.of("a@b", "@c"), AllowListFile.parse("#x\nA@B\n\n @C \n#"));
    }

    @Test
    void aMissingFileIsAnEmptyList() throws Unverifiable {
        assertFalse(new AllowListFile(dir.resolve("vchkrcpt-allow").toFile()).contains("boss@partner.example"));
        assertFalse(new AllowListFile(dir.resolve("no/such/dir/allow").toFile()).contains("boss@partner.example"));
    }

    @Test
    void aDirectoryIsUnreadable() {
        Unverifiable e = assertThrows(Unverifiable.class, () -> new AllowListFile(dir.toFile()).contains("x@y"));
        assertEquals("unable to read " + dir + ": not a regular file (a directory)", e.getMessage());
    }

    @Test
    void aFileInPlaceOfADirectoryIsUnreadableNotMissing() throws Exception {
        Path file = Files.writeString(dir.resolve("control"), "");
        Path allow = file.resolve("vchkrcpt-allow");
        Unverifiable e = assertThrows(Unverifiable.class, () -> new AllowListFile(allow.toFile()).contains("x@y"));
        assertEquals("unable to read " + allow + ": Not a directory", e.getMessage());
    }

    @Test
    void aSymlinkLoopIsUnreadableNotMissing() throws Exception {
        Path loop = dir.resolve("loop");
        Files.createSymbolicLink(loop, loop.getFileName());
        assertThrows(Unverifiable.class, () -> new AllowListFile(loop.toFile()).contains("x@y"));
    }

    @Test
    void theFileIsReadOnceOnFirstUse() throws Exception {
        Path file = Files.writeString(dir.resolve("allow"), "a@b\n");
        AllowListFile list = new AllowListFile(file.toFile());
        assertTrue(list.contains("a@b"));
        Files.delete(file);
        assertTrue(list.contains("a@b"));
    }
}
