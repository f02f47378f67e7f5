package dev.datagen.dataset;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The samples of a Keras {@code flow_from_directory} tree: each sub-folder of the split folder is a class
 * (classes sorted by name), every image below it (recursively, in sorted order, symlinked folders not
 * followed) is a sample with a one-hot label. Only one folder's listing is held at a time. The tree is a
 * local folder or a bucket prefix ({@link FolderTree}).
 */
final class DirectorySource implements SampleSource {

    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "ppm", "pgm", "pbm", "pnm",
            "tif", "tiff", "webp");

    private final String part;
    private final FolderTree tree;
    private final List<FolderTree.Entry> classes;
    private int classIndex = -1;
    private final Deque<Iterator<FolderTree.Entry>> stack = new ArrayDeque<>();
    private long count;

    DirectorySource(String part, FolderTree tree, List<FolderTree.Entry> classes) {
        this.part = part;
        this.tree = tree;
        this.classes = classes;
    }

    /** The class folders of a split folder, sorted by name; hidden folders are skipped. */
    static List<FolderTree.Entry> classesOf(FolderTree tree, String splitDir) throws IOException {
        return tree.children(splitDir).stream().filter(e -> e.folder() && !e.name().startsWith("."))
                .sorted(java.util.Comparator.comparing(FolderTree.Entry::name)).toList();
    }

    @Override
    public List<String> partNames() {
        return List.of(part, part + " (class folders)");
    }

    @Override
    public boolean numbered() {
        return false;
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
                stack.push(tree.children(classes.get(classIndex).location()).iterator());
                continue;
            }
            FolderTree.Entry e = stack.peek().next();
            if (e.folder()) {
                stack.push(tree.children(e.location()).iterator());
            } else if (isImage(e.name())) {
                count++;
                return new RawSample(count, new String[] {e.location(), oneHot(classIndex)});
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

    private static boolean isImage(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".")
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        stack.clear();
    }
}
