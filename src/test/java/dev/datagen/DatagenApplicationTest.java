package dev.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service asks JavaCPP for its CPU builds only, unless the operator chose an extension. */
class DatagenApplicationTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(DatagenApplication.JAVACPP_EXTENSION);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(DatagenApplication.JAVACPP_EXTENSION);
        } else {
            System.setProperty(DatagenApplication.JAVACPP_EXTENSION, before);
        }
    }

    @Test
    void withNoExtensionSetJavaCppIsToldThereIsNone() {
        System.clearProperty(DatagenApplication.JAVACPP_EXTENSION);
        DatagenApplication.preferCpuBuilds();
        assertThat(System.getProperty(DatagenApplication.JAVACPP_EXTENSION)).isEmpty();
    }

    @Test
    void anExtensionTheOperatorChoseIsKept() {
        System.setProperty(DatagenApplication.JAVACPP_EXTENSION, "-gpu");
        DatagenApplication.preferCpuBuilds();
        assertThat(System.getProperty(DatagenApplication.JAVACPP_EXTENSION)).isEqualTo("-gpu");
    }
}
