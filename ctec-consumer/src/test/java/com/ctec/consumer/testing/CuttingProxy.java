package com.ctec.consumer.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between a consumer and the real broker, for the faults a broker cannot
 * be asked for: a connection that dies right after {@code channel.open-ok} (the worst moment of a
 * subscribe), and a link that goes silent without closing (frozen: nothing is forwarded, nothing
 * closed). It reads the broker's frames to find {@code channel.open-ok}; everything else passes as is.
 */
public final class CuttingProxy implements AutoCloseable {
    private static final int FRAME_METHOD = 1;
    private static final int CHANNEL_CLASS = 20;
    private static final int CHANNEL_OPEN_OK = 11;

    private final ServerSocket server;
    private final int brokerPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile boolean frozen;
    private volatile boolean closed;

    public CuttingProxy(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon(true).name("cutting-proxy-accept").start(this::accept);
    }

    /** The broker URL through this proxy, for the default vhost. */
    public String url() {
        return "amqp://guest:guest@127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** The next {@code n} connections die right after the broker opened their first channel. */
    public void cutAfterChannelOpen(int n) {
        cutsLeft.set(n);
    }

    public int cutsLeft() {
        return cutsLeft.get();
    }

    /** From now on nothing is forwarded either way, and nothing is closed: a link gone silent. */
    public void freeze() {
        frozen = true;
    }

    /** Closes every connection through the proxy now (both sides see the socket close). */
    public void dropAll() {
        sockets.forEach(CuttingProxy::closeQuietly);
        sockets.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        dropAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                sockets.add(client);
                sockets.add(broker);
                Thread.ofPlatform().daemon(true).start(() -> pumpRaw(client, broker));
                Thread.ofPlatform().daemon(true).start(() -> pumpFrames(broker, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Client to broker: bytes as they come (the protocol header first, then frames). */
    private void pumpRaw(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                waitWhileFrozen();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed: close both below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Broker to client: frame by frame, so that a connection can be cut right after channel.open-ok. */
    private void pumpFrames(Socket from, Socket to) {
        try (DataInputStream in = new DataInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
            while (true) {
                byte[] header = new byte[7];
                in.readFully(header);
                int size = ((header[3] & 0xff) << 24) | ((header[4] & 0xff) << 16) | ((header[5] & 0xff) << 8) | (header[6] & 0xff);
                byte[] rest = new byte[size + 1];
                in.readFully(rest);
                waitWhileFrozen();
                out.write(header);
                out.write(rest);
                out.flush();
                if (isChannelOpenOk(header[0], rest) && cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    break;
                }
            }
        } catch (IOException | InterruptedException e) {
            // One side closed: close both below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static boolean isChannelOpenOk(int type, byte[] payload) {
        return type == FRAME_METHOD && payload.length >= 4
                && (((payload[0] & 0xff) << 8) | (payload[1] & 0xff)) == CHANNEL_CLASS
                && (((payload[2] & 0xff) << 8) | (payload[3] & 0xff)) == CHANNEL_OPEN_OK;
    }

    private void waitWhileFrozen() throws InterruptedException {
        while (frozen && !closed) {
            Thread.sleep(50);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }
}
