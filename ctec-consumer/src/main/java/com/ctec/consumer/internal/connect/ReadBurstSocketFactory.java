package com.ctec.consumer.internal.connect;

import com.rabbitmq.client.ConnectionFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets for the consuming connection that run a hook each time the connection's thread is
 * about to read from the socket: the end of a burst of frames. The client reads the socket through
 * a buffer, so a read reaches the socket only when every frame received so far has been decoded
 * and handled; the hook then hands what those frames brought to the workers, with one wake-up for
 * the burst instead of one per delivery (Netty's {@code channelReadComplete}, for the blocking client).
 *
 * <p>The hook runs on the connection's thread and must not block. TLS connections keep the
 * client's own sockets (an {@code SSLSocket} cannot be wrapped this way): {@link #install} then
 * returns false and the caller must not wait for the hook.
 */
public final class ReadBurstSocketFactory extends SocketFactory {
    private final Runnable beforeRead;

    private ReadBurstSocketFactory(Runnable beforeRead) {
        this.beforeRead = beforeRead;
    }

    /** Makes the factory's connections run {@code beforeRead} before each socket read; false for TLS (nothing installed). */
    public static boolean install(ConnectionFactory factory, Runnable beforeRead) {
        if (factory.isSSL()) {
            return false;
        }
        factory.setSocketFactory(new ReadBurstSocketFactory(beforeRead));
        return true;
    }

    /** The one the client calls: an unconnected socket it then configures and connects. */
    @Override
    public Socket createSocket() {
        return new HookedSocket(beforeRead);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new HookedSocket(beforeRead), host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new HookedSocket(beforeRead);
        socket.bind(new InetSocketAddress(localHost, localPort));
        return connected(socket, host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = new HookedSocket(beforeRead);
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket socket = new HookedSocket(beforeRead);
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private static Socket connected(Socket socket, String host, int port) throws IOException {
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    private static final class HookedSocket extends Socket {
        private final Runnable beforeRead;
        private InputStream input;

        HookedSocket(Runnable beforeRead) {
            this.beforeRead = beforeRead;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new HookedInput(super.getInputStream(), beforeRead);
            }
            return input;
        }
    }

    /** Only the reads that reach the socket run the hook; {@code available()} and the rest pass through. */
    private static final class HookedInput extends FilterInputStream {
        private final Runnable beforeRead;

        HookedInput(InputStream socket, Runnable beforeRead) {
            super(socket);
            this.beforeRead = beforeRead;
        }

        @Override
        public int read() throws IOException {
            beforeRead.run();
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            beforeRead.run();
            return in.read(buffer, offset, length);
        }
    }
}
