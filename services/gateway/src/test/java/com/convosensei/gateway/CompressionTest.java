package com.convosensei.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** What goes out gzip'ed: the dashboard's and the landing page's text files and the proxied JSON; not images. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class CompressionTest {

    // java.net.http neither asks for nor undoes compression by itself: the test sees the bytes as sent
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path));
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dashboardFiles__gzipped_whenAccepted() throws Exception {
        for (String path : new String[] {"/assets/app-123.js", "/", "/conversations/123"}) {
            HttpResponse<byte[]> r = get(path, "gzip, deflate, br");
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
            assertThat(r.headers().allValues("Vary").toString().toLowerCase()).as(path).contains("accept-encoding");
            assertThat(gunzip(r.body())).as(path).containsAnyOf("sensei", "Sensei dashboard");
        }
        // the immutable caching of hashed assets still holds on the compressed answer
        assertThat(get("/assets/app-123.js", "gzip").headers().firstValue("Cache-Control").orElse(""))
                .contains("immutable");
    }

    @Test
    void withoutAcceptEncoding__plain() throws Exception {
        HttpResponse<byte[]> r = get("/assets/app-123.js", null);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("console.log('sensei')");
    }

    @Test
    void proxiedJson__gzipped() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/conversations?limit=5", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(r.body())).contains("\"service\":\"dashboard\"");
    }

    @Test
    void landingPage__textGzipped_imagesNot() throws Exception {
        HttpResponse<byte[]> page = get("/site/", "gzip");
        assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(page.body())).contains("landing");
        HttpResponse<byte[]> image = get("/site/assets/img/shot.89abcdef.webp", "gzip");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void notFound__notCompressed() throws Exception {
        // only 200s: a 404's envelope or a 206's byte range is left as it is
        assertThat(get("/assets/missing.js", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    }
}
