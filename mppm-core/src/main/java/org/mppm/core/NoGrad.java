package org.mppm.core;

import java.util.ServiceLoader;

/**
 * A scope in which the calling thread records no autograd graph: the library's restorers,
 * samplers and fits run inside one, whichever thread calls them. The engine keeps its recording
 * switch per thread, and a thread it did not start (a caller's pool, the library's chunk workers)
 * records by default; a forward pass there would keep its intermediate arrays for a backward pass
 * that never comes. Closing the scope restores the thread's previous state, so scopes nest; the
 * library's training steps open a recording scope of their own inside.
 *
 * <p>The switch comes from the engine's module through {@link ServiceLoader} ({@link Switch});
 * mppm-models provides the PyTorch engine's. Without one, a scope changes nothing. A scope belongs
 * to the thread that opened it and must be closed there.
 */
public final class NoGrad implements AutoCloseable {

    /** The engine's per-thread recording switch, found with {@link ServiceLoader}. */
    public interface Switch {
        /** Whether the calling thread records autograd graphs now. */
        boolean recording();

        /** Turns the calling thread's recording on or off. */
        void record(boolean on);
    }

    private static final Switch SWITCH = ServiceLoader.load(Switch.class, NoGrad.class.getClassLoader()).findFirst()
            .orElse(null);

    private final Thread owner = Thread.currentThread();
    private final boolean before;
    private boolean closed;

    private NoGrad() {
        this.before = SWITCH != null && SWITCH.recording();
        if (before) {
            SWITCH.record(false);
        }
    }

    /** Turns recording off on the calling thread until the scope is closed. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /** Whether an engine switch was found (else scopes change nothing). */
    public static boolean available() {
        return SWITCH != null;
    }

    /** Restores the recording state the thread had when the scope opened; a second close does nothing. */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a NoGrad scope opened on thread " + owner.getName()
                    + " must be closed there, not on " + Thread.currentThread().getName());
        }
        if (!closed) {
            closed = true;
            if (before) {
                SWITCH.record(true);
            }
        }
    }
}
