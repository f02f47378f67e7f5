package dev.datagen.problem;

import java.util.Arrays;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.swagger.v3.oas.annotations.Hidden;

/** Makes every problem {@code type} URI dereferenceable: a short page that says what the problem means. */
@Hidden
@Controller
class ProblemTypesController {

    @GetMapping(path = "/problems/{slug}", produces = MediaType.TEXT_HTML_VALUE)
    String describe(@PathVariable String slug, Model model) {
        ProblemType type = Arrays.stream(ProblemType.values())
                .filter(t -> t.slug().equals(slug))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("There is no problem type named " + Quote.of(slug) + "."));
        model.addAttribute("type", type);
        return "problem-type";
    }
}
