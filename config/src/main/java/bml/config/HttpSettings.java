package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The optional HTTP status and settings API ({@code bml.http}).
 *
 * <p>Why: the API can change a running experiment's settings, so it is off by default and binds loopback.
 *
 * @param enabled whether to serve the API
 * @param host    interface to bind
 * @param port    TCP port, 0..65535; 0 = any free port
 */
public record HttpSettings(boolean enabled, String host, int port) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
    }

    static HttpSettings read(SettingsReader r) {
        return new HttpSettings(
                r.flag("enabled"),
                r.text("host"),
                r.wholeInt("port", 0, 65535));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled);
        m.put("host", host);
        m.put("port", port);
        return m;
    }
}
