package dev.datagen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

import dev.datagen.dataset.DataRoots;
import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetCatalog;
import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.DatasetDescriptor.SplitInfo;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.dataset.MaskEncoding;
import dev.datagen.dataset.OutputKind;
import dev.datagen.dataset.SampleRow;
import dev.datagen.generator.GeneratorService;
import dev.datagen.image.ColorMode;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.security.SecurityProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The dashboard's pages rendered by Thymeleaf, with the registry mocked. */
@WebMvcTest(controllers = {HomeController.class, DatasetPageController.class, RegisterController.class,
    ThroughputController.class})
@EnableConfigurationProperties(SecurityProperties.class)
class DashboardPagesTest {

    static final String SCRIPT = "<script>alert('x')</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String QUOTE = "\" onmouseover=\"alert(2)";

    @TestConfiguration
    static class Meters {
        @Bean
        DatagenMetrics datagenMetrics() {
            return new DatagenMetrics(new SimpleMeterRegistry());
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    DatagenMetrics metrics;
    @MockitoBean
    DatasetCatalog catalog;
    @MockitoBean
    DatasetRepository repository;
    @MockitoBean
    GeneratorService generators;
    @MockitoBean
    DemoInstaller demo;
    @MockitoBean
    DataRoots roots;

    @org.junit.jupiter.api.BeforeEach
    void noGenerators() {
        given(generators.findByDataset(anyString(), anyLong(), anyInt())).willReturn(new GeneratorService.Page<>(List.of(), 0));
    }

    /** A dataset of {@code n} samples whose class k is held by samples with index % 3 == k. */
    static Dataset dataset(String name, List<String> classNames, int n) {
        long[] counts = new long[3];
        for (int i = 0; i < n; i++) {
            counts[i % 3]++;
        }
        return new Dataset(7, "uid-7", name, "/data/" + name, Instant.parse("2026-01-01T00:00:00Z"),
                new DatasetDescriptor(List.of(new InputInfo("image", 28, 28, ColorMode.GRAYSCALE, 1, null)),
                        List.of(new OutputInfo("label", OutputKind.CATEGORICAL, 3, null, null, null, classNames)),
                        Map.of("train", new SplitInfo(n, Map.of("label", counts)))));
    }

    void samplesOf(int classes) {
        given(repository.findSamples(anyLong(), anyString(), any())).willAnswer(call -> {
            List<SampleRow> rows = new ArrayList<>();
            for (int i : (int[]) call.getArgument(2)) {
                float[] oneHot = new float[classes];
                oneHot[i % classes] = 1;
                rows.add(new SampleRow(i, new String[] {"/data/" + i + ".png"}, oneHot));
            }
            return Optional.of(rows);
        });
    }

    String html(org.springframework.test.web.servlet.RequestBuilder request, HttpStatus expected) throws Exception {
        return mvc.perform(request).andExpect(status().is(expected.value())).andReturn().getResponse()
                .getContentAsString();
    }

    @Test
    void homeEscapesHostileDatasetAndFieldNames() throws Exception {
        Dataset hostile = new Dataset(1, "u", SCRIPT, "/data", Instant.now(), new DatasetDescriptor(
                List.of(new InputInfo(IMG, 28, 28, ColorMode.RGB, 3, null)),
                List.of(new OutputInfo(QUOTE, OutputKind.MASK, 2, MaskEncoding.IDS, 28, 28, null)),
                Map.of("train", new SplitInfo(1, Map.of()))));
        given(catalog.page(anyLong(), anyInt())).willReturn(List.of(hostile));

        String page = html(get("/"), HttpStatus.OK);

        assertThat(page).doesNotContain(SCRIPT).doesNotContain(IMG).doesNotContain(QUOTE);
        assertThat(page).contains(HtmlUtils.htmlEscape(SCRIPT)).contains(HtmlUtils.htmlEscape(IMG));
        // the link to the dataset page encodes the name as a path segment
        assertThat(page).contains("href=\"/datasets/%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E\"");
        // no inline script at all: the page's CSP can forbid it
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find()).isFalse();
    }

