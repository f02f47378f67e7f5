import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.datagen.image.ColorMode;
import dev.datagen.image.ImageCodec;
import dev.datagen.image.PixelFormat;

/**
 * The decode+resize limit: the service's own {@link ImageCodec} turning every JPEG of a list file into
 * 224x224 RGB bytes, in-process, on 1 thread and on 2 threads (a shared counter hands out files, so both
 * threads work until the list is done). No HTTP, no cache, no batch assembly: what the cores can do.
 * DECODER {@code opencv} decodes with OpenCV alone (the limit the benchmark's targets use), {@code service}
 * as the service does by default (JPEGs through the system's libjpeg-turbo).
 *
 * <p>Usage: {@code java [-Dwarmup=300] -cp <boot classes>:<boot lib>/*:<here> DecodeBench LIST BASEDIR DECODER THREADS...}
 * (the first {@code warmup} images are decoded once on 2 threads, untimed, before the timed runs).
 * Prints one JSON line per thread count: images, seconds, images/s, and the CPU seconds the decoding
 * threads used (less sensitive than wall time to other work on a shared machine).
 */
public final class DecodeBench {

    public static void main(String[] args) throws Exception {
        Path list = Path.of(args[0]);
        Path base = Path.of(args[1]);
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            if (!line.isBlank()) {
                files.add(base.resolve(line.strip()));
            }
        }
        // "opencv": everything through OpenCV (the limit as the issue defines it); "service": the codec the
        // service runs with by default, JPEGs through the system's libjpeg-turbo when it is installed
        boolean service = "service".equals(args[2]);
        ImageCodec codec = new ImageCodec(50_000_000L, service);
        if (service && "opencv".equals(codec.jpegDecoder())) {
            throw new IllegalStateException("libturbojpeg.so.0 is not installed (apt-get install libturbojpeg0)");
        }
        PixelFormat format = PixelFormat.image(224, 224, ColorMode.RGB);
        // warm-up: JIT, JavaCPP native loading, the per-thread read buffers (not timed); -Dwarmup=N images
        int warmup = Integer.getInteger("warmup", 300);
        run(codec, format, files.subList(0, Math.min(files.size(), warmup)), 2, new long[1]);
        for (int i = 3; i < args.length; i++) {
            int threads = Integer.parseInt(args[i]);
            long[] cpu = new long[1];
            long t0 = System.nanoTime();
            long checksum = run(codec, format, files, threads, cpu);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("{\"decoder\": \"%s\", \"threads\": %d, \"images\": %d, \"seconds\": %.4f, \"rate\": %.1f, \"cpu_seconds\": %.4f,"
                    + " \"checksum\": %d}%n", codec.jpegDecoder(), threads, files.size(), seconds, files.size() / seconds, cpu[0] / 1e9, checksum);
        }
    }

    /**
     * Decodes every file once on {@code threads} threads, adding their CPU time to {@code cpu[0]}; returns a
     * checksum so no work is optimized away.
     */
    private static long run(ImageCodec codec, PixelFormat format, List<Path> files, int threads, long[] cpu)
            throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpus = new long[threads];
        AtomicInteger next = new AtomicInteger();
        long[] sums = new long[threads];
        Thread[] workers = new Thread[threads];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers[t] = new Thread(() -> {
                byte[] out = new byte[format.bytes()];
                try {
                    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                        codec.decodeInto(files.get(i), format, out, 0);
                        sums[me] += out[i % out.length];
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
                cpus[me] = mx.getCurrentThreadCpuTime();
            }, "decode-" + t);
            workers[t].start();
        }
        long sum = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            sum += sums[t];
            cpu[0] += cpus[t];
        }
        if (failure[0] != null) {
            throw new IllegalStateException("decoding failed", failure[0]);
        }
        return sum;
    }
}
