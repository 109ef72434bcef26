package org.mppm.models.train;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Who may train at once. A library fit ({@link Fitter}) records gradients on its own thread
 * ({@link GradientRecording}), so fits of different models run at the same time; a fit holds the
 * lock of every block it trains, so two fits of one model queue instead of mixing their updates.
 * Training through DJL's own trainer (its collector is process-wide and may zero every gradient in
 * the engine) runs {@link #exclusive}: alone, with no library fit in flight. All locks are
 * reentrant and fair.
 */
final class TrainingLocks {
    /** Read: library fits, any number at once. Write: DJL-trainer training, alone. */
    private static final ReentrantReadWriteLock ENGINE = new ReentrantReadWriteLock(true);
    /** Per trained block (by identity: blocks do not override equals), with its place in the locking order. */
    private static final Map<Block, ModelLock> MODELS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicLong ORDER = new AtomicLong();

    private record ModelLock(long order, ReentrantLock lock) {}

    private TrainingLocks() {}

    /** Runs {@code training} with no library fit in flight and no other exclusive training. */
    static <T> T exclusive(Supplier<T> training) {
        if (ENGINE.getReadHoldCount() > 0) {
            throw new IllegalStateException("exclusive training cannot start inside a fit on the same thread");
        }
        ENGINE.writeLock().lock();
        try {
            return training.get();
        } finally {
            ENGINE.writeLock().unlock();
        }
    }

    /**
     * Runs {@code training} holding the lock of every block of {@code groups}, taken in one global
     * order so that fits sharing blocks cannot deadlock; fits of other blocks run at the same time.
     */
    static <T> T fit(List<ParameterGroup> groups, Supplier<T> training) {
        List<ModelLock> locks = locksOf(groups);
        ENGINE.readLock().lock();
        int held = 0;
        try {
            for (ModelLock lock : locks) {
                lock.lock().lock();
                held++;
            }
            return training.get();
        } finally {
            for (int i = held - 1; i >= 0; i--) {
                locks.get(i).lock().unlock();
            }
            ENGINE.readLock().unlock();
        }
    }

    private static List<ModelLock> locksOf(List<ParameterGroup> groups) {
        Map<Block, ModelLock> distinct = new IdentityHashMap<>();
        for (ParameterGroup group : groups) {
            distinct.computeIfAbsent(group.block(),
                    block -> MODELS.computeIfAbsent(block, b -> new ModelLock(ORDER.getAndIncrement(), new ReentrantLock(true))));
        }
        List<ModelLock> locks = new ArrayList<>(distinct.values());
        locks.sort(Comparator.comparingLong(ModelLock::order));
        return locks;
    }
}
