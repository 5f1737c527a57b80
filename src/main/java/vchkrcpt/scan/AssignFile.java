package vchkrcpt.scan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import vchkrcpt.policy.Addresses;

/**
 * Parses qmail's users/assign as qmail-newu reads it: {@code +} (wildcard) and {@code =} (single
 * user) lines up to a line holding only {@code .}. vpopmail domains are among the {@code +DOMAIN-}
 * lines; all lines, vpopmail's included, decide where qmail-lspawn delivers a local part.
 */
public final class AssignFile {
    private AssignFile() {
    }

    /** @return the {@code +DOMAIN-} entries, in file order, domain names lowercased */
    public static List<AssignEntry> parse(String text, String file) throws MalformedFileException {
        List<AssignEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Numbered numbered : numberedLines(text, file)) {
            AssignLine line = numbered.line();
            if (line.exact() || line.local().length() < 2 || !line.local().endsWith("-")) {
                continue;
            }
            String domain = line.local().substring(0, line.local().length() - 1);
            if (!seen.add(domain)) {
                throw new MalformedFileException(file, numbered.number(), "domain " + domain + " is listed twice");
            }
            entries.add(new AssignEntry(domain, Addresses.lowerAscii(numbered.user()), line.home(), numbered.uid()));
        }
        return entries;
    }

    /** @return every {@code =} and {@code +} line, in file order */
    static List<AssignLine> lines(String text, String file) throws MalformedFileException {
        List<AssignLine> lines = new ArrayList<>();
        for (Numbered numbered : numberedLines(text, file)) {
            lines.add(numbered.line());
        }
        return lines;
    }

    private record Numbered(AssignLine line, String user, int uid, int number) {
    }

    private static List<Numbered> numberedLines(String text, String file) throws MalformedFileException {
        List<String> lines = TextLines.split(text);
        List<Numbered> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int number = i + 1;
            if (line.equals(".")) {
                return parsed;
            }
            if (!line.startsWith("+") && !line.startsWith("=")) {
                throw new MalformedFileException(file, number, "expected a line starting with + or =, or the final .");
            }
            String[] fields = line.split(":", -1);
            if (fields.length < 7) {
                throw new MalformedFileException(file, number,
                        fields.length + " colon-separated fields, expected 7 (+LOCAL:USER:UID:GID:DIR:DASH:EXT:)");
            }
            if (!Digits.only(fields[2]) || !Digits.only(fields[3])) {
                throw new MalformedFileException(file, number, "uid and gid (fields 3 and 4) must be numbers");
            }
            if (!fields[4].startsWith("/")) {
                throw new MalformedFileException(file, number, "the directory (field 5) must be an absolute path");
            }
            parsed.add(new Numbered(new AssignLine(line.startsWith("="), Addresses.lowerAscii(fields[0].substring(1)),
                    stripTrailingSlashes(fields[4]), fields[5], fields[6]), fields[1], uid(fields[2], file, number),
                    number));
        }
        throw new MalformedFileException(file, lines.size() + 1, "no final line with a single . (file cut short?)");
    }

    private static int uid(String field, String file, int number) throws MalformedFileException {
        if (field.length() > 9) {
            throw new MalformedFileException(file, number, "uid (field 3) out of range");
        }
        return Integer.parseInt(field);
    }

    private static String stripTrailingSlashes(String dir) {
        int end = dir.length();
        while (end > 1 && dir.charAt(end - 1) == '/') {
            end--;
        }
        return dir.substring(0, end);
    }
}
