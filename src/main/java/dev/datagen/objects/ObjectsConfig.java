package dev.datagen.objects;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3Properties.class)
class ObjectsConfig {

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(S3Properties settings) {
        return new ObjectStore(settings);
    }
}
