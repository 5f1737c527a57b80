package vchkrcpt.serve;

import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import vchkrcpt.env.RawEnvironment;
import vchkrcpt.log.LogText;

/**
 * The resident checker's socket: one request per connection ({@link Protocol}), each on a virtual
 * thread, answered by the {@link Handler}. Bounded in everything: connections open at once (past the
 * limit a connection gets {@link Protocol#BUSY} at once, and the client answers 111), the request's
 * size, and the time a client may take to send its request or to read the answer (the connection is
 * then closed, and nobody else waited for it). Only users in the allowed set get an answer.
 */
public final class Server {
    /** What the server asks for each well-formed request. */
    public interface Handler {
        /**
         * @param session the SMTP session's key, {@code PID:STARTTIME} of the client's qmail-smtpd
         * @return the whole answer frame: {@link Protocol#answer} or {@link Protocol#fallback}
         */
        byte[] answer(String session, Map<String, String> environment);
    }

    /** Pending connections the kernel holds while the acceptor is busy. */
    private static final int BACKLOG = 256;
    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-rw----");

    private final Path path;
    private final ServerSocketChannel listener;
    private final Set<UserPrincipal> clients;
    private final Handler handler;
    private final int maxConnections;
    private final long ioTimeoutMillis;
    private final PrintStream log;
    private final Semaphore connections;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private volatile boolean stopping;

    private Server(Path path, ServerSocketChannel listener, Set<UserPrincipal> clients, Handler handler,
            int maxConnections, long ioTimeoutMillis, PrintStream log) {
        this.path = path;
        this.listener = listener;
        this.clients = clients;
        this.handler = handler;
        this.maxConnections = maxConnections;
        this.ioTimeoutMillis = ioTimeoutMillis;
        this.log = log;
        this.connections = new Semaphore(maxConnections);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // Cancelled timeouts (one per connection) must not pile up in the queue until they are due.
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Creates the socket. Its directory decides who can reach it, so it must belong to this user (or
     * root) and be writable by nobody else; a socket left by a server that died is replaced, a live
     * one is not.
     *
     * @param log the server's own log (its stderr, multilog)
     */
    public static Server open(Path path, Set<UserPrincipal> clients, Handler handler, int maxConnections,
            long ioTimeoutMillis, PrintStream log) throws IOException {
        checkDirectory(path.toAbsolutePath().getParent());
        removeStale(path);
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            listener.bind(UnixDomainSocketAddress.of(path), BACKLOG);
            // Whatever the umask: the owner and the group may connect (the directory is the gate).
            Files.setPosixFilePermissions(path, SOCKET_MODE);
        } catch (IOException e) {
            listener.close();
            throw new IOException("unable to listen on " + path + ": " + e.getMessage());
        }
        return new Server(path, listener, clients, handler, maxConnections, ioTimeoutMillis, log);
    }

