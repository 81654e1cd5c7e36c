// SAM Tune: segment a folder of images, one box per image, read from a CSV.
//
// The CSV has a header line and one row per image:  file,x0,y0,x1,y1   (pixels; x0,y0 = first and
// x1,y1 = last pixel of the box). Each image gets OUTPUT/<name>_mask.png (0/255) and a line in
// OUTPUT/results.csv.
//
// Run (ImageJ 1.x or Fiji; on a machine without display add -Djava.awt.headless=true, or use
// Fiji's --headless):
//   java -Djava.awt.headless=true -cp ij.jar:jars/* ij.ImageJ -batch scripts/segment-folder.ijm "input=[/data/images] csv=[/data/boxes.csv] output=[/data/masks] checkpoint=[/models/sam_vit_b_01ec64.pth]"
// Optional keys: arch=vit_b config=[arch.json] preprocess=sam|finetune-sam intensity=minmax device=cpu|gpu threads=N multimask
//
// It segments through call(), which needs no menus and no display, so it also runs with
// -Djava.awt.headless=true.

args = getArgument();
input = option(args, "input", "");
csv = option(args, "csv", "");
output = option(args, "output", "");
checkpoint = option(args, "checkpoint", "");
if (input == "" || csv == "" || output == "" || checkpoint == "")
    exit("usage: input=[folder] csv=[boxes.csv] output=[folder] checkpoint=[model.pth] (see the script header)");

model = "checkpoint=[" + checkpoint + "]";
keys = newArray("arch", "config", "preprocess", "intensity", "device", "threads");
for (k = 0; k < keys.length; k++) {
    v = option(args, keys[k], "");
    if (v != "") model = model + " " + keys[k] + "=[" + v + "]";
}
if (indexOf(" " + args + " ", " multimask ") >= 0) model = model + " multimask";

File.makeDirectory(output);
lines = split(File.openAsString(csv), "\n");
report = "file,mask,status,summary";
done = 0;
failed = 0;
for (i = 0; i < lines.length; i++) {
    line = String.trim(lines[i]);
    if (line == "" || startsWith(line, "file,")) continue;
    f = split(line, ",");
    if (f.length != 5) exit("line " + (i + 1) + " of " + csv + ": expected file,x0,y0,x1,y1 but got '" + line + "'");
    name = String.trim(f[0]);
    base = name;
    dot = lastIndexOf(base, ".");
    if (dot > 0) base = substring(base, 0, dot);
    mask = output + File.separator + base + "_mask.png";
    box = String.trim(f[1]) + "," + String.trim(f[2]) + "," + String.trim(f[3]) + "," + String.trim(f[4]);
    r = call("org.samtune.fiji.ij1.SegmentPlugin.segment",
        "image=[" + input + File.separator + name + "] " + model + " box=" + box + " save=[" + mask + "]");
    status = "ok";
    if (startsWith(r, "error:")) { status = "failed"; failed++; } else done++;
    print(name + ": " + r);
    report = report + "\n" + name + "," + base + "_mask.png," + status + ",\"" + replace(r, "\n", " | ") + "\"";
}
File.saveString(report + "\n", output + File.separator + "results.csv");
print("SAM Tune: " + done + " segmented, " + failed + " failed; results in " + output);

function option(s, key, fallback) {
    return call("ij.Macro.getValue", s, key, fallback);
}
