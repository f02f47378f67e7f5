package dev.datagen.image;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The image pipeline.
 *
 * @param threads   threads that decode, resize and augment; 0 means one per core
 * @param turboJpeg decode JPEGs with the system's libjpeg-turbo (Debian: {@code libturbojpeg0}) when it is
 *                  installed: the same pixels as OpenCV, decode + resize about twice as fast; OpenCV otherwise
 */
@Validated
@ConfigurationProperties("datagen.image")
record ImageProperties(@Min(0) @DefaultValue("0") int threads, @DefaultValue("true") boolean turboJpeg) {

    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
