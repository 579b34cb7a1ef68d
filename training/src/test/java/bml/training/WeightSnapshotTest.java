package bml.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class WeightSnapshotTest {

    @Test
    void copiesItsInputsAndHandsOutCopies() {
        float[] values = {1, 2, 3, 4, 5, 6};
        long[] shape = {2, 3};
        WeightSnapshot snapshot = new WeightSnapshot(7, List.of("w"), List.of(shape), List.of(values));
        values[0] = 99;
        shape[0] = 99;
        snapshot.values(0)[1] = 99;
        snapshot.shape(0)[1] = 99;
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, snapshot.values(0));
        assertArrayEquals(new long[] {2, 3}, snapshot.shape(0));
        assertEquals(7, snapshot.step());
        assertEquals(List.of("w"), snapshot.names());
    }

    @Test
    void rejectsValuesThatDoNotFillTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WeightSnapshot(0, List.of("w"), List.of(new long[] {2, 2}), List.of(new float[3])));
        assertEquals("tensor w: shape (2, 2) needs 4 values, got 3", e.getMessage());
    }
}
