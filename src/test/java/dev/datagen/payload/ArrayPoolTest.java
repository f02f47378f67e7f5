package dev.datagen.payload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ArrayPoolTest {

    @Test
    void givenArraysAreTakenAgainByExactLength() {
        ArrayPool pool = new ArrayPool(new PoolProperties(DataSize.ofMegabytes(4)));
        byte[] a = pool.take(1 << 20);
        pool.give(a);
        assertThat(pool.take((1 << 20) + 1)).isNotSameAs(a);
        assertThat(pool.take(1 << 20)).isSameAs(a);
        assertThat(pool.pooledBytes()).isZero();
    }

    @Test
    void keepsNoMoreThanItsBudgetAndIgnoresSmallArrays() {
        ArrayPool pool = new ArrayPool(new PoolProperties(DataSize.ofMegabytes(2)));
        for (int i = 0; i < 5; i++) {
            pool.give(new byte[1 << 20]);
        }
        assertThat(pool.pooledBytes()).isEqualTo(2L << 20);
        pool.give(new byte[1000]);
        assertThat(pool.pooledBytes()).isEqualTo(2L << 20);
        byte[] small = new byte[1000];
        pool.give(small);
        assertThat(pool.take(1000)).isNotSameAs(small);
    }
}
