package dev.datagen.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Problems;

/**
 * Reads are open; with {@code datagen.security.api-key} set, writes need the key. Stateless: no sessions and
 * no cookies, so no CSRF tokens; instead every change a browser sends from another site's page is refused
 * ({@link CrossSiteWriteFilter}), with or without a key.
 *
 * <p>Because reads are open, a trainer's batch request is answered before this chain runs (the generator
 * feature's {@code BatchRequestFilter}); were reads ever to need a key, that filter would have to check it.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, SecurityProperties properties) throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new CrossSiteWriteFilter(), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    ProblemDetail problem = Problems.of(ProblemType.UNAUTHORIZED,
                            "This request changes the registry: send 'Authorization: Bearer <api key>'.");
                    problem.setInstance(java.net.URI.create(request.getRequestURI()));
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"datagen\"");
                    Problems.write(response, problem);
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
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, ex) -> Problems.write(response, Problems.of(ProblemType.INVALID_REQUEST,
                "The request was refused: its method is not supported or its path holds '..', an encoded "
                        + "'/', '%' or ';', or a control character."));
    }
}
