package dev.orchestra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
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
import org.junit.jupiter.api.Test;

/**
 * Idle and slow connections are closed: here after 2 s idle ({@code quarkus.http.idle-timeout}) and 3 s without
 * an answer ({@code orchestra.http.request-timeout}); both 60 s by default.
 */
@QuarkusTest
@TestProfile(EdgeProfile.class)
class ConnectionTimeoutsTest {

    private static final int IDLE_SOCKETS = 1000;

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
                socket.setSoTimeout(15_000);
                // the server closes the socket: end of stream (or a reset), not a read timeout
                try {
                    assertEquals(-1, socket.getInputStream().read());
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("an idle connection is still open after 15 s", e);
                } catch (IOException reset) {
                    // closed as well
                }
                closed++;
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(IDLE_SOCKETS, closed);
            assertTrue(elapsedMs < 12_000, "closed after " + elapsedMs + " ms");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aClientTricklingItsHeadersIsClosed() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            // one header byte a second: more often than the idle timeout (2 s), so only the request timeout ends it
            while (!closed && System.nanoTime() - start < 20_000_000_000L) {
                try {
                    out.write('a');
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
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closed, "the trickling connection was still open after " + elapsedMs + " ms");
            assertTrue(elapsedMs >= EdgeProfile.REQUEST_TIMEOUT_MS - 1000 && elapsedMs < 10_000,
                    "closed after " + elapsedMs + " ms");
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
