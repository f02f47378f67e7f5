package dev.datagen.security;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.datagen.problem.ProblemType;
import dev.datagen.problem.Problems;
import dev.datagen.problem.Quote;

/**
 * Refuses changes (POST, PUT, PATCH, DELETE) that a browser sends from another site's page. Without an API
 * key nothing else stands between a malicious page and {@code http://127.0.0.1:8080}: a plain form or a
 * no-cors fetch can post a registration or install the demo, and no preflight asks first.
 *
 * <p>A browser says where a request comes from. {@code Sec-Fetch-Site} (every current browser) must be
 * {@code same-origin} or {@code none} (typed by the user); {@code same-site} is refused too, since another
 * port on the same host is the same site. Without it, an {@code Origin} header must name this service's
 * own origin. Requests with neither header (curl, the Python and Java clients, scripts) are not a browser's
 * and pass, so the API stays usable from anywhere the bind address and API key allow.
 */
final class CrossSiteWriteFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> OWN = Set.of("same-origin", "none");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = SAFE.contains(request.getMethod()) ? null : refusal(request);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        Problems.write(response, Problems.of(ProblemType.CROSS_SITE_REQUEST, refusal));
    }

    /** Why the request is refused, or null when it comes from this service's pages or from no browser. */
    static String refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return OWN.contains(site.strip().toLowerCase(java.util.Locale.ROOT)) ? null
                    : "The browser reports this change as coming from another site's page (Sec-Fetch-Site: "
                            + Quote.of(site, 100) + "); only the service's own pages and non-browser clients may make changes.";
        }
        String origin = request.getHeader("Origin");
        if (origin == null || sameOrigin(origin, request)) {
            return null;
        }
        return "The browser reports this change as coming from " + Quote.of(origin, 100) + ", another origin than this "
                + "service's; only the service's own pages and non-browser clients may make changes.";
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI o = URI.create(origin.strip());
            int port = o.getPort() != -1 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
            return o.getScheme() != null && o.getScheme().equalsIgnoreCase(request.getScheme())
                    && o.getHost() != null && o.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed page, a file) or garbage: not this service's own page
        }
    }

}
