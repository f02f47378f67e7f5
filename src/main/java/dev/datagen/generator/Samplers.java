package dev.datagen.generator;

import java.util.Arrays;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetDescriptor;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.sampling.ClassMembers;
import dev.datagen.sampling.Sampler;
import dev.datagen.sampling.Subset;

/**
 * The {@link Sampler} of each generator: which samples an epoch visits. Uniform sampling over a whole split
 * needs nothing but its size; a validation split and sampling by class need the class or membership of every
 * sample (four bytes each), read once from the registry and kept in a cache bounded by an eighth of the heap,
 * from which they can be read again at any time.
 */
@Component
class Samplers {

    /** What one generator's epochs draw from. */
    record Built(Sampler sampler, int[] members, long[] subsetCounts) {
    }

    private final DatasetRepository datasets;
    private final Cache<String, Built> built = Caffeine.newBuilder()
            .maximumWeight(Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 8))
            .weigher((String key, Built b) -> (int) Math.min(Integer.MAX_VALUE,
                    64 + 4L * (b.members() == null ? 0 : b.members().length) + 8L * (b.subsetCounts() == null ? 0 : b.subsetCounts().length)))
            .build();

    Samplers(DatasetRepository datasets) {
        this.datasets = datasets;
    }

    Sampler of(Generator g, Dataset d) {
        return get(g, d).sampler();
    }

    /**
     * Samples per class of the first categorical output among the samples the generator reads (the
     * subset's distribution, or the split's); null when the dataset has no categorical output.
     */
    long[] distribution(Generator g, Dataset d) {
        return get(g, d).subsetCounts();
    }

    private Built get(Generator g, Dataset d) {
        return built.get(g.id() + "@" + d.uid(), key -> build(g.settings(), d));
    }

    private Built build(GeneratorSettings s, Dataset d) {
        DatasetDescriptor desc = d.descriptor();
        int n = desc.split(s.split()).samples();
        OutputInfo categorical = GeneratorChecks.firstCategorical(desc);
        int[] firstClasses = null;
        int[] members = null;
        if (s.validationSplit() != null) {
            boolean stratify = Boolean.TRUE.equals(s.stratify());
            firstClasses = stratify || categorical != null ? classes(d, s.split(), categorical) : null;
            members = Subset.members(n, s.validationSplit(), s.splitSeed(), stratify ? firstClasses : null,
                    stratify ? categorical.classes() : 0, s.subset() == SubsetName.VALIDATION);
        }
        Sampler sampler;
        if (s.samplesByClass()) {
            OutputInfo out = desc.outputs().stream().filter(o -> o.name().equals(s.sampling().output())).findFirst()
                    .orElseThrow();
            int[] classOf = out == categorical && firstClasses != null ? firstClasses : classes(d, s.split(), out);
            ClassMembers byClass = ClassMembers.of(members != null ? members : all(n), classOf, out.classes());
            double[] weights = new double[out.classes()];
            for (int k = 0; k < weights.length; k++) {
                weights[k] = s.sampling().classWeights() != null ? s.sampling().classWeights().get(k)
                        : byClass.count(k) > 0 ? 1 : 0;
            }
            try {
                sampler = Sampler.byClass(byClass, weights, s.positions(n), s.seed());
            } catch (IllegalArgumentException e) {
                throw GeneratorChecks.invalid(e.getMessage() + " in " + (members != null ? "this subset" : "this split"),
                        "sampling.classWeights");
            }
        } else {
            sampler = Sampler.uniform(n, members, s.seed(), s.shuffle());
        }
        long[] counts = null;
        if (categorical != null && members != null) {
            int[] classOf = firstClasses != null ? firstClasses : classes(d, s.split(), categorical);
            counts = ClassMembers.of(members, classOf, categorical.classes()).counts();
        }
        return new Built(sampler, members, counts);
    }

    /** The class of every sample of {@code split} for output {@code out}. */
    private int[] classes(Dataset d, String split, OutputInfo out) {
        int offset = 0;
        for (OutputInfo o : d.descriptor().outputs()) {
            if (o == out || o.name().equals(out.name())) {
                break;
            }
            if (o.kind().isVector()) {
                offset += o.classes();
            }
        }
        return datasets.classes(d.id(), split, d.descriptor().split(split).samples(), offset, out.classes());
    }

    private static int[] all(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** Forgets a deleted generator's sampler. */
    void forget(String generatorId) {
        built.asMap().keySet().removeIf(k -> k.startsWith(generatorId + "@"));
    }
}
