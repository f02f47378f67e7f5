package dev.datagen.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetDescriptor.MaskStats;
import dev.datagen.dataset.DatasetDescriptor.OutputInfo;
import dev.datagen.dataset.DatasetSpec.OutputSpec;
import dev.datagen.image.ImageFacts;
import dev.datagen.problem.ProblemType;

/**
 * What a registration learns of one model output as it reads its lines, across all splits, and the rules
 * they must keep: the first line decides whether the output holds label vectors or mask paths, the first
 * vector its width; masks are lossless 8-bit class-id images the size of their image. Counts the samples of
 * each class per split. Only touched by the registering thread.
 */
final class OutputLayout {

    final String name;
    private final OutputSpec spec;
    /** Null until the first line of the first split decides it. */
    private Boolean mask;
    private int width = -1;
    private boolean allOneHot = true;
    private int maxMaskId = 0;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    /** Per split of a mask output: pixels per class id, and images containing each id. */
    private final Map<String, long[][]> maskCounts = new LinkedHashMap<>();
    /** Names known from elsewhere (class folders); the spec's win. */
    private final List<String> classNames;

    OutputLayout(String name, OutputSpec spec, List<String> classNames) {
        this.name = name;
        this.spec = spec;
        this.classNames = classNames;
    }

    boolean mask() {
        return Boolean.TRUE.equals(mask);
    }

    int width() {
        return width;
    }

    private OutputKind declaredKind() {
        return spec == null ? null : spec.kind();
    }

    private Integer declaredClasses() {
        return spec == null ? null : spec.classes();
    }

    /** The first line of a split: whether it holds a mask path, which must agree with the spec and other splits. */
    void decideKind(boolean maskPath, String part, long line) {
        if (mask == null) {
            OutputKind declared = declaredKind();
            if (declared == OutputKind.MASK && !maskPath) {
                throw RegistrationProblems.at(ProblemType.INVALID_SPEC, part, line,
                        "the spec declares a mask output but the line holds numbers, not an image path");
            }
            if (declared != null && declared.isVector() && maskPath) {
                throw RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, part, line, "the spec declares a "
                        + declared.name().toLowerCase(Locale.ROOT) + " output but the line is not a list of numbers");
            }
            if (!maskPath && spec != null && spec.encoding() != null) {
                throw RegistrationProblems.at(ProblemType.INVALID_SPEC, part, line, "the spec sets an encoding,"
                        + " which applies to mask outputs only, but the line holds a label vector, not a mask path");
            }
            mask = maskPath;
        } else if (mask != maskPath) {
            throw RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, part, line,
                    mask ? "other splits list mask paths here, this one numbers"
                            : "other splits list label vectors here, this one paths");
        }
    }

    void acceptMask(ImageFacts facts, ImageFacts image, String split, String part, long line) {
        if (facts.channels() != 1 || !facts.eightBit()) {
            throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part, line,
                    "a mask must be a single-channel 8-bit image of class ids; this one has " + facts.channels()
                            + " channel(s)" + (facts.eightBit() ? "" : " of 16 bits"));
        }
        if (facts.lossy()) {
            throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part, line,
                    "the mask is stored as lossy " + facts.format() + ", whose compression noise would turn into "
                            + "false class ids at every edge; store masks losslessly (PNG, BMP, TIFF, lossless WebP)");
        }
        if (facts.width() != image.width() || facts.height() != image.height()) {
            throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part, line, "the mask is " + facts.width() + "x"
                    + facts.height() + " but its image is " + image.width() + "x" + image.height());
        }
        Integer classes = declaredClasses();
        if (classes != null && facts.maxValue() >= classes) {
            throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part, line,
                    "the mask holds class id " + facts.maxValue() + " but the spec declares " + classes + " classes");
        }
        maxMaskId = Math.max(maxMaskId, facts.maxValue());
        if (facts.histogram() != null) {
            long[][] stats = maskCounts.computeIfAbsent(split, s -> new long[2][256]);
            for (int id = 0; id < 256; id++) {
                stats[0][id] += facts.histogram()[id];
                stats[1][id] += facts.histogram()[id] > 0 ? 1 : 0;
            }
        }
    }

    /**
     * The mask statistics of {@code split}: per class, its share of all pixels and of images containing it;
     * null for a vector output.
     */
    MaskStats maskStats(String split, int samples) {
        if (!mask()) {
            return null;
        }
        int classes = maskClasses();
        long[][] stats = maskCounts.getOrDefault(split, new long[2][256]);
        long pixels = 0;
        for (long n : stats[0]) {
            pixels += n;
        }
        double[] pixelShare = new double[classes];
        double[] imageShare = new double[classes];
        for (int k = 0; k < classes; k++) {
            pixelShare[k] = pixels == 0 ? 0 : (double) stats[0][k] / pixels;
            imageShare[k] = samples == 0 ? 0 : (double) stats[1][k] / samples;
        }
        return new MaskStats(pixelShare, imageShare);
    }

    void acceptVector(float[] v, String split, String part, long line) {
        if (width < 0) {
            width = v.length;
            Integer classes = declaredClasses();
            if (classes != null && classes != v.length) {
                throw RegistrationProblems.at(ProblemType.INVALID_SPEC, part, line,
                        "the spec declares " + classes + " classes but the line has " + v.length + " values");
            }
        } else if (v.length != width) {
            throw RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, part, line,
                    "the line has " + v.length + " values but the first label line has " + width);
        }
        boolean oneHot = LabelParser.isOneHot(v);
        if (!oneHot && declaredKind() == OutputKind.CATEGORICAL) {
            throw RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, part, line,
                    "the output is categorical but the line is not one-hot (exactly one 1, zeros elsewhere)");
        }
        allOneHot &= oneHot;
        long[] perClass = counts.computeIfAbsent(split, s -> new long[width]);
        for (int k = 0; k < v.length; k++) {
            // a member above one half: smoothed labels (0.9 / 0.01) count their class only, and a -1 ("unknown"
            // in some multi-label sets) none; one-hot and multi-hot vectors count as before
            if (v[k] > 0.5f) {
                perClass[k]++;
            }
        }
    }

    /** Samples per class in {@code split} (zeros for masks, which have no distribution). */
    long[] counts(String split) {
        return counts.getOrDefault(split, new long[Math.max(0, width)]);
    }

    private int maskClasses() {
        return declaredClasses() != null ? declaredClasses() : Math.max(2, maxMaskId + 1);
    }

    OutputInfo info(InputInfo firstInput) {
        List<String> names = spec != null && spec.classNames() != null ? spec.classNames() : classNames;
        if (mask()) {
            int classes = maskClasses();
            MaskEncoding encoding = spec != null && spec.encoding() != null ? spec.encoding() : MaskEncoding.IDS;
            return new OutputInfo(name, OutputKind.MASK, classes, encoding, firstInput.height(), firstInput.width(), names);
        }
        OutputKind kind = declaredKind() != null ? declaredKind()
                : allOneHot ? OutputKind.CATEGORICAL : OutputKind.MULTILABEL;
        return new OutputInfo(name, kind, width, null, null, null, names);
    }
}
