package bench.services;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;

/**
 * The bodies of the benchmarked methods, unmatched by the policy. Thread-safe.
 */
public final class Bodies {
    private static final String[] VALUES = new String[16];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            VALUES[i] = "value-" + i;
        }
    }

    private Bodies() {
    }

    /** The success-path body: an array read the JIT cannot fold away, no allocation. */
    public static String value(int key) {
        return VALUES[key & 15];
    }

    /** Blocks in {@link Thread#sleep} for {@code millis}: honours interrupts. */
    public static String sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
            return "slept";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted in sleep");
        }
    }

    /**
     * Blocks in a socket read for {@code millis} (the read timeout of a connection whose server
     * never answers): ignores interrupts, like the sample app's {@code StorageClient}.
     */
    public static String blockedRead(long millis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(SilentServer.ADDRESS, 1_000);
            socket.setSoTimeout((int) millis);
            InputStream in = socket.getInputStream();
            in.read();
            return "answered";
        } catch (SocketTimeoutException e) {
            return "read timed out";
        }
    }

    /** A loopback server that accepts connections and never writes; keeps the last 512 open. */
    private static final class SilentServer {
        static final InetSocketAddress ADDRESS = start();

        private static InetSocketAddress start() {
            try {
                ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
                Thread acceptor = new Thread(() -> {
                    ArrayDeque<Socket> open = new ArrayDeque<>();
                    while (true) {
                        try {
                            open.addLast(server.accept());
                            if (open.size() > 512) {
                                open.removeFirst().close();
                            }
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "bench-silent-server");
                acceptor.setDaemon(true);
                acceptor.start();
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
