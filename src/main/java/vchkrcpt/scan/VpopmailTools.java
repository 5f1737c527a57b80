package vchkrcpt.scan;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import vchkrcpt.policy.Addresses;

/**
 * The backends the scan does not read itself (PostgreSQL, LDAP, ...), through vpopmail's own tools
 * as mkvalidrcptto does: {@code VPOPMAIL/bin/vuserinfo -D DOMAIN} (a block per account, with
 * {@code name:} and {@code gid:} lines) and {@code VPOPMAIL/bin/valias -s DOMAIN}
 * ({@code alias@domain -> line}, or {@code No aliases found for domain DOMAIN} with status 255).
 * Run directly, no shell, the arguments as an array. Any other status, or a line that does not
 * fit, fails the scan.
 */
final class VpopmailTools implements UserStore {
    /** A tool that has not finished after this long is killed and the scan fails. */
    private static final long TIMEOUT_SECONDS = 600;

    private final Path bin;
    private final long pauseMillis;

    VpopmailTools(Path vpopmailHome, long pauseMillis) {
        this.bin = vpopmailHome.resolve("bin");
        this.pauseMillis = pauseMillis;
    }

    @Override
    public DomainUsers read(VpopmailDomain domain) throws IOException {
        String name = domain.name();
        Output users = run("vuserinfo", "-D", name);
        if (users.status != 0) {
            throw users.failure();
        }
        Output aliases = run("valias", "-s", name);
        if (aliases.status != 0 && !(aliases.status == 255 && aliases.lines.equals(List.of("No aliases found for domain " + name)))) {
            throw aliases.failure();
        }
        return new DomainUsers(mailboxes(users), aliases(aliases));
    }

    private static List<Mailbox> mailboxes(Output output) throws IOException {
        List<Mailbox> mailboxes = new ArrayList<>();
        String name = null;
        long gid = 0;
        for (String line : output.lines) {
            if (line.startsWith("name:")) {
                if (name != null) {
                    mailboxes.add(Mailbox.of(name, gid));
                }
                name = Addresses.lowerAscii(line.substring(5).strip());
                gid = 0;
                if (name.isEmpty()) {
                    throw output.unexpected(line);
                }
            } else if (line.startsWith("gid:")) {
                String value = line.substring(4).strip();
                if (name == null || !Digits.only(value) || value.length() > 18) {
                    throw output.unexpected(line);
                }
                gid = Long.parseLong(value);
            }
        }
        if (name != null) {
            mailboxes.add(Mailbox.of(name, gid));
        }
        return mailboxes;
    }

    private static List<String> aliases(Output output) throws IOException {
        List<String> aliases = new ArrayList<>();
        if (output.status != 0) {
            return aliases;
        }
        for (String line : output.lines) {
            int at = line.indexOf('@');
            int arrow = line.indexOf(" -> ");
            if (at <= 0 || arrow < at) {
                throw output.unexpected(line);
            }
            aliases.add(Addresses.lowerAscii(line.substring(0, at)));
        }
        return aliases;
    }

    /** The tools again after the pause must list the same accounts and aliases. */
    @Override
    public void confirm(VpopmailDomain domain, DomainUsers read) throws IOException {
        Pause.sleep(pauseMillis);
        DomainUsers again = read(domain);
        if (!new HashSet<>(again.mailboxes()).equals(new HashSet<>(read.mailboxes()))
                || !new HashSet<>(again.aliases()).equals(new HashSet<>(read.aliases()))) {
            throw new IOException(bin.resolve("vuserinfo") + " listed " + again.mailboxes().size() + " accounts "
                    + pauseMillis + " ms after it listed " + read.mailboxes().size() + " (being changed?)");
        }
    }

    /** What one run printed: stdout as lines (bytes as chars), the status, the start of stderr. */
    private record Output(String command, int status, List<String> lines, String stderr) {
        IOException failure() {
            String why = !stderr.isBlank() ? stderr : lines.isEmpty() ? "" : lines.get(0);
            return new IOException(command + " exited with status " + status + (why.isBlank() ? "" : ": " + why.strip()));
        }

        IOException unexpected(String line) {
            return new IOException(command + " printed an unexpected line: " + line);
        }
    }

    private Output run(String tool, String option, String domain) throws IOException {
        String program = bin.resolve(tool).toString();
        String command = program + " " + option + " " + domain;
        Process process;
        try {
            process = new ProcessBuilder(program, option, domain)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new IOException("unable to run " + program + ": " + InstallFiles.why(e), e);
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errors = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), stderr));
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    killed.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.ISO_8859_1))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            process.waitFor();
            watchdog.join();
            errors.join();
        } catch (InterruptedException e) {
            watchdog.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        if (killed.get()) {
            throw new IOException(command + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String text;
        synchronized (stderr) {
            text = stderr.toString(StandardCharsets.ISO_8859_1);
        }
        int newline = text.indexOf('\n');
        return new Output(command, process.exitValue(), lines, newline < 0 ? text : text.substring(0, newline));
    }

    /** Keeps the first 4 KB of stderr and reads the rest away, so the tool never blocks on it. */
    private static void drain(InputStream in, ByteArrayOutputStream kept) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (kept) {
                    kept.write(buffer, 0, Math.min(n, Math.max(0, 4096 - kept.size())));
                }
            }
        } catch (IOException e) {
            // The status tells whether the tool failed.
        }
    }

    @Override
    public String describe() {
        return bin + "/vuserinfo and valias";
    }

    @Override
    public void close() {
    }
}
