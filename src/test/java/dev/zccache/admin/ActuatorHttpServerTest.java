package dev.zccache.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.zccache.daemon.ZccacheProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

class ActuatorHttpServerTest {

    @TempDir
    Path cache;

    @Test
    @SuppressWarnings("unchecked")
    void endpointsAreMadeByTheFirstRequestNotWhenTheServerStarts() throws Exception {
        ObjectProvider<HealthEndpoint> health = mock(ObjectProvider.class);
        ObjectProvider<InfoEndpoint> info = mock(ObjectProvider.class);
        ObjectProvider<MetricsEndpoint> metrics = mock(ObjectProvider.class);
        ObjectProvider<PrometheusScrapeEndpoint> prometheus = mock(ObjectProvider.class);
        HealthEndpoint endpoint = mock(HealthEndpoint.class);
        IndicatedHealthDescriptor up = mock(IndicatedHealthDescriptor.class);
        when(up.getStatus()).thenReturn(Status.UP);
        when(endpoint.health()).thenReturn(up);
        when(health.getObject()).thenReturn(endpoint);
        when(info.getObject()).thenReturn(mock(InfoEndpoint.class));
        when(metrics.getObject()).thenReturn(mock(MetricsEndpoint.class));
        ZccacheProperties props = TestProperties.of(cache);
        ActuatorHttpServer server = new ActuatorHttpServer(props, health, info, metrics, prometheus,
                JsonMapper.builder().build(), new StandardEnvironment());
        try {
            server.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.url().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.url()).isPresent();
            verifyNoInteractions(health, info, metrics, prometheus);

            HttpClient client = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create(server.url().get() + "/health")).build();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("\"UP\"");
            }
            verify(health, times(1)).getObject();
            verify(info, times(1)).getObject();
        } finally {
            server.close();
        }
    }
}
