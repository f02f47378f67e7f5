package dev.datagen;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.datagen.dataset.DataRoots;
import dev.datagen.image.ImageCodec;

/**
 * Adds {@code datagen} to {@code /actuator/info}: how many datasets and generators are registered, how many
 * data roots are configured, and which library decodes JPEGs. Version and commit come from build-info and
 * git.properties, which the build writes and Boot shows on its own.
 */
@Component
class DatagenInfoContributor implements InfoContributor {

    private final JdbcClient jdbc;
    private final DataRoots roots;
    private final ImageCodec codec;

    DatagenInfoContributor(JdbcClient jdbc, DataRoots roots, ImageCodec codec) {
        this.jdbc = jdbc;
        this.roots = roots;
        this.codec = codec;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> d = new LinkedHashMap<>();
        try {
            // counts straight from the registry: loading every descriptor just to count them would be wasteful
            d.put("datasets", jdbc.sql("SELECT COUNT(*) FROM dataset WHERE deleted_at IS NULL").query(Long.class).single());
            d.put("generators", jdbc.sql("SELECT COUNT(*) FROM generator").query(Long.class).single());
        } catch (DataAccessException e) {
            // info must answer even when the registry is down; health says why
            d.put("registry", "unavailable");
        }
        d.put("dataRoots", roots.roots().size());
        // replicas serve identical bytes with either decoder; the one in use tells an operator the speed to expect
        d.put("jpegDecoder", codec.jpegDecoder());
        builder.withDetail("datagen", d);
    }
}
