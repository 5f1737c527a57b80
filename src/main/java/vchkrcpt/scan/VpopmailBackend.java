package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The user store and the address-extension rule of this vpopmail: from the options, else from
 * {@code VPOPMAIL/include/vpopmail_config.h}, else from the files (a vpopmail.mysql and no vpasswd
 * means MySQL).
 */
record VpopmailBackend(UserStore store, boolean qmailExt) implements AutoCloseable {
    static final String MYSQL_FILE = "etc/vpopmail.mysql";

    static VpopmailBackend open(AccountOptions options, Path home, List<VpopmailDomain> domains, List<String> warnings)
            throws IOException {
        Path headerFile = home.resolve(VpopmailConfig.FILE);
        String text = InstallFiles.readIfExists(headerFile);
        VpopmailConfig header = text == null ? null : VpopmailConfig.parse(text);

        boolean qmailExt;
        if (options.qmailExt() != null) {
            qmailExt = options.qmailExt();
        } else if (header != null) {
            qmailExt = header.qmailExt();
        } else {
            qmailExt = false;
        }
        if (options.qmailExt() == null && header == null && !domains.isEmpty()) {
            warnings.add("no " + headerFile + ": taking vpopmail as built without --enable-qmail-ext, so no"
                    + " user-default@domain keys (--qmail-ext or --no-qmail-ext says which)");
        }

        Backend backend = options.backend();
        if (backend == null && header != null) {
            backend = header.backend();
        }
        if (backend == null) {
            backend = Files.exists(home.resolve(MYSQL_FILE)) && !domains.isEmpty()
                    && !Files.exists(InstallFiles.path(domains.get(0).dir()).resolve("vpasswd"), LinkOption.NOFOLLOW_LINKS)
                    ? Backend.MYSQL : Backend.VPASSWD;
        }
        return new VpopmailBackend(store(backend, options, header, home, domains), qmailExt);
    }

    private static UserStore store(Backend backend, AccountOptions options, VpopmailConfig header, Path home,
            List<VpopmailDomain> domains) throws IOException {
        if (domains.isEmpty()) {
            // Nothing to read: no connection to a database that may not even be there.
            return new VpasswdStore(options.pauseMillis());
        }
        switch (backend) {
            case VPASSWD:
                return new VpasswdStore(options.pauseMillis());
            case VUSERINFO:
                return new VpopmailTools(home, options.pauseMillis());
            case MYSQL:
            default:
                Path file = home.resolve(MYSQL_FILE);
                // vpopmail's make install leaves it to the vpopmail user (mode 0640): the owner of its domains.
                String text = InstallFiles.readOwnedIfExists(file, domains.get(0).uid(),
                        "the vpopmail user, owner of the domains in users/assign");
                if (text == null) {
                    throw new IOException("unable to read " + file
                            + ": does not exist (vpopmail's MySQL backend keeps its connection there)");
                }
                return MysqlStore.open(MysqlConfig.parse(text, file.toString()), header, options.pauseMillis());
        }
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
