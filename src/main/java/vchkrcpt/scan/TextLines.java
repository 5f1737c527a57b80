package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.List;

/** Splits file text at newlines; a last line without its newline is kept as a line. */
final class TextLines {
    private TextLines() {
    }

    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }
}
