package vchkrcpt.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private copy of the built program that a test may break: delete the AOT cache, swap the
 * runtime, add a native binary. Laid out as scripts/build lays out a source tree: scripts/vchkrcpt,
 * and the build in target/builds/test, which target/current names. The runtime and the JDK, which no
 * test changes, are links to the real ones. The JVM options are dated 90 s back, the jar 60 s and
 * the cache 30 s, as a build leaves them (the cache newer than both).
 */
public final class Installation {
    private static final Path CURRENT = Helper.TOP.resolve("target/current");

    private final Path top;

    private Installation(Path top) {
        this.top = top;
    }

    public static Installation copy(Path dir) throws IOException {
        Installation installation = new Installation(dir);
        Path build = installation.build();
        Files.createDirectories(dir.resolve("scripts"));
        Files.createDirectories(build.resolve("lib"));
        Files.createSymbolicLink(dir.resolve("target/current"), Path.of("builds/test"));
        copy(Helper.TOP.resolve("scripts/vchkrcpt"), installation.program());
        copy(CURRENT.resolve("helper.jvm"), installation.helperJvm());
        installation.age(installation.helperJvm(), 90);
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(CURRENT.resolve("lib"))) {
            for (Path lib : libs) {
                copy(lib, build.resolve("lib").resolve(lib.getFileName()));
            }
        }
        Files.createSymbolicLink(build.resolve("jdk"), CURRENT.resolve("jdk").toRealPath());
        if (Files.isDirectory(CURRENT.resolve("runtime"))) {
            Files.createSymbolicLink(installation.runtime(), CURRENT.resolve("runtime").toRealPath());
        }
        copy(CURRENT.resolve("vchkrcpt.jar"), installation.jar());
        installation.age(installation.jar(), 60);
        if (Files.exists(CURRENT.resolve("vchkrcpt.aot"))) {
            copy(CURRENT.resolve("vchkrcpt.aot"), installation.aotCache());
            installation.age(installation.aotCache(), 30);
        }
        return installation;
    }

    /**
     * A tree of the launcher and a fake java (the given script lines) in the layout scripts/build
     * leaves, for tests of what the launcher makes of a program's end. Returns the launcher.
     */
    public static Path fakeJava(Path dir, String... javaScript) throws IOException {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Path bin = Files.createDirectories(dir.resolve("target/builds/fake/jdk/bin"));
        Files.createSymbolicLink(dir.resolve("target/current"), Path.of("builds/fake"));
        Files.copy(Helper.PROGRAM, scripts.resolve("vchkrcpt"));
        Files.writeString(dir.resolve("target/builds/fake/vchkrcpt.jar"), "");
        Path java = Files.writeString(bin.resolve("java"), String.join("\n", javaScript) + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return scripts.resolve("vchkrcpt");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
    }

    public Path top() {
        return top;
    }

    public Path program() {
        return top.resolve("scripts/vchkrcpt");
    }

    /** The build directory that target/current names. */
    public Path build() {
        return top.resolve("target/builds/test");
    }

    public Path jar() {
        return build().resolve("vchkrcpt.jar");
    }

    public Path helperJvm() {
        return build().resolve("helper.jvm");
    }

    public Path aotCache() {
        return build().resolve("vchkrcpt.aot");
    }

    public Path runtime() {
        return build().resolve("runtime");
    }

    public Path nativeBinary() {
        return build().resolve("vchkrcpt-native");
    }

    public Path syslogLibrary() {
        return build().resolve("lib/libvchkrcptlog.so");
    }

    /** Removes the links to the real runtime and JDK, which a temporary directory's clean-up warns about. */
    public void unlink() throws IOException {
        Files.deleteIfExists(runtime());
        Files.deleteIfExists(build().resolve("jdk"));
    }

    /** Sets the file's modification time to this many seconds ago. */
    public void age(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - seconds * 1000L));
    }

    /** This copy in helper mode. */
    public Helper.Result helper(Map<String, String> env) throws IOException, InterruptedException {
        return Helper.runCommand(List.of(program().toString()), env, Path.of("/"));
    }

    /** This copy with arguments, or, with {@code prefix}, under a wrapper such as softlimit. */
    public Helper.Result run(Map<String, String> env, List<String> prefix, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(program().toString());
        command.addAll(args);
        return Helper.runCommand(command, env, Path.of("/"));
    }
}
