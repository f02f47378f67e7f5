package dev.datagen.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import dev.datagen.support.Fixtures;

/**
 * Every way a registration can be refused, through the real controller, registrar and database (MockMvc
 * on the full context): each answer is a problem detail naming the part, line and reason, and the
 * registry is left exactly as it was.
 */
@SpringBootTest
@AutoConfigureMockMvc
class RegistrationProblemsTest {

    static Path mnist;
    static Path work;

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        mnist = Fixtures.mnist(300, 100);
        work = Files.createTempDirectory(Fixtures.root(), "problems");
        registry.add("datagen.storage-dir", () -> work.resolve("storage").toString());
        registry.add("datagen.data-roots", () -> Fixtures.root().toString());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:problems;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
    }

    String registryBefore;

    @BeforeEach
    void registerOneGoodDataset() throws Exception {
        if (mvc.perform(get("/api/datasets/kept")).andReturn().getResponse().getStatus() == 404) {
            mvc.perform(form("kept", "train-data", lines("train-data.txt", 20), "train-label", lines("train-label.txt", 20)))
                    .andExpect(status().isCreated());
        }
        registryBefore = mvc.perform(get("/api/datasets")).andReturn().getResponse().getContentAsString();
    }

    private static byte[] lines(String file, int n) throws IOException {
        return (String.join("\n", Files.readAllLines(mnist.resolve(file)).subList(0, n)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MockMultipartHttpServletRequestBuilder form(String name, Object... parts) {
        MockMultipartHttpServletRequestBuilder b = multipart("/api/datasets");
        b.param("name", name);
        if (!List.of(parts).contains("baseDir")) {
            b.param("baseDir", mnist.toString());
        }
        for (int i = 0; i < parts.length; i += 2) {
            if (parts[i + 1] instanceof byte[] bytes) {
                b.file(new MockMultipartFile((String) parts[i], parts[i] + ".txt", "text/plain", bytes));
            } else {
                b.param((String) parts[i], (String) parts[i + 1]);
            }
        }
        return b;
    }

    /** Checks the problem, then that the registry did not change. */
    private ResultActions refused(ResultActions r, int status, String type) throws Exception {
        r.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("/problems/" + type))
                .andExpect(jsonPath("$.detail").isNotEmpty())
                .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("Exception"))))
                .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("dev.datagen"))));
        assertThat(mvc.perform(get("/api/datasets")).andReturn().getResponse().getContentAsString())
                .isEqualTo(registryBefore);
        return r;
    }

    /** Not a refusal: smoothed labels register, and the distribution counts each sample's own class only. */
    @Test
    void smoothedLabelsCountTheirOwnClassInTheDistribution() throws Exception {
        List<String> oneHot = Files.readAllLines(mnist.resolve("train-label.txt")).subList(0, 20);
        long[] expected = new long[10];
        StringBuilder smoothed = new StringBuilder();
        for (String line : oneHot) {
            String[] v = line.strip().split(" ");
            for (int k = 0; k < v.length; k++) {
                expected[k] += v[k].equals("1") ? 1 : 0;
                smoothed.append(k == 0 ? "" : " ").append(v[k].equals("1") ? "0.91" : "0.01");
            }
            smoothed.append('\n');
        }
        mvc.perform(form("smoothed", "train-data", lines("train-data.txt", 20), "train-label", text(smoothed.toString())))
                .andExpect(status().isCreated());
        String body = mvc.perform(get("/api/datasets/smoothed")).andReturn().getResponse().getContentAsString();
        tools.jackson.databind.JsonNode d = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
        long[] counted = new long[10];
        for (int k = 0; k < 10; k++) {
            counted[k] = d.at("/splits/train/distribution/label/" + k).asLong();
        }
        assertThat(counted).isEqualTo(expected);
        mvc.perform(delete("/api/datasets/smoothed")).andExpect(status().isNoContent());
    }

    @Test
    void dataAndLabelFilesOfDifferentLengths() throws Exception {
        refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 20), "train-label", lines("train-label.txt", 19))),
                400, "invalid-list-file")
                .andExpect(jsonPath("$.part").value("train-label"))
                .andExpect(jsonPath("$.line").value(20))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("19 lines")));
    }

    @Test
    void anEmptyFile() throws Exception {
        refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 5), "train-label", new byte[0])),
                400, "invalid-list-file")
                .andExpect(jsonPath("$.part").value("train-label"))
                .andExpect(jsonPath("$.reason").value("the file is empty"));
    }

    @Test
    void aLabelLineWiderThanTheFirst() throws Exception {
        refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 3),
                "train-label", text("0 1 0\n1 0 0\n0 0 1 0\n"))), 400, "invalid-list-file")
                .andExpect(jsonPath("$.line").value(3))
                .andExpect(jsonPath("$.reason").value(Matchers.containsString("4 values")));
    }

    @Test
    void aNonNumericNanOrInfiniteValue() throws Exception {
        for (String bad : List.of("zero", "NaN", "Infinity", "1e40")) {
            refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 2),
                    "train-label", text("0 1\n1 " + bad + "\n"))), 400, "invalid-list-file")
                    .andExpect(jsonPath("$.part").value("train-label"))
                    .andExpect(jsonPath("$.line").value(2));
        }
    }

    @Test
    void aCategoricalOutputWhoseLineIsNotOneHot() throws Exception {
        refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 3), "train-label", text("0 1\n1 1\n1 0\n"),
                "spec", "{\"outputs\": {\"label\": {\"kind\": \"categorical\"}}}")), 400, "invalid-list-file")
                .andExpect(jsonPath("$.line").value(2))
                .andExpect(jsonPath("$.reason").value(Matchers.containsString("not one-hot")));
    }

    @Test
    void anImageThatDoesNotExist() throws Exception {
        refused(mvc.perform(form("a", "train-data", text("train/00000.png\ntrain/missing.png\n"),
                "train-label", text("0 1\n1 0\n"))), 400, "invalid-image")
                .andExpect(jsonPath("$.line").value(2))
                .andExpect(jsonPath("$.reason").value(Matchers.containsString("does not exist")));
    }

    @Test
    void aFileThatIsNotAReadableImage() throws Exception {
        Path fake = Files.writeString(mnist.resolve("not-an-image.png"), "hello");
        refused(mvc.perform(form("a", "train-data", text("train/00000.png\n" + fake.getFileName() + "\n"),
                "train-label", text("0 1\n1 0\n"))), 400, "invalid-image")
                .andExpect(jsonPath("$.line").value(2));
    }

    @Test
    void pathsOutsideTheDataRoots() throws Exception {
        Path outside = Files.createTempFile("outside", ".png");
        Files.copy(mnist.resolve("train/00000.png"), outside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path link = mnist.resolve("escape-link.png");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        for (String hostile : List.of("../../../../../../etc/passwd", "/etc/passwd", outside.toString(), "escape-link.png")) {
            refused(mvc.perform(form("a", "train-data", text("train/00000.png\n" + hostile + "\n"),
                    "train-label", text("0 1\n1 0\n"))), 400, "path-not-allowed")
                    .andExpect(jsonPath("$.line").value(2));
        }
        refused(mvc.perform(form("a", "baseDir", "/etc", "train-data", text("passwd\n"), "train-label", text("1\n"))),
                400, "path-not-allowed").andExpect(jsonPath("$.part").value("baseDir"));
    }

    @Test
    void inputAndOutputNamesThatClash() throws Exception {
        refused(mvc.perform(form("a", "train-data.x", lines("train-data.txt", 2), "train-label.x", lines("train-label.txt", 2))),
                400, "invalid-name");
    }

    @Test
    void badDatasetNames() throws Exception {
        for (String bad : List.of("", "Upper", "-dash", "a/b", "a b", "x".repeat(65), "nul\u0000")) {
            refused(mvc.perform(form(bad, "train-data", lines("train-data.txt", 2), "train-label", lines("train-label.txt", 2))),
                    400, "invalid-name").andExpect(jsonPath("$.part").value("name"));
        }
    }

    @Test
    void aTakenNameIsAConflict() throws Exception {
        refused(mvc.perform(form("kept", "train-data", lines("train-data.txt", 2), "train-label", lines("train-label.txt", 2))),
                409, "name-taken");
    }

    @Test
    void aSpecThatIsNotJsonOrNamesUnknownInputs() throws Exception {
        refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 2), "train-label", lines("train-label.txt", 2),
                "spec", "{\"inputs\": ")), 400, "invalid-spec").andExpect(jsonPath("$.part").value("spec"));
        refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 2), "train-label", lines("train-label.txt", 2),
                "spec", "{\"inputs\": {\"photo\": {\"size\": [8, 8]}}}")), 400, "invalid-spec")
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("photo")));
        refused(mvc.perform(form("a", "train-data", lines("train-data.txt", 2), "train-label", lines("train-label.txt", 2),
                "spec", "[".repeat(10_000) + "]".repeat(10_000))), 400, "invalid-spec");
    }

    @Test
    void anImageWithOtherChannelsThanTheFirst() throws Exception {
        Path rgb = mnist.resolve("rgb-digit.png");
        var codec = new dev.datagen.image.ImageCodec(1_000_000);
        byte[] px = codec.decode(mnist.resolve("train/00000.png"),
                dev.datagen.image.PixelFormat.image(28, 28, dev.datagen.image.ColorMode.RGB));
        Files.write(rgb, dev.datagen.image.Png.encode(px, 28, 28, 3));
        refused(mvc.perform(form("a", "train-data", text("train/00000.png\nrgb-digit.png\n"), "train-label", text("0 1\n1 0\n"))),
                400, "invalid-image")
                .andExpect(jsonPath("$.line").value(2))
                .andExpect(jsonPath("$.reason").value(Matchers.containsString("channel")));
        // with a declared color the same files are converted and accepted
        mvc.perform(form("rgb-converted", "train-data", text("train/00000.png\nrgb-digit.png\n"), "train-label", text("0 1\n1 0\n"),
                "spec", "{\"inputs\": {\"image\": {\"color\": \"grayscale\"}}}")).andExpect(status().isCreated());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/datasets/rgb-converted"))
                .andExpect(status().isNoContent());
    }

    @Test
    void anUnknownPartAndAMissingTrainSplit() throws Exception {
        refused(mvc.perform(form("a", "training-images", lines("train-data.txt", 2))), 400, "invalid-request");
        refused(mvc.perform(form("a", "test-data", lines("test-data.txt", 2), "test-label", lines("test-label.txt", 2))),
                400, "invalid-request");
    }

    @Test
    void directoryRegistrationOutsideTheRootsOrWithDifferentClasses() throws Exception {
        refused(mvc.perform(post("/api/datasets/from-directory").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"d\", \"splits\": {\"train\": \"/etc\"}}")), 400, "path-not-allowed");
        Path tree = Files.createTempDirectory(Fixtures.root(), "tree");
        Files.createDirectories(tree.resolve("train/cat"));
        Files.createDirectories(tree.resolve("test/dog"));
        Files.copy(mnist.resolve("train/00000.png"), tree.resolve("train/cat/a.png"));
        Files.copy(mnist.resolve("train/00001.png"), tree.resolve("test/dog/a.png"));
        refused(mvc.perform(post("/api/datasets/from-directory").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"d\", \"splits\": {\"train\": \"" + tree.resolve("train") + "\", \"test\": \""
                        + tree.resolve("test") + "\"}}")), 400, "invalid-request")
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("differ")));
    }

    @Test
    void aClassFolderProblemNamesTheImageByItsPathUnderTheDataRootAndNoLine() throws Exception {
        Path tree = Files.createTempDirectory(Fixtures.root(), "tree");
        Files.createDirectories(tree.resolve("train/cat"));
        Files.createDirectories(tree.resolve("train/dog"));
        BufferedImage digit = ImageIO.read(mnist.resolve("train/00000.png").toFile());
        BufferedImage rgb = new BufferedImage(digit.getWidth(), digit.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(digit, 0, 0, null);
        ImageIO.write(rgb, "png", tree.resolve("train/cat/a.png").toFile());
        Files.copy(mnist.resolve("train/00001.png"), tree.resolve("train/dog/d.png")); // one channel
        String under = Fixtures.root().toRealPath().relativize(tree.toRealPath()) + "/train/dog/";
        String body = "{\"name\": \"d\", \"splits\": {\"train\": \"" + tree.resolve("train") + "\"}}";
        refused(mvc.perform(post("/api/datasets/from-directory").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "invalid-image")
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("image '" + under + "d.png' has 1 channel(s)")))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("for class folders")))
                .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("line"))))
                .andExpect(jsonPath("$.line").doesNotExist());
        Files.write(tree.resolve("train/dog/broken.png"), text("not an image"));
        refused(mvc.perform(post("/api/datasets/from-directory").contentType(MediaType.APPLICATION_JSON).content(body)),
                400, "invalid-image")
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("image '" + under + "broken.png'")));
    }

    @Test
    void aClassFolderRegistrationsSizeIsRefusedAsItsOwnFieldNotAsASpec() throws Exception {
        Path tree = Files.createTempDirectory(Fixtures.root(), "sized");
        Files.createDirectories(tree.resolve("train/cat"));
        Files.copy(mnist.resolve("train/00000.png"), tree.resolve("train/cat/a.png"));
        refused(mvc.perform(post("/api/datasets/from-directory").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"d\", \"splits\": {\"train\": \"" + tree.resolve("train") + "\"}, \"size\": [0, 32]}")),
                400, "invalid-request")
                .andExpect(jsonPath("$.part").value("size"))
                .andExpect(jsonPath("$.detail").value(Matchers.startsWith("size: must be [height, width]")))
                .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("spec"))));
    }

    @org.junit.jupiter.api.Test
    void everyProblemTypeIsExplainedAtItsAddressAndAnUnknownOneIsNotFound() throws Exception {
        for (dev.datagen.problem.ProblemType type : dev.datagen.problem.ProblemType.values()) {
            String page = mvc.perform(get(type.type().toString()).accept(org.springframework.http.MediaType.TEXT_HTML))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            org.assertj.core.api.Assertions.assertThat(page).contains("<h1>" + org.springframework.web.util.HtmlUtils
                    .htmlEscape(type.title()) + "</h1>").contains(">" + type.status().value() + "<");
        }
        // a browser gets a page, not problem JSON it would show as text
        mvc.perform(get("/problems/no-such-problem").accept(org.springframework.http.MediaType.TEXT_HTML))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(org.springframework.http.MediaType.TEXT_HTML))
                .andExpect(content().string(Matchers.containsString("There is no problem type named")));
    }
}
