package vchkrcpt.state;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * The admin commands run as root, the helpers as the SMTP user. A lock file root created would be
 * one the helpers cannot open for writing, and the throttle would be skipped on every call; so a
 * file the admin commands touch is handed to the directory's owner and group.
 */
public final class Ownership {
    private Ownership() {
    }

    public static void matchDirectory(File directory, File file) throws IOException {
        Path path = file.toPath();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        PosixFileAttributes dir = Files.readAttributes(directory.toPath(), PosixFileAttributes.class);
        PosixFileAttributes own = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        GroupPrincipal group = dir.group();
        try {
            if (!own.owner().equals(dir.owner())) {
                view.setOwner(dir.owner());
            }
            if (!own.group().equals(group)) {
                view.setGroup(group);
            }
        } catch (IOException e) {
            throw new IOException("unable to give " + file + " to the owner of " + directory + ": " + e.getMessage());
        }
    }
}