    private static void checkDirectory(Path directory) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, PosixFileAttributes.class);
        } catch (IOException e) {
            throw new IOException("unable to use the socket's directory " + directory + ": " + e.getMessage()
                    + " (create it, owned by the server's user, mode 0700 or 0750)");
        }
        int owner = (Integer) Files.getAttribute(directory, "unix:uid");
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Set<PosixFilePermission> mode = attributes.permissions();
        if (!attributes.isDirectory() || owner != self && owner != 0
                || mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("the socket's directory " + directory + " must be a directory owned by the server's"
                    + " user (or root) and writable by nobody else: owner uid " + owner + ", mode "
                    + PosixFilePermissions.toString(mode) + "; the server runs as uid " + self);
        }
    }

    private static void removeStale(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!attributes.isOther()) {
            throw new IOException(path + " exists and is not a socket");
        }
        try (SocketChannel live = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("another server answers on " + path);
        } catch (java.net.ConnectException e) {
            // Nobody listens: a socket left by a server that was killed.
            Files.deleteIfExists(path);
        }
    }

    /** Accepts connections until {@link #stop}. */
    public void run() throws IOException {
        say("listening on " + path + " (clients: " + names() + "; at most " + maxConnections + " connections)");
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                if (stopping) {
                    return;
                }
                throw e;
            } catch (IOException e) {
                // Out of descriptors, say: the connections open now will end, and free them.
                say("unable to accept a connection: " + e.getMessage());
                pause();
                continue;
            }
            if (!connections.tryAcquire()) {
                // While stopping, no greeting at all: the client asks the per-process helper.
                if (!stopping) {
                    busy.incrementAndGet();
                    writeQuietly(channel, Protocol.greeting(Protocol.BUSY));
                }
                closeQuietly(channel);
                continue;
            }
            try {
                Thread.ofVirtual().name("client").start(() -> {
                    try {
                        serve(channel);
                    } finally {
                        connections.release();
                    }
                });
            } catch (RuntimeException | OutOfMemoryError e) {
                connections.release();
                closeQuietly(channel);
                say("unable to start a thread: " + e);
            }
        }
    }

    private void serve(SocketChannel channel) {
        ScheduledFuture<?> timeout = timer.schedule(() -> closeQuietly(channel), ioTimeoutMillis, TimeUnit.MILLISECONDS);
        try (channel) {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!clients.contains(peer.user())) {
                denied.incrementAndGet();
                say("refused a connection from user " + peer.user().getName() + ": not in VCHKRCPT_CLIENTS");
                write(channel, Protocol.greeting(Protocol.DENIED));
                return;
            }
            write(channel, Protocol.greeting(Protocol.READY));
            byte[] header = read(channel, Protocol.HEADER);
            String problem = Protocol.requestProblem(header);
            if (problem != null) {
                write(channel, Protocol.error(problem));
                return;
            }
            byte[] body = read(channel, Protocol.bodyLength(header));
            timeout.cancel(false);
            byte[] answer = answer(body);
            timeout = timer.schedule(() -> closeQuietly(channel), ioTimeoutMillis, TimeUnit.MILLISECONDS);
            write(channel, answer);
            answered.incrementAndGet();
        } catch (IOException e) {
            // The client went away, or took too long and was cut off: there is nobody to answer.
        } finally {
            timeout.cancel(false);
        }
    }

    private byte[] answer(byte[] body) {
        int end = Protocol.sessionEnd(body);
        if (end < 0) {
            return Protocol.error("malformed session key");
        }
        String session = new String(body, 0, end, StandardCharsets.ISO_8859_1);
        Map<String, String> environment = RawEnvironment.parse(Arrays.copyOfRange(body, end + 1, body.length));
        try {
            return handler.answer(session, environment);
        } catch (RuntimeException e) {
            say("internal error: " + e);
            return Protocol.error("internal error");
        }
    }

    /**
     * Stops taking connections (the socket is removed first, so new clients go to the per-process
     * helper at once), lets the connections in progress finish, for at most {@code waitMillis}.
     */
    public void stop(long waitMillis) {
        stopping = true;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isOther()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            say("unable to remove " + path + ": " + e.getMessage());
        }
        closeQuietly(listener);
        boolean finished;
        try {
            finished = connections.tryAcquire(maxConnections, waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            finished = false;
        }
        say("stopped: " + answered.get() + " requests answered, " + busy.get() + " connections turned away busy, "
                + denied.get() + " refused" + (finished ? "" : "; connections still open were cut off"));
    }

    private String names() {
        StringBuilder text = new StringBuilder();
        for (UserPrincipal client : clients) {
            text.append(text.length() == 0 ? "" : ", ").append(client.getName());
        }
        return text.toString();
    }

    private static byte[] read(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("end of stream");
            }
        }
        return buffer.array();
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void writeQuietly(SocketChannel channel, byte[] bytes) {
        try {
            write(channel, bytes);
        } catch (IOException e) {
            // The client is gone already.
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line on the server's own log, in one write. */
    private void say(String text) {
        byte[] escaped = LogText.escape("vchkrcpt serve: " + text);
        byte[] line = Arrays.copyOf(escaped, escaped.length + 1);
        line[escaped.length] = '\n';
        log.write(line, 0, line.length);
        log.flush();
    }
}
