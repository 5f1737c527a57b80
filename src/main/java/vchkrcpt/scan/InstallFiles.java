package vchkrcpt.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * File access for the scan, with {@code unable to read FILE: why} errors. Contents and file names
 * are byte strings (one char per byte, ISO-8859-1), as addresses are everywhere in vchkrcpt.
 */
final class InstallFiles {
    private static final Charset FILE_NAMES = fileNameCharset();

    private InstallFiles() {
    }

    /** The whole file as a byte string. */
    static String read(Path file) throws IOException {
        String text = readIfExists(file);
        if (text == null) {
            throw new IOException("unable to read " + file + ": does not exist");
        }
        return text;
    }

    /**
     * The file as a byte string, or {@code null} when it does not exist (qmail: "feature off").
     * It is opened without following a link; a link is followed only when {@link #trusted} says so,
     * so a link planted in a directory that another user owns cannot make us read what it points at.
     */
    static String readIfExists(Path file) throws IOException {
        try {
            Path real = trusted(file);
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) && Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                // A FIFO would block the scan for good.
                throw new FileSystemException(file.toString(), null, "not a regular file");
            }
            try (SeekableByteChannel channel = Files.newByteChannel(real, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS)) {
                return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IOException("unable to read " + file + ": " + why(e), e);
        }
    }

    /**
     * A file in a directory that another user can write (a vpopmail domain directory, a home
     * directory), as a byte string, or {@code null} when it does not exist. The file is opened
     * without following a symbolic link, and read only when it is a regular file owned by
     * {@code owner}, as the files that user's own tools write are: run as root, the scan must not
     * put the contents of a file that user could not read (a link or hard link to a root-only file)
     * into a world-readable cdb. Java has no fstat, so the owner is checked on the name (lstat)
     * before the open and again after the read: a file replaced in between is read again.
     *
     * @param whose who {@code owner} is, for the error message (e.g. "the domain's user in users/assign")
     */
    static String readOwnedIfExists(Path file, int owner, String whose) throws IOException {
        byte[] content = readOwnedIfExists(file, owner, whose, InstallFiles::readAll);
        return content == null ? null : new String(content, StandardCharsets.ISO_8859_1);
    }

    /** What to take from an open file. */
    interface ChannelReader<T> {
        T read(FileChannel channel) throws IOException;
    }

    /**
     * As {@link #readOwnedIfExists(Path, int, String)}, with {@code reader} taking what it needs
     * from the open file; its errors are reported as {@code unable to read FILE: why}.
     */
    static <T> T readOwnedIfExists(Path file, int owner, String whose, ChannelReader<T> reader) throws IOException {
        for (int attempt = 1;; attempt++) {
            Map<String, Object> before = ownedAttributes(file, owner, whose);
            if (before == null) {
                return null;
            }
            T content;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                content = reader.read(channel);
            } catch (NoSuchFileException e) {
                content = null;
            } catch (IOException e) {
                throw new IOException("unable to read " + file + ": " + (Files.isSymbolicLink(file)
                        ? "a symbolic link, not followed" : why(e)), e);
            }
            Map<String, Object> after = ownedAttributes(file, owner, whose);
            if (content != null && after != null && sameFile(before, after)) {
                return content;
            }
            if (attempt == 3) {
                throw new IOException("unable to read " + file + ": replaced while being read, three times in a row");
            }
        }
    }

    /** lstat: {@code null} when the file does not exist; an error unless a regular file of {@code owner}. */
    private static Map<String, Object> ownedAttributes(Path file, int owner, String whose) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(file, "unix:mode,uid,ino,dev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IOException("unable to read " + file + ": " + why(e), e);
        }
        int type = (Integer) attributes.get("mode") & 0170000;
        if (type == 0120000) {
            throw new IOException("unable to read " + file + ": a symbolic link, not followed");
        }
        if (type != 0100000) {
            throw new IOException("unable to read " + file + ": not a regular file");
        }
        int uid = (Integer) attributes.get("uid");
        if (uid != owner) {
            throw new IOException("unable to read " + file + ": owned by uid " + uid + ", not by uid " + owner
                    + " (" + whose + "); not read, since it may be a link to any file of the system");
        }
        return attributes;
    }

    private static boolean sameFile(Map<String, Object> a, Map<String, Object> b) {
        return a.get("ino").equals(b.get("ino")) && a.get("dev").equals(b.get("dev"));
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(channel.size(), 0) + 1, Integer.MAX_VALUE - 8));
        while (channel.read(buffer) >= 0) {
            if (!buffer.hasRemaining()) {
                if (buffer.capacity() >= Integer.MAX_VALUE - 8) {
                    throw new IOException("larger than 2 GB");
                }
                ByteBuffer larger = ByteBuffer.allocate((int) Math.min(buffer.capacity() * 2L, Integer.MAX_VALUE - 8));
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
        }
        byte[] content = new byte[buffer.position()];
        buffer.flip().get(content);
        return content;
    }

    /** The names in a directory, as byte strings. The directory itself is checked by {@link #trusted}. */
    static List<String> list(Path dir, String what) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(trusted(dir))) {
            for (Path entry : entries) {
                names.add(byteString(entry.getFileName()));
            }
        } catch (IOException e) {
            throw new IOException("unable to read " + what + " " + dir + ": " + why(e), e);
        }
        return names;
    }

    /**
     * The path to open: {@code path} itself, or, when it is a symbolic link, the file it points at,
     * if root made the link or the link and its target have the same owner (a user linking to a
     * file of their own, as ezmlm does). Any other link is refused.
     */
    static Path trusted(Path path) throws IOException {
        BasicFileAttributes link = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!link.isSymbolicLink()) {
            return path;
        }
        Path real = path.toRealPath();
        int linkOwner = uid(path, LinkOption.NOFOLLOW_LINKS);
        int targetOwner = uid(real, LinkOption.NOFOLLOW_LINKS);
        if (linkOwner != 0 && linkOwner != targetOwner) {
            throw new FileSystemException(path.toString(), null, "a symbolic link of uid " + linkOwner + " to "
                    + real + " of uid " + targetOwner + ", not followed");
        }
        return real;
    }

    /** The owner's uid, or -1 where the file system has no unix owners. */
    static int uid(Path path, LinkOption... options) throws IOException {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid", options);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    static String byteString(Path name) {
        return new String(name.toString().getBytes(FILE_NAMES), StandardCharsets.ISO_8859_1);
    }

    static Path path(String byteString) {
        return Path.of(new String(byteString.getBytes(StandardCharsets.ISO_8859_1), FILE_NAMES));
    }

    /** The reason of a failed file operation, without the file name. */
    static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static Charset fileNameCharset() {
        // The JDK decodes file names with sun.jnu.encoding (the locale's); encoding back with it
        // gives the bytes on disk for every name the locale can represent.
        String name = System.getProperty("sun.jnu.encoding");
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }
}
