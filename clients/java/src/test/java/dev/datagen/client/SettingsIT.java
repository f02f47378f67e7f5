package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.datagen.client.GeneratorSettings.DType;
import dev.datagen.client.GeneratorSettings.Subset;

/** Crop, normalize, MixUp / CutMix, sampling and validation subsets against the live service. */
@ExtendWith(LiveService.Resolver.class)
class SettingsIT {

    private DataGenClient client;
    private String mnist;
    private List<float[]> labels;

    @BeforeEach
    void setUp(LiveService service) throws java.io.IOException {
        this.client = service.client;
        this.mnist = service.mnist().name();
        this.labels = Arrays2.labels(service.data.resolve("test-label.txt"));
    }

    /** The settings as sent, and as the service describes them with the defaults it filled in left out. */
    private void assertDescribedAsSent(GeneratorSettings sent) {
        GeneratorSettings described = client.generator(client.createGenerator(mnist, sent).id()).settings();
        SettingsFields f = new SettingsFields(described);
        f.shuffle = sent.shuffle();
        f.dropLast = sent.dropLast();
        f.dtype = sent.dtype();
        f.layout = sent.layout();
        f.numShards = sent.numShards();
        f.onError = sent.onError();
        f.splitSeed = sent.splitSeed();
        assertEquals(sent, f.build());
    }

    @Test
    void theNewSettingsAreSentAndDescribedBack() {
        GeneratorSettings base = GeneratorSettings.of("test").batchSize(16).seed(3);
        assertDescribedAsSent(base.rescale(1 / 255.0).normalize(new Normalize(List.of(0.1307), List.of(0.3081)))
                .crop(Crop.randomResized(0.08, 1.0, 0.75, 1.3333)).mixup(0.2));
        assertDescribedAsSent(base.crop(Crop.center(0.875)).cutmix(1.0));
        assertDescribedAsSent(base.crop(Crop.pad()));
        assertDescribedAsSent(base.sampling(Sampling.balanced("label").epochSamples(500)));
        assertDescribedAsSent(base.sampling(Sampling.weighted("label",
                List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 5.0)).epochSamples(300)));
        assertDescribedAsSent(base.validationSplit(0.2).subset(Subset.VALIDATION).splitSeed(4).stratify(true));
        GeneratorInfo balanced = client.createGenerator(mnist, base.sampling(Sampling.balanced("label").epochSamples(500)));
        assertEquals(500, balanced.samplesPerEpoch());
    }

    @Test
    void mixupBlendsEachLabelWithItsPartnersByLambda() {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(10).seed(7).mixup(0.4));
        BatchSummary s = client.batchSummary(g.id(), 0, 0, null);
        BatchSummary.Mixed mix = s.mix();
        assertEquals("mixup", mix.kind());
        assertTrue(mix.lambda() > 0 && mix.lambda() < 1, "lambda " + mix.lambda());
        for (int i = 0; i < 10; i++) {
            BatchSummary.MixedSample m = mix.samples().get(i);
            assertEquals(9 - i, m.partner());
            assertEquals(s.indices()[m.partner()], m.partnerSample());
            float[] own = labels.get(s.indices()[i]);
            float[] partner = labels.get(m.partnerSample());
            float[] expected = new float[10];
            for (int c = 0; c < 10; c++) {
                expected[c] = (float) (m.lambda() * own[c] + (1 - m.lambda()) * partner[c]);
            }
            assertArrayEquals(expected, s.labels().get("label")[i], 1e-6f, "sample " + i);
        }
        GeneratorInfo cut = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(10).seed(7).cutmix(1.0));
        BatchSummary.Mixed box = client.batchSummary(cut.id(), 0, 0, null).mix();
        assertEquals("cutmix", box.kind());
        assertEquals(4, box.box().length);
        assertNull(client.batchSummary(client.createGenerator(mnist, GeneratorSettings.of("test")).id(), 0, 0, null).mix());
    }

    @Test
    void trainingAndValidationSubsetsDivideTheSplit() {
        Set<Integer> training = subset(Subset.TRAINING);
        Set<Integer> validation = subset(Subset.VALIDATION);
        assertEquals(200, validation.size());
        assertTrue(training.stream().noneMatch(validation::contains), "the subsets share samples");
        assertEquals(1000, training.size() + validation.size());
    }

    private Set<Integer> subset(Subset side) {
        GeneratorInfo g = client.createGenerator(mnist, GeneratorSettings.of("test").batchSize(100).seed(1)
                .validationSplit(0.2).subset(side).splitSeed(9).stratify(true));
        assertEquals(side, g.subset().name());
        assertEquals(g.samplesPerEpoch(), g.subset().samples());
        assertEquals("label", g.subset().output());
        Set<Integer> samples = new HashSet<>();
        long[] counts = new long[10];
        for (long b = 0; b < g.batchesPerEpoch(); b++) {
            for (int i : client.batchSummary(g.id(), 0, b, null).indices()) {
                samples.add(i);
                float[] label = labels.get(i);
                counts[argMax(label)]++;
            }
        }
        assertEquals(g.subset().samples(), samples.size());
        assertArrayEquals(g.subset().distribution(), counts);
        return samples;
    }

    /** The index of the largest value of a one-hot row. */
    private static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        return best;
    }

    @Test
    void invalidNewSettingsAreRefusedNamingTheField() {
        for (var c : List.of(
                new Object[] {GeneratorSettings.of("test").dtype(DType.UINT8).normalize(new Normalize(List.of(0.5),
                        List.of(0.5))), "normalize"},
                new Object[] {GeneratorSettings.of("test").crop(Crop.center(1.5)), "crop.fraction"},
                new Object[] {GeneratorSettings.of("test").mixup(0), "mixup.alpha"},
                new Object[] {GeneratorSettings.of("test").validationSplit(0.2), "subset"})) {
            DataGenException e = assertThrows(DataGenException.class,
                    () -> client.createGenerator(mnist, (GeneratorSettings) c[0]));
            assertEquals(400, e.status());
            assertEquals("/problems/invalid-generator", e.type());
            assertEquals(c[1], e.properties().get("field"), e.detail());
        }
    }
}
