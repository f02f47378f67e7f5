package dev.datagen.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.datagen.dataset.DataRoots;
import dev.datagen.security.SecurityProperties;

/**
 * The registration forms. They post to the API itself ({@code POST /api/datasets} and
 * {@code /api/datasets/from-directory}) with fetch, so the dashboard registers exactly as trainers and
 * scripts do, and shows the API's problem details next to the field they name.
 */
@Controller
class RegisterController {

    private final DataRoots roots;
    private final SecurityProperties security;

    RegisterController(DataRoots roots, SecurityProperties security) {
        this.roots = roots;
        this.security = security;
    }

    @GetMapping("/register")
    String register(Model model) {
        model.addAttribute("dataRoots", roots.roots().stream().map(Object::toString).toList());
        model.addAttribute("apiKeyRequired", security.enabled());
        return "register";
    }
}
