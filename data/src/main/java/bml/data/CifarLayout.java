package bml.data;

import java.util.List;
import java.util.stream.Stream;

/**
 * Where the files of a CIFAR binary distribution are and how its records look.
 *
 * @param name dataset name, e.g. {@code cifar10}
 * @param folder the folder the archive unpacks to, accepted as a child of {@code data.path}
 * @param train train batch file names, read in order
 * @param test test batch file names
 * @param labelBytes label bytes before the 3072 pixel bytes of a record; the last one is the label used
 * @param labelLimits exclusive upper bound of each label byte (CIFAR-100: coarse 20, fine 100)
 */
record CifarLayout(String name, String folder, List<String> train, List<String> test, int labelBytes,
                   int[] labelLimits) {
    static final int PIXELS = 3 * 32 * 32;

    static final CifarLayout CIFAR10 = new CifarLayout("cifar10", "cifar-10-batches-bin",
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin"),
            List.of("test_batch.bin"), 1, new int[] {10});
    static final CifarLayout CIFAR100 = new CifarLayout("cifar100", "cifar-100-binary",
            List.of("train.bin"), List.of("test.bin"), 2, new int[] {20, 100});

    int recordBytes() {
        return labelBytes + PIXELS;
    }

    int numClasses() {
        return labelLimits[labelBytes - 1];
    }

    List<String> files() {
        return Stream.concat(train.stream(), test.stream()).toList();
    }
}
