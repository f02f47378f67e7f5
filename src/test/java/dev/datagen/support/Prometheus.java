package dev.datagen.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of {@code /actuator/prometheus} (text format), read back as series name + labels -> value. */
public final class Prometheus {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    public Prometheus(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            samples.add(new Sample(m.group(1), labels(m.group(2)), Double.parseDouble(m.group(3))));
        }
    }

    /**
     * The value of the one series of this name whose labels include these (others, such as common tags, may
     * be there too), or 0 when there is none: a counter not yet incremented with these tags.
     */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new AssertionError("more than one series matches " + name + " " + pairs(labels) + ": " + found);
        }
        return found.isEmpty() ? 0.0 : found.get(0).value();
    }

    public boolean has(String name, String... labels) {
        return !find(name, labels).isEmpty();
    }

    /** A scrape of the service at {@code http}. */
    public static Prometheus scrape(Http http) {
        HttpResponse<byte[]> r = http.get("/actuator/prometheus", "text/plain");
        if (r.statusCode() != 200) {
            throw new AssertionError("/actuator/prometheus answered " + r.statusCode() + ": " + Http.text(r));
        }
        return new Prometheus(Http.text(r));
    }

    private List<Sample> find(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet()))
                .toList();
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        if (text != null) {
            Matcher m = LABEL.matcher(text);
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
        }
        return labels;
    }

    private static Map<String, String> pairs(String... labels) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return map;
    }

}
