package vchkrcpt.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Frames;

/** The socket server in this JVM, with a handler of the test's: framing, limits, users, stopping. */
class ServerTest {
    private static final byte[] OK = Protocol.answer(0, null, "ok\n".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    private Path socket;
    private Server server;
    private Thread acceptor;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private void start(Set<UserPrincipal> clients, Server.Handler handler, int maxConnections, long ioTimeoutMillis)
            throws IOException {
        socket = dir.resolve("socket");
        server = Server.open(socket, clients, handler, maxConnections, ioTimeoutMillis, new PrintStream(log, true));
        acceptor = new Thread(() -> {
            try {
                server.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        acceptor.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop(5000);
            acceptor.join(10_000);
            assertFalse(acceptor.isAlive());
        }
    }

    private static UserPrincipal user(String name) throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
    }

    private static UserPrincipal me() throws IOException {
        return user(System.getProperty("user.name"));
    }

    private static UserPrincipal someoneElse() throws IOException {
        return user(System.getProperty("user.name").equals("root") ? "nobody" : "root");
    }

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    private static void send(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] request(String body) {
        return Protocol.frame(Protocol.REQUEST, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRequestGetsTheHandlersAnswerWithTheBytesAsSent() throws Exception {
        AtomicReference<String> session = new AtomicReference<>();
        AtomicReference<Map<String, String>> env = new AtomicReference<>();
        start(Set.of(me()), (key, environment) -> {
            session.set(key);
            env.set(environment);
            return OK;
        }, 4, 5000);
        try (SocketChannel channel = connect()) {
            assertArrayEquals(Protocol.greeting(Protocol.READY), Frames.read(channel));
            send(channel, request("123:456\0RECIPIENT=a\u00e4\u0001@x\0SENDER=\0RECIPIENT=second\0"));
            assertArrayEquals(OK, Frames.read(channel));
            assertEquals(null, Frames.read(channel), "one request per connection");
        }
        assertEquals("123:456", session.get());
        // The first of duplicate names wins, as getenv and the helper's /proc/self/environ parser.
        assertEquals(Map.of("RECIPIENT", "a\u00e4\u0001@x", "SENDER", ""), env.get());
    }

    @Test
    void aUserNotInTheListIsRefusedBeforeItSendsAnything() throws Exception {
        start(Set.of(someoneElse()), (key, environment) -> {
            throw new AssertionError("asked for a refused user");
        }, 4, 5000);
        try (SocketChannel channel = connect()) {
            assertArrayEquals(Protocol.greeting(Protocol.DENIED), Frames.read(channel));
            assertEquals(null, Frames.read(channel));
        }
        assertTrue(text(log.toByteArray()).contains("vchkrcpt serve: refused a connection from user "
                + me().getName() + ": not in VCHKRCPT_CLIENTS\n"), text(log.toByteArray()));
    }

    @Test
    void malformedRequestsGetAnErrorAndTheServerGoesOn() throws Exception {
        start(Set.of(me()), (key, environment) -> OK, 4, 5000);
        String[][] cases = {
            {"GET / HTTP/1.0\r\n\r\n", "not a vchkrcpt request"},
            {"VCHK\u0002Q\0\0\0\u0001x", "protocol version 2; this server speaks 1"},
            {"VCHK\u0001Q\0\u0001\0\0", "request of 65536 bytes; at most 16384"},
            {"VCHK\u0001A\0\0\0\0", "message type 65 where a request was expected"},
            {"VCHK\u0001Q\0\0\0\u000bRECIPIENT=x", "malformed session key"},
            {"VCHK\u0001Q\0\0\0\u0006\0Rx=y\0", "malformed session key"},
        };
        for (String[] c : cases) {
            try (SocketChannel channel = connect()) {
                assertArrayEquals(Protocol.greeting(Protocol.READY), Frames.read(channel));
                send(channel, c[0].getBytes(StandardCharsets.ISO_8859_1));
                assertArrayEquals(Protocol.error(c[1]), Frames.read(channel), c[1]);
            }
        }
        // Half a request, then gone: nothing to answer, nothing broken.
        try (SocketChannel channel = connect()) {
            Frames.read(channel);
            send(channel, "VCHK\u0001Q\0\0\0\u0040half".getBytes(StandardCharsets.ISO_8859_1));
        }
        try (SocketChannel channel = connect()) {
            assertArrayEquals(Protocol.greeting(Protocol.READY), Frames.read(channel));
            send(channel, request("1:2\0RECIPIENT=x\0"));
            assertArrayEquals(OK, Frames.read(channel));
        }
    }

    @Test
    void aHandlerThatFailsIsAnErrorForThatRequestOnly() throws Exception {
        start(Set.of(me()), (key, environment) -> {
            if (environment.get("RECIPIENT").equals("bad")) {
                throw new IllegalStateException("broken");
            }
            return OK;
        }, 4, 5000);
        try (SocketChannel channel = connect()) {
            Frames.read(channel);
            send(channel, request("1:2\0RECIPIENT=bad\0"));
            assertArrayEquals(Protocol.error("internal error"), Frames.read(channel));
        }
        try (SocketChannel channel = connect()) {
            Frames.read(channel);
            send(channel, request("1:2\0RECIPIENT=good\0"));
            assertArrayEquals(OK, Frames.read(channel));
        }
        assertTrue(text(log.toByteArray()).contains("internal error: java.lang.IllegalStateException: broken"));
    }

    @Test
    void atItsConnectionLimitItSaysBusyAtOnce() throws Exception {
        start(Set.of(me()), (key, environment) -> OK, 2, 60_000);
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                SocketChannel channel = connect();
                idle.add(channel);
                assertArrayEquals(Protocol.greeting(Protocol.READY), Frames.read(channel));
            }
            try (SocketChannel third = connect()) {
                assertArrayEquals(Protocol.greeting(Protocol.BUSY), Frames.read(third));
                assertEquals(null, Frames.read(third));
            }
        } finally {
            for (SocketChannel channel : idle) {
                channel.close();
            }
        }
        // The idle ones' threads end at their end of stream; then there is room again.
        byte[] greeting = null;
        for (int tries = 0; tries < 500 && !java.util.Arrays.equals(greeting, Protocol.greeting(Protocol.READY)); tries++) {
            try (SocketChannel channel = connect()) {
                greeting = Frames.read(channel);
                if (java.util.Arrays.equals(greeting, Protocol.greeting(Protocol.READY))) {
                    send(channel, request("1:2\0RECIPIENT=x\0"));
                    assertArrayEquals(OK, Frames.read(channel));
                } else {
                    Thread.sleep(10);
                }
            }
        }
        assertArrayEquals(Protocol.greeting(Protocol.READY), greeting);
    }

    @Test
    void aClientThatSendsNothingIsCutOffAndBlocksNobody() throws Exception {
        start(Set.of(me()), (key, environment) -> OK, 8, 300);
        try (SocketChannel silent = connect()) {
            assertArrayEquals(Protocol.greeting(Protocol.READY), Frames.read(silent));
            try (SocketChannel other = connect()) {
                assertArrayEquals(Protocol.greeting(Protocol.READY), Frames.read(other));
                send(other, request("1:2\0RECIPIENT=x\0"));
                assertArrayEquals(OK, Frames.read(other));
            }
            long start = System.nanoTime();
            assertEquals(null, Frames.read(silent), "closed by the server");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
        }
        // One that sends half a header is cut off alike.
        try (SocketChannel slow = connect()) {
            Frames.read(slow);
            send(slow, "VCHK".getBytes(StandardCharsets.US_ASCII));
            assertEquals(null, Frames.read(slow));
        }
    }

    @Test
    void stopRemovesTheSocketAndFinishesTheRequestInProgress() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(Set.of(me()), (key, environment) -> {
            asked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return OK;
        }, 4, 60_000);
        try (SocketChannel channel = connect()) {
            Frames.read(channel);
            send(channel, request("1:2\0RECIPIENT=x\0"));
            assertTrue(asked.await(30, TimeUnit.SECONDS));
            Thread stopper = new Thread(() -> server.stop(30_000));
            stopper.start();
            for (int i = 0; i < 3000 && Files.exists(socket); i++) {
                Thread.sleep(10);
            }
            assertFalse(Files.exists(socket), "removed first, so that new clients go elsewhere at once");
            assertThrows(IOException.class, this::connect);
            assertTrue(stopper.isAlive(), "waits for the request in progress");
            release.countDown();
            assertArrayEquals(OK, Frames.read(channel));
            stopper.join(30_000);
            assertFalse(stopper.isAlive());
        }
        acceptor.join(10_000);
        assertFalse(acceptor.isAlive());
        assertTrue(text(log.toByteArray()).endsWith(
                "vchkrcpt serve: stopped: 1 requests answered, 0 connections turned away busy, 0 refused\n"),
                text(log.toByteArray()));
        server = null;
    }

    @Test
    void aSocketLeftByADeadServerIsReplacedALiveOneIsNot() throws Exception {
        socket = dir.resolve("socket");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        start(Set.of(me()), (key, environment) -> OK, 4, 5000);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        IOException live = assertThrows(IOException.class,
                () -> Server.open(socket, Set.of(me()), (key, environment) -> OK, 4, 5000, System.err));
        assertEquals("another server answers on " + socket, live.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "");
        IOException notSocket = assertThrows(IOException.class,
                () -> Server.open(file, Set.of(me()), (key, environment) -> OK, 4, 5000, System.err));
        assertEquals(file + " exists and is not a socket", notSocket.getMessage());
    }

    @Test
    void theSocketsDirectoryMustBeWritableByNobodyElse() throws Exception {
        for (String mode : new String[] {"rwxrwx---", "rwxr-xrwx"}) {
            Path open = Files.createDirectory(dir.resolve(mode));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString(mode));
            IOException e = assertThrows(IOException.class,
                    () -> Server.open(open.resolve("socket"), Set.of(me()), (key, environment) -> OK, 4, 5000, System.err));
            assertTrue(e.getMessage().startsWith("the socket's directory " + open + " must be a directory owned by the"
                    + " server's user (or root) and writable by nobody else"), e.getMessage());
            assertFalse(Files.exists(open.resolve("socket")));
        }
        IOException missing = assertThrows(IOException.class, () -> Server.open(dir.resolve("none/socket"),
                Set.of(me()), (key, environment) -> OK, 4, 5000, System.err));
        assertTrue(missing.getMessage().startsWith("unable to use the socket's directory " + dir.resolve("none")),
                missing.getMessage());
    }
}
