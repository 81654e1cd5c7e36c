package org.samtune.fiji.gui;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;

import javax.imageio.ImageIO;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Label;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Runs inside a real ImageJ 1.x (separate JVM, X display) with the packaged plugin: opens the SAM
 * Tune dialogs and cancels them, then drives Interactive Segment with synthetic mouse and key events
 * on the real ImageCanvas. It uses only ImageJ's and AWT's API (the plugin's classes live in its own
 * class loader) and writes what it saw to {@code samtune.gui.out}: {@code results.txt} (key = value
 * lines), masks as PNG (0/255, or label values) and screenshots. The JUnit side compares them with
 * the engine.
 *
 * <p>System properties: samtune.gui.out, samtune.gui.image, samtune.gui.model (macro options of the
 * model), samtune.gui.mode ({@code test}: the full scenario; {@code screenshots}: dialogs and one
 * session for the README), samtune.gui.box and samtune.gui.point (screenshots: the prompts, "x0,y0,x1,y1"
 * and "x,y").
 */
public final class GuiDriver {
    public static final String[] DIALOGS = {"SAM Tune Segment", "SAM Tune Interactive Segment", "SAM Tune Models",
        "SAM Tune Fine-tune", "SAM Tune Evaluate"};
    static final long TIMEOUT_MS = 120_000;

    private final Path out;
    private final List<String> results = new ArrayList<>();
    private final Robot robot;

