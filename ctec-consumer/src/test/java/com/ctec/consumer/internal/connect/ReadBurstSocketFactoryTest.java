package com.ctec.consumer.internal.connect;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;

class ReadBurstSocketFactoryTest {

    @Test
    void theHookRunsBeforeTheSocketIsReadAndNotForBytesAlreadyBuffered() throws Exception {
        AtomicInteger hooks = new AtomicInteger();
        AtomicReference<OutputStream> peerOut = new AtomicReference<>();
        ConnectionFactory factory = new ConnectionFactory();
        // The hook itself sends the bytes: a read that came before it would wait for ever.
        assertThat(ReadBurstSocketFactory.install(factory, () -> {
            if (hooks.incrementAndGet() == 1) {
                try {
                    peerOut.get().write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
                    peerOut.get().flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        })).isTrue();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = factory.getSocketFactory().createSocket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket peer = server.accept()) {
                peerOut.set(peer.getOutputStream());
                // As the client reads its frames: through a buffer, so only a read of an empty buffer reaches the socket.
                DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
                assertThat(in.readInt()).isEqualTo(0x01020304);
                assertThat(in.readInt()).isEqualTo(0x05060708);
                assertThat(hooks.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void tlsConnectionsKeepTheClientsOwnSockets() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.useSslProtocol(SSLContext.getDefault());
        Object before = factory.getSocketFactory();
        assertThat(ReadBurstSocketFactory.install(factory, () -> { })).isFalse();
        assertThat(factory.getSocketFactory()).isSameAs(before);
    }
}
