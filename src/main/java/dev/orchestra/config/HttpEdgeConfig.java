package dev.orchestra.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The HTTP edge: CORS and the deadline for a connection the server has nothing to answer on. */
@ConfigMapping(prefix = "orchestra.http")
public interface HttpEdgeConfig {

    Cors cors();

    /**
     * A connection the server has written nothing to for this long is closed: an idle keep-alive connection, a
     * client that trickles its request in, or a request not answered in time.
     */
    @WithDefault("60s")
    Duration requestTimeout();

    interface Cors {
        /** Origins a browser page may call the API from; {@code *} (Prefect's answer) allows every origin. */
        @WithDefault("*")
        List<String> allowedOrigins();
    }
}
