package dev.datagen.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The requests a server test makes again and again: registering list files, creating a generator, and
 * expecting a refusal with its problem. Python scripts reach the same service at {@link #url()} with the
 * helpers in {@link #PYTHON}.
 */
public record Served(Http http) {

    /** Python helpers for a test script whose first argument is the service's URL. */
    public static final String PYTHON = """
            import io, json, sys, urllib.request
            import numpy as np
            BASE = sys.argv[1]
            def post(path, body):
                r = urllib.request.Request(BASE + path, data=json.dumps(body).encode(),
                                           headers={"Content-Type": "application/json"})
                return json.load(urllib.request.urlopen(r))
            def get(path, accept="application/json"):
                return urllib.request.urlopen(urllib.request.Request(BASE + path, headers={"Accept": accept})).read()
            def generator(dataset, body):
                return post("/api/datasets/%s/generators" % dataset, body)
            def npz(gid, epoch, index, query=""):
                return np.load(io.BytesIO(get("/api/generators/%s/epochs/%d/batches/%d%s" % (gid, epoch, index, query),
                                              "application/x-npz")))
            def view(gid, epoch, index, query=""):
                return json.loads(get("/api/generators/%s/epochs/%d/batches/%d%s" % (gid, epoch, index, query)))
            """;

    public String url() {
        return http.base();
    }

    /** Registers list files under {@code baseDir}: {@code parts} alternate form field and file name. */
    public JsonNode register(String name, Path baseDir, String spec, String... parts) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("baseDir", baseDir.toString());
        for (int i = 0; i < parts.length; i += 2) {
            form.put(parts[i], baseDir.resolve(parts[i + 1]));
        }
        if (spec != null) {
            form.put("spec", spec);
        }
        HttpResponse<byte[]> r = http.multipart("/api/datasets", form);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
        return Http.json(r);
    }

    public JsonNode generator(String dataset, String json) {
        HttpResponse<byte[]> r = http.postJson("/api/datasets/" + dataset + "/generators", json);
        assertThat(r.statusCode()).as(Http.text(r)).isEqualTo(201);
        return Http.json(r);
    }

    /** A generator request the service must refuse with 400, naming {@code field}; the problem. */
    public JsonNode refused(String dataset, String json, String field) {
        HttpResponse<byte[]> r = http.postJson("/api/datasets/" + dataset + "/generators", json);
        assertThat(r.statusCode()).as(json + " -> " + Http.text(r)).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(r);
        assertThat(problem.path("field").asString()).as(json + " -> " + Http.text(r)).isEqualTo(field);
        return problem;
    }
}
