package vchkrcpt.cdb;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;

import vchkrcpt.policy.RecipientDb;
import vchkrcpt.policy.Unverifiable;

/**
 * validrcptto.cdb as the policy sees it. Opened on the first look-up and kept open, so every key
 * of one check is read from the same file even when a rebuild renames a new one into place.
 * A cdb without records is valid for the cdb tools but a fault here: it would reject every
 * recipient, and no installation wants that (scan never writes one).
 */
public final class CdbRecipientDb implements RecipientDb, AutoCloseable {
    private final File path;
    private CdbReader reader;

    public CdbRecipientDb(File path) {
        this.path = path;
    }

    @Override
    public String find(String key) throws Unverifiable {
        try {
            if (reader == null) {
                reader = CdbReader.open(path);
            }
            if (reader.empty()) {
                throw new Unverifiable("unable to use " + path
                        + ": the file is empty (a cdb without records would reject every recipient)");
            }
            byte[] data = reader.find(key.getBytes(StandardCharsets.ISO_8859_1));
            return data == null ? null : new String(data, StandardCharsets.ISO_8859_1);
        } catch (FileNotFoundException | FileSystemException e) {
            // The message names the file and the reason: "/path (No such file or directory)",
            // "/path: not a regular file (a FIFO)".
            throw new Unverifiable("unable to open " + e.getMessage());
        } catch (IOException e) {
            throw new Unverifiable("unable to read " + path + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
