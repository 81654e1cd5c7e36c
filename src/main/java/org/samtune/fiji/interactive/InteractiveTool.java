package org.samtune.fiji.interactive;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.plugin.tool.PlugInTool;
import org.samtune.fiji.MaskOutputs;
import org.samtune.fiji.SamSession;
import org.samtune.fiji.SegmentSettings;

import java.awt.Component;
import java.awt.EventQueue;
import java.awt.KeyEventDispatcher;
import java.awt.KeyboardFocusManager;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ImageJ 1.x tool of Interactive Segment. It only maps events to {@link InteractiveSegmentation}
 * and draws {@link SessionOverlay}; the engine runs on a {@link MaskWorker}, never on the event thread.
 * <ul>
 *   <li>click: positive point; alt- or shift-click: negative point; drag: the object's box</li>
 *   <li>Enter: commit the object (ROI Manager and/or the "SAM labels" image); Escape: clear the
 *       prompts; ctrl-Z or Backspace: undo the last prompt</li>
 *   <li>another slice: committed objects stay, prompts start afresh (the plane's embedding is
 *       computed when first needed and cached)</li>
 * </ul>
 * Keys are taken before ImageJ sees them (ImageJ would otherwise clear pixels on Backspace or raise
 * its main window on Enter), only while this tool is selected and the key goes to this image.
 * One session at a time: installing a new one ends the previous one.
 */
public final class InteractiveTool extends PlugInTool implements KeyEventDispatcher, ImageListener {
    public static final String NAME = "SAM Tune Interactive Segment";
    /** Drags shorter than this (screen pixels) are clicks. */
    static final int CLICK_SLOP = 4;
    private static InteractiveTool current;

    private final ImagePlus imp;
    private final InteractiveSegmentation state;
    private final StackSegmenter engine;
    private final MaskWorker worker = new MaskWorker("SAM Tune interactive");
    private final CommitTarget target;
    private final Overlay baseOverlay;
    private final Set<Integer> embeddedSlices = new HashSet<>();
    private ImagePlus labels;
    private int pressX, pressY, pressScreenX, pressScreenY; // image pixels / screen pixels of the press
    private Rectangle dragging;
    private volatile boolean disposed;

    private InteractiveTool(ImagePlus imp, SegmentSettings settings, CommitTarget target) {
        this.imp = imp;
        this.target = target;
        this.engine = new StackSegmenter(imp, SamSession.shared(), settings, IJ::log);
        this.state = new InteractiveSegmentation(engine, imp.getCurrentSlice());
        this.baseOverlay = imp.getOverlay() == null ? null : imp.getOverlay().duplicate();
    }

    /**
     * Starts a session on an image shown in a window: selects the tool and loads the model on the
     * worker thread (status bar messages; a dialog with the reason if it fails).
     */
    public static synchronized InteractiveTool install(ImagePlus imp, SegmentSettings settings, CommitTarget target) {
        if (imp == null || imp.getWindow() == null) {
            throw new IllegalArgumentException("Interactive Segment needs an image shown in a window: open one first");
        }
        if (Toolbar.getInstance() == null) {
            throw new IllegalArgumentException("Interactive Segment needs the ImageJ window (its tool bar); it cannot run in batch mode");
        }
        if (current != null) {
            current.dispose();
        }
        InteractiveTool tool = new InteractiveTool(imp, settings, target);
        current = tool;
        KeyboardFocusManager.getCurrentKeyboardFocusManager().addKeyEventDispatcher(tool);
        ImagePlus.addImageListener(tool);
        Toolbar.addPlugInTool(tool);
        tool.worker.submit(() -> tool.guard(() -> {
            IJ.showStatus("SAM Tune: loading " + settings.model + "...");
            tool.engine.loadModel();
            IJ.showStatus("SAM Tune: ready: click (positive), alt/shift-click (negative), drag (box); Enter commits");
        }));
        return tool;
    }

    /** The running session's tool, or null. */
    public static synchronized InteractiveTool current() {
        return current;
    }

    public InteractiveSegmentation state() {
        return state;
    }

    public ImagePlus image() {
        return imp;
    }

    /** The "SAM labels" image once an object was committed to it, else null. */
    public synchronized ImagePlus labelImage() {
        return labels;
    }

