import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Writes the arguments that GraalVM's native-image driver would compute, for scripts/native-check,
 * which runs the image builder without a GraalVM (and so without the driver). One argument a line.
 *
 * {@code exports DIR...}: the JVM's --add-exports for the builder modules in DIR. For every JDK
 * module they require, each package it does not export to everybody is exported to all builder
 * modules: a superset of the driver's list, derived from the jars and the running JDK.
 *
 * {@code image JAR...}: the builder options for what the jars carry under META-INF/native-image/,
 * as the driver passes them: each metadata file as a -H:...Resources option, and the Args of each
 * native-image.properties translated to builder options. Anything it does not know stops it, so
 * new metadata can never be skipped silently.
 */
public final class BuilderArgs {
    private static final String META_INF = "META-INF/native-image/";

    /** Metadata file name -> the builder option that reads it from the image class path. */
    private static final Map<String, String> RESOURCE_OPTIONS = Map.of(
            "reachability-metadata.json", "-H:ReachabilityMetadataResources=",
            "reflect-config.json", "-H:ReflectionConfigurationResources=",
            "resource-config.json", "-H:ResourceConfigurationResources=",
            "proxy-config.json", "-H:DynamicProxyConfigurationResources=",
            "jni-config.json", "-H:JNIConfigurationResources=",
            "serialization-config.json", "-H:SerializationConfigurationResources=");

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("exports") || args[0].equals("image"))) {
            throw new IllegalArgumentException("usage: BuilderArgs exports DIR... | image JAR...");
        }
        List<String> rest = List.of(args).subList(1, args.length);
        List<String> lines = args[0].equals("exports") ? exports(rest) : image(rest);
        for (String line : lines) {
            System.out.println(line);
        }
    }

    static List<String> exports(List<String> dirs) {
        Path[] paths = dirs.stream().map(Path::of).toArray(Path[]::new);
        Set<String> builderModules = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        for (ModuleReference builder : ModuleFinder.of(paths).findAll()) {
            builderModules.add(builder.descriptor().name());
            for (ModuleDescriptor.Requires requires : builder.descriptor().requires()) {
                required.add(requires.name());
            }
        }
        if (builderModules.isEmpty()) {
            throw new IllegalArgumentException("no modules in " + dirs);
        }
        String targets = String.join(",", builderModules);
        List<String> lines = new ArrayList<>();
        ModuleFinder jdk = ModuleFinder.ofSystem();
        for (String name : required) {
            ModuleDescriptor module = jdk.find(name).map(ModuleReference::descriptor).orElse(null);
            if (module == null) {
                continue; // a builder module; a JDK module that is missing is reported by the JVM
            }
            Set<String> exportedToAll = new TreeSet<>();
            for (ModuleDescriptor.Exports exports : module.exports()) {
                if (!exports.isQualified()) {
                    exportedToAll.add(exports.source());
                }
            }
            for (String pkg : new TreeSet<>(module.packages())) {
                if (!exportedToAll.contains(pkg)) {
                    lines.add("--add-exports=" + name + "/" + pkg + "=" + targets);
                }
            }
        }
        return lines;
    }

    static List<String> image(List<String> jars) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String path = entry.getName();
                    if (!path.startsWith(META_INF) || entry.isDirectory()) {
                        continue;
                    }
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    if (name.equals("native-image.properties")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            lines.addAll(translate(jar + "!/" + path, new String(in.readAllBytes(), "UTF-8")));
                        }
                    } else if (RESOURCE_OPTIONS.containsKey(name)) {
                        lines.add(RESOURCE_OPTIONS.get(name) + path);
                    } else {
                        throw new IllegalArgumentException(jar + "!/" + path + ": unknown native-image metadata;"
                                + " teach src/native-check/BuilderArgs.java what the driver does with it");
                    }
                }
            }
        }
        return lines;
    }

    /** The Args of a native-image.properties as builder options; only the driver options we use. */
    static List<String> translate(String origin, String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        for (String key : properties.stringPropertyNames()) {
            if (!key.equals("Args")) {
                throw new IllegalArgumentException(origin + ": property " + key + " is not supported here");
            }
        }
        List<String> lines = new ArrayList<>();
        for (String arg : properties.getProperty("Args", "").trim().split("\\s+")) {
            if (arg.isEmpty()) {
                continue;
            }
            if (arg.contains("${")) {
                throw new IllegalArgumentException(origin + ": placeholders are not supported here: " + arg);
            } else if (arg.startsWith("-H:")) {
                lines.add(arg);
            } else if (arg.equals("--no-fallback")) {
                lines.add("-H:FallbackThreshold=0");
            } else if (arg.equals("--install-exit-handlers")) {
                lines.add("-H:+InstallExitHandlers");
            } else if (arg.startsWith("--enable-native-access=")) {
                lines.add("-H:EnableNativeAccess=" + valueOf(arg));
            } else if (arg.startsWith("--features=")) {
                lines.add("-H:Features=" + valueOf(arg));
            } else if (arg.startsWith("--initialize-at-build-time=")) {
                lines.add("-H:ClassInitialization=" + suffixed(valueOf(arg), ":build_time"));
            } else if (arg.startsWith("--initialize-at-run-time=")) {
                lines.add("-H:ClassInitialization=" + suffixed(valueOf(arg), ":run_time"));
            } else {
                throw new IllegalArgumentException(origin + ": unknown option " + arg
                        + "; teach src/native-check/BuilderArgs.java its builder form");
            }
        }
        return lines;
    }

    private static String valueOf(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    private static String suffixed(String commaList, String suffix) {
        List<String> items = new ArrayList<>();
        for (String item : commaList.split(",")) {
            items.add(item + suffix);
        }
        return String.join(",", items);
    }
}
