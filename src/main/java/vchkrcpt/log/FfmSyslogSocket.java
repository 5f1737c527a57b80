package vchkrcpt.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to a syslog socket such as /dev/log. The JDK has no datagram UNIX sockets,
 * so this calls libc's socket/sendto/close through the foreign function API.
 */
public final class FfmSyslogSocket {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    /** sizeof(struct sockaddr_un) on Linux: a 2-byte family and a 108-byte path. */
    private static final int SOCKADDR_UN_SIZE = 110;

    private FfmSyslogSocket() {
    }

    /** @throws IOException with the system's reason when the datagram was not accepted */
    public static void send(String socketPath, byte[] datagram) throws IOException {
        byte[] path = socketPath.getBytes(StandardCharsets.ISO_8859_1);
        if (path.length >= SOCKADDR_UN_SIZE - 2) {
            throw new IOException("socket path too long");
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        MethodHandle socket = linker.downcallHandle(libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT), errno);
        MethodHandle sendto = linker.downcallHandle(libc.find("sendto").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                errno);
        MethodHandle close = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MemoryLayout stateLayout = Linker.Option.captureStateLayout();
        VarHandle errnoHandle = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(stateLayout);
            MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(path, 0, address, ValueLayout.JAVA_BYTE, 2, path.length);
            MemorySegment message = arena.allocate(datagram.length);
            MemorySegment.copy(datagram, 0, message, ValueLayout.JAVA_BYTE, 0, datagram.length);

            int fd = (int) socket.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException(reason(linker, libc, (int) errnoHandle.get(state, 0L)));
            }
            try {
                long sent = (long) sendto.invokeExact(state, fd, message, (long) datagram.length, 0, address,
                        SOCKADDR_UN_SIZE);
                if (sent < 0) {
                    throw new IOException(reason(linker, libc, (int) errnoHandle.get(state, 0L)));
                }
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(t.toString());
        }
    }

    private static String reason(Linker linker, SymbolLookup libc, int errno) throws Throwable {
        MethodHandle strerror = linker.downcallHandle(libc.find("strerror").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MemorySegment text = (MemorySegment) strerror.invokeExact(errno);
        return text.reinterpret(256).getString(0, StandardCharsets.US_ASCII);
    }
}
