package dev.datagen.dashboard;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.datagen.dataset.DatasetCatalog;
import dev.datagen.generator.Generator;
import dev.datagen.generator.GeneratorService;
import dev.datagen.metrics.DatagenMetrics;
import dev.datagen.problem.ProblemException;
import dev.datagen.security.SecurityProperties;

/**
 * The dashboard's home: every dataset, every generator, the live throughput, and on first run the one-click
 * demo (a plain form post, so it works without script).
 */
@Controller
class HomeController {

    /** Datasets and generators shown on the home page; the API pages through the rest. */
    static final int SHOWN = 60;

    private final DatasetCatalog catalog;
    private final GeneratorService generators;
    private final DatagenMetrics metrics;
    private final DemoInstaller demo;

    private final SecurityProperties security;

    HomeController(DatasetCatalog catalog, GeneratorService generators, DatagenMetrics metrics, DemoInstaller demo,
            SecurityProperties security) {
        this.security = security;
        this.catalog = catalog;
        this.generators = generators;
        this.metrics = metrics;
        this.demo = demo;
    }

    @GetMapping("/")
    String home(@RequestParam(required = false) String demo, Model model) {
        if ("installed".equals(demo)) {
            // a fixed sentence: nothing from the query string is ever shown
            model.addAttribute("notice", "The demo is installed: four datasets in every task shape, and a generator "
                    + "on " + DemoInstaller.FIRST + ". Open one; \u201cRead an epoch\u201d on a dataset\u2019s page serves its"
                    + " generator a whole epoch, as a trainer would.");
        }
        return render(model);
    }

    /** Installs the demo, then redirects home (post/redirect/get); a refusal is shown on the home page itself. */
    @PostMapping("/dashboard/demo")
    String installDemo(Model model, HttpServletResponse response) {
        try {
            demo.install();
            return "redirect:/?demo=installed";
        } catch (DemoInstaller.DemoException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
        } catch (ProblemException e) {
            response.setStatus(e.type().status().value());
            model.addAttribute("error", "The demo could not be registered: " + e.getMessage());
        }
        return render(model);
    }

    private String render(Model model) {
        // a plain form cannot send the bearer key, so with one configured the demo is installed with curl
        model.addAttribute("apiKeyRequired", security.enabled());
        // the page stays small however large the registry: the first datasets by name, the newest generators
        long datasetCount = catalog.count();
        model.addAttribute("datasets", catalog.page(0, SHOWN).stream().map(DatasetSummary::of).toList());
        model.addAttribute("datasetCount", datasetCount);
        model.addAttribute("generators", cards(generators, generators.findNewest(SHOWN)));
        model.addAttribute("generatorCount", generators.count());
        model.addAttribute("throughput", ThroughputResponse.of(metrics, null));
        return "home";
    }

    /** Cards of the generators that still exist: one may be deleted between the listing and its description. */
    static List<GeneratorCard> cards(GeneratorService service, List<Generator> list) {
        List<GeneratorCard> cards = new ArrayList<>();
        for (Generator g : list) {
            service.describeIfPresent(g).map(GeneratorCard::of).ifPresent(cards::add); // deleted meanwhile: left out
        }
        return cards;
    }
}
