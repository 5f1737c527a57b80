package vchkrcpt.env;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import vchkrcpt.policy.Addresses;
import vchkrcpt.policy.SenderAllowList;
import vchkrcpt.policy.Unverifiable;

/**
 * The control file of allowed senders: one address or {@code @domain} a line, lines starting with
 * {@code #} are comments. Read on first use only. A missing file is an empty list (feature off);
 * any other read error is a temporary failure.
 */
public final class AllowListFile implements SenderAllowList {
    private final File path;
    private Set<String> entries;

    public AllowListFile(File path) {
        this.path = path;
    }

    @Override
    public boolean contains(String entry) throws Unverifiable {
        if (entries == null) {
            entries = load();
        }
        return entries.contains(entry);
    }

    private Set<String> load() throws Unverifiable {
        byte[] content;
        try (FileInputStream in = new FileInputStream(path)) {
            content = in.readAllBytes();
        } catch (FileNotFoundException e) {
            if (!path.exists()) {
                return Set.of();
            }
            throw new Unverifiable("unable to read " + e.getMessage());
        } catch (IOException e) {
            throw new Unverifiable("unable to read " + path + ": " + e.getMessage());
        }
        return parse(new String(content, StandardCharsets.ISO_8859_1));
    }

    static Set<String> parse(String text) {
        Set<String> set = new HashSet<>();
        for (String line : text.split("\n", -1)) {
            String entry = line.strip();
            if (!entry.isEmpty() && entry.charAt(0) != '#') {
                set.add(Addresses.lowerAscii(entry));
            }
        }
        return set;
    }
}