    /** Waits until the engine work queued so far is done (tests, scripts). */
    public boolean waitForEngine(long timeoutMillis) throws InterruptedException {
        return worker.drain(timeoutMillis);
    }

    @Override
    public String getToolName() {
        return NAME;
    }

    @Override
    public String getToolIcon() {
        return "C00cO22ccC0c0F6644";
    }

    // ---- mouse ----

    @Override
    public void mousePressed(ImagePlus on, MouseEvent e) {
        if (!mine(on)) {
            return;
        }
        ImageCanvas ic = on.getCanvas();
        pressX = ic.offScreenX(e.getX());
        pressY = ic.offScreenY(e.getY());
        pressScreenX = e.getX();
        pressScreenY = e.getY();
        dragging = null;
        e.consume();
    }

    @Override
    public void mouseDragged(ImagePlus on, MouseEvent e) {
        if (!mine(on)) {
            return;
        }
        if (isDrag(e)) {
            ImageCanvas ic = on.getCanvas();
            int x = ic.offScreenX(e.getX());
            int y = ic.offScreenY(e.getY());
            dragging = new Rectangle(Math.min(x, pressX), Math.min(y, pressY), Math.abs(x - pressX) + 1, Math.abs(y - pressY) + 1);
            render();
        }
        e.consume();
    }

    @Override
    public void mouseReleased(ImagePlus on, MouseEvent e) {
        if (!mine(on)) {
            return;
        }
        followSlice();
        if (isDrag(e)) {
            ImageCanvas ic = on.getCanvas();
            state.setBox(pressX, pressY, ic.offScreenX(e.getX()), ic.offScreenY(e.getY()));
        } else {
            state.addPoint(pressX, pressY, !(e.isAltDown() || e.isShiftDown()));
        }
        dragging = null;
        render();
        requestMask();
        e.consume();
    }

    @Override
    public void mouseClicked(ImagePlus on, MouseEvent e) {
        if (mine(on)) {
            e.consume(); // handled on release
        }
    }

    private boolean isDrag(MouseEvent e) {
        return Math.max(Math.abs(e.getX() - pressScreenX), Math.abs(e.getY() - pressScreenY)) >= CLICK_SLOP;
    }

    private boolean mine(ImagePlus on) {
        if (disposed) {
            return false;
        }
        if (on != imp) {
            IJ.showStatus("SAM Tune: this tool segments '" + imp.getTitle() + "'; run Interactive Segment on this image to use it here");
            return false;
        }
        return true;
    }

    // ---- keys ----

    @Override
    public boolean dispatchKeyEvent(KeyEvent e) {
        if (disposed || !isOurs(e.getComponent()) || Toolbar.getPlugInTool() != this) {
            return false;
        }
        int code = e.getKeyCode();
        char ch = e.getKeyChar();
        boolean undo = code == KeyEvent.VK_BACK_SPACE || ch == '\b' || (code == KeyEvent.VK_Z && (e.isControlDown() || e.isMetaDown()));
        boolean enter = code == KeyEvent.VK_ENTER || ch == '\n';
        boolean escape = code == KeyEvent.VK_ESCAPE || ch == 27;
        if (!undo && !enter && !escape) {
            return false;
        }
        if (e.getID() == KeyEvent.KEY_PRESSED) {
            if (enter) {
                commit();
            } else if (escape) {
                clear();
            } else {
                undo();
            }
        }
        e.consume();
        return true; // ImageJ's own key handling must not see these keys
    }

    private boolean isOurs(Component c) {
        Component window = imp.getWindow();
        for (Component p = c; p != null; p = p.getParent()) {
            if (p == window) {
                return true;
            }
        }
        return false;
    }

