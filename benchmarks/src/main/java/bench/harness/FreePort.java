package bench.harness;

import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a loopback port free right now (run.sh gives it to the agent as metrics.port). */
public final class FreePort {
    private FreePort() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(socket.getLocalPort());
        }
    }
}
