package dev.datagen.system;

import java.util.Arrays;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import io.swagger.v3.oas.annotations.Hidden;

/** Makes every problem {@code type} URI dereferenceable: a short page that says what the problem means. */
@Hidden
@RestController
class ProblemTypesController {

    @GetMapping(path = "/problems/{slug}", produces = MediaType.TEXT_HTML_VALUE)
    String describe(@PathVariable String slug) {
        ProblemType type = Arrays.stream(ProblemType.values())
                .filter(t -> t.slug().equals(slug))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("There is no problem type named '" + slug + "'."));
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + HtmlUtils.htmlEscape(type.title()) + "</title></head><body><h1>"
                + HtmlUtils.htmlEscape(type.title()) + "</h1><p>HTTP " + type.status().value() + "</p><p>"
                + HtmlUtils.htmlEscape(type.description()) + "</p></body></html>";
    }
}
