package dev.datagen.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The samples of a Keras {@code flow_from_directory} tree: each sub-folder of the split folder is a class
 * (classes sorted by name), every image below it (recursively, in sorted order, symlinked folders not
 * followed) is a sample with a one-hot label. Only one folder's listing is held at a time.
 */
final class DirectorySource implements SampleSource {

    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "ppm", "pgm", "pbm", "pnm",
            "tif", "tiff", "webp");

    private final String part;
    private final Path splitDir;
    private final List<String> classes;
    private int classIndex = -1;
    private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
    private long count;

    DirectorySource(String part, Path splitDir, List<String> classes) {
        this.part = part;
        this.splitDir = splitDir;
        this.classes = classes;
    }

    /** The class folders of a split folder, sorted by name; hidden folders are skipped. */
    static List<String> classesOf(Path splitDir) throws IOException {
        try (Stream<Path> children = Files.list(splitDir)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public List<String> partNames() {
        return List.of(part, part + " (class folders)");
    }

    @Override
    public RawSample next() throws IOException {
        while (true) {
            while (!stack.isEmpty() && !stack.peek().hasNext()) {
                stack.pop();
            }
            if (stack.isEmpty()) {
                if (++classIndex >= classes.size()) {
                    return null;
                }
                stack.push(sortedChildren(splitDir.resolve(classes.get(classIndex))));
                continue;
            }
            Path p = stack.peek().next();
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                stack.push(sortedChildren(p));
            } else if (isImage(p)) {
                count++;
                return new RawSample(count, new String[] {p.toString(), oneHot(classIndex)});
            }
        }
    }

    private String oneHot(int k) {
        StringBuilder sb = new StringBuilder(classes.size() * 2);
        for (int i = 0; i < classes.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(i == k ? '1' : '0');
        }
        return sb.toString();
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".")
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static Iterator<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> sorted = new ArrayList<>(children.sorted().toList());
            return sorted.iterator();
        }
    }

    @Override
    public void close() {
        stack.clear();
    }
}
