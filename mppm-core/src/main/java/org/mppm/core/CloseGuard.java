package org.mppm.core;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The lifecycle of an object that owns native memory and is called from many threads: calls run
 * while it is open; {@link #close(Runnable)} stops new calls at once, waits for the calls in flight
 * to finish, then releases the memory exactly once. A call that starts after close began, or after
 * it ended, fails with an {@link IllegalStateException} naming the object ("LMPPM model is
 * closed"), never touches freed memory, so a close during use can never crash the JVM.
 *
 * <p>Calls may nest (a restorer's call runs the model's encoder call); a nested call that starts
 * after close began fails like any other, and the outer call ends normally or with that exception.
 * Calling {@code close} from inside a call of the same object is refused (it would wait for itself).
 * Thread-safe; the cost of a call is one uncontended read-lock acquisition.
 */
public final class CloseGuard {
    private final String name;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closing;
    private boolean closed;

    /** @param name what the guarded object is, for messages (e.g. "LMPPM model") */
    public CloseGuard(String name) {
        this.name = name;
    }

    /** Runs {@code body} as one call on the open object; fails if the object is closed or closing. */
    public <T> T call(Supplier<T> body) {
        if (closing || !lock.readLock().tryLock()) {
            throw closedError();
        }
        try {
            if (closing) {
                throw closedError();
            }
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@link #call} for a body without a result. */
    public void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /** Fails with the closed message unless the object is open (for cheap accessors). */
    public void requireOpen() {
        if (closing) {
            throw closedError();
        }
    }

    /** Whether close has begun. */
    public boolean isClosed() {
        return closing;
    }

    /**
     * Refuses new calls, waits for the calls in flight, then runs {@code release} (once: later
     * closes do nothing).
     */
    public void close(Runnable release) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("cannot close the " + name + " from inside one of its own calls");
        }
        closing = true;
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(name + " is closed");
    }
}
