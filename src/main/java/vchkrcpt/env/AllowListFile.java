package vchkrcpt.env;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.Set;

import vchkrcpt.policy.Addresses;
import vchkrcpt.policy.SenderAllowList;
import vchkrcpt.policy.Unverifiable;

/**
 * The control file of allowed senders: one address or {@code @domain} a line, lines starting with
 * {@code #} are comments. Read on first use only. A file that does not exist is an empty list
 * (feature off); any other error, such as a directory that may not be searched or something
 * other than a regular file ({@link RegularFile}), is a temporary failure: the list may name
 * senders that must not be rejected.
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
        // java.nio tells "does not exist" (ENOENT) apart from every other error; java.io.File does not.
        try {
            RegularFile.require(path);
            content = Files.readAllBytes(path.toPath());
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (AccessDeniedException e) {
            throw new Unverifiable("unable to read " + path + ": permission denied");
        } catch (FileSystemException e) {
            throw new Unverifiable("unable to read " + path + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
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
