package vchkrcpt.scan;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * A finished scan: the keys in byte order, the counts, the warnings (without prefix), and the
 * places it read, which the watch service watches.
 */
public record ScanResult(SortedMap<String, String> keys, ScanSummary summary, List<String> warnings,
        Path vpopmailHome, List<Path> domainDirs) {
}
