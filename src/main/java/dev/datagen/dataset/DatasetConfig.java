package dev.datagen.dataset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.datagen.system.StorageProperties;

@Configuration(proxyBeanMethods = false)
class DatasetConfig {

    @Bean
    DataRoots dataRoots(StorageProperties storage) {
        return new DataRoots(storage.dataRoots());
    }
}
