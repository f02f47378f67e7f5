package dev.datagen.dashboard;

import java.util.List;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.datagen.dataset.Dataset;
import dev.datagen.dataset.DatasetCatalog;
import dev.datagen.dataset.DatasetRepository;
import dev.datagen.dataset.SampleRow;
import dev.datagen.generator.Generator;
import dev.datagen.generator.GeneratorService;
import dev.datagen.problem.Quote;
import dev.datagen.security.SecurityProperties;

/**
 * One dataset: its inputs and outputs, a page of sample thumbnails with their labels, the label
 * distribution per output and split (mask statistics are drawn by the page from the dataset's JSON), its
 * generators with their live throughput, and the form that builds a new one.
 */
@Controller
class DatasetPageController {

    static final int PAGE_SIZE = 24;

    private final DatasetCatalog catalog;
    private final DatasetRepository repository;
    private final GeneratorService generators;
    private final SecurityProperties security;

    DatasetPageController(DatasetCatalog catalog, DatasetRepository repository, GeneratorService generators,
            SecurityProperties security) {
        this.catalog = catalog;
        this.repository = repository;
        this.generators = generators;
        this.security = security;
    }

    /**
     * Where one page of one split starts and ends, with the page count for the pager. Only the page's rows
     * are read (by primary key), so a split of a million samples pages as fast as one of a hundred.
     *
     * @param marked the sample asked for with {@code ?sample=}, highlighted on its page; -1 for none
     * @param missing the sample asked for when the split has no such sample, said above the grid; null otherwise
     */
    record Paging(String split, int page, int pages, int first, int last, int samples, int marked, String missing) {

        /** A sample index, when given and within the split, picks its page over {@code requestedPage}. */
        static Paging of(String split, int samples, String requestedPage, String requestedSample) {
            int pages = Math.max(1, (samples + PAGE_SIZE - 1) / PAGE_SIZE);
            int asked = parse(requestedSample, -1);
            int marked = asked >= 0 && asked < samples ? asked : -1;
            String missing = requestedSample != null && marked < 0 ? "There is no sample " + Quote.of(requestedSample.strip())
                    + " in split " + split + ": its samples are 0 to " + (samples - 1) + "." : null;
            // pages are numbered from 1 for people
            int page = marked >= 0 ? marked / PAGE_SIZE : parse(requestedPage, 1) - 1;
            page = Math.max(0, Math.min(page, pages - 1));
            int first = page * PAGE_SIZE;
            return new Paging(split, page + 1, pages, first, Math.min(samples, first + PAGE_SIZE) - 1, samples, marked,
                    missing);
        }

        private static int parse(String text, int otherwise) {
            try {
                return text == null ? otherwise : Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }
    }

    @GetMapping("/datasets/{name}")
    String dataset(@PathVariable String name, @RequestParam(required = false) String split,
            @RequestParam(defaultValue = "1") String page, @RequestParam(required = false) String sample, Model model,
            HttpServletResponse response) {
        Dataset d = catalog.find(name).orElse(null);
        if (d == null) {
            return notFound(model, response, "No dataset is named \u201c" + name + "\u201d.");
        }
        List<String> splits = List.copyOf(d.descriptor().splits().keySet());
        String shown = split == null || split.isBlank() ? splits.get(0) : split;
        if (!splits.contains(shown)) {
            return notFound(model, response, "Dataset \u201c" + name + "\u201d has no split \u201c" + shown
                    + "\u201d; it has " + String.join(", ", splits) + ".");
        }
        Paging paging = Paging.of(shown, d.descriptor().split(shown).samples(), page, sample);
        int[] indices = IntStream.rangeClosed(paging.first(), paging.last()).toArray();
        List<SampleRow> rows = repository.findSamples(d.id(), shown, indices).orElse(null);
        if (rows == null) {
            return notFound(model, response, "Dataset \u201c" + name + "\u201d was deleted a moment ago.");
        }
        model.addAttribute("dataset", DatasetSummary.of(d));
        model.addAttribute("hasMasks", d.descriptor().maskCount() > 0);
        model.addAttribute("maskColors", MaskPalette.json());
        model.addAttribute("paging", paging);
        model.addAttribute("samples", rows.stream().map(r -> SampleCard.of(d.name(), shown, d.descriptor(), r)).toList());
        model.addAttribute("charts", DistributionChart.of(d.descriptor()));
        GeneratorService.Page<Generator> shownGenerators = generators.findByDataset(d.name(), 0, HomeController.SHOWN);
        model.addAttribute("generators", HomeController.cards(generators, shownGenerators.items()));
        model.addAttribute("generatorCount", shownGenerators.total());
        model.addAttribute("builder", BuilderForm.of(d, security.enabled()));
        return "dataset";
    }

    private static String notFound(Model model, HttpServletResponse response, String message) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("message", message);
        return "not-found";
    }
}
