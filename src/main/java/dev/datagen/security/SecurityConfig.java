package dev.datagen.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.datagen.system.ProblemType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads are open; with {@code datagen.security.api-key} set, writes need the key. Stateless: no sessions,
 * no cookies, hence no CSRF tokens (a browser cannot send the bearer header cross-site by itself).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, SecurityProperties properties, JsonMapper json) throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    ProblemType type = ProblemType.UNAUTHORIZED;
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                            "This request changes the registry: send 'Authorization: Bearer <api key>'.");
                    problem.setType(type.type());
                    problem.setTitle(type.title());
                    problem.setInstance(java.net.URI.create(request.getRequestURI()));
                    response.setStatus(HttpStatus.UNAUTHORIZED.value());
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"datagen\"");
                    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                    json.writeValue(response.getOutputStream(), problem);
                }));
        if (properties.enabled()) {
            http.addFilterBefore(new ApiKeyFilter(properties.apiKey()), AnonymousAuthenticationFilter.class)
                    .authorizeHttpRequests(a -> a
                            .requestMatchers(HttpMethod.GET, "/**").permitAll()
                            .requestMatchers(HttpMethod.HEAD, "/**").permitAll()
                            .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                            .anyRequest().authenticated());
        } else {
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
        }
        return http.build();
    }

    /**
     * The firewall's refusals ('..', encoded '/', '%' or ';' in the path, unknown methods) as problem details
     * rather than the container's error page.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(JsonMapper json) {
        return (request, response, ex) -> {
            ProblemType type = ProblemType.INVALID_REQUEST;
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(),
                    "The request was refused: its method is not supported or its path holds '..', an encoded "
                            + "'/', '%' or ';', or a control character.");
            problem.setType(type.type());
            problem.setTitle(type.title());
            response.setStatus(type.status().value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        };
    }
}
