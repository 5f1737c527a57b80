package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads one vpopmail domain: the accounts from the user store, and the {@code .qmail-*} files at
 * the top of its directory. User directories (hashed into 0/, 1/, ... in large domains) and ezmlm
 * list directories are not entered: the addresses live in the store and in the .qmail file names.
 */
final class DomainReader {
    private DomainReader() {
    }

    static DomainContent read(VpopmailDomain domain, UserStore store, List<String> warnings) throws IOException {
        Path dir = InstallFiles.path(domain.dir());
        List<String> names = InstallFiles.list(dir, "the directory of " + domain.name());
        Collections.sort(names);
        DomainUsers users = store.read(domain);

        List<String> aliases = new ArrayList<>();
        CatchAll catchAll = CatchAll.NONE;
        for (String name : names) {
            if (name.equals(DotQmailName.CATCH_ALL)) {
                String content = InstallFiles.readIfExists(dir.resolve(InstallFiles.path(name)));
                catchAll = content == null ? CatchAll.NONE : DotQmailDefault.classify(content);
            } else if (name.startsWith(DotQmailName.PREFIX)) {
                String local = DotQmailName.localPart(name);
                if (local == null) {
                    warnings.add(dir + "/" + name + " ignored: qmail-local never opens a .qmail file"
                            + " whose name has upper-case letters or dots (it looks for : instead of .)");
                } else if (!Files.isRegularFile(dir.resolve(InstallFiles.path(name)))) {
                    warnings.add(dir + "/" + name + " ignored: not a file (a dangling link?)");
                } else {
                    aliases.add(local);
                }
            }
        }
        return new DomainContent(users, aliases, catchAll);
    }
}
