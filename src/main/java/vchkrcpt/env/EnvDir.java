package vchkrcpt.env;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's environment directory, read as daemontools' {@code envdir DIR program} reads it, so
 * that an admin command sees the settings the service runs with. Each file is one variable, named
 * by the file; names starting with {@code .} are skipped. An empty file removes the variable.
 * Otherwise its value is the file's first line, without trailing spaces and tabs, with each NUL
 * turned into a newline (a file of one empty line sets the variable to the empty string). Files are
 * read as bytes and decoded with the charset given. Anything but a regular file is an error, as a
 * subdirectory is for envdir (a FIFO, which would block envdir, is refused without waiting).
 */
public final class EnvDir {
    private EnvDir() {
    }

    /**
     * @return a copy of {@code env} with the directory's variables set and removed
     * @throws IOException as java.nio reports it: the file's name in the message, the reason in the type
     */
    public static Map<String, String> over(Map<String, String> env, Path dir, Charset charset) throws IOException {
        Map<String, String> result = new HashMap<>(env);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path file : entries) {
                if (!file.getFileName().toString().startsWith(".")) {
                    files.add(file);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        for (Path file : files) {
            String value = value(file, charset);
            if (value == null) {
                result.remove(file.getFileName().toString());
            } else {
                result.put(file.getFileName().toString(), value);
            }
        }
        return result;
    }

    /** @return the value the file sets, or null when it removes the variable */
    private static String value(Path file, Charset charset) throws IOException {
        RegularFile.require(file.toFile());
        byte[] content = Files.readAllBytes(file);
        if (content.length == 0) {
            return null;
        }
        int end = 0;
        while (end < content.length && content[end] != '\n') {
            end++;
        }
        while (end > 0 && (content[end - 1] == ' ' || content[end - 1] == '\t')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (content[i] == 0) {
                content[i] = '\n';
            }
        }
        return new String(content, 0, end, charset);
    }
}
