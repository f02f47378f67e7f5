package dev.datagen.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import dev.datagen.problem.ProblemType;

/**
 * Reads the list files of one split in lockstep: line n of every file describes sample n. Files of
 * different lengths are refused with both counts.
 */
final class ListFileSource implements SampleSource {

    /** One uploaded list file. */
    record Part(String name, InputStream content) {
    }

    private final List<String> names = new ArrayList<>();
    private final List<ListFileReader> readers = new ArrayList<>();

    ListFileSource(List<Part> parts, int maxLineLength) {
        for (Part part : parts) {
            names.add(part.name());
            readers.add(new ListFileReader(part.content(), maxLineLength));
        }
    }

    @Override
    public List<String> partNames() {
        return names;
    }

    @Override
    public RawSample next() throws IOException {
        String[] fields = new String[readers.size()];
        int ended = 0;
        for (int i = 0; i < readers.size(); i++) {
            try {
                fields[i] = readers.get(i).next();
            } catch (ListFileReader.LineException e) {
                throw RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, names.get(i), e.line(), e.getMessage());
            }
            if (fields[i] == null) {
                ended++;
            }
        }
        long line = readers.get(0).lineNumber() + (fields[0] == null ? 1 : 0);
        if (ended == readers.size()) {
            if (line == 1) {
                throw RegistrationProblems.part(ProblemType.INVALID_LIST_FILE, names.get(0), "the file is empty");
            }
            return null;
        }
        if (ended > 0) {
            throw mismatch(fields);
        }
        return new RawSample(readers.get(0).lineNumber(), fields);
    }

    private RuntimeException mismatch(String[] fields) throws IOException {
        int shortIndex = -1;
        int longIndex = -1;
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == null && shortIndex < 0) {
                shortIndex = i;
            } else if (fields[i] != null && longIndex < 0) {
                longIndex = i;
            }
        }
        ListFileReader shorter = readers.get(shortIndex);
        ListFileReader longer = readers.get(longIndex);
        long shortLines = shorter.lineNumber();
        long longLines = longer.lineNumber() + longer.countRemaining();
        if (shortLines == 0) {
            return RegistrationProblems.part(ProblemType.INVALID_LIST_FILE, names.get(shortIndex), "the file is empty");
        }
        return RegistrationProblems.at(ProblemType.INVALID_LIST_FILE, names.get(shortIndex), shortLines + 1,
                "the file has " + shortLines + (shortLines == 1 ? " line" : " lines") + " but " + names.get(longIndex)
                        + " has " + longLines + "; every file of a split needs one line per sample");
    }

    @Override
    public void close() throws IOException {
        for (ListFileReader r : readers) {
            r.close();
        }
    }
}
