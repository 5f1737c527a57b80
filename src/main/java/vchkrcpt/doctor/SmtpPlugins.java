package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import vchkrcpt.scan.ControlFile;

/**
 * qmail-spp's control/smtpplugins: sections {@code [connection]}, {@code [helo]}, {@code [mail]},
 * {@code [rcpt]}, ... (qmail-spp reads the letter after the bracket), each followed by plugins, one
 * a line; a plugin starting with {@code :} runs through {@code /bin/sh -c}. Read as qmail reads a
 * control file.
 */
final class SmtpPlugins {
    private SmtpPlugins() {
    }

    /** The {@code [rcpt]} plugins, the leading {@code :} of shell commands kept; none when there is no file. */
    static List<String> rcptPlugins(Path file) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<String> plugins = new ArrayList<>();
        boolean rcpt = false;
        for (String line : ControlFile.lines(text)) {
            if (line.startsWith("[")) {
                rcpt = line.length() > 1 && line.charAt(1) == 'r';
            } else if (rcpt) {
                plugins.add(line);
            }
        }
        return plugins;
    }
}
