package dev.datagen.problem;

import java.util.Arrays;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
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
    String describe(@PathVariable String slug, Model model, HttpServletResponse response) {
        ProblemType type = Arrays.stream(ProblemType.values()).filter(t -> t.slug().equals(slug)).findFirst().orElse(null);
        if (type == null) {
            // a page asked for by a browser: a page in answer, as the dashboard's own not-found pages are
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("message", "There is no problem type named " + Quote.of(slug) + ".");
            return "not-found";
        }
        model.addAttribute("type", type);
        return "problem-type";
    }
}
