package vchkrcpt.scan;

import java.io.IOException;

/** Where vpopmail keeps the accounts of its domains: vpasswd files, MySQL, or what its own tools print. */
interface UserStore extends AutoCloseable {
    /** The mailboxes and the aliases kept outside .qmail files of one domain. */
    DomainUsers read(VpopmailDomain domain) throws IOException;

    /**
     * A second opinion on a read whose mailboxes dropped sharply since the last cdb: returns when
     * it confirms {@code read}, throws (saying why) when the store is probably being changed.
     */
    void confirm(VpopmailDomain domain, DomainUsers read) throws IOException;

    /** A name for messages, e.g. {@code vpasswd files}. */
    String describe();

    @Override
    void close() throws IOException;
}
