package dev.datagen.client;

import java.util.List;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A DataGen generator with one input and one output as a DL4J {@link DataSetIterator}, for
 * {@code MultiLayerNetwork.fit(iterator, nEpochs)} and {@code evaluate(iterator)}. Features are the input's
 * images ({@code (N, C, H, W)} with {@code layout: NCHW}, which {@code InputType.convolutional} takes, or
 * {@code (N, H, W, C)}), labels the output's vectors {@code (N, classes)}. Epochs, prefetch, errors and
 * memory as {@link DataGenMultiDataSetIterator}, which it wraps; {@link #reset()} moves to the next epoch.
 *
 * <pre>{@code
 * net.fit(new DataGenDataSetIterator(client, generatorId), 2);
 * }</pre>
 *
 * Not thread-safe: one thread iterates.
 */
public final class DataGenDataSetIterator implements DataSetIterator, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final DataGenMultiDataSetIterator source;
    private final List<String> labels;
    private transient DataSetPreProcessor preProcessor;

    /** Reads generator {@code generatorId} from epoch 0, 4 batches ahead. */
    public DataGenDataSetIterator(DataGenClient client, String generatorId) {
        this(client, generatorId, IteratorOptions.DEFAULT);
    }

    public DataGenDataSetIterator(DataGenClient client, String generatorId, IteratorOptions options) {
        this(client, client.generator(generatorId), options);
    }

    public DataGenDataSetIterator(DataGenClient client, GeneratorInfo generator, IteratorOptions options) {
        requireOneInputOneOutput(generator);
        String output = generator.outputs().get(0).name();
        this.labels = client.dataset(generator.dataset()).output(output).classNames();
        this.source = new DataGenMultiDataSetIterator(client, generator, options);
    }

    private static void requireOneInputOneOutput(GeneratorInfo g) {
        if (g.inputs().size() != 1 || g.outputs().size() != 1) {
            throw new IllegalArgumentException("a DataSetIterator carries one input and one output, but generator "
                    + g.id() + " of dataset " + g.dataset() + " has inputs " + g.inputs().stream()
                            .map(GeneratorInfo.ArraySpec::name).toList() + " and outputs " + g.outputs().stream()
                            .map(GeneratorInfo.ArraySpec::name).toList() + "; use DataGenMultiDataSetIterator");
        }
    }

    /** The epoch and global position consumed, as {@link DataGenMultiDataSetIterator#state()}. */
    public IteratorState state() {
        return source.state();
    }

    /** Carries on from {@code state}, as {@link DataGenMultiDataSetIterator#restore(IteratorState)}. */
    public void restore(IteratorState state) {
        source.restore(state);
    }

    /** The multi-dataset iterator underneath: epoch, position, dealing, buffered batches. */
    public DataGenMultiDataSetIterator source() {
        return source;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    /** The next batch, after the pre-processor (if any), which runs on the calling thread. */
    @Override
    public DataSet next() {
        MultiDataSet m = source.next();
        DataSet batch = new DataSet(m.getFeatures(0), m.getLabels(0), mask(m.getFeaturesMaskArrays()),
                mask(m.getLabelsMaskArrays()));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    private static org.nd4j.linalg.api.ndarray.INDArray mask(org.nd4j.linalg.api.ndarray.INDArray[] masks) {
        return masks == null || masks.length == 0 ? null : masks[0];
    }

    /** Unsupported: a batch's size is the generator's {@code batchSize}. */
    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("the batch size is the generator's (" + batch()
                + "); create a generator with batchSize " + num + " instead");
    }

    /** Values per sample of the input, e.g. 784 for 28x28 grayscale images. */
    @Override
    public int inputColumns() {
        return Math.toIntExact(source.generator().inputs().get(0).valuesPerSample());
    }

    /** Values per sample of the output: the number of classes of a vector output. */
    @Override
    public int totalOutcomes() {
        return Math.toIntExact(source.generator().outputs().get(0).valuesPerSample());
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: the iterator already fetches ahead on its own thread. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Moves to the start of the next epoch. */
    @Override
    public void reset() {
        source.reset();
    }

    /** The generator's batch size (the last batch of an epoch may be smaller). */
    @Override
    public int batch() {
        return source.generator().settings().batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** The output's class names when the dataset knows them (class folders, or a spec); else null. */
    @Override
    public List<String> getLabels() {
        return labels;
    }

    @Override
    public void close() {
        source.close();
    }
}
