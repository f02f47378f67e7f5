package dev.datagen.generator;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.DisconnectedClientHelper;

import dev.datagen.payload.Batch;
import dev.datagen.payload.BatchMediaTypes;
import dev.datagen.payload.BatchWriter;
import dev.datagen.problem.ProblemException;
import dev.datagen.problem.Problems;

/**
 * Answers a trainer's batch request, {@code GET /api/generators/{id}/epochs/{e}/batches/{i}} asking for npy,
 * npz or ND4J, before Spring MVC and Spring Security see it. A warm batch is mostly bytes on their way out,
 * and those two cost more than anything else a request does: measured, about 2 ms of CPU per batch spread
 * over handler lookup, content negotiation, argument resolution, the security filters and their
 * observations, against 0.5 ms of registry lookups; a trainer waits for all of it before the first byte.
 *
 * <p>Reads need no key ({@code SecurityConfig}), so nothing is skipped that Spring Security would check; the
 * response carries the headers it adds to every response, and the request is still timed as
 * {@code http.server.requests} with its URI pattern (the observation filter runs before this one). Whatever
 * this filter does not recognise exactly (another Accept, a path Spring would decode or refuse, a repeated
 * parameter, a HEAD) goes down the chain to {@link GeneratorController} as before, as does a failure that is
 * not a problem of the request, so Spring MVC reports it as it reports every other.
 */
final class BatchRequestFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(BatchRequestFilter.class);

    static final String PATTERN = "/api/generators/{id}/epochs/{epoch}/batches/{index}";
    private static final Pattern PATH = Pattern.compile(
            "/api/generators/([A-Za-z0-9_-]{1,100})/epochs/([0-9]{1,19})/batches/([0-9]{1,19})");
    private static final String[] PARAMETERS = {"shard", "numShards", "from"};

    /** What Spring Security's default header writers add to each response (checked by a test against it). */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-XSS-Protection", "0",
            "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate",
            "Pragma", "no-cache",
            "Expires", "0",
            "X-Frame-Options", "DENY");

    /**
     * Batch {@code index} of {@code epoch} for a trainer reading {@code format}, the rest as the request's text
     * (null when absent).
     */
    @FunctionalInterface
    interface BatchSource {
        Batch batch(String generatorId, String epoch, String index, String shard, String numShards, String from,
                String format);
    }

    private final BatchSource batches;
    private final BatchWriter writer;

    BatchRequestFilter(BatchSource batches, BatchWriter writer) {
        this.batches = batches;
        this.writer = writer;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Matcher path = req instanceof HttpServletRequest request && "GET".equals(request.getMethod())
                ? PATH.matcher(request.getRequestURI().substring(request.getContextPath().length())) : null;
        String format = path == null ? null : format(((HttpServletRequest) req).getHeader("Accept"));
        if (format == null || !path.matches() || repeated(req)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(PATTERN));
        SECURITY_HEADERS.forEach(response::setHeader);
        Batch batch;
        try {
            batch = batches.batch(path.group(1), path.group(2), path.group(3), req.getParameter("shard"),
                    req.getParameter("numShards"), req.getParameter("from"), format);
        } catch (ProblemException e) {
            Problems.write(request, response, e);
            return;
        } catch (RuntimeException e) {
            response.reset();
            chain.doFilter(req, res);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(BatchMediaTypes.ofFormat(format).toString());
        Long length = BatchWriter.contentLength(batch, format);
        if (length != null) {
            response.setContentLengthLong(length);
        }
        response.setBufferSize(BatchWriter.responseBuffer(batch));
        try {
            // ND4J flushes what it writes to; unflushed, a small batch still gets a Content-Length (as from Spring MVC)
            writer.write(batch, format, StreamUtils.nonFlushing(response.getOutputStream()));
        } catch (IOException e) {
            if (!DisconnectedClientHelper.isClientDisconnectedException(e)) {
                throw e;
            }
            log.debug("the client left during batch {} of {}: {}", batch.index(), batch.generatorId(), e.toString());
        }
    }

    /**
     * The format an Accept header names alone, as trainers send it: {@code application/x-npy}, {@code -npz} or
     * {@code -nd4j}; null for anything Spring's content negotiation should weigh.
     */
    static String format(String accept) {
        if (accept == null) {
            return null;
        }
        return switch (accept.trim().toLowerCase(Locale.ROOT)) {
            case BatchMediaTypes.NPY_VALUE -> BatchMediaTypes.formatName(BatchMediaTypes.NPY);
            case BatchMediaTypes.NPZ_VALUE -> BatchMediaTypes.formatName(BatchMediaTypes.NPZ);
            case BatchMediaTypes.ND4J_VALUE -> BatchMediaTypes.formatName(BatchMediaTypes.ND4J);
            default -> null;
        };
    }

    /** Spring MVC joins a repeated parameter's values (and then refuses them); left to it. */
    private static boolean repeated(ServletRequest req) {
        for (String name : PARAMETERS) {
            String[] values = req.getParameterValues(name);
            if (values != null && values.length > 1) {
                return true;
            }
        }
        return false;
    }
}
