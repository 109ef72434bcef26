package org.mppm.models.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to a model directory, across the threads of this JVM (a lock per real path)
 * and across processes (an OS lock on {@link ModelDirectory#LOCK_FILE} inside the directory).
 *
 * <p>The JVM lock is always taken before the lock file is opened: on POSIX, closing any channel
 * on a file drops every lock this process holds on it, so no thread may open the lock file while
 * another thread of the JVM holds it. The lock file is never deleted (a process waiting on a
 * deleted file's lock would not exclude a process locking a new one).
 */
final class DirectoryLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private DirectoryLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits for exclusive access to the existing directory {@code dir}, creating its lock file if needed. */
    static DirectoryLock acquire(Path dir) throws IOException {
        ReentrantLock jvmLock = jvmLock(dir);
        jvmLock.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(ModelDirectory.LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            return new DirectoryLock(jvmLock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            jvmLock.unlock();
            throw e;
        }
    }

    /**
     * Exclusive access if nobody else holds it right now and the directory already has a lock
     * file (nothing is created); {@code null} otherwise, or if the lock file cannot be opened for
     * writing (e.g. a read-only directory).
     */
    static DirectoryLock tryAcquire(Path dir) {
        ReentrantLock jvmLock;
        try {
            jvmLock = jvmLock(dir);
        } catch (IOException e) {
            return null;
        }
        if (!jvmLock.tryLock()) {
            return null;
        }
        FileChannel channel = null;
        try {
            Path file = dir.resolve(ModelDirectory.LOCK_FILE);
            if (Files.isRegularFile(file)) {
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new DirectoryLock(jvmLock, channel, lock);
                }
            }
        } catch (IOException | OverlappingFileLockException e) {
            // busy or not writable: no exclusive access
        }
        closeQuietly(channel);
        jvmLock.unlock();
        return null;
    }

    private static ReentrantLock jvmLock(Path dir) throws IOException {
        return JVM_LOCKS.computeIfAbsent(dir.toRealPath(), p -> new ReentrantLock());
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock (if any) is released with the channel either way
            }
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        } finally {
            closeQuietly(channel);
            jvmLock.unlock();
        }
    }
}
