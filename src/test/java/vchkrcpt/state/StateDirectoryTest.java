package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.OwnerOnly;

/**
 * What the SMTP user can put in its own state directory must not lead whoever reads or writes it
 * (root, for the admin commands) anywhere else, nor make it wait.
 */
class StateDirectoryTest {
    private static final byte[] SECRET = "root's secret\n".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> NAMES = List.of(ThrottleStore.STATE, ThrottleStore.LOCK, ThrottleStore.TEMPORARY);

    @TempDir
    Path top;

    private Path dir;
    private Path target;

    @BeforeEach
    void setUp() throws IOException {
        dir = OwnerOnly.directory(top.resolve("state"));
        target = OwnerOnly.write(top.resolve("target"), SECRET);
    }

    private static boolean root() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    private ThrottleStore store() {
        return new ThrottleStore(new StateDirectory(dir));
    }

    /** What a helper's write does: read under the lock, write the new table beside it, rename. */
    private void write() throws IOException {
        assertTrue(store().change(5000, current -> ThrottleCodec.record(current, new byte[] {ThrottleTable.SENDER},
                new String[] {"s@x"}, 1_800_000_000L, 3600, FileThrottleState.MAX_BODY)));
    }

    private void plant(String name, IOExceptionAction planting, String what) throws Exception {
        for (String other : NAMES) {
            Files.deleteIfExists(dir.resolve(other));
        }
        planting.run(dir.resolve(name));
        String expected = dir.resolve(name) + " is " + what + ", not a regular file: refusing it";
        // No call may wait on what was planted (a FIFO with no writer blocks an open for reading).
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            if (name.equals(ThrottleStore.STATE)) {
                assertEquals(expected, assertThrows(IOException.class, () -> store().read()).getMessage());
            } else {
                assertEquals(null, store().read(), "reading looks at the table only");
            }
            assertEquals(expected, assertThrows(IOException.class, this::write).getMessage(), name);
        });
        assertArrayEquals(SECRET, Files.readAllBytes(target), "the target is unchanged");
        assertTrue(Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS), "left for the admin to see");
        for (String other : NAMES) {
            if (!other.equals(name) && !other.equals(ThrottleStore.LOCK)) {
                assertFalse(Files.exists(dir.resolve(other), LinkOption.NOFOLLOW_LINKS), other);
            }
        }
    }

    private interface IOExceptionAction {
        void run(Path path) throws Exception;
    }

    @Test
    void aLinkIsNeverFollowed() throws Exception {
        for (String name : NAMES) {
            plant(name, path -> Files.createSymbolicLink(path, target), "a symbolic link");
            // A dangling one would be created through by an open with O_CREAT.
            plant(name, path -> Files.createSymbolicLink(path, top.resolve("created")), "a symbolic link");
            assertFalse(Files.exists(top.resolve("created"), LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aFifoNeverBlocks() throws Exception {
        for (String name : NAMES) {
            plant(name, path -> {
                assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).start().waitFor());
            }, "a FIFO");
        }
    }

    @Test
    void aSocketOrADirectoryIsRefused() throws Exception {
        for (String name : NAMES) {
            plant(name, path -> {
                try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                    socket.bind(UnixDomainSocketAddress.of(path));
                }
            }, "a socket");
            plant(name, Files::createDirectory, "a directory");
        }
    }

    @Test
    void aDeviceIsRefused() throws Exception {
        Assumptions.assumeTrue(root(), "only root can make a device node");
        for (String name : NAMES) {
            plant(name, path -> {
                assertEquals(0, new ProcessBuilder("mknod", path.toString(), "c", "1", "3").start().waitFor());
            }, "a character device");
        }
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(root(), "only root can give a file away");
        // A hard link to a file of root's, say, in a directory of nobody's.
        Files.setAttribute(dir, "unix:uid", 65534);
        Files.createLink(dir.resolve(ThrottleStore.STATE), target);
        assertEquals(dir.resolve(ThrottleStore.STATE) + " belongs to uid 0, not to the directory's owner (uid 65534):"
                + " refusing it", assertThrows(IOException.class, () -> store().read()).getMessage());
        assertThrows(IOException.class, this::write);
        assertArrayEquals(SECRET, Files.readAllBytes(target));
    }

    @Test
    void aFileOthersMayWriteIsRefused() throws Exception {
        write();
        Files.setPosixFilePermissions(dir.resolve(ThrottleStore.STATE), PosixFilePermissions.fromString("rw-rw----"));
        assertEquals(dir.resolve(ThrottleStore.STATE) + " is writable by group or others (mode 660): refusing it",
                assertThrows(IOException.class, () -> store().read()).getMessage());
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals("state directory " + dir + " is writable by group or others (mode 777): refusing it (chmod go-w)",
                assertThrows(IOException.class, () -> store().read()).getMessage());
        assertEquals(List.of(), Files.list(dir).toList());
    }

    @Test
    void aDirectoryOfAnotherUserIsRefusedUnlessThisIsRoot() throws Exception {
        // "/" belongs to root and is writable by root only.
        ThrottleStore rootsOwn = new ThrottleStore(new StateDirectory(Path.of("/")));
        if (root()) {
            assertEquals(null, rootsOwn.read(), "root works in anyone's");
        } else {
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            assertEquals("state directory / belongs to uid 0, not to uid " + self + " that runs this: refusing it",
                    assertThrows(IOException.class, rootsOwn::read).getMessage());
        }
        OwnerOnly.write(top.resolve("file"), new byte[0]);
        assertEquals("state directory " + top.resolve("file") + " is not a directory",
                assertThrows(IOException.class, () -> new ThrottleStore(new StateDirectory(top.resolve("file"))).read())
                        .getMessage());
    }

    @Test
    void rootGivesWhatItCreatesToTheDirectorysOwner() throws Exception {
        Assumptions.assumeTrue(root(), "only root can give files away");
        Files.setAttribute(dir, "unix:uid", 65534);
        Files.setAttribute(dir, "unix:gid", 65534);
        write();
        for (String name : List.of(ThrottleStore.STATE, ThrottleStore.LOCK)) {
            assertEquals(65534, Files.getAttribute(dir.resolve(name), "unix:uid"), name);
            assertEquals(65534, Files.getAttribute(dir.resolve(name), "unix:gid"), name);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))));
        }
        write();
        assertEquals(2, ThrottleCodec.count(store().read(), ThrottleTable.SENDER, "s@x", 1_800_000_000L, 3600));
    }
}
