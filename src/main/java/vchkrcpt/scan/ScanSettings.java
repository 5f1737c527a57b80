package vchkrcpt.scan;

import java.nio.file.Path;
import java.util.List;

/**
 * Where to look and what to do with a domain nobody accounts for. {@code vpopmail},
 * {@code aliasesCdb} and {@code routedAddresses} may be {@code null}: the vpopmail home is then read
 * off users/assign, the aliases cdb off the fastforward line, and routed domains are accepted whole.
 */
public record ScanSettings(Path qmail, Path vpopmail, List<Path> includes, UncheckedDomains unchecked,
        Path passwd, Path aliasDir, UidRange uids, Path aliasesCdb, Path routedAddresses, AccountOptions accounts) {

    /** What to do with a received domain that no source accounts for. */
    public enum UncheckedDomains {
        /** Stop the scan: the admin decides (the default). */
        FAIL,
        /** {@code @domain} accepts every address there. */
        ACCEPT,
        /** No key: the helper rejects every address there. */
        REJECT
    }

    /** The passwd accounts whose names and .qmail files become keys of the local domains. */
    public record UidRange(long min, long max) {
        /** mkvalidrcptto's default: above the system accounts, below nobody. */
        public static final UidRange DEFAULT = new UidRange(500, 65000);

        boolean contains(long uid) {
            return uid != 0 && uid >= min && uid <= max;
        }

        @Override
        public String toString() {
            return min + "-" + max;
        }
    }

    /** The defaults: /etc/passwd, QMAIL/alias, uids 500-65000, vpopmail's accounts read as it was built. */
    public static ScanSettings of(Path qmail, Path vpopmail, List<Path> includes, UncheckedDomains unchecked) {
        return new ScanSettings(qmail, vpopmail, includes, unchecked, Path.of("/etc/passwd"), qmail.resolve("alias"),
                UidRange.DEFAULT, null, null, AccountOptions.BUILT_IN);
    }

    /** These settings with vpopmail's accounts read as {@code accounts} says. */
    public ScanSettings with(AccountOptions accounts) {
        return new ScanSettings(qmail, vpopmail, includes, unchecked, passwd, aliasDir, uids, aliasesCdb, routedAddresses,
                accounts);
    }
}
