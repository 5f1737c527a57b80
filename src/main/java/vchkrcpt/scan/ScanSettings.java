package vchkrcpt.scan;

import java.nio.file.Path;
import java.util.List;

/**
 * Where to look. {@code vpopmail} may be {@code null}: the home is then read off users/assign.
 */
public record ScanSettings(Path qmail, Path vpopmail, List<Path> includes, boolean acceptUncheckedDomains,
        AccountOptions accounts) {
    /** vpopmail's accounts read as it was built, no previous cdb. */
    public ScanSettings(Path qmail, Path vpopmail, List<Path> includes, boolean acceptUncheckedDomains) {
        this(qmail, vpopmail, includes, acceptUncheckedDomains, AccountOptions.BUILT_IN);
    }
}
