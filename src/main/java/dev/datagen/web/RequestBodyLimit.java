package dev.datagen.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.datagen.problem.BodyTooLargeException;
import dev.datagen.problem.Problems;

/**
 * Bounds every request body that is not a registration upload (those have their own limits,
 * {@code datagen.upload.*}) by {@code datagen.limits.max-request-body}: a declared length beyond it is
 * refused before anything is read, and a chunked body is cut off where it passes it. Without this, JSON
 * bodies were read whole into memory, and a few concurrent 90 MB generator requests exhausted a 1 GB heap.
 */
class RequestBodyLimit extends OncePerRequestFilter {

    private final long max;

    RequestBodyLimit(RequestLimits limits) {
        this.max = limits.maxRequestBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > max) {
            response.setHeader("Connection", "close");
            Problems.write(response, BodyTooLargeException.problem(request.getContentLengthLong() + " bytes", max));
            return;
        }
        chain.doFilter(new Bounded(request, max), response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        Counting(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private int count(int n) throws BodyTooLargeException {
            if (n > 0 && (read += n) > max) {
                throw new BodyTooLargeException(max);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return count(in.read(b, off, len));
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
