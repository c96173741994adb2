package dev.resilience.agent.reload;

import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.policy.PolicyFilePermissions;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Watches a policy file by polling its content on a daemon thread ({@code resilience-policy-watch}).
 *
 * <p>Why polling rather than a {@code WatchService}: editors save by writing a new file and
 * renaming it over the old one, and a Kubernetes ConfigMap volume updates by swapping a symlink
 * ({@code ..data}) one or two levels above the file; a {@code WatchService} registered on the
 * file's directory sees neither reliably (the event is for another name, in another directory),
 * and on some file systems nothing at all. Reading the path again every 500 ms follows every
 * symlink afresh and compares the bytes themselves, so any way of changing the file is seen, a
 * {@code touch} alone is not a change, and mtime granularity does not matter. A policy is at
 * most 1 MB and usually a few KB: the cost is one small read per interval.
 *
 * <p>A change is delivered once the content has been the same on two reads
 * {@value #SETTLE_MILLIS} ms apart, so a file caught half-written is not reported as invalid.
 * While the file is missing (between an editor's delete and rename) nothing is delivered. A file
 * that stays unreadable over two reads (deleted, replaced by a directory, its permissions taken
 * away, its volume unmounted) is said once, at error, with the reason: an operator who copied a
 * new policy in with the wrong owner must not believe it applied; and once more when it can be
 * read again. Thread-safe.
 */
public final class PolicyWatcher {
    static final long SETTLE_MILLIS = 100;
    private static final int MAX_BYTES = 2 * 1024 * 1024;

    private final Path file;
    private final long intervalMillis;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean stopped;
    /** The content last delivered was refused because the file was unsafe: deliver it again once it is safe. */
    private volatile boolean awaitingSafeFile;
    private byte[] last;
    private final Lines lines;
    /** Why the file could not be read at the last read, or null when it could. Watcher thread only. */
    private String unreadable;
    /** The reason already said, or null. Watcher thread only. */
    private String said;
    /** The last failure of a round said ({@link #sayFailure}), until a round gets past reading the file. */
    private String lastFailure;

    /** Where the watcher says that the file cannot be read, and that it can again. */
    interface Lines {
        void error(String line);

        void info(String line);
    }

    /** The agent's log. A named class, not a lambda: made in premain (issue 8). */
    private static final class AgentLines implements Lines {
        @Override
        public void error(String line) {
            AgentLog.logger().error(line);
        }

        @Override
        public void info(String line) {
            AgentLog.logger().info(line);
        }
    }

    /**
     * @param onChange called on the watcher's thread with the file changed and settled; it reads
     *                 the file itself
     */
    public PolicyWatcher(Path file, long intervalMillis, Runnable onChange) {
        this(file, intervalMillis, onChange, new AgentLines());
    }

    PolicyWatcher(Path file, long intervalMillis, Runnable onChange, Lines lines) {
        this.lines = lines;
        this.file = file;
        this.intervalMillis = intervalMillis;
        this.onChange = onChange;
        this.last = read(file);
        // An inner class, not this::run: the watcher starts in premain, where each lambda class
        // spun at run time adds to the application's start (issue 8).
        this.thread = new Thread(new Runnable() {
            @Override
            public void run() {
                PolicyWatcher.this.run();
            }
        }, "resilience-policy-watch");
        this.thread.setDaemon(true);
    }

    public PolicyWatcher start() {
        thread.start();
        return this;
    }

    /**
     * Stops watching; a change being delivered completes first. Called from that delivery itself, it
     * ends the watch once the delivery returns, without interrupting the work it is doing.
     */
    public void stop() {
        stopped = true;
        if (Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The change just delivered was refused because the file is not safe (world-writable): once its
     * permissions are fixed, the same content is delivered again, without another edit. An operator
     * who follows the refusal's advice ({@code chmod o-w}) expects the edit to apply then.
     */
    public void awaitSafeFile() {
        awaitingSafeFile = true;
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(intervalMillis);
                byte[] now = read(file);
                sayWhetherReadable(now);
                lastFailure = null;
                if (now != null && Arrays.equals(now, last) && awaitingSafeFile
                        && PolicyFilePermissions.check(file).isEmpty()) {
                    awaitingSafeFile = false;
                    onChange.run();
                    continue;
                }
                if (now == null || Arrays.equals(now, last)) {
                    continue;
                }
                awaitingSafeFile = false; // new content: judged afresh
                Thread.sleep(SETTLE_MILLIS);
                byte[] settled = read(file);
                if (settled == null || !Arrays.equals(now, settled)) {
                    continue; // still being written: look again next round
                }
                last = settled;
                if (!stopped) {
                    onChange.run();
                }
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            } catch (Throwable error) {
                // keep watching: one failed reload must not end hot reload for the JVM's lifetime
                try {
                    sayFailure(error);
                } catch (Throwable none) {
                    // with the heap full even saying it fails (building the line, linking the call): nothing may
                    // escape, the next round tries again
                }
            }
        }
    }

    /**
     * Says that a round failed, once per distinct failure: a security manager that denies the read
     * failed every round, a line every 500 ms for the JVM's lifetime (audit). May throw when the heap
     * is full (the line cannot be built): its caller guards it, as an error escaping ended the watch.
     */
    private void sayFailure(Throwable error) {
        String line = "[resilience-agent] ERROR policy watcher: " + error;
        if (!line.equals(lastFailure)) {
            lastFailure = line;
            System.err.println(line + " (said once; the file is read again every " + intervalMillis + " ms)");
        }
    }

    /** Says, once, that the file has stayed unreadable (and why), and that it can be read again. */
    private void sayWhetherReadable(byte[] now) {
        String where = "policy file " + file.toAbsolutePath();
        if (now != null) {
            unreadable = null;
            if (said != null) {
                said = null;
                lines.info(where + " can be read again" + (Arrays.equals(now, last) ? "; it is unchanged" : ""));
            }
            return;
        }
        String why = whyUnreadable(file);
        if (why.equals(unreadable) && !why.equals(said)) {
            said = why;
            lines.error(where + " cannot be read: " + why + ". The policy in force stays; the file is read again every "
                    + intervalMillis + " ms and applied once it can be");
        }
        unreadable = why;
    }

    private static String whyUnreadable(Path file) {
        java.io.File regular = file.toFile();
        if (!regular.exists()) {
            // a link whose target cannot be reached (a loop of links) "does not exist" too: say which (audit)
            return isLink(file) ? "it is a symbolic link that leads nowhere (a missing target, or a loop of links)"
                    : "it does not exist (deleted, renamed, or its volume is not mounted)";
        }
        if (regular.isDirectory()) {
            return "it is a directory";
        }
        if (!regular.isFile()) {
            return "it is not a regular file";
        }
        return regular.canRead() ? "reading it failed" : "permission denied (this JVM's user may not read it)";
    }

    private static boolean isLink(Path file) {
        try {
            return java.nio.file.Files.isSymbolicLink(file); // only once the file is unreadable: NIO is no cost then
        } catch (SecurityException denied) {
            return false;
        }
    }

    /**
     * The file's bytes (symlinks followed), or null when it cannot be read right now. Through a
     * {@code FileInputStream} rather than {@code Files}: the first read happens in premain, where NIO's
     * file channels and their native libraries would be loaded for it alone (issue 8).
     */
    private static byte[] read(Path file) {
        java.io.File regular = file.toFile();
        if (!regular.isFile()) {
            return null; // a pipe would block this thread for ever, a device never end: only files are read
        }
        try (InputStream in = new FileInputStream(regular)) {
            // a little past the loader's 1 MB limit: enough to see a change, never the whole of a huge file
            return in.readNBytes(MAX_BYTES);
        } catch (IOException | SecurityException | OutOfMemoryError e) {
            return null;
        }
    }
}
