package vchkrcpt.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private copy of the built program (scripts/vchkrcpt, scripts/helper.jvm, target/) that a test
 * may break: delete the AOT cache, swap the runtime, add a native binary. The runtime and the JDK,
 * which no test changes, are links to the real ones. The JVM options are dated 90 s back, the jar
 * 60 s and the cache 30 s, as a build leaves them (the cache newer than both).
 */
public final class Installation {
    private static final Path TARGET = Helper.TOP.resolve("target");

    private final Path top;

    private Installation(Path top) {
        this.top = top;
    }

    public static Installation copy(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("scripts"));
        Files.createDirectories(dir.resolve("target/lib"));
        copy(Helper.TOP.resolve("scripts/vchkrcpt"), dir.resolve("scripts/vchkrcpt"));
        copy(Helper.TOP.resolve("scripts/helper.jvm"), dir.resolve("scripts/helper.jvm"));
        Installation installation = new Installation(dir);
        installation.age(dir.resolve("scripts/helper.jvm"), 90);
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(TARGET.resolve("lib"))) {
            for (Path lib : libs) {
                copy(lib, dir.resolve("target/lib").resolve(lib.getFileName()));
            }
        }
        Files.createSymbolicLink(dir.resolve("target/jdk"), TARGET.resolve("jdk").toRealPath());
        if (Files.isDirectory(TARGET.resolve("runtime"))) {
            Files.createSymbolicLink(dir.resolve("target/runtime"), TARGET.resolve("runtime"));
        }
        copy(TARGET.resolve("vchkrcpt.jar"), installation.jar());
        installation.age(installation.jar(), 60);
        if (Files.exists(TARGET.resolve("vchkrcpt.aot"))) {
            copy(TARGET.resolve("vchkrcpt.aot"), installation.aotCache());
            installation.age(installation.aotCache(), 30);
        }
        return installation;
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

    public Path jar() {
        return top.resolve("target/vchkrcpt.jar");
    }

    public Path aotCache() {
        return top.resolve("target/vchkrcpt.aot");
    }

    public Path runtime() {
        return top.resolve("target/runtime");
    }

    public Path syslogLibrary() {
        return top.resolve("target/lib/libvchkrcptlog.so");
    }

    /** Removes the links to the real runtime and JDK, which a temporary directory's clean-up warns about. */
    public void unlink() throws IOException {
        Files.deleteIfExists(runtime());
        Files.deleteIfExists(top.resolve("target/jdk"));
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
