package vchkrcpt.scan;

import java.util.List;

/**
 * One vpopmail domain directory and every name it receives mail for: the real domain first,
 * then its alias domains (assign lines that point at the same directory). {@code uid} (from
 * assign) owns the files vpopmail keeps there.
 */
public record VpopmailDomain(List<String> names, String dir, int uid) {
    public String name() {
        return names.get(0);
    }
}
