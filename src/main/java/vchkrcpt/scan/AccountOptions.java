package vchkrcpt.scan;

import java.nio.file.Path;

/**
 * How to read vpopmail's accounts. {@code backend} and {@code qmailExt} are {@code null} for "as
 * vpopmail was built" (vpopmail_config.h, else the files on disk). {@code previous} is the cdb
 * the last scan wrote (none: {@code null}), against which sharp drops are checked;
 * {@code pauseMillis} the wait before a second read.
 */
public record AccountOptions(Backend backend, Boolean qmailExt, Path previous, long pauseMillis) {
    public static final AccountOptions BUILT_IN = new AccountOptions(null, null, null, 1000);
}
