package vchkrcpt.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why an I/O call failed, in words. java.nio's file exceptions carry only the path, with the reason
 * in their type; java.io's say "PATH (REASON)". Reasons are worded as strerror words them.
 */
final class IoReason {
    private IoReason() {
    }

    static String of(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": No such file or directory";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": Permission denied";
        }
        if (e instanceof NotDirectoryException notDirectory) {
            return notDirectory.getFile() + ": Not a directory";
        }
        if (e instanceof FileNotFoundException && e.getMessage() != null && e.getMessage().endsWith(")")) {
            String message = e.getMessage();
            int open = message.lastIndexOf(" (");
            if (open > 0) {
                return message.substring(0, open) + ": " + message.substring(open + 2, message.length() - 1);
            }
        }
        return e.getMessage();
    }
}
