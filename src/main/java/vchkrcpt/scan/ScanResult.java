package vchkrcpt.scan;

import java.util.List;
import java.util.SortedMap;

/** A finished scan: the keys in byte order, the counts, the warnings (without prefix). */
public record ScanResult(SortedMap<String, String> keys, ScanSummary summary, List<String> warnings) {
}
