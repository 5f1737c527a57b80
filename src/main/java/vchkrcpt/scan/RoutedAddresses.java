package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import vchkrcpt.policy.Addresses;

/**
 * {@code --routed-addresses DIR}: for a domain qmail-remote relays (a backup MX, a gateway), the
 * file {@code DIR/DOMAIN} lists the local parts the next hop accepts, one a line ({@code #}
 * comments, {@code NAME-default} for every {@code NAME-anything}, {@code local@DOMAIN} also
 * read as {@code local}). Without the file the domain is accepted whole.
 */
final class RoutedAddresses {
    private RoutedAddresses() {
    }

    /** @return the local parts, or {@code null} to accept the domain whole */
    static List<String> read(Path dir, String domain, WatchPlan sources) throws IOException {
        if (dir == null) {
            return null;
        }
        Path file = dir.resolve(InstallFiles.path(domain));
        sources.file(file);
        String text = InstallFiles.readIfExists(file);
        if (text == null) {
            return null;
        }
        List<String> locals = new ArrayList<>();
        for (String line : ControlFile.lines(text)) {
            String local = Addresses.lowerAscii(line);
            String suffix = "@" + domain;
            locals.add(local.endsWith(suffix) ? local.substring(0, local.length() - suffix.length()) : local);
        }
        return locals;
    }
}
