package dev.datagen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.datagen.client.GeneratorSettings.Layout;

/**
 * Proof by training: DL4J networks learn MNIST from batches read only through DataGen (registered from
 * the list files, every batch through the iterators) and are evaluated on the test split read the same way.
 * Accuracy and seconds per epoch are printed with the prefix {@code [datagen-client]}.
 */
@ExtendWith(LiveService.Resolver.class)
class TrainingIT {

    private static final int EPOCHS = 2;

    private static GeneratorSettings train() {
        return GeneratorSettings.of("train").batchSize(64).seed(2024).layout(Layout.NCHW).rescale(1 / 255.0);
    }

    private static GeneratorSettings test() {
        return GeneratorSettings.of("test").batchSize(250).shuffle(false).layout(Layout.NCHW).rescale(1 / 255.0);
    }

    /**
     * One strided convolution (8 filters of 5x5, stride 2: 28x28x1 to 12x12x8). Small on purpose: the suite
     * runs on two shared cores, where DL4J's CPU convolutions, not the data, take the time (an epoch read
     * from DataGen trains as fast as the same batches held in memory).
     */
    private static ConvolutionLayer conv() {
        return new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(8).activation(Activation.RELU).build();
    }

    private static void log(String line) {
        System.out.println("[datagen-client] " + line);
    }

    /** Wall time of each epoch, as DL4J's fit reports epoch starts and ends. */
    private static final class EpochTimer extends BaseTrainingListener {
        final List<Double> seconds = new ArrayList<>();
        private long start;

        @Override
        public void onEpochStart(Model model) {
            start = System.nanoTime();
        }

        @Override
        public void onEpochEnd(Model model) {
            seconds.add((System.nanoTime() - start) / 1e9);
        }
    }

    @Test
    void aConvolutionalNetworkLearnsMnistThroughTheDataSetIterator(LiveService service) {
        DataGenClient client = service.client;
        String mnist = service.mnist().name();
        GeneratorInfo trainGen = client.createGenerator(mnist, train());
        GeneratorInfo testGen = client.createGenerator(mnist, test());

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(2e-3))
                .weightInit(WeightInit.XAVIER).list()
                .layer(conv())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        EpochTimer timer = new EpochTimer();
        net.setListeners(timer);

        try (DataGenDataSetIterator trainIt = new DataGenDataSetIterator(client, trainGen.id());
                DataGenDataSetIterator testIt = new DataGenDataSetIterator(client, testGen.id())) {
            net.fit(trainIt, EPOCHS);
            assertEquals(EPOCHS * trainGen.batchesPerEpoch(), net.getIterationCount(), "every batch of every epoch");
            assertEquals(EPOCHS - 1, trainIt.source().epoch(), "fit(iterator, n) resets between epochs");
            assertFalse(trainIt.hasNext());

            Evaluation eval = net.evaluate(testIt);
            assertEquals(testGen.samplesPerEpoch(), (int) eval.getNumRowCounter());
            report("cnn", trainGen, timer, Map.of("digit", eval.accuracy()));
            assertTrue(eval.accuracy() >= 0.90, "test accuracy " + eval.accuracy() + "\n" + eval.stats());
        }
    }

    @Test
    void aTwoOutputComputationGraphLearnsDigitAndParityThroughOneGenerator(LiveService service) {
        DataGenClient client = service.client;
        String multitask = service.mnistMultiTask().name();
        GeneratorInfo trainGen = client.createGenerator(multitask, train());
        GeneratorInfo testGen = client.createGenerator(multitask, test());
        assertEquals(List.of("digit", "parity"), trainGen.outputs().stream().map(GeneratorInfo.ArraySpec::name).toList());

        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(2e-3))
                .weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("image").setInputTypes(InputType.convolutional(28, 28, 1))
                .addLayer("conv", conv(), "image")
                .addLayer("dense", new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(), "conv")
                .addLayer("digit", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                        .build(), "dense")
                .addLayer("parity", new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                        .build(), "dense")
                .setOutputs("digit", "parity").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        EpochTimer timer = new EpochTimer();
        graph.setListeners(timer);

        try (DataGenMultiDataSetIterator trainIt = new DataGenMultiDataSetIterator(client, trainGen.id());
                DataGenMultiDataSetIterator testIt = new DataGenMultiDataSetIterator(client, testGen.id())) {
            graph.fit(trainIt, EPOCHS);
            assertEquals(EPOCHS * trainGen.batchesPerEpoch(), graph.getIterationCount());
            assertEquals(EPOCHS - 1, trainIt.epoch());

            Map<Integer, Evaluation[]> evals = graph.evaluate(testIt,
                    Map.of(0, new Evaluation[] {new Evaluation()}, 1, new Evaluation[] {new Evaluation()}));
            double digit = evals.get(0)[0].accuracy();
            double parity = evals.get(1)[0].accuracy();
            assertEquals(testGen.samplesPerEpoch(), (int) evals.get(0)[0].getNumRowCounter());
            report("multi-task graph", trainGen, timer, Map.of("digit", digit, "parity", parity));
            assertTrue(digit >= 0.90, "digit accuracy " + digit);
            assertTrue(parity >= 0.90, "parity accuracy " + parity);
        }
    }

    private static void report(String model, GeneratorInfo trainGen, EpochTimer timer, Map<String, Double> accuracy) {
        for (int e = 0; e < timer.seconds.size(); e++) {
            double s = timer.seconds.get(e);
            log(String.format("%s epoch %d: %.1f s (%d images, %.0f images/s, batch %d)", model, e + 1, s,
                    trainGen.samplesPerEpoch(), trainGen.samplesPerEpoch() / s, trainGen.settings().batchSize()));
        }
        accuracy.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(a -> log(String.format(
                "%s test accuracy (%s): %.4f after %d epochs", model, a.getKey(), a.getValue(), timer.seconds.size())));
    }
}