    @Test
    void emptyRegistryOffersTheDemoAndAFullOneDoesNot() throws Exception {
        given(catalog.page(anyLong(), anyInt())).willReturn(List.of());
        assertThat(html(get("/"), HttpStatus.OK)).contains("id=\"demo-button\"").contains("action=\"/dashboard/demo\"");
        given(catalog.page(anyLong(), anyInt())).willReturn(List.of(dataset("mnist", null, 3)));
        assertThat(html(get("/"), HttpStatus.OK)).doesNotContain("demo-button").contains(">mnist</a>");
    }

    @Test
    void theTrainersPanelClaimsNothingBeforeItsFirstAnswer() throws Exception {
        // the page is rendered without asking who reads; the panel's script says it after its first poll
        given(catalog.page(anyLong(), anyInt())).willReturn(List.of(dataset("mnist", null, 3)));
        assertThat(html(get("/"), HttpStatus.OK)).contains("id=\"trainers-status\"")
                .contains("Looking for trainers").doesNotContain("No trainer has read");
    }

    @Test
    void demoPostRedirectsHomeOnSuccessAndShowsTheRefusalOtherwise() throws Exception {
        given(demo.install()).willReturn(new DemoInstaller.Installed(List.of("demo-digits"), "g", Path.of("/d")));
        mvc.perform(post("/dashboard/demo")).andExpect(status().isFound()).andExpect(redirectedUrl("/?demo=installed"));
        assertThat(html(get("/?demo=installed"), HttpStatus.OK)).contains("The demo is installed");
        assertThat(html(get("/").param("demo", SCRIPT), HttpStatus.OK)).doesNotContain("The demo is installed")
                .doesNotContain(SCRIPT);

        given(catalog.page(anyLong(), anyInt())).willReturn(List.of(dataset("mnist", null, 3)));
        given(demo.install()).willThrow(new DemoInstaller.DemoException(HttpStatus.CONFLICT,
                "The demo is only installed into an empty registry; <b>x</b>"));
        String refused = html(post("/dashboard/demo"), HttpStatus.CONFLICT);
        assertThat(refused).contains("only installed into an empty registry; &lt;b&gt;x&lt;/b&gt;");
    }

    @Test
    void datasetPageEscapesHostileClassNamesInLabelsChartDataAndTables() throws Exception {
        given(catalog.find("mnist")).willReturn(Optional.of(dataset("mnist", List.of(SCRIPT, IMG, QUOTE), 5)));
        samplesOf(3);

        String page = html(get("/datasets/mnist"), HttpStatus.OK);

        assertThat(page).doesNotContain(SCRIPT).doesNotContain(IMG).doesNotContain(QUOTE);
        // labels: the class index and the (escaped) name
        assertThat(page).contains(">0 (" + HtmlUtils.htmlEscape(SCRIPT) + ")</dd>");
        assertThat(page).contains(">1 (" + HtmlUtils.htmlEscape(IMG) + ")</dd>");
        // the chart's JSON sits in an attribute, escaped; decoding it gives back the exact names
        Matcher classes = Pattern.compile("data-classes=\"([^\"]*)\"").matcher(page);
        assertThat(classes.find()).isTrue();
        String json = HtmlUtils.htmlUnescape(classes.group(1));
        assertThat(json).isEqualTo("[\"0 (<script>alert('x')</script>)\",\"1 (<img src=x onerror=alert(1)>)\","
                + "\"2 (\\\" onmouseover=\\\"alert(2))\"]");
        assertThat(page).contains("data-counts=\"[2,2,1]\"");
    }

