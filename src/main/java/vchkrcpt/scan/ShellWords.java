package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code |program} line of a .qmail file into words the way {@code sh -c} would before
 * expansion: blanks separate, single quotes keep everything, double quotes and backslashes
 * escape. Unquoted {@code | ; & < >} become operator words, so a caller can see where a command
 * ends. Variables are not expanded.
 */
final class ShellWords {
    private static final String OPERATORS = "|;&<>";

    /** One word; {@code operator} only for an unquoted operator character. */
    record Word(String text, boolean operator) {
    }

    private ShellWords() {
    }

    static List<Word> split(String command) {
        List<Word> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t' || OPERATORS.indexOf(c) >= 0) {
                if (inWord) {
                    words.add(new Word(word.toString(), false));
                    word.setLength(0);
                    inWord = false;
                }
                if (c != ' ' && c != '\t') {
                    words.add(new Word(String.valueOf(c), true));
                }
                i++;
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                end = end < 0 ? command.length() : end;
                word.append(command, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (i < command.length() && command.charAt(i) != '"') {
                    if (command.charAt(i) == '\\' && i + 1 < command.length()
                            && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(command.charAt(i));
                    i++;
                }
                i++;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        if (inWord) {
            words.add(new Word(word.toString(), false));
        }
        return words;
    }
}
