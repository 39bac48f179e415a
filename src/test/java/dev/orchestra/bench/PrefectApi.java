package dev.orchestra.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The Prefect REST API over keep-alive HTTP/1.1 connections (one per virtual user), with the Prefect client's
 * headers: {@code X-PREFECT-API-VERSION}, JSON bodies, and {@code Accept-Encoding: gzip, deflate} (responses of
 * 500 bytes or more come back compressed, as they do for the real client). Each call times the whole exchange,
 * from sending the request to the last byte of the body, and checks the answer: a right one is recorded, a
 * wrong one (or a transport error) is a failed future that names the request type and says what was wrong.
 */
final class PrefectApi {

    /** A failed check of a response (status or content); the iteration stops and the error is counted. */
    static final class BadResponse extends RuntimeException {
        BadResponse(String message) {
            super(message, null, false, false);
        }
    }

    private static final IntPredicate CREATED_OR_FOUND = status -> status == 201 || status == 200;

    /** One client per instance (all with the same API root path); requests go to each in turn. */
    private final List<HttpClient> clients;
    private final String basePath;
    private int next;

    PrefectApi(Vertx vertx, List<URI> urls, int connections) {
        this.clients = urls.stream().map(url -> vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(url.getHost())
                .setDefaultPort(url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80))
                .setSsl("https".equals(url.getScheme())).setKeepAlive(true)
                .setKeepAliveTimeout(120).setPipelining(false).setDecompressionSupported(true).setTcpNoDelay(true)
                .setConnectTimeout(10_000), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1)))
                .toList();
        String path = urls.get(0).getPath() == null ? "" : urls.get(0).getPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    Future<Void> close() {
        return Future.join(clients.stream().map(HttpClient::close).toList()).mapEmpty();
    }

    /** The next instance's client (requests are sent from the generator's one event loop, so no race). */
    private HttpClient client() {
        HttpClient c = clients.get(next);
        next = (next + 1) % clients.size();
        return c;
    }

    /** A request that failed (transport error or wrong answer), tagged with its request type. */
    static final class RequestFailed extends RuntimeException {
        final String type;

        RequestFailed(String type, Throwable cause) {
            super(cause instanceof BadResponse ? cause.getMessage() : cause.toString(), cause, false, false);
            this.type = type;
        }
    }

    /** POST that must answer 201 with a JSON object carrying an id. */
    Future<UUID> create(Recorder rec, String type, String path, String body) {
        return exchange(rec, type, HttpMethod.POST, path, body, 201, PrefectApi::id);
    }

    /** POST that creates or finds (201 or 200) an object; its id. */
    Future<UUID> upsert(Recorder rec, String type, String path, String body) {
        return exchange(rec, type, HttpMethod.POST, path, body, CREATED_OR_FOUND, PrefectApi::id);
    }

    private static UUID id(Buffer b) {
        String id = topLevelString(b, "id");
        if (id == null) {
            throw new BadResponse("no id in the response");
        }
        return UUID.fromString(id);
    }

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * A top-level string field of a JSON object, read with a streaming parser that skips everything else
     * (cheaper than building the whole tree: the generator must not compete with the server for the CPU).
     */
    static String topLevelString(Buffer body, String field) {
        try (JsonParser p = JSON.createParser(body.getBytes())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadResponse("not a JSON object: " + abbreviate(body.toString()));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new BadResponse("malformed JSON: " + e.getMessage());
        }
    }

    /** POST .../set_state that must write the proposed state: 201 and status ACCEPT. */
    Future<Void> setState(Recorder rec, String type, String path, String body) {
        return exchange(rec, type, HttpMethod.POST, path, body, 201, b -> {
            String status = topLevelString(b, "status");
            if (!"ACCEPT".equals(status)) {
                throw new BadResponse("status " + status);
            }
            return null;
        });
    }

    /** GET that must answer 200 with a body that names the given id. */
    Future<Void> read(Recorder rec, String type, String path, UUID id) {
        String expected = id.toString();
        return exchange(rec, type, HttpMethod.GET, path, null, 200, b -> {
            if (!b.toString().contains(expected)) {
                throw new BadResponse("the response does not name " + expected);
            }
            return null;
        });
    }

    /** POST that must answer 200 with a JSON array of exactly {@code size} elements. */
    Future<Integer> list(Recorder rec, String type, String path, String body, int size) {
        return exchange(rec, type, HttpMethod.POST, path, body, 200, b -> {
            int n = arraySize(b);
            if (n != size) {
                throw new BadResponse(n + " elements, expected " + size);
            }
            return n;
        });
    }

    /** The number of elements of a JSON array, counted by a streaming parser. */
    static int arraySize(Buffer body) {
        try (JsonParser p = JSON.createParser(body.getBytes())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new BadResponse("not a JSON array: " + abbreviate(body.toString()));
            }
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new BadResponse("truncated JSON array");
                }
                p.skipChildren();
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new BadResponse("malformed JSON: " + e.getMessage());
        }
    }

    /** POST that must answer 200 with a number. */
    Future<Long> number(Recorder rec, String type, String path, String body) {
        return exchange(rec, type, HttpMethod.POST, path, body, 200, b -> {
            try {
                return Long.parseLong(b.toString().trim());
            } catch (NumberFormatException e) {
                throw new BadResponse("not a number: " + abbreviate(b.toString()));
            }
        });
    }

    private <T> Future<T> exchange(Recorder rec, String type, HttpMethod method, String path, String body,
            int expectedStatus, Function<Buffer, T> check) {
        return exchange(rec, type, method, path, body, status -> status == expectedStatus, check);
    }

    private <T> Future<T> exchange(Recorder rec, String type, HttpMethod method, String path, String body,
            IntPredicate statusOk, Function<Buffer, T> check) {
        long start = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(method).setURI(basePath + path)
                .setTimeout(30_000).addHeader("Accept", "*/*").addHeader("X-PREFECT-API-VERSION", "0.8.4");
        if (body != null) {
            options.addHeader("Content-Type", "application/json");
        }
        Future<T> answer = client().request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> {
                    long end = System.nanoTime();
                    if (!statusOk.test(resp.statusCode())) {
                        throw new BadResponse(resp.statusCode() + " " + abbreviate(b.toString()));
                    }
                    T checked = check.apply(b);
                    rec.request(type, start, end);
                    return checked;
                }));
        return answer.recover(error -> Future.failedFuture(new RequestFailed(type, error)));
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }
}
