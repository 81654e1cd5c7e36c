package org.samtune.fiji.interactive;

import org.samtune.predict.Prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of an interactive segmentation, without any window: the prompts of the object being
 * drawn on the current plane (an undo list), the mask they give, and the objects committed so far.
 *
 * <p>Event handlers change the prompts (cheap, on the UI thread) and take a {@link Snapshot}; the
 * engine runs for a snapshot on a worker thread ({@link #update}) and its mask becomes the current
 * mask only if the prompts have not changed meanwhile. Every change bumps a version number, so a
 * snapshot names exactly one prompt state. All methods are thread-safe.
 */
public final class InteractiveSegmentation {
    private final SliceSegmenter segmenter;
    private int slice;
    private final List<PromptEdit> edits = new ArrayList<>();
    private long version;
    // the latest mask the engine computed and the version it belongs to (not necessarily the current one)
    private long maskVersion = -1;
    private boolean[] mask;
    private final List<CommittedObject> committed = new ArrayList<>();
    private int nextLabel = 1;

    /** The prompt state the engine is asked about: plane, version and the edits (a copy). */
    public record Snapshot(int slice, long version, List<PromptEdit> edits) {
        /** The SAM prompt, or null when there is no prompt. */
        public Prompt prompt() {
            return PromptEdit.toPrompt(edits);
        }
    }

    public InteractiveSegmentation(SliceSegmenter segmenter, int slice) {
        this.segmenter = segmenter;
        this.slice = slice;
    }

    /**
     * Moves to another plane: the committed objects stay, the prompts of the object being drawn are
     * dropped (they belong to the plane they were clicked on).
     *
     * @return whether the plane changed
     */
    public synchronized boolean setSlice(int newSlice) {
        if (newSlice == slice) {
            return false;
        }
        slice = newSlice;
        edits.clear();
        version++;
        return true;
    }

    public synchronized int slice() {
        return slice;
    }

    /** A click: positive (foreground) or negative (background) point at image pixel (x, y). */
    public synchronized Snapshot addPoint(float x, float y, boolean positive) {
        return edit(PromptEdit.point(x, y, positive));
    }

    /** A drag: the object's box (one per object; a new box replaces the previous one until undone). */
    public synchronized Snapshot setBox(float xa, float ya, float xb, float yb) {
        return edit(PromptEdit.box(xa, ya, xb, yb));
    }

    private Snapshot edit(PromptEdit e) {
        edits.add(e);
        version++;
        return snapshot();
    }

    /** Removes the latest prompt; false when there was none. */
    public synchronized boolean undo() {
        if (edits.isEmpty()) {
            return false;
        }
        edits.remove(edits.size() - 1);
        version++;
        return true;
    }

    /** Drops all prompts of the current object; false when there were none. */
    public synchronized boolean clear() {
        if (edits.isEmpty()) {
            return false;
        }
        edits.clear();
        version++;
        return true;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(slice, version, List.copyOf(edits));
    }

    /** The current object's prompts, oldest first. */
    public synchronized List<PromptEdit> edits() {
        return List.copyOf(edits);
    }

    /**
     * The mask of a snapshot's prompts: runs the engine (outside the lock; it may take the encoder's
     * time on a plane not seen before) unless that version's mask is already known. The result
     * becomes the current mask when the prompts are still those of the snapshot.
     *
     * @return the mask, or null for a snapshot without prompts
     */
    public boolean[] update(Snapshot s) {
        Prompt prompt = s.prompt();
        if (prompt == null) {
            return null;
        }
        synchronized (this) {
            if (maskVersion == s.version) {
                return mask;
            }
        }
        boolean[] m = segmenter.segment(s.slice, prompt);
        synchronized (this) {
            if (s.version >= maskVersion) {
                maskVersion = s.version;
                mask = m;
            }
        }
        return m;
    }

    /** The mask of the current prompts when the engine has computed it, else null. */
    public synchronized boolean[] currentMask() {
        return maskVersion == version && !edits.isEmpty() ? mask : null;
    }

    /**
     * Enter, first half (UI thread): takes the current object's prompts and starts a new object, so
     * clicks made while the engine is busy belong to the next object.
     */
    public synchronized Snapshot takeForCommit() {
        Snapshot s = snapshot();
        edits.clear();
        version++;
        return s;
    }

    /**
     * Enter, second half (worker): the snapshot's mask (computed now unless known) becomes a
     * committed object with the next label id.
     *
     * @return the object, or null when there was no prompt or the mask is empty (nothing to keep)
     */
    public CommittedObject commit(Snapshot s) {
        boolean[] m = update(s);
        if (m == null || !any(m)) {
            return null;
        }
        synchronized (this) {
            CommittedObject o = new CommittedObject(nextLabel++, s.slice, m, s.prompt());
            committed.add(o);
            return o;
        }
    }

    /** Both halves of Enter on the calling thread. */
    public CommittedObject commit() {
        return commit(takeForCommit());
    }

    /** Committed objects on a plane, in commit order. */
    public synchronized List<CommittedObject> committedOn(int onSlice) {
        List<CommittedObject> out = new ArrayList<>();
        for (CommittedObject o : committed) {
            if (o.slice() == onSlice) {
                out.add(o);
            }
        }
        return out;
    }

    public synchronized List<CommittedObject> committed() {
        return List.copyOf(committed);
    }

    private static boolean any(boolean[] m) {
        for (boolean b : m) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
