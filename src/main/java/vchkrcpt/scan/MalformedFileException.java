package vchkrcpt.scan;

import java.io.IOException;

/** A line of the installation that neither qmail nor vpopmail would have written; names file and line. */
public final class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedFileException(String file, int line, String why) {
        super("unable to parse " + file + " line " + line + ": " + why);
    }
}
