package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The build the program runs is complete and current: the jar and the JVM options the launcher
 * needs, and what makes each call cheap (the java.base runtime, an AOT cache newer than the jar and
 * the options, the syslog library), as scripts/build leaves them.
 */
final class BuildCheck implements Check {
    @Override
    public String topic() {
        return "build";
    }

    @Override
    public void run(Service service, Report report) throws IOException {
        Service.Program program = service.program();
        if (program == null || !Files.exists(program.path())) {
            return;   // the program check said so
        }
        BuildLocation location = BuildLocation.of(program.path());
        if (location == null) {
            return;
        }
        Path build = location.build();
        Path jar = build.resolve("vchkrcpt.jar");
        Path options = build.resolve("helper.jvm");
        Path runtime = build.resolve("runtime/bin/java");
        Path jdk = build.resolve("jdk/bin/java");
        List<String> missing = new ArrayList<>();
        for (Path needed : List.of(jar, options)) {
            if (!Files.isRegularFile(needed)) {
                missing.add(needed.toString());
            }
        }
        if (!Files.isExecutable(runtime) && !Files.isExecutable(jdk)) {
            missing.add(runtime + " or " + jdk);
        }
        if (!missing.isEmpty() && !Files.isExecutable(build.resolve("vchkrcpt-native"))) {
            report.fail(topic(), build + " is incomplete, " + String.join(" and ", missing)
                    + " missing: every recipient gets 421: build again (scripts/build, then scripts/install)");
            return;
        }
        List<String> slower = new ArrayList<>();
        if (!Files.isExecutable(runtime)) {
            slower.add("no jlink runtime (the helper runs on the JDK and needs ~300 MiB of address space)");
        }
        Path aot = build.resolve("vchkrcpt.aot");
        if (!Files.isRegularFile(aot)) {
            slower.add("no AOT cache (~9 ms more CPU per call)");
        } else if (!newer(aot, jar) || !newer(aot, options)) {
            slower.add("an AOT cache older than the jar or helper.jvm, which the launcher ignores"
                    + " (~9 ms more per call, and a warning in the log for each)");
        }
        if (!Files.isRegularFile(build.resolve("lib/libvchkrcptlog.so"))) {
            slower.add("no syslog library lib/libvchkrcptlog.so (logging through logger(1), ~17 ms more per call)");
        }
        if (!slower.isEmpty()) {
            report.warning(topic(), build + " works but has " + String.join(", ", slower)
                    + ": build again where gcc and jlink are present (scripts/build, then scripts/install)");
            return;
        }
        report.ok(topic(), build + " is complete: jar, jlink runtime, AOT cache newer than the jar and"
                + " helper.jvm, syslog library" + (Files.isExecutable(build.resolve("vchkrcpt-native"))
                        ? ", native binary" : ""));
    }

    private static boolean newer(Path file, Path than) throws IOException {
        FileTime a = Files.getLastModifiedTime(file);
        return !Files.exists(than) || a.compareTo(Files.getLastModifiedTime(than)) > 0;
    }
}
