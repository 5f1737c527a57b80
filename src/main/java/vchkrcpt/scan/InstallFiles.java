package vchkrcpt.scan;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IOException("unable to read " + file + ": " + why(e), e);
        }
    }

    /** The file as a byte string, or {@code null} when it does not exist (qmail: "feature off"). */
    static String readIfExists(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IOException("unable to read " + file + ": " + why(e), e);
        }
    }

    /** The names in a directory, as byte strings. */
    static List<String> list(Path dir, String what) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(byteString(entry.getFileName()));
            }
        } catch (IOException e) {
            throw new IOException("unable to read " + what + " " + dir + ": " + why(e), e);
        }
        return names;
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
