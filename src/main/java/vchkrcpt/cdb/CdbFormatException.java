package vchkrcpt.cdb;

import java.io.IOException;

/** The file is not a consistent cdb: a pointer or length leads outside it. */
public final class CdbFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CdbFormatException(String message) {
        super(message);
    }
}
