package org.samtune.fiji.updatesite;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.fiji.EngineTruth;
import org.samtune.fiji.SamSession;
import org.samtune.fiji.ij1.ImageJInstallAccess;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The update site is complete: a site built from the packaged plugin and target/lib (as scripts/make-update-site
 * does) is read back from its db.xml.gz, every checksum is recomputed with the updater's algorithm (the independent
 * reference in {@link UpdateSiteBuilderTest}), and an ImageJ is installed from exactly the files it lists for
 * linux64, each server file {@code NAME-TIMESTAMP} saved as {@code NAME} where the updater puts it (plugins/, jars/,
 * jars/linux64/). Added: ij.jar and the libraries Fiji itself ships ({@link FijiShipped}, which the site leaves out
 * on purpose), nothing else. A segment macro then runs in that ImageJ in a separate JVM and must give the engine's
 * mask.
 */
class UpdateSiteInstallIT {
	@AfterAll
	static void free() {
		SamSession.disposeShared();
	}

	@Test
	void imageJFromTheSiteFilesSegments() throws Exception {
		Path target = Path.of("target").toAbsolutePath();
		Path lib = target.resolve("lib");
		Path pluginJar;
		try (Stream<Path> s = Files.list(target)) {
			List<Path> jars = s.filter(p -> p.getFileName().toString().matches("SAM_Tune-[^-]+(-SNAPSHOT)?\\.jar")).toList();
			assertEquals(1, jars.size(), "exactly one packaged plugin jar in target/ (run through mvn verify)");
			pluginJar = jars.get(0);
		}
		Path work = target.resolve("it-imagej").resolve("site-install");
		deleteTree(work);
		Path site = work.resolve("site");
		Path root = work.resolve("ImageJ");

		UpdateSiteBuilder builder = new UpdateSiteBuilder(site).clock(UpdateSiteBuilderTest.at("20260102030405"))
			.addPlugin(pluginJar);
		List<String> fijiShipped = builder.addLibFolder(lib);
		builder.build();
		UpdateSiteBuilderTest.verifySite(site); // DTD-valid db.xml.gz, sizes, every checksum recomputed

		// install what the site lists for linux64, as the updater does: server file NAME-TIMESTAMP -> NAME
		Set<String> installed = new TreeSet<>();
		for (PluginRecord r : DbXmlReader.readGz(site.resolve("db.xml.gz"))) {
			if (r.current == null || !(r.platforms.isEmpty() || r.platforms.contains("linux64"))) continue;
			Path server = site.resolve(r.serverPath());
			assertEquals(r.current.filesize, Files.size(server), r.filename);
			assertEquals(UpdaterChecksum.digest(r.filename, server), r.current.checksum, r.filename);
			Path dest = root.resolve(r.filename);
			Files.createDirectories(dest.getParent());
			Files.copy(server, dest);
			installed.add(PluginRecord.key(r.filename));
		}
		assertEquals(Set.of("plugins/" + PluginRecord.key(pluginJar.getFileName().toString()), "jars/api.jar",
			"jars/pytorch-engine.jar", "jars/pytorch-jni.jar", "jars/pickle.jar", "jars/picocli.jar",
			"jars/linux64/pytorch-native-cpu-linux-x86_64.jar"), installed);

		// what a Fiji installation brings along: ImageJ itself and the libraries it ships
		Files.copy(ImageJInstallAccess.ijJar(), root.resolve("ij.jar"));
		for (String name : fijiShipped) {
			assertTrue(FijiShipped.isShipped(name), name);
			if (!name.startsWith("ij-")) Files.copy(lib.resolve(name), root.resolve("jars").resolve(name));
		}

		Path image = Fixtures.file("sam-tiny/image.png").toAbsolutePath();
		Path out = work.resolve("mask.png");
		String macro = "r = call(\"org.samtune.fiji.ij1.SegmentPlugin.segment\", \"image=[" + ImageJInstallAccess.lit(image)
			+ "] checkpoint=[" + ImageJInstallAccess.lit(EngineTruth.checkpoint().toPath()) + "] config=["
			+ ImageJInstallAccess.lit(EngineTruth.config().toPath()) + "] device=cpu threads=1 box=15,20,60,85 save=["
			+ ImageJInstallAccess.lit(out) + "]\");\nprint(\"SAMTUNE_CALL \" + r);\n";
		Path macroFile = work.resolve("segment.ijm");
		Files.writeString(macroFile, macro);
		String output = ImageJInstallAccess.existing(root).runMacroFile(macroFile, true, null);
		assertTrue(output.contains("SAMTUNE_CALL slice 1 object 1: mask 1 of 1"), output);

		Prediction p = EngineTruth.predict(ImageConversion.toRgb(ImageFiles.open(image), null),
			List.of(new Prompt().box(15, 20, 60, 85)), false);
		byte[] expected = EngineTruth.unionMask(p);
		BufferedImage img = ImageIO.read(out.toFile());
		assertEquals(75, img.getWidth());
		assertEquals(100, img.getHeight());
		int[] px = img.getRaster().getPixels(0, 0, 75, 100, new int[75 * 100]);
		int foreground = 0;
		for (int i = 0; i < expected.length; i++) {
			assertEquals(expected[i] & 0xff, px[i], "pixel " + (i % 75) + "," + (i / 75));
			foreground += px[i] > 0 ? 1 : 0;
		}
		assertTrue(foreground > 0, "a non-empty mask");
		deleteTree(work); // 2 x 110 MB of native jar
	}

	private static void deleteTree(Path dir) throws java.io.IOException {
		if (!Files.exists(dir)) return;
		List<Path> all = new ArrayList<>();
		try (Stream<Path> s = Files.walk(dir)) {
			s.sorted(Comparator.reverseOrder()).forEach(all::add);
		}
		for (Path p : all) Files.delete(p);
	}
}
