package vchkrcpt.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files in directories other users can write: no links followed, the owner checked. */
class InstallFilesTest {
    @TempDir
    Path dir;

    private int me;

    @BeforeEach
    void uid() throws IOException {
        me = (Integer) Files.getAttribute(dir, "unix:uid");
    }

    private String read(Path file, int owner) throws IOException {
        return InstallFiles.readOwnedIfExists(file, owner, "the test's user");
    }

    @Test
    void aFileOfTheOwnerIsRead() throws IOException {
        Path file = dir.resolve("vpasswd");
        Files.write(file, new byte[] {'a', ':', (byte) 0xe9, '\n'});
        assertEquals("a:\u00e9\n", read(file, me));
        assertNull(read(dir.resolve("missing"), me));
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "root:x:0:0:root:/root:/bin/sh\n");
        Path link = Files.createSymbolicLink(dir.resolve("vpasswd"), secret);
        assertEquals("unable to read " + link + ": a symbolic link, not followed",
                assertThrows(IOException.class, () -> read(link, me)).getMessage());
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nothing"));
        assertEquals("unable to read " + dangling + ": a symbolic link, not followed",
                assertThrows(IOException.class, () -> read(dangling, me)).getMessage());
    }

    @Test
    void aFileOfAnotherOwnerIsNotRead() throws IOException {
        Path file = Files.writeString(dir.resolve("vpasswd"), "a:b:1:0:a:/d:NOQUOTA\n");
        assertEquals("unable to read " + file + ": owned by uid " + me + ", not by uid " + (me + 1)
                + " (the test's user); not read, since it may be a link to any file of the system",
                assertThrows(IOException.class, () -> read(file, me + 1)).getMessage());
    }

    @Test
    void aHardLinkToAFileOfAnotherUserIsNotRead() throws IOException {
        assumeTrue(me == 0, "only root can give a file to another user");
        Path secret = Files.writeString(dir.resolve("secret"), "root:x:0:0:root:/root:/bin/sh\n");
        Path link = Files.createLink(dir.resolve("vpasswd"), secret);
        assertEquals("unable to read " + link + ": owned by uid 0, not by uid 89 (the test's user);"
                + " not read, since it may be a link to any file of the system",
                assertThrows(IOException.class, () -> read(link, 89)).getMessage());
    }

    @Test
    void neitherADirectoryNorAFifoIsOpened() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("vpasswd"));
        assertEquals("unable to read " + sub + ": not a regular file",
                assertThrows(IOException.class, () -> read(sub, me)).getMessage());
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        // Opening a FIFO would wait for a writer forever.
        assertEquals("unable to read " + fifo + ": not a regular file",
                assertThrows(IOException.class, () -> read(fifo, me)).getMessage());
    }
}
