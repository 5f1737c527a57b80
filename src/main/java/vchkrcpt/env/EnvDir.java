package vchkrcpt.env;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment as daemontools' {@code envdir DIR} leaves it, so that an admin command sees what
 * the service sees. Each file in DIR names a variable (names starting with {@code .} are skipped,
 * as envdir skips them, and so are names holding {@code =}); its first line is the value, with
 * trailing blanks and tabs removed and NUL bytes turned into newlines; an empty file removes the
 * variable. A file that cannot be read (a directory, no permission) is an error, as it stops envdir
 * and so the service. Values are byte strings (one char per byte), as in {@link RawEnvironment}.
 */
public final class EnvDir {
    private EnvDir() {
    }

    /**
     * {@code base} changed by the files in {@code dir}.
     * @throws IOException whose message names the directory or the file that could not be read
     */
    public static Map<String, String> apply(Map<String, String> base, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(files::add);
        }
        Map<String, String> env = new HashMap<>(base);
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith(".") || name.indexOf('=') >= 0) {
                continue;
            }
            byte[] content;
            // java.io: its message names the file and the reason, also for a directory.
            try (FileInputStream in = new FileInputStream(file.toFile())) {
                content = in.readAllBytes();
            }
            if (content.length == 0) {
                env.remove(name);
            } else {
                env.put(name, value(content));
            }
        }
        return env;
    }

    /** The first line, trailing blanks and tabs removed, NULs turned into newlines. */
    static String value(byte[] content) {
        int end = 0;
        while (end < content.length && content[end] != '\n') {
            end++;
        }
        while (end > 0 && (content[end - 1] == ' ' || content[end - 1] == '\t')) {
            end--;
        }
        byte[] value = new byte[end];
        for (int i = 0; i < end; i++) {
            value[i] = content[i] == 0 ? (byte) '\n' : content[i];
        }
        return new String(value, StandardCharsets.ISO_8859_1);
    }
}
