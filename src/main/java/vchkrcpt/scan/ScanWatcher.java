package vchkrcpt.scan;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code vchkrcpt scan --watch}: a foreground service for supervise or runit. It rebuilds the cdb
 * (only replacing it when the keys changed) at start, after changes to the files the scan reads
 * (once they have been quiet for the debounce time), at once when someone else removes or replaces
 * the cdb, and at every full rescan, which also covers whatever the WatchService missed. One line
 * per rebuild goes to stdout, for multilog. A failed
 * rebuild is logged and the old cdb stays; the service goes on. It returns only for a fatal
 * error (the qmail directory is gone, the watch service broke): status 111, supervise restarts it.
 */
public final class ScanWatcher {
    /** Go ahead after this many debounce periods even if changes keep coming. */
    private static final int MAX_DEBOUNCE_PERIODS = 30;

    private final ScanSettings settings;
    private final Path output;
    private final SmtpReader reader;
    private final long rescanMillis;
    private final long debounceMillis;
    private final PrintWriter log;
    private final Map<WatchKey, WatchPlan.Rule> watched = new HashMap<>();
    private Set<String> lastWarnings = Set.of();
    private String lastWatchProblem = "";
    /** What the last scan read besides the vpopmail domains: the next watch covers it too. */
    private WatchPlan lastSources = new WatchPlan();
    /** The file we published or found unchanged: an event for anything else at the output's name is a change. */
    private Object publishedFile;

    public ScanWatcher(ScanSettings settings, Path output, SmtpReader reader, long rescanMillis, long debounceMillis,
            PrintWriter log) {
        this.settings = settings;
        this.output = output;
        this.reader = reader;
        this.rescanMillis = rescanMillis;
        this.debounceMillis = debounceMillis;
        this.log = log;
    }

    /** Runs until a fatal error, which it throws. */
    public int run() throws IOException {
        try (WatchService service = FileSystems.getDefault().newWatchService()) {
            log.println("watching " + settings.qmail() + " and what the scan reads for " + output
                    + "; full rescan every " + rescanMillis / 1000 + " s");
            String reason = "start";
            while (true) {
                // Watch first, then read: a change made while the scan runs is not lost. A scan
                // that read a directory not watched yet (a new home) is repeated once it is.
                WatchPlan plan = plan();
                watch(service, plan);
                rebuild(reason);
                WatchPlan after = plan();
                if (!plan.rules().keySet().containsAll(after.rules().keySet())) {
                    watch(service, after);
                    rebuild("new directories watched");
                }
                reason = waitForChange(service);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while watching", e);
        }
    }

    private void rebuild(String reason) throws IOException {
        if (!Files.isDirectory(settings.qmail())) {
            throw new IOException("unable to read " + settings.qmail() + ": the qmail directory is gone");
        }
        long start = System.nanoTime();
        ScanResult result;
        boolean written;
        List<String> all;
        WatchPlan sources = new WatchPlan();
        try {
            result = Scanner.scan(settings, new ProgressLine(null), sources);
            lastSources = sources;
            all = new java.util.ArrayList<>(result.warnings());
            written = ScanOutput.publish(output, result.keys(), true, reader, all);
            publishedFile = fileKey(output);
        } catch (IOException e) {
            // What a failed scan got to read is watched too, so its repair is seen.
            lastSources = sources.with(lastSources);
            log.println("failed (" + reason + "): " + e.getMessage() + "; keeping the old " + output);
            return;
        }
        Set<String> warnings = new HashSet<>(all);
        for (String warning : all) {
            if (!lastWarnings.contains(warning)) {
                log.println("warning: " + warning);
            }
        }
        lastWarnings = warnings;
        log.println((written ? "rebuilt " : "unchanged ") + output + " (" + reason + "): " + result.summary().keys()
                + " keys, " + result.summary().domainsText() + ", " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** The vpopmail domains users/assign names, what the last scan read, and the output. */
    private WatchPlan plan() {
        WatchPlan plan = WatchPlan.fromAssign(settings).with(lastSources);
        plan.output(output);
        return plan;
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Registers every directory of the plan and drops the watches the plan no longer has. */
    private void watch(WatchService service, WatchPlan plan) {
        Map<WatchKey, WatchPlan.Rule> now = new HashMap<>();
        int failed = 0;
        String firstFailure = null;
        for (Map.Entry<Path, WatchPlan.Rule> entry : plan.rules().entrySet()) {
            try {
                WatchKey key = entry.getKey().register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
                now.put(key, entry.getValue());
            } catch (NoSuchFileException e) {
                // Not there (yet): the watch on its parent, or the next rescan, notices it.
            } catch (IOException e) {
                // Typically the inotify watch limit (fs.inotify.max_user_watches).
                failed++;
                if (firstFailure == null) {
                    firstFailure = entry.getKey() + ": " + InstallFiles.why(e);
                }
            }
        }
        for (WatchKey key : watched.keySet()) {
            if (!now.containsKey(key)) {
                key.cancel();
            }
        }
        watched.clear();
        watched.putAll(now);
        String problem = failed == 0 ? "" : "unable to watch " + failed + " directories (first: " + firstFailure
                + "); the rescan every " + rescanMillis / 1000 + " s covers them";
        if (!problem.equals(lastWatchProblem) && !problem.isEmpty()) {
            log.println("warning: " + problem);
        }
        lastWatchProblem = problem;
    }

    /** Waits for a change that matters, then until things are quiet; or until the rescan is due. */
    private String waitForChange(WatchService service) throws InterruptedException {
        long rescanAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rescanMillis);
        String changed = null;
        while (changed == null) {
            long left = rescanAt - System.nanoTime();
            if (left <= 0) {
                return "rescan";
            }
            changed = relevantChange(service.poll(left, TimeUnit.NANOSECONDS));
        }
        for (int quiet = 0; quiet < MAX_DEBOUNCE_PERIODS; quiet++) {
            WatchKey key = service.poll(debounceMillis, TimeUnit.MILLISECONDS);
            if (key == null) {
                break;
            }
            // Drain it so the key is reset; whether it matters no longer changes anything.
            relevantChange(key);
        }
        return "changed: " + changed;
    }

    /** The first changed path that matters in this key's events, or {@code null}; resets the key. */
    private String relevantChange(WatchKey key) {
        if (key == null) {
            return null;
        }
        WatchPlan.Rule rule = watched.get(key);
        Path dir = (Path) key.watchable();
        String changed = null;
        List<WatchEvent<?>> events = key.pollEvents();
        for (Iterator<WatchEvent<?>> it = events.iterator(); it.hasNext() && changed == null;) {
            WatchEvent<?> event = it.next();
            if (event.kind() == OVERFLOW) {
                changed = dir + " (events lost)";
            } else if (rule != null && rule.matters(event.context().toString())) {
                changed = dir.resolve((Path) event.context()).toString();
            } else if (rule != null && rule.isOutput(event.context().toString())) {
                Object now = fileKey(output);
                if (now == null || !now.equals(publishedFile)) {
                    changed = output + (now == null ? " (removed)" : " (replaced)");
                }
            }
        }
        if (!key.reset()) {
            watched.remove(key);
        }
        return changed;
    }
}
