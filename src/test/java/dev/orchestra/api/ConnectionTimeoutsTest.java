package dev.orchestra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Idle and slow connections are closed: here after 2 s idle ({@code quarkus.http.idle-timeout}) and 6 s without
 * an answer ({@code orchestra.http.request-timeout}); both 60 s by default.
 */
@QuarkusTest
@TestProfile(ConnectionTimeoutsTest.ShortTimeouts.class)
class ConnectionTimeoutsTest {

    static final long IDLE_TIMEOUT_MS = 2000;
    static final long REQUEST_TIMEOUT_MS = 6000;
    private static final int IDLE_SOCKETS = 1000;

    /** Timeouts short enough for a test (a request slower than them would be cut too: not for other tests). */
    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", IDLE_TIMEOUT_MS + "ms",
                    "orchestra.http.request-timeout", REQUEST_TIMEOUT_MS + "ms");
        }
    }

    @Test
    void aThousandIdleConnectionsAreClosed() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < IDLE_SOCKETS; i++) {
                sockets.add(new Socket("localhost", RestAssured.port));
            }
            long start = System.nanoTime();
            int closed = 0;
            for (Socket socket : sockets) {
                socket.setSoTimeout(20_000);
                // the server closes the socket: end of stream (or a reset), not a read timeout
                try {
                    assertEquals(-1, socket.getInputStream().read());
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("an idle connection is still open after 20 s", e);
                } catch (IOException reset) {
                    // closed as well
                }
                closed++;
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(IDLE_SOCKETS, closed);
            assertTrue(elapsedMs < 20_000, "closed after " + elapsedMs + " ms");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aClientTricklingItsHeadersIsClosed() throws Exception {
        // the request head is read whole before anything counts as activity: the idle timeout ends it
        long elapsedMs = trickle("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
        assertTrue(elapsedMs >= IDLE_TIMEOUT_MS - 1000 && elapsedMs < IDLE_TIMEOUT_MS + 10_000,
                "closed after " + elapsedMs + " ms");
    }

    @Test
    void aClientTricklingItsBodyIsClosed() throws Exception {
        // each body byte is activity, so only the request timeout (nothing answered for 6 s) ends it
        long elapsedMs = trickle("POST /api/flows/filter HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"flows\": ");
        assertTrue(elapsedMs >= REQUEST_TIMEOUT_MS - 1000 && elapsedMs < REQUEST_TIMEOUT_MS + 10_000,
                "closed after " + elapsedMs + " ms");
    }

    /** Sends {@code start}, then one byte a second (more often than the idle timeout) until the server closes. */
    private static long trickle(String start) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            long begin = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - begin < 30_000_000_000L) {
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                try {
                    closed = in.read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // nothing yet
                } catch (IOException reset) {
                    closed = true;
                }
            }
            long elapsedMs = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(closed, "the trickling connection was still open after " + elapsedMs + " ms");
            return elapsedMs;
        }
    }

    @Test
    void aPromptClientIsServedOnAKeptAliveConnection() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 3; i++) {
                out.write("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                Thread.sleep(500);
            }
        }
    }

    /** The status line and headers, then the 4-byte body {@code true}. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed: " + head);
            }
            head.append((char) b);
        }
        in.readNBytes(4);
        return head.toString();
    }
}