    @Test
    void datasetPageShowsOnePageOfSamplesWithLabelsByIndexAndName() throws Exception {
        given(catalog.find("mnist")).willReturn(Optional.of(dataset("mnist", List.of("zero", "one", "two"), 30)));
        samplesOf(3);

        String first = html(get("/datasets/mnist"), HttpStatus.OK);
        assertThat(count(first, "<li class=\"sample\"")).isEqualTo(DatasetPageController.PAGE_SIZE);
        assertThat(first).contains("data-index=\"0\"").contains("data-index=\"23\"").doesNotContain("data-index=\"24\"");
        assertThat(first).contains("src=\"/api/datasets/mnist/splits/train/samples/4/image\"");
        assertThat(first).contains("data-output=\"label\">1 (one)</dd>");
        assertThat(first).contains("train samples 0 to 23 of 30").contains("id=\"next-page\"")
                .doesNotContain("id=\"previous-page\"");

        String second = html(get("/datasets/mnist?split=train&page=2"), HttpStatus.OK);
        assertThat(count(second, "<li class=\"sample\"")).isEqualTo(6);
        assertThat(second).contains("data-index=\"29\"").contains("train samples 24 to 29 of 30")
                .contains("id=\"previous-page\"").doesNotContain("id=\"next-page\"");

        // out-of-range and malformed pages land on the nearest real page
        assertThat(html(get("/datasets/mnist?page=99"), HttpStatus.OK)).contains("samples 24 to 29 of 30");
        assertThat(html(get("/datasets/mnist?page=abc"), HttpStatus.OK)).contains("samples 0 to 23 of 30");

        // a sample asked for by index is marked on its page, and one the split lacks says so
        String marked = html(get("/datasets/mnist?sample=25"), HttpStatus.OK);
        assertThat(marked).contains("samples 24 to 29 of 30").contains("class=\"sample marked\"")
                .doesNotContain("id=\"missing-sample\"");
        assertThat(html(get("/datasets/mnist?split=train&sample=30"), HttpStatus.OK))
                .contains("There is no sample &#39;30&#39; in split train: its samples are 0 to 29.")
                .contains("samples 0 to 23 of 30");
    }

    @Test
    void classNamesThatAreJustTheIndexAreNotRepeated() throws Exception {
        given(catalog.find("folders")).willReturn(Optional.of(dataset("folders", List.of("0", "1", "2"), 3)));
        samplesOf(3);
        String page = html(get("/datasets/folders"), HttpStatus.OK);
        assertThat(page).contains("data-output=\"label\">2</dd>").contains("data-classes=\"[&quot;0&quot;,");
    }

    @Test
    void unknownDatasetsAndSplitsAreNotFoundPagesThatEscapeTheName() throws Exception {
        given(catalog.find(anyString())).willReturn(Optional.empty());
        String missing = html(get("/datasets/{name}", IMG), HttpStatus.NOT_FOUND);
        assertThat(missing).contains("No dataset is named").doesNotContain(IMG).contains(HtmlUtils.htmlEscape(IMG));

        given(catalog.find("mnist")).willReturn(Optional.of(dataset("mnist", null, 3)));
        String split = html(get("/datasets/mnist").param("split", IMG), HttpStatus.NOT_FOUND);
        assertThat(split).contains("has no split").doesNotContain(IMG);
    }

    @Test
    void registerPageHasLabelledFieldsWithErrorSlotsForEveryPart() throws Exception {
        given(roots.roots()).willReturn(List.of("/data"));
        String page = html(get("/register"), HttpStatus.OK);
        for (String part : List.of("name", "baseDir", "train-data", "train-label", "test-data", "test-label", "spec")) {
            assertThat(page).contains("data-part=\"" + part + "\"").contains("for=\"list-" + part + "\"")
                    .contains("id=\"list-" + part + "-error\"");
        }
        for (String part : List.of("splits.train", "splits.test", "size", "color")) {
            assertThat(page).contains("data-part=\"" + part + "\"");
        }
        assertThat(page).contains("<option value=\"/data\">");
    }

    @Test
    void throughputJsonHasTheRecentServedCountsAndFiltersGeneratorsByDataset() throws Exception {
        metrics.batchServed("mnist", "g-1", "npz", 32, 1000);
        metrics.batchServed("pairs", "g-2", "npz", 16, 500);
        metrics.cacheHit();
        metrics.cacheMiss();
        mvc.perform(get("/dashboard/api/throughput?dataset=pairs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.global.lastFiveMinutes.samples").value(48))
                .andExpect(jsonPath("$.global.lastFiveMinutes.bytes").value(1500))
                .andExpect(jsonPath("$.generators.length()").value(1))
                .andExpect(jsonPath("$.generators[0].generatorId").value("g-2"))
                .andExpect(jsonPath("$.generators[0].stats.lastFiveMinutes.batches").value(1))
                .andExpect(jsonPath("$.cacheHitRatio").value(0.5))
                .andExpect(jsonPath("$.series.samplesPerSecond.length()").value(60));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
