package dev.datagen.dataset;

import dev.datagen.dataset.DatasetDescriptor.InputInfo;
import dev.datagen.dataset.DatasetSpec.InputSpec;
import dev.datagen.image.ColorMode;
import dev.datagen.image.ImageFacts;
import dev.datagen.problem.ProblemType;

/**
 * What a registration learns of one model input as it reads its images, and the rules they must keep: the
 * first image decides the size and (unless the spec declares a color) the channels every other must have.
 * Only touched by the registering thread.
 */
final class InputLayout {

    final String name;
    private final InputSpec spec;
    private int firstWidth = -1;
    private int firstHeight = -1;
    private int firstChannels = -1;

    InputLayout(String name, InputSpec spec) {
        this.name = name;
        this.spec = spec;
    }

    /** Checks {@code image} (as problems name it), of {@code part}, line {@code line}, against the ones before it. */
    void accept(ImageFacts facts, String image, String part, long line) {
        if (firstChannels < 0) {
            firstChannels = facts.channels();
            firstWidth = facts.width();
            firstHeight = facts.height();
            if (facts.channels() == 2 || facts.channels() > 4) {
                throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part, line,
                        "image '" + image + "' has " + facts.channels() + " channels; only 1, 3 or 4 are supported");
            }
        } else if (!colorDeclared() && facts.channels() != firstChannels) {
            throw RegistrationProblems.at(ProblemType.INVALID_IMAGE, part, line,
                    "image '" + image + "' has " + facts.channels() + " channel(s) but the first image of input '"
                            + name + "' has " + firstChannels + "; to convert them all, declare the input's color"
                            + " (\"color\": \"rgb\" or \"grayscale\": in the spec's inputs." + name + " for list files, in the"
                            + " request for class folders)");
        }
    }

    private boolean colorDeclared() {
        return spec != null && spec.color() != null;
    }

    InputInfo info() {
        ColorMode color = colorDeclared() ? spec.color() : ColorMode.ofChannels(firstChannels);
        int height = spec != null && spec.size() != null ? spec.size().get(0) : firstHeight;
        int width = spec != null && spec.size() != null ? spec.size().get(1) : firstWidth;
        return new InputInfo(name, height, width, color, color.channels(), spec == null ? null : spec.interpolation());
    }
}
