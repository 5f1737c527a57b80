package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.List;

/** A qmail control file as control_readfile reads it: trailing blanks cut, empty and {@code #} lines skipped. */
public final class ControlFile {
    private ControlFile() {
    }

    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : TextLines.split(text)) {
            int end = raw.length();
            while (end > 0 && (raw.charAt(end - 1) == ' ' || raw.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end > 0 && raw.charAt(0) != '#') {
                lines.add(raw.substring(0, end));
            }
        }
        return lines;
    }
}
