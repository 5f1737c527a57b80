package vchkrcpt.scan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vchkrcpt.policy.Addresses;

/**
 * Extra keys given by the admin: {@code key:value} lines (split at the first colon, so keys cannot
 * hold one), keys lowercased like every validrcptto.cdb key; empty and {@code #} lines skipped.
 * When a key repeats, the first line wins, as the first record wins in a cdb.
 */
public final class IncludeFile {
    private IncludeFile() {
    }

    public static Map<String, String> parse(String text, String file) throws MalformedFileException {
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> lines = TextLines.split(text);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new MalformedFileException(file, i + 1, "expected key:value");
            }
            if (colon == 0) {
                throw new MalformedFileException(file, i + 1, "empty key");
            }
            keys.putIfAbsent(Addresses.lowerAscii(line.substring(0, colon)), line.substring(colon + 1));
        }
        return keys;
    }
}
