package bml.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Serves the live dashboard: {@code GET /} is its page and {@code GET /assets/NAME} its stylesheet and scripts,
 * all read from the classpath folder {@value #ROOT}.
 *
 * <p>Why from the jar: the page must work on a machine without network access, so it loads nothing from anywhere
 * else, and its Content-Security-Policy tells the browser to refuse anything that is not from this server.
 */
public final class DashboardAssets {
    public static final String ROOT = "bml/dashboard/";
    static final String PAGE = "index.html";
    public static final String PREFIX = "/assets/";
    /** Scripts, styles and data only from this server; no frames, no plugins, no form posts elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.[a-z]+");
    private static final Map<String, ContentType> TYPES = Map.of(
            "html", ContentTypes.TEXT_HTML_UTF8,
            "css", ContentTypes.create(MediaTypes.TEXT_CSS, HttpCharsets.UTF_8),
            "js", ContentTypes.parse("text/javascript; charset=UTF-8"));

    private final ClassLoader loader;
    private final String root;
    /** The files never change while the server runs, so each is read from the jar once. */
    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    DashboardAssets(ClassLoader loader) {
        this(loader, ROOT);
    }

    /** The page and files of another classpath folder ({@code root} ends with '/'), served the same way. */
    public DashboardAssets(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** The dashboard page; a jar without it is broken, so that is an exception rather than a 404. */
    public HttpResponse page() {
        return asset(PAGE).orElseThrow(() -> new IllegalStateException("the page " + root + PAGE
                + " is missing from the classpath"));
    }

    /** The response for {@code /assets/<name>}: a 404 JSON error for any name that is not a dashboard file. */
    HttpResponse assetOrNotFound(String name) {
        return asset(name).orElseGet(() -> Responses.error(StatusCodes.NOT_FOUND, "no dashboard asset " + PREFIX
                + name + "; the dashboard is GET /"));
    }

    /** A file of the dashboard folder, or empty for a name that is not a plain file name with a known type. */
    public Optional<HttpResponse> asset(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        ContentType type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        return files.computeIfAbsent(name, this::read).map(bytes -> HttpResponse.create()
                .withEntity(type, bytes)
                .addHeader(CacheControl.create(CacheDirectives.NO_CACHE))
                .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
                .addHeader(RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY)));
    }

    private Optional<byte[]> read(String name) {
        try (InputStream in = loader.getResourceAsStream(root + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + name + " from the classpath", e);
        }
    }
}
