package dev.datagen.dataset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


@Configuration(proxyBeanMethods = false)
class DatasetConfig {

    @Bean
    DataRoots dataRoots(DataRootsProperties storage) {
        return new DataRoots(storage.dataRoots());
    }
}
