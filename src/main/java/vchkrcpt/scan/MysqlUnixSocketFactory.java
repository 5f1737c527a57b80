package vchkrcpt.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;

import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.util.ConfigurableSocketFactory;

/**
 * The MariaDB driver's {@code socketFactory} for a socket path: the driver creates it by name
 * (so it is public, with a public constructor, and listed in the jar's native-image metadata)
 * and hands it the connection's options, where MysqlStore put the path under {@link #PATH}.
 */
public final class MysqlUnixSocketFactory extends ConfigurableSocketFactory {
    /** The option naming the socket; the driver keeps options it does not know for us. */
    static final String PATH = "vchkrcptUnixSocket";

    private String path;

    public MysqlUnixSocketFactory() {
    }

    @Override
    public void setConfiguration(Configuration configuration, String host) {
        path = configuration.nonMappedOptions().getProperty(PATH);
    }

    @Override
    public Socket createSocket() throws IOException {
        return new UnixSocket(Path.of(path));
    }

    @Override
    public Socket createSocket(String host, int port) throws SocketException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws SocketException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws SocketException {
        throw unsupported();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws SocketException {
        throw unsupported();
    }

    private static SocketException unsupported() {
        return new SocketException("a Unix socket has no host and port");
    }
}
