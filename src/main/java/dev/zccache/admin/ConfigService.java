package dev.zccache.admin;

import dev.zccache.daemon.ZccacheProperties;
import dev.zccache.store.remote.RemoteBackends;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code zccache config}: every daemon setting with its effective value and where that value
 * came from: the built-in default, the packaged defaults (config/application.yml in the jar), the
 * cache dir's config/application.yml, the environment, or the launcher.
 */
@Service
final class ConfigService {

    /** One setting; field names are the documented `config --json` format. */
    public record Setting(String name, String value, String source) {
    }

    private final ZccacheProperties properties;
    private final ConfigurableEnvironment environment;
    private final JsonMapper json;

    public ConfigService(ZccacheProperties properties, ConfigurableEnvironment environment, JsonMapper json) {
        this.properties = properties;
        this.environment = environment;
        this.json = json;
    }

    /** The settings in the order ZccacheProperties declares them. */
    public List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        for (RecordComponent c : ZccacheProperties.class.getRecordComponents()) {
            String name = "zccache." + kebab(c.getName());
            Object value;
            try {
                value = c.getAccessor().invoke(properties);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String shown = name.equals("zccache.remote") ? RemoteBackends.redact(String.valueOf(value))
                    : String.valueOf(value); // a remote URL may hold a password
            out.add(new Setting(name, shown, source(name)));
        }
        return out;
    }

    public String render(boolean asJson) {
        List<Setting> settings = settings();
        if (asJson) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("settings", settings);
            return json.writeValueAsString(m) + "\n";
        }
        StringBuilder out = new StringBuilder(String.format("%-28s %-22s %s%n", "setting", "value", "source"));
        for (Setting s : settings) {
            out.append(String.format("%-28s %-22s %s%n", s.name(), s.value(), s.source()));
        }
        return out.toString();
    }

    private String source(String name) {
        ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty p = source.getConfigurationProperty(key);
            if (p != null) {
                return describe(p.getOrigin(), source);
            }
        }
        return "default";
    }

    static String describe(Origin origin, Object source) {
        Origin o = origin;
        while (o != null) {
            if (o instanceof SystemEnvironmentOrigin env) {
                return "environment (" + env.getProperty() + ")";
            }
            if (o instanceof TextResourceOrigin text && text.getResource() != null) {
                String at = text.getLocation() == null ? "" : ":" + (text.getLocation().getLine() + 1);
                String description = text.getResource().getDescription();
                if (description.startsWith("class path resource")) {
                    return "default (packaged application.yml" + at + ")";
                }
                int open = description.indexOf('[');
                int close = description.lastIndexOf(']');
                String file = open >= 0 && close > open ? description.substring(open + 1, close) : description;
                return "config file " + file.replaceFirst("^file:", "") + at;
            }
            if (o instanceof PropertySourceOrigin ps) {
                if (ps.getPropertySource().getName().equals("commandLineArgs")) {
                    return "launcher (ZCCACHE_CACHE_DIR)";
                }
                if (ps.getOrigin() != null && ps.getOrigin() != o) {
                    o = ps.getOrigin(); // the file or variable behind the property source
                    continue;
                }
            }
            o = o.getParent();
        }
        return origin == null ? String.valueOf(source) : origin.toString();
    }

    static String kebab(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('-').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
