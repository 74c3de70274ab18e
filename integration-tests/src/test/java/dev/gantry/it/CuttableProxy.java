package dev.gantry.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback in front of a real service, which a test can cut: while cut, every
 * connection through it is closed and new ones are closed as soon as they arrive, as when the
 * service restarts or the network drops. Or blackhole: every connection open then, and every one
 * made until {@link #heal}, stays open on both sides but carries nothing more, ever (what either
 * side sends is dropped), as when a firewall or NAT forgets a connection without a reset; only new
 * connections after the heal get through. Lets a test take a service away from one app without
 * disturbing the others that share it.
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Sockets whose bytes are dropped from now on. */
    private final Set<Socket> blackholed = ConcurrentHashMap.newKeySet();

    private volatile boolean cut;
    private volatile boolean blackholing;

    CuttableProxy(String host, int port) throws IOException {
        this.upstream = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-" + port).start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Closes every connection and refuses new ones until {@link #restore}. */
    void cut() {
        cut = true;
        open.forEach(CuttableProxy::quietlyClose);
        open.clear();
    }

    void restore() {
        cut = false;
    }

    /** Drops every byte of the connections open now and of those made until {@link #heal}. */
    void blackhole() {
        blackholing = true;
        blackholed.addAll(open);
    }

    /** New connections get through again; the blackholed ones stay silent. */
    void heal() {
        blackholing = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                quietlyClose(client);
                continue;
            }
            try {
                Socket service = new Socket();
                service.connect(upstream, 2_000);
                open.add(client);
                open.add(service);
                if (cut) {
                    // cut while this one was connecting: cut() may have closed the others before it was added
                    quietlyClose(client);
                    quietlyClose(service);
                    open.remove(client);
                    open.remove(service);
                    continue;
                }
                if (blackholing) {
                    blackholed.add(client);
                    blackholed.add(service);
                }
                Thread.ofVirtual().start(() -> pump(client, service));
                Thread.ofVirtual().start(() -> pump(service, client));
            } catch (IOException e) {
                quietlyClose(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (!blackholed.contains(from)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side went away (or was cut): close both
        } finally {
            quietlyClose(from);
            quietlyClose(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
