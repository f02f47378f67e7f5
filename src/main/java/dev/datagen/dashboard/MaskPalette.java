package dev.datagen.dashboard;

import java.util.ArrayList;
import java.util.List;

import dev.datagen.image.MaskColors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The colours masks are drawn in (class k in the k-th, cycling), for the swatches next to class names, so a
 * page's legend matches the overlays the service renders without keeping a second copy of the palette.
 */
final class MaskPalette {

    private static final String JSON = JsonMapper.builder().build().writeValueAsString(colours());

    private MaskPalette() {
    }

    /** {@code ["#1f77b4", ...]}: index i is the colour of classes i+1, i+21, ... */
    static String json() {
        return JSON;
    }

    private static List<String> colours() {
        List<String> colours = new ArrayList<>();
        for (int id = 1; id == 1 || MaskColors.rgb(id) != MaskColors.rgb(1); id++) {
            colours.add(String.format("#%06x", MaskColors.rgb(id)));
        }
        return colours;
    }
}
