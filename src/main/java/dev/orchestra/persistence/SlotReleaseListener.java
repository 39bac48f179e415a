package dev.orchestra.persistence;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * LISTENs on the slot release channel ({@link SlotQueues#RELEASE_CHANNEL}) over a connection of its own, to the
 * database the reactive datasource uses, and reconnects (every second) when that connection is lost. Releases
 * made by any instance reach every instance this way.
 */
@ApplicationScoped
public class SlotReleaseListener {

    private static final Logger LOG = Logger.getLogger(SlotReleaseListener.class);
    private static final long RECONNECT_MILLIS = 1000;

    private final Vertx vertx;
    private final Optional<String> url;
    private final Optional<String> username;
    private final Optional<String> password;
    private volatile PgSubscriber subscriber;
    private volatile boolean closed;
    private volatile boolean warned;

    public SlotReleaseListener(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /**
     * Starts listening: {@code onRelease} gets the tag of each release, {@code onListening} runs each time the
     * channel is (re)subscribed (releases may have been missed before), {@code onLost} when the connection drops.
     */
    public synchronized void start(Consumer<String> onRelease, Runnable onListening, Runnable onLost) {
        if (subscriber != null || url.isEmpty()) {
            return;
        }
        String uri = url.get().split(",")[0].trim().replaceFirst("^vertx-reactive:", "");
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        PgSubscriber s = PgSubscriber.subscriber(vertx, options);
        s.reconnectPolicy(retries -> closed ? -1L : RECONNECT_MILLIS);
        s.closeHandler(v -> onLost.run());
        s.channel(SlotQueues.RELEASE_CHANNEL).handler(onRelease::accept).subscribeHandler(v -> {
            warned = false;
            onListening.run();
        });
        subscriber = s;
        connect();
    }

    private void connect() {
        subscriber.connect().onFailure(e -> {
            if (closed) {
                return;
            }
            if (!warned) {
                warned = true;
                LOG.warnf("Cannot listen for concurrency slot releases (%s); retrying every second, waiters look"
                        + " again on their own meanwhile", e.getMessage());
            }
            vertx.setTimer(RECONNECT_MILLIS, t -> connect());
        });
    }

    void stop(@Observes ShutdownEvent event) {
        closed = true;
        PgSubscriber s = subscriber;
        if (s != null) {
            s.close();
        }
    }
}
