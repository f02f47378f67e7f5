package dev.datagen.image;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


@Configuration(proxyBeanMethods = false)
class ImageConfig {

    private static final Logger log = LoggerFactory.getLogger(ImageConfig.class);

    @Bean
    ImageCodec imageCodec(ImageLimits limits, ImageProperties properties) {
        ImageCodec codec = new ImageCodec(limits.maxImagePixels(), properties.turboJpeg());
        if (properties.turboJpeg() && "opencv".equals(codec.jpegDecoder())) {
            log.info("{} is not installed: JPEGs decode with OpenCV (the same pixels, decode + resize at about half "
                    + "the speed; Debian: apt-get install libturbojpeg0)", TurboJpeg.LIBRARY);
        } else {
            log.info("JPEGs decode with {}", codec.jpegDecoder());
        }
        return codec;
    }

    @Bean(destroyMethod = "close")
    WorkerPool workerPool(ImageProperties properties) {
        return new WorkerPool(properties.effectiveThreads());
    }
}
