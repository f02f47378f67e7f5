package dev.datagen.dashboard;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.generator.Generator;
import dev.datagen.generator.GeneratorResponse;
import dev.datagen.generator.GeneratorService;
import dev.datagen.problem.ProblemException;

/**
 * One generator: its settings, its training progress (polled from {@code /api/generators/{id}/progress}), and
 * the batch preview, which draws batch i of epoch e of shard k from the API's own answers: the batch's JSON
 * view for indices, labels and mixing, and one PNG tile per sample and array, rendered from the very arrays
 * the payload holds.
 */
@Controller
class GeneratorPageController {

    private final GeneratorService generators;
    private final DatasetRepository datasets;

    GeneratorPageController(GeneratorService generators, DatasetRepository datasets) {
        this.generators = generators;
        this.datasets = datasets;
    }

    @GetMapping("/generators/{id}")
    String generator(@PathVariable String id, @RequestParam(required = false) String epoch,
            @RequestParam(required = false) String batch, @RequestParam(required = false) String shard, Model model,
            HttpServletResponse response) {
        Generator g;
        try {
            g = generators.find(id);
        } catch (ProblemException e) {
            return notFound(model, response, "No generator has the id \u201c" + id + "\u201d.");
        }
        // the dataset may be deleted between the two reads: its generators go with it
        Dataset d = datasets.findById(g.datasetId()).orElse(null);
        GeneratorResponse described = d == null ? null : generators.describeIfPresent(g).orElse(null);
        if (described == null) {
            return notFound(model, response, "The dataset of generator \u201c" + id + "\u201d was deleted.");
        }
        model.addAttribute("generator", GeneratorCard.of(described));
        model.addAttribute("dataset", DatasetSummary.of(d));
        model.addAttribute("preview", PreviewModel.of(described, d.descriptor(), epoch, batch, shard));
        model.addAttribute("hasMasks", d.descriptor().maskCount() > 0);
        model.addAttribute("maskColors", MaskPalette.json());
        return "generator";
    }

    private static String notFound(Model model, HttpServletResponse response, String message) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("message", message);
        return "not-found";
    }
}
