package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build a program runs, found from the path qmail-smtpd runs, followed to its real file: the
 * launcher (or another program) inside a build directory, or scripts/vchkrcpt of a source tree,
 * whose build is target/current.
 *
 * @param build the build directory, resolved
 * @param current the {@code current} link next to the builds, or null when there is none
 * @param sourceTree whether the program is a source tree's scripts/vchkrcpt
 * @param followsCurrent whether the path qmail-smtpd runs passes through a {@code current} link,
 *        and so reaches the next build after an upgrade
 */
record BuildLocation(Path build, Path current, boolean sourceTree, boolean followsCurrent) {

    /** @return the location, or null when the program is in no build (a copy of the launcher, say) */
    static BuildLocation of(Path program) throws IOException {
        Path real = program.toRealPath();
        Path dir = real.getParent();
        if (named(dir, "scripts")) {
            Path current = dir.getParent().resolve("target/current");
            return Files.isDirectory(current) ? new BuildLocation(current.toRealPath(), current, true, true) : null;
        }
        if (!Files.isRegularFile(dir.resolve("vchkrcpt.jar")) && !Files.isRegularFile(dir.resolve("helper.jvm"))) {
            return null;
        }
        Path current = named(dir.getParent(), "builds") ? dir.getParent().getParent().resolve("current") : null;
        return new BuildLocation(dir, current, false, throughCurrent(program));
    }

    /** Whether {@code current} names this build now. */
    boolean isCurrent() throws IOException {
        return current != null && Files.isDirectory(current) && current.toRealPath().equals(build);
    }

    private static boolean named(Path dir, String name) {
        return dir != null && dir.getFileName() != null && dir.getFileName().toString().equals(name);
    }

    /** Whether one of the links from {@code program} to its file goes through a directory named current. */
    private static boolean throughCurrent(Path program) throws IOException {
        Path at = program.toAbsolutePath();
        for (int hops = 0; hops < 40; hops++) {
            for (Path part : at) {
                if (part.toString().equals("current")) {
                    return true;
                }
            }
            if (!Files.isSymbolicLink(at)) {
                return false;
            }
            at = at.getParent().resolve(Files.readSymbolicLink(at)).normalize();
        }
        return false;
    }
}
