package vchkrcpt.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * The state directory belongs to the SMTP user, and root runs the admin commands in it: nothing
 * that user puts there may lead root anywhere else. So:
 * <ul>
 * <li>the directory must be a directory, writable by its owner only, and owned by the user this
 * runs as (root works in anyone's);
 * <li>a file in it is looked at without following links (lstat) and must be a regular file of the
 * directory's owner, writable by that owner only; anything else is refused with a message that
 * names it;
 * <li>files are opened without following links, and read-write even to be read: a FIFO swapped in
 * between the look and the open then cannot block the open, and the seek after it refuses one
 * (nothing is ever written through such a descriptor);
 * <li>new files are created exclusively (O_EXCL: a link in the way is an error, never followed),
 * mode 0600, and root gives them to the directory's owner.
 * </ul>
 * The configured path itself is the admin's and is followed as it is.
 */
public final class StateDirectory {
    private static final int TYPE = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int WRITABLE_BY_OTHERS = 0022;
    /** Mode 0600, whatever the umask (spelt out: PosixFilePermissions would load five more classes per call). */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = new FileAttribute<>() {
        @Override
        public String name() {
            return "posix:permissions";
        }

        @Override
        public Set<PosixFilePermission> value() {
            return Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    };
    /** This process's effective uid, read once. */
    private static int self = -1;

    private final Path path;
    private int ownerUid = -1;
    private int ownerGid;

    public StateDirectory(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Checks the directory itself, once per instance; every other method calls it first. */
    private void check() throws IOException {
        if (ownerUid >= 0) {
            return;
        }
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid,gid");
        } catch (NoSuchFileException e) {
            throw new IOException("state directory " + path + " does not exist");
        } catch (IOException e) {
            throw new IOException("unable to look at state directory " + path + ": " + reason(e));
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        if ((mode & TYPE) != DIRECTORY) {
            throw new IOException("state directory " + path + " is not a directory");
        }
        if ((mode & WRITABLE_BY_OTHERS) != 0) {
            throw new IOException("state directory " + path + " is writable by group or others (mode "
                    + Integer.toOctalString(mode & 07777) + "): refusing it (chmod go-w)");
        }
        int runningAs = effectiveUid();
        if (runningAs != 0 && uid != runningAs) {
            throw new IOException("state directory " + path + " belongs to uid " + uid + ", not to uid " + runningAs
                    + " that runs this: refusing it");
        }
        ownerGid = (Integer) attributes.get("gid");
        ownerUid = uid;
    }

    private static synchronized int effectiveUid() throws IOException {
        if (self < 0) {
            // /proc/self belongs to the process's effective uid: java.base has no geteuid().
            self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        }
        return self;
    }

    /** @return true when the file exists and may be used, false when there is none; else refuses it */
    private boolean look(String name) throws IOException {
        check();
        Path file = path.resolve(name);
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new IOException("unable to look at " + file + ": " + reason(e));
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        if ((mode & TYPE) != REGULAR) {
            throw new IOException(file + " is " + type(mode) + ", not a regular file: refusing it");
        }
        if (uid != ownerUid) {
            throw new IOException(file + " belongs to uid " + uid + ", not to the directory's owner (uid " + ownerUid
                    + "): refusing it");
        }
        if ((mode & WRITABLE_BY_OTHERS) != 0) {
            throw new IOException(file + " is writable by group or others (mode " + Integer.toOctalString(mode & 07777)
                    + "): refusing it");
        }
        return true;
    }

    private static String type(int mode) {
        switch (mode & TYPE) {
            case 0120000:
                return "a symbolic link";
            case 0010000:
                return "a FIFO";
            case 0140000:
                return "a socket";
            case 0020000:
                return "a character device";
            case 0060000:
                return "a block device";
            case DIRECTORY:
                return "a directory";
            default:
                return "a file of type " + Integer.toOctalString(mode & TYPE);
        }
    }

    /**
     * Reads a whole file without any lock: files here are only ever replaced by a rename, so what
     * is read is one version, whole.
     *
     * @return the content, or null when there is no such file
     * @throws IOException also for a file longer than {@code limit}
     */
    public byte[] read(String name, int limit) throws IOException {
        if (!look(name)) {
            return null;
        }
        Path file = path.resolve(name);
        FileChannel in = open(file);
        if (in == null) {
            return null;
        }
        ByteBuffer buffer;
        try (in) {
            buffer = ByteBuffer.allocate((int) Math.min(in.size(), limit) + 1);
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // until the end, or one byte past the limit
            }
        } catch (IOException e) {
            throw new IOException("unable to read " + file + ": " + reason(e));
        }
        if (buffer.position() > limit) {
            throw new IOException(file + " is longer than " + limit + " bytes: refusing it");
        }
        byte[] content = new byte[buffer.position()];
        buffer.flip().get(content);
        return content;
    }

    /**
     * Opens a file that {@link #look} accepted, read-write, without following a link.
     *
     * @return null when it was removed since (by hand: a rename over it never leaves the name
     *         without a file)
     */
    private static FileChannel open(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IOException("unable to open " + file + ": " + reason(e));
        }
        try {
            // A FIFO or a socket has no position (ESPIPE); reading a FIFO opened read-write would block.
            channel.position();
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException(file + " is not a regular file: refusing it");
        }
    }

    /** Opens the lock file read-write, creating it exclusively when there is none. */
    FileChannel openLockFile(String name) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (look(name)) {
                FileChannel channel = open(path.resolve(name));
                if (channel != null) {
                    return channel;
                }
            } else {
                try {
                    return create(name);
                } catch (FileAlreadyExistsException e) {
                    // Another process created it between the look and the open: look again.
                }
            }
        }
        throw new IOException("unable to open " + path.resolve(name) + ": it keeps appearing and disappearing");
    }

    /**
     * Creates a new file exclusively, readable and writable by its owner only, given to the
     * directory's owner.
     *
     * @throws FileAlreadyExistsException when anything is in the way, a link included
     */
    private FileChannel create(String name) throws IOException {
        Path file = path.resolve(name);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("unable to create " + file + ": " + reason(e));
        }
        try {
            giveToOwner(file);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Root's files would be ones the helpers cannot replace or lock: hand them over (lchown). */
    private void giveToOwner(Path file) throws IOException {
        if (effectiveUid() != 0 || ownerUid == 0) {
            return;
        }
        try {
            Files.setAttribute(file, "unix:uid", ownerUid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", ownerGid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IOException("unable to give " + file + " to the owner of " + path + ": " + reason(e));
        }
    }

    /**
     * Replaces a file whole: writes {@code temporary} (removing a leftover of a crash first), then
     * renames it over {@code name}. Readers see the old file or the new one, never a part. One
     * writer at a time: the caller holds the store's lock. No fsync: the state is advisory, and a
     * power loss costs counts, nothing else.
     */
    void replace(String name, String temporary, byte[] content) throws IOException {
        Path target = path.resolve(name);
        Path file = path.resolve(temporary);
        FileChannel out = createAfresh(temporary);
        boolean renamed = false;
        try {
            try (out) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            } catch (IOException e) {
                throw new IOException("unable to write " + file + ": " + reason(e));
            }
            // rename(2), through java.io, which the JVM has loaded already.
            if (!file.toFile().renameTo(target.toFile())) {
                throw new IOException("unable to rename " + file + " to " + target);
            }
            renamed = true;
        } finally {
            if (!renamed) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // The next writer removes it.
                }
            }
        }
    }

    /** Creates the file, removing a leftover of a crash (a regular file) first; anything else there is refused. */
    private FileChannel createAfresh(String name) throws IOException {
        try {
            return create(name);
        } catch (FileAlreadyExistsException e) {
            if (look(name)) {
                delete(path.resolve(name));
            }
        }
        try {
            return create(name);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("unable to create " + path.resolve(name) + ": File exists");
        }
    }

    private static void delete(Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new IOException("unable to remove " + file + ": " + reason(e));
        }
    }

    /** The reason alone, worded as strerror words it: java.nio's exceptions carry the path apart. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage();
    }
}
