package vchkrcpt.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import vchkrcpt.serve.Protocol;

/** Reads the resident checker's frames as its client does, for tests that speak to the server. */
public final class Frames {
    private Frames() {
    }

    /** A whole frame, or null at the end of the stream before one. */
    public static byte[] read(SocketChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Protocol.HEADER);
        while (header.hasRemaining()) {
            if (channel.read(header) < 0) {
                return null;
            }
        }
        ByteBuffer body = ByteBuffer.allocate(header.getInt(6));
        while (body.hasRemaining()) {
            if (channel.read(body) < 0) {
                return null;
            }
        }
        byte[] frame = new byte[Protocol.HEADER + body.capacity()];
        System.arraycopy(header.array(), 0, frame, 0, Protocol.HEADER);
        System.arraycopy(body.array(), 0, frame, Protocol.HEADER, body.capacity());
        return frame;
    }
}
