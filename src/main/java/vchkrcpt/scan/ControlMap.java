package vchkrcpt.scan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import vchkrcpt.policy.Addresses;

/**
 * A {@code key:value} control file (virtualdomains, smtproutes) as qmail's constmap holds it: the
 * key is what comes before the first colon, compared without case; lines without a colon are
 * ignored; of two lines with the same key the later one wins.
 */
final class ControlMap {
    /** A line that matched: its key (lowercased) and value. */
    record Entry(String key, String value) {
    }

    private final Map<String, String> values = new HashMap<>();

    static ControlMap of(List<String> lines) {
        ControlMap map = new ControlMap();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon >= 0) {
                map.values.put(Addresses.lowerAscii(line.substring(0, colon)), line.substring(colon + 1));
            }
        }
        return map;
    }

    /** The line whose key is exactly this (lowercased) one, or {@code null}. */
    Entry exact(String key) {
        String value = values.get(key);
        return value == null ? null : new Entry(key, value);
    }

    /**
     * qmail-send's and qmail-remote's search for a domain: the domain itself, then {@code .SUFFIX}
     * for each dot from the left, then the empty key. {@code null} when no line matches.
     */
    Entry forDomain(String domain) {
        for (int i = 0; i <= domain.length(); i++) {
            if (i == 0 || i == domain.length() || domain.charAt(i) == '.') {
                Entry entry = exact(domain.substring(i));
                if (entry != null) {
                    return entry;
                }
            }
        }
        return null;
    }

    Set<String> keys() {
        return values.keySet();
    }
}