    /** Enter: the current object goes to the ROI Manager and/or the label image. */
    public void commit() {
        followSlice();
        InteractiveSegmentation.Snapshot s = state.takeForCommit();
        render();
        if (s.prompt() == null) {
            IJ.showStatus("SAM Tune: nothing to commit: click or drag on the image first");
            return;
        }
        worker.submit(() -> guard(() -> {
            boolean first = embeddedSlices.add(s.slice());
            IJ.showStatus(first ? "SAM Tune: computing slice " + s.slice() + "'s embedding..." : "SAM Tune: committing...");
            CommittedObject o = state.commit(s);
            if (o == null) {
                IJ.showStatus("SAM Tune: the mask is empty; nothing committed");
                return;
            }
            EventQueue.invokeLater(() -> {
                publish(o);
                render();
                IJ.showStatus("SAM Tune: object " + o.label() + " committed (" + o.area() + " pixels, slice " + o.slice() + ")");
            });
        }));
    }

    /** Escape: the current object's prompts are dropped. */
    public void clear() {
        state.clear();
        dragging = null;
        render();
        IJ.showStatus("SAM Tune: prompts cleared");
    }

    /** ctrl-Z / Backspace: the last prompt is removed and the mask recomputed. */
    public void undo() {
        if (state.undo()) {
            render();
            requestMask();
        }
    }

    private void publish(CommittedObject o) {
        if (target.toRoiManager()) {
            Roi roi = MaskOutputs.outline(o.mask(), imp.getWidth(), imp.getHeight());
            roi.setName(imp.getStackSize() > 1 ? "SAM object " + o.label() + " (slice " + o.slice() + ")" : "SAM object " + o.label());
            if (imp.getStackSize() > 1) {
                roi.setPosition(o.slice());
            }
            MaskOutputs.addToRoiManager(List.of(roi), imp);
        }
        if (target.toLabelImage()) {
            synchronized (this) {
                if (labels == null || labels.getWindow() == null) {
                    // first object, or the user closed the label image: a new one with every object so far
                    labels = LabelImage.createFor(imp);
                    for (CommittedObject c : state.committed()) {
                        LabelImage.paint(labels, c);
                    }
                    labels.show();
                } else {
                    LabelImage.paint(labels, o);
                }
                if (imp.getStackSize() > 1) {
                    labels.setSlice(o.slice());
                }
            }
        }
    }

    // ---- engine and drawing ----

    private void requestMask() {
        worker.requestUpdate(() -> guard(() -> {
            InteractiveSegmentation.Snapshot s = state.snapshot();
            if (s.prompt() == null) {
                return;
            }
            boolean first = embeddedSlices.add(s.slice());
            IJ.showStatus(first ? "SAM Tune: computing slice " + s.slice() + "'s embedding (once per slice)..." : "SAM Tune: updating the mask...");
            state.update(s);
            EventQueue.invokeLater(this::render);
            IJ.showStatus("SAM Tune: " + s.edits().size() + " prompt(s); Enter commits, Escape clears, ctrl-Z undoes");
        }));
    }

    /** Runs engine work; a failure becomes a dialog with its reason (and a log line), never a stack trace. */
    private void guard(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | LinkageError e) {
            String m = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            IJ.log(NAME + ": " + m);
            IJ.showStatus("");
            IJ.error(NAME, m);
        }
    }

    private void followSlice() {
        if (state.setSlice(imp.getCurrentSlice())) {
            dragging = null;
        }
    }

    private void render() {
        if (disposed) {
            return;
        }
        int slice = state.slice();
        imp.setOverlay(SessionOverlay.build(baseOverlay, imp.getWidth(), imp.getHeight(), state.committedOn(slice),
                state.edits(), state.currentMask(), dragging));
    }

    // ---- image events ----

    @Override
    public void imageUpdated(ImagePlus changed) {
        if (changed == imp && !disposed && state.setSlice(imp.getCurrentSlice())) {
            dragging = null;
            EventQueue.invokeLater(this::render);
        }
    }

    @Override
    public void imageOpened(ImagePlus opened) {
    }

    @Override
    public void imageClosed(ImagePlus closed) {
        if (closed == imp) {
            dispose();
        }
    }

    /** Ends the session: keys and image events go back to ImageJ, the worker stops; committed outputs stay. */
    public void dispose() {
        synchronized (InteractiveTool.class) {
            if (current == this) {
                current = null;
            }
        }
        disposed = true;
        KeyboardFocusManager.getCurrentKeyboardFocusManager().removeKeyEventDispatcher(this);
        ImagePlus.removeImageListener(this);
        worker.close();
    }
}
