package vchkrcpt.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A connected Unix domain socket (the JDK's SocketChannel) in the shape of a {@link Socket}, for
 * the MariaDB driver, whose own Unix socket support needs JNA. Reads honour
 * {@link #setSoTimeout}, so a server that stops answering ends the scan instead of hanging it.
 * TCP options are meaningless here and ignored.
 */
final class UnixSocket extends Socket {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private volatile int timeoutMillis;

    UnixSocket(Path path) throws IOException {
        super((SocketImpl) null);
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.configureBlocking(false);
            selector = Selector.open();
            key = channel.register(selector, 0);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Waits until the channel is ready for {@code operation}, at most the timeout. */
    private void await(int operation) throws IOException {
        key.interestOps(operation);
        int timeout = timeoutMillis;
        if (selector.select(timeout) == 0 && timeout > 0 && !selector.selectedKeys().contains(key)) {
            throw new SocketTimeoutException("no answer within " + timeout + " ms");
        }
        selector.selectedKeys().clear();
    }

    private final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (true) {
                int n = channel.read(buffer);
                if (n != 0) {
                    return n;
                }
                await(SelectionKey.OP_READ);
            }
        }
    };

    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    await(SelectionKey.OP_WRITE);
                }
            }
        }
    };

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void setSoTimeout(int timeout) {
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new SocketException("already connected");
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        throw new SocketException("a Unix socket is not bound to an address");
    }

    @Override
    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public boolean isClosed() {
        return !channel.isOpen();
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void shutdownInput() throws IOException {
        channel.shutdownInput();
    }

    /** The driver names the peer in messages; a local socket's is the loopback. */
    @Override
    public InetAddress getInetAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getPort() {
        return 0;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
    }

    @Override
    public void setKeepAlive(boolean on) {
    }

    @Override
    public void setSoLinger(boolean on, int linger) {
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
