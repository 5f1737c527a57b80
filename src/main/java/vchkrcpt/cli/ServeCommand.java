package vchkrcpt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import picocli.CommandLine.Command;
import vchkrcpt.Status;
import vchkrcpt.env.RawEnvironment;
import vchkrcpt.env.Settings;
import vchkrcpt.serve.Clients;
import vchkrcpt.serve.Server;

/** {@code vchkrcpt serve}: the resident checker that vchkrcpt-client asks instead of starting a JVM. */
@Command(name = "serve",
        description = {"Answer vchkrcpt-client's recipient checks on a Unix socket, as the helper would: the same"
                + " settings, decisions, log lines and throttle state. Runs in the foreground under supervise;"
                + " configured from the environment only: VCHKRCPT_SOCKET (default " + ServeCommand.DEFAULT_SOCKET
                + "), VCHKRCPT_CLIENTS (default " + Clients.DEFAULT + ") and the helper's variables.",
                "SIGTERM: finishes the requests in progress, removes the socket, exits 0."})
final class ServeCommand implements Callable<Integer> {
    static final String DEFAULT_SOCKET = "/run/vchkrcpt/socket";
    /** Connections open at once; past it a client answers 111 at once instead of queueing. */
    static final int MAX_CONNECTIONS = 256;
    /** A client gets this long to send its request, and again to read the answer. */
    static final long IO_TIMEOUT_MILLIS = 5000;
    /** SIGTERM waits this long for the requests in progress: longer than any of them may take on I/O. */
    static final long STOP_WAIT_MILLIS = 3 * IO_TIMEOUT_MILLIS;

    @Override
    public Integer call() throws Exception {
        // As the helper reads its own: raw bytes, whatever the locale.
        Map<String, String> env = RawEnvironment.read();
        Settings settings = Settings.from(env);
        Set<UserPrincipal> clients = Clients.parse(Settings.orDefault(env, "VCHKRCPT_CLIENTS", Clients.DEFAULT));
        // The hook before the socket: a SIGTERM as soon as the socket is there must find it.
        AtomicReference<Server> running = new AtomicReference<>();
        AtomicBoolean failed = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Server server = running.get();
            if (server != null) {
                server.stop(STOP_WAIT_MILLIS);
            }
            // SIGTERM is how supervise stops a service: a clean stop, and status 0 rather than 143.
            Runtime.getRuntime().halt(failed.get() ? Status.TEMPFAIL : Status.ACCEPT);
        }, "stop"));
        try {
            running.set(Server.open(Path.of(Settings.orDefault(env, "VCHKRCPT_SOCKET", DEFAULT_SOCKET)), clients,
                    new ServedHelper(settings), MAX_CONNECTIONS, IO_TIMEOUT_MILLIS, System.err));
            if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
                System.err.println("vchkrcpt serve: warning: running as root: files it creates in the state directory"
                        + " belong to root, and helpers running as the SMTP user cannot update them; run it as that"
                        + " user");
            }
            running.get().run();
        } catch (Exception e) {
            failed.set(true);
            throw e;
        }
        return Status.ACCEPT;
    }
}
