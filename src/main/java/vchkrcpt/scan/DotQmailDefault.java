package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * Classifies a {@code .qmail-default} by what qmail-local and vdelivermail would do with mail for
 * an unknown address. Lines are read as qmail-local reads them: trailing blanks cut, the first
 * character decides ({@code #} comment, {@code |} program, {@code .} or {@code /} file or Maildir,
 * {@code +} a flag, anything else a forward). For vdelivermail only its last argument matters.
 */
public final class DotQmailDefault {
    private DotQmailDefault() {
    }

    public static CatchAll classify(String text) {
        if (text.isEmpty()) {
            // qmail-local follows the default delivery (qmail-start's argument) for an empty file.
            return CatchAll.DELIVER;
        }
        boolean bounce = false;
        boolean delivers = false;
        for (String raw : TextLines.split(text)) {
            String line = stripTrailingBlanks(raw);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("+")) {
                continue;
            }
            if (!line.startsWith("|")) {
                delivers = true;
                continue;
            }
            String instruction = vdelivermailInstruction(line.substring(1));
            if (instruction == null) {
                delivers = true;
            } else if (instruction.equals("bounce-no-mailbox")) {
                bounce = true;
            } else if (!instruction.equals("delete")) {
                delivers = true;
            }
        }
        // vdelivermail's bounce fails the whole delivery (exit 100), whatever else the file does.
        // Without any delivering line the message is dropped: vdelivermail's delete, or comments only.
        return bounce ? CatchAll.BOUNCE : delivers ? CatchAll.DELIVER : CatchAll.DELETE;
    }

    /** The last argument of vdelivermail in this command, or {@code null} when vdelivermail is not run. */
    static String vdelivermailInstruction(String command) {
        List<String> arguments = argumentsOf(command, "vdelivermail");
        if (arguments == null) {
            return null;
        }
        return arguments.isEmpty() ? "" : arguments.get(arguments.size() - 1);
    }

    /** The arguments of {@code program} (a bare name or a path ending in it) in this command, or {@code null} when it is not run. */
    static List<String> argumentsOf(String command, String program) {
        List<ShellWords.Word> words = ShellWords.split(command);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).text();
            if (!words.get(i).operator() && (word.equals(program) || word.endsWith("/" + program))) {
                List<String> arguments = new ArrayList<>();
                for (int next = i + 1; next < words.size() && !words.get(next).operator(); next++) {
                    arguments.add(words.get(next).text());
                }
                return arguments;
            }
        }
        return null;
    }

    static String stripTrailingBlanks(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }
}