    GuiDriver(Path out) throws Exception {
        this.out = out;
        this.robot = new Robot();
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("samtune.gui.out"));
        Files.createDirectories(out);
        GuiDriver d = new GuiDriver(out);
        int code = 0;
        try {
            d.run();
        } catch (Throwable t) {
            d.result("failure", t.toString().replace('\n', ' '));
            t.printStackTrace();
            code = 3;
        } finally {
            d.save();
        }
        System.exit(code); // ImageJ would ask whether to save changed images on quit
    }

    void run() throws Exception {
        new ImageJ();
        await("ImageJ window", () -> IJ.getInstance() != null && IJ.getInstance().isShowing());
        String mode = System.getProperty("samtune.gui.mode", "test");
        ImagePlus imp = IJ.openImage(System.getProperty("samtune.gui.image"));
        onEdt(imp::show);
        await("image window", () -> imp.getWindow() != null && imp.getWindow().isShowing());
        if (mode.equals("screenshots")) {
            onEdt(() -> imp.getCanvas().setMagnification(1.0));
        }
        String only = System.getProperty("samtune.gui.dialogs");
        for (String command : only == null ? List.of(DIALOGS) : List.of(only.split(";"))) {
            checkDialog(command);
        }
        if (mode.equals("screenshots")) {
            screenshotSession(imp);
        } else {
            interactiveScenario(imp);
        }
    }

    // ---- dialogs ----

    /** Opens a command's dialog (no macro options), records its fields and a screenshot, cancels it. */
    void checkDialog(String command) throws Exception {
        IJ.doCommand(command); // as the menu does: on ImageJ's own command thread
        Dialog[] found = new Dialog[1];
        await("dialog " + command, () -> (found[0] = showingDialog(command)) != null);
        Thread.sleep(700); // let it paint before the screenshot
        Dialog dialog = found[0];
        List<String> fields = new ArrayList<>();
        collect(dialog, fields);
        result("dialog." + command, String.join(" | ", fields));
        capture(dialog, "dialog-" + slug(command) + ".png");
        Button cancel = button(dialog, "Cancel");
        if (cancel == null) {
            throw new IllegalStateException("no Cancel button in " + command);
        }
        onEdt(() -> ((ActionListener) dialog).actionPerformed(new ActionEvent(cancel, ActionEvent.ACTION_PERFORMED, "Cancel")));
        await(command + " finished", () -> !dialog.isShowing() && !commandRunning(command));
        result("cancelled." + command, "true");
    }

    static boolean commandRunning(String command) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().contains(command)) {
                return true;
            }
        }
        return false;
    }

    static Dialog showingDialog(String title) {
        for (Window w : Window.getWindows()) {
            if (w instanceof Dialog && w.isShowing() && title.equals(((Dialog) w).getTitle())) {
                return (Dialog) w;
            }
        }
        return null;
    }

    /** Labels, check boxes, choices (label=selected) and text fields of a dialog, in layout order. */
    static void collect(Container c, List<String> into) {
        for (Component k : c.getComponents()) {
            if (k instanceof Label) {
                String t = ((Label) k).getText().trim();
                if (!t.isEmpty()) {
                    into.add(t);
                }
            } else if (k instanceof Checkbox) {
                into.add("[x] " + ((Checkbox) k).getLabel());
            } else if (k instanceof Choice) {
                into.add("<" + ((Choice) k).getSelectedItem() + ">");
            } else if (k instanceof TextField) {
                into.add("[" + ((TextField) k).getText() + "]");
            } else if (k instanceof Button) {
                into.add("(" + ((Button) k).getLabel().trim() + ")");
            } else if (k instanceof java.awt.TextArea) {
                into.add(((java.awt.TextArea) k).getText());
            } else if (k instanceof ij.gui.MultiLineLabel) {
                into.add(lines((ij.gui.MultiLineLabel) k));
            }
            if (k instanceof Container) {
                collect((Container) k, into);
            }
        }
    }

    /** A multi-line message's text (MultiLineLabel keeps it in a package-private field). */
    static String lines(ij.gui.MultiLineLabel label) {
        try {
            java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
            f.setAccessible(true);
            return String.join(" / ", (String[]) f.get(label));
        } catch (ReflectiveOperationException e) {
            return "(message)";
        }
    }

    static Button button(Container c, String label) {
        for (Component k : c.getComponents()) {
            if (k instanceof Button && label.equals(((Button) k).getLabel())) {
                return (Button) k;
            }
            if (k instanceof Container) {
                Button b = button((Container) k, label);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    // ---- interactive session ----

    void startSession(ImagePlus imp, String commit) throws Exception {
        IJ.selectWindow(imp.getID());
        IJ.run("SAM Tune Interactive Segment", System.getProperty("samtune.gui.model") + " commit=" + commit);
        await("tool selected", () -> IJ.getToolName().equals("SAM Tune Interactive Segment"));
    }

    void interactiveScenario(ImagePlus imp) throws Exception {
        startSession(imp, "both");
        click(imp, 40, 55, 0);
        awaitMask(imp, 1, 0);
        saveMask(imp, "click");

        click(imp, 20, 30, InputEvent.SHIFT_DOWN_MASK);
        awaitMask(imp, 2, 0);
        saveMask(imp, "shift-click");

        key(imp, KeyEvent.VK_Z, KeyEvent.CHAR_UNDEFINED, InputEvent.CTRL_DOWN_MASK);
        awaitMask(imp, 1, 0);
        saveMask(imp, "undo");

        key(imp, KeyEvent.VK_ENTER, '\n', 0);
        await("ROI Manager entry 1", () -> RoiManager.getInstance() != null && RoiManager.getInstance().getCount() == 1);
        await("label image", () -> WindowManager.getImage("SAM labels") != null);
        await("committed outline", () -> count(imp, "SAM object 1") == 1 && count(imp, "SAM point") == 0);
        result("roi.1", RoiManager.getInstance().getRoi(0).getName());
        saveRoi(RoiManager.getInstance().getRoi(0), imp, "roi1");

        drag(imp, 15, 20, 60, 85);
        awaitMask(imp, 0, 1);
        saveMask(imp, "box");
        capture(imp.getWindow(), "interactive-test.png");

        key(imp, KeyEvent.VK_ESCAPE, (char) 27, 0);
        await("cleared", () -> count(imp, "SAM mask") == 0 && count(imp, "SAM box") == 0 && count(imp, "SAM point") == 0);
        result("escape.objects", Integer.toString(count(imp, "SAM object 1")));
        result("escape.imageOpen", Boolean.toString(imp.getWindow() != null && imp.getWindow().isShowing()));

        onEdt(() -> imp.setSlice(2));
        await("slice 2 shown without slice 1's object", () -> imp.getCurrentSlice() == 2 && count(imp, "SAM object 1") == 0);
        click(imp, 40, 55, 0);
        awaitMask(imp, 1, 0);
        saveMask(imp, "slice2");
        key(imp, KeyEvent.VK_ENTER, '\n', 0);
        await("ROI Manager entry 2", () -> RoiManager.getInstance().getCount() == 2);
        result("roi.2", RoiManager.getInstance().getRoi(1).getName());
        result("roi.2.position", Integer.toString(RoiManager.getInstance().getRoi(1).getPosition()));
        await("slice 2 object drawn", () -> count(imp, "SAM object 2") == 1);
        onEdt(() -> imp.setSlice(1));
        await("back on slice 1", () -> imp.getCurrentSlice() == 1 && count(imp, "SAM object 1") == 1 && count(imp, "SAM object 2") == 0);
        result("back.slice1", "ok");

        ImagePlus labels = WindowManager.getImage("SAM labels");
        result("labels.bitDepth", Integer.toString(labels.getBitDepth()));
        result("labels.slices", Integer.toString(labels.getStackSize()));
        for (int s = 1; s <= labels.getStackSize(); s++) {
            saveValues(labels.getStack().getProcessor(s), "labels-" + s);
        }
        result("done", "ok");
    }

    void screenshotSession(ImagePlus imp) throws Exception {
        startSession(imp, "both");
        int[] box;
        int[] point;
        if (System.getProperty("samtune.gui.truthmask") != null) {
            // prompts as a user would give them: a box a little larger than the structure, a click at its centre
            BufferedImage m = ImageIO.read(new File(System.getProperty("samtune.gui.truthmask")));
            int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            long sx = 0, sy = 0, n = 0;
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    if (m.getRaster().getSample(x, y, 0) != 0) {
                        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
                        sx += x; sy += y; n++;
                    }
                }
            }
            box = new int[] {Math.max(0, x0 - 6), Math.max(0, y0 - 6), Math.min(m.getWidth() - 1, x1 + 6),
                Math.min(m.getHeight() - 1, y1 + 6)};
            point = new int[] {(int) (sx / n), (int) (sy / n)};
        } else {
            box = ints(System.getProperty("samtune.gui.box"));
            point = ints(System.getProperty("samtune.gui.point"));
        }
        drag(imp, box[0], box[1], box[2], box[3]);
        awaitMask(imp, 0, 1);
        key(imp, KeyEvent.VK_ENTER, '\n', 0);
        await("committed", () -> RoiManager.getInstance() != null && RoiManager.getInstance().getCount() == 1
                && count(imp, "SAM object 1") == 1);
        click(imp, point[0], point[1], 0);
        awaitMask(imp, 1, 0);
        click(imp, Math.max(0, box[0] - 15), Math.max(0, box[1] - 15), InputEvent.ALT_DOWN_MASK);
        awaitMask(imp, 2, 0);
        Thread.sleep(700);
        capture(imp.getWindow(), "interactive-session.png");
        ImagePlus labels = WindowManager.getImage("SAM labels");
        if (labels != null) {
            onEdt(() -> IJ.run(labels, "Fire", ""));
            Thread.sleep(500);
            capture(labels.getWindow(), "interactive-labels.png");
        }
        capture(RoiManager.getInstance(), "interactive-roi-manager.png");
        result("done", "ok");
    }

    static int[] ints(String csv) {
        String[] p = csv.split(",");
        int[] v = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = Integer.parseInt(p[i].trim());
        }
        return v;
    }

    // ---- events ----

    static int screen(ImageCanvas ic, int x, boolean isX) {
        double mag = ic.getMagnification();
        return (isX ? ic.screenX(x) : ic.screenY(x)) + (int) Math.floor(mag / 2);
    }

    void click(ImagePlus imp, int x, int y, int modifiers) throws Exception {
        ImageCanvas ic = imp.getCanvas();
        int sx = screen(ic, x, true);
        int sy = screen(ic, y, false);
        mouse(ic, MouseEvent.MOUSE_PRESSED, sx, sy, modifiers | InputEvent.BUTTON1_DOWN_MASK);
        mouse(ic, MouseEvent.MOUSE_RELEASED, sx, sy, modifiers);
        mouse(ic, MouseEvent.MOUSE_CLICKED, sx, sy, modifiers);
    }

    void drag(ImagePlus imp, int x0, int y0, int x1, int y1) throws Exception {
        ImageCanvas ic = imp.getCanvas();
        int sx0 = screen(ic, x0, true), sy0 = screen(ic, y0, false);
        int sx1 = screen(ic, x1, true), sy1 = screen(ic, y1, false);
        mouse(ic, MouseEvent.MOUSE_PRESSED, sx0, sy0, InputEvent.BUTTON1_DOWN_MASK);
        for (int k = 1; k <= 4; k++) {
            mouse(ic, MouseEvent.MOUSE_DRAGGED, sx0 + (sx1 - sx0) * k / 4, sy0 + (sy1 - sy0) * k / 4, InputEvent.BUTTON1_DOWN_MASK);
        }
        mouse(ic, MouseEvent.MOUSE_RELEASED, sx1, sy1, 0);
    }

    static void mouse(ImageCanvas ic, int id, int x, int y, int modifiers) throws Exception {
        int button = id == MouseEvent.MOUSE_DRAGGED ? MouseEvent.NOBUTTON : MouseEvent.BUTTON1;
        MouseEvent e = new MouseEvent(ic, id, System.currentTimeMillis(), modifiers, x, y, 1, false, button);
        onEdt(() -> ic.dispatchEvent(e));
    }

    static void key(ImagePlus imp, int code, char ch, int modifiers) throws Exception {
        ImageCanvas ic = imp.getCanvas();
        onEdt(() -> {
            ic.dispatchEvent(new KeyEvent(ic, KeyEvent.KEY_PRESSED, System.currentTimeMillis(), modifiers, code, ch));
            ic.dispatchEvent(new KeyEvent(ic, KeyEvent.KEY_RELEASED, System.currentTimeMillis(), modifiers, code, ch));
        });
    }

    // ---- reading the overlay ----

    static int count(ImagePlus imp, String name) {
        Overlay o = imp.getOverlay();
        int n = 0;
        if (o != null) {
            for (Roi r : o.toArray()) {
                if (name.equals(r.getName())) {
                    n++;
                }
            }
        }
        return n;
    }

    void awaitMask(ImagePlus imp, int points, int boxes) throws Exception {
        await("mask with " + points + " point(s) and " + boxes + " box(es)", () -> count(imp, "SAM mask") == 1
                && count(imp, "SAM point") == points && count(imp, "SAM box") == boxes);
    }

    void saveMask(ImagePlus imp, String name) throws IOException {
        Roi mask = null;
        for (Roi r : imp.getOverlay().toArray()) {
            if ("SAM mask".equals(r.getName())) {
                mask = r;
            }
        }
        saveRoi(mask, imp, name);
    }

    void saveRoi(Roi roi, ImagePlus imp, String name) throws IOException {
        int w = imp.getWidth(), h = imp.getHeight();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = roi.contains(x, y) ? (byte) 255 : 0;
            }
        }
        img.getRaster().setDataElements(0, 0, w, h, px);
        ImageIO.write(img, "png", out.resolve(name + ".png").toFile());
    }

    void saveValues(ImageProcessor ip, String name) throws IOException {
        int w = ip.getWidth(), h = ip.getHeight();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.min(255, (int) ip.getf(i));
        }
        img.getRaster().setDataElements(0, 0, w, h, px);
        ImageIO.write(img, "png", out.resolve(name + ".png").toFile());
    }

    // ---- utilities ----

    void capture(Window w, String file) throws Exception {
        Rectangle r = w.getBounds();
        onEdt(w::toFront);
        Thread.sleep(400);
        BufferedImage shot = robot.createScreenCapture(r);
        ImageIO.write(shot, "png", out.resolve(file).toFile());
    }

    static String slug(String command) {
        return command.replace("SAM Tune ", "").toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    static void onEdt(Runnable r) throws Exception {
        if (EventQueue.isDispatchThread()) {
            r.run();
        } else {
            EventQueue.invokeAndWait(r);
        }
    }

    void await(String what, BooleanSupplier condition) throws Exception {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            boolean[] ok = new boolean[1];
            onEdt(() -> ok[0] = condition.getAsBoolean());
            if (ok[0]) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("timed out waiting for: " + what + "; ImageJ log: " + IJ.getLog());
    }

    void result(String key, String value) {
        results.add(key + " = " + value.replace('\n', ' '));
        System.out.println("SAMTUNE_GUI " + key + " = " + value.replace('\n', ' '));
    }

    void save() throws IOException {
        try (PrintWriter w = new PrintWriter(out.resolve("results.txt").toFile(), StandardCharsets.UTF_8)) {
            results.forEach(w::println);
        }
    }

}
