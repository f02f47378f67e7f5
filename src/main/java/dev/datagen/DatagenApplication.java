package dev.datagen;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DatagenApplication {

    /** JavaCPP's platform extension: "-gpu" picks its CUDA builds, empty its CPU ones. */
    static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    public static void main(String[] args) {
        preferCpuBuilds();
        SpringApplication.run(DatagenApplication.class, args);
    }

    /**
     * With no extension set, JavaCPP also looks for the CUDA libraries OpenCV's GPU builds preload (25 of
     * them: cudart, cuBLAS, cuDNN, NPP...), which the service neither ships nor uses. Each one it cannot find
     * costs a search of every jar on the class path; started as `java -jar`, that is every jar nested in ours,
     * and it cost 1-1.2 s and 120-240 MB of resident memory at start-up (docs/benchmark.md). Set before JavaCPP
     * reads its properties, and only when the operator has not set it.
     */
    static void preferCpuBuilds() {
        if (System.getProperty(JAVACPP_EXTENSION) == null) {
            System.setProperty(JAVACPP_EXTENSION, "");
        }
    }
}
