package org.mppm.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A model trained or loaded on a thread of its own while the caller trains others: fits of
 * different models run at the same time (the library's {@code Fitter}), each giving the bits it
 * gives alone. {@link #join} hands the model over; closing without joining (the caller's own work
 * failed) waits for the background work and closes what it made.
 */
final class Background<T extends AutoCloseable> implements AutoCloseable {
    private final CompletableFuture<T> result;
    private boolean handedOver;

    private Background(CompletableFuture<T> result) {
        this.result = result;
    }

    /** Starts {@code work} on a new daemon thread called {@code name}. */
    static <T extends AutoCloseable> Background<T> start(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return new Background<>(result);
    }

    /** Waits for the work and hands its result over to the caller, who closes it; rethrows its failure. */
    T join() {
        handedOver = true;
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (!handedOver) {
            T made = result.exceptionally(e -> null).join();
            if (made != null) {
                try {
                    made.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not close the model made in the background", e);
                }
            }
        }
    }
}
