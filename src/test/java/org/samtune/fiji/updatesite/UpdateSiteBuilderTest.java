package org.samtune.fiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Builds sites from small jars and checks db.xml.gz against the updater's format and algorithm, re-derived
 * here independently: the XML is validated against its own DTD by a plain JAXP parser, and every checksum
 * is recomputed by {@link Reference} (ZipInputStream + line-based filters, a different route than the
 * JarFile/byte-stream code under test). Two checksums are fixed constants computed with sha1sum over the
 * bytes the algorithm hashes (see each test).
 */
class UpdateSiteBuilderTest {

	@TempDir
	Path tmp;

	static final ZoneId ZONE = ZoneOffset.UTC;

	static Clock at(String yyyyMMddHHmmss) {
		LocalDateTime t = UpdaterTimestamp.parse(Long.parseLong(yyyyMMddHHmmss));
		return Clock.fixed(t.atZone(ZONE).toInstant(), ZONE);
	}

	// ---- checksum algorithm ------------------------------------------------------------------------

	/** The updater's properties filter, including its quirks, on a hand-worked example. */
	@Test
	void propertiesCommentFilterMatchesHandWorkedExample() {
		String in = "#c1\nkey=v\n#\n#kept\n\n#kept2\nx=1\n##\nk=2\n#tail";
		// "#c1"->"\n"; "#" alone -> "\n" and the next line is not a line start, so "#kept" stays;
		// an empty line likewise protects "#kept2"; "##"->"\n" protects "k=2" (no '#', stays anyway);
		// "#tail" without newline disappears.
		String expected = "\nkey=v\n\n#kept\n\n#kept2\nx=1\n\nk=2\n";
		assertEquals(expected, new String(UpdaterChecksum.skipHashedLines(bytes(in)), StandardCharsets.UTF_8));
		assertEquals(expected, new String(Reference.skipHashedLines(bytes(in)), StandardCharsets.UTF_8));
	}

	/**
	 * A jar whose digest was computed outside Java: sha1sum over
	 * "META-INF/MANIFEST.MF" + "a/b.properties" + "\n\nkey=v\n\n#kept\n" + "z.txt" + "hello"
	 * (entries sorted, manifest contributes only its name, properties comments dropped).
	 */
	@Test
	void knownJarDigest() throws IOException {
		Path jar = knownJar(tmp.resolve("known.jar"));
		assertEquals("729ed8c2127c5cea73d280f4ecf79e83feea8c20", UpdaterChecksum.jarDigest(jar));
		assertEquals("729ed8c2127c5cea73d280f4ecf79e83feea8c20", Reference.digest("jars/known.jar", jar));
		// The first obsolete variant keeps the manifest minus Created-By: sha1sum over
		// "META-INF/MANIFEST.MF" + "Manifest-Version: 1.0\nMain-Class: a.B\n\n" + "a/b.properties" + ...
		List<String> obsolete = UpdaterChecksum.obsoleteJarDigests(jar);
		assertEquals("cd31703e058a4ae849b057e673c80edad25bcc02", obsolete.get(0));
		assertEquals(Reference.jarDigest(jar, true, true), obsolete.get(0));
		assertEquals(Reference.jarDigest(jar, true, false), obsolete.get(1));
		assertEquals(Reference.jarDigest(jar, false, false), obsolete.get(2));
		assertEquals(3, new TreeSet<>(obsolete).size(), "the three old algorithms differ on this jar");
	}

	/** Non-jar files: sha1sum of "models/x.txt" + "hello\n". */
	@Test
	void knownFileDigest() throws IOException {
		Path f = Files.writeString(tmp.resolve("x.txt"), "hello\n");
		assertEquals("e2c9d3f8a23bb10ec96c541b220013627d8ef2e7", UpdaterChecksum.digest("models/x.txt", f));
		assertNotEquals(UpdaterChecksum.digest("models/x.txt", f), UpdaterChecksum.digest("models/y.txt", f),
			"the path is part of the checksum");
	}

	/** What the normalisation is for: a rebuild that only changes dates and build headers keeps the checksum. */
	@Test
	void rebuildNoiseDoesNotChangeJarDigest() throws IOException {
		Path a = jar(tmp.resolve("a.jar"), manifest("17.0.1 (Eclipse)"), pomProperties("Mon Jan 05 10:00:00 UTC 2026", "1.0"),
			Map.of("x/Y.class", "code"));
		Path b = jar(tmp.resolve("b.jar"), manifest("21.0.2 (Oracle)"), pomProperties("Tue Feb 10 11:11:11 UTC 2026", "1.0"),
			Map.of("x/Y.class", "code"));
		Path c = jar(tmp.resolve("c.jar"), manifest("21.0.2 (Oracle)"), pomProperties("Tue Feb 10 11:11:11 UTC 2026", "1.0"),
			Map.of("x/Y.class", "code2"));
		assertEquals(UpdaterChecksum.jarDigest(a), UpdaterChecksum.jarDigest(b));
		assertNotEquals(UpdaterChecksum.jarDigest(b), UpdaterChecksum.jarDigest(c));
		assertNotEquals(Reference.jarDigest(a, false, false), Reference.jarDigest(b, false, false),
			"the raw bytes do differ");
	}

	// ---- site layout and db.xml.gz -----------------------------------------------------------------

	@Test
	void buildsSiteInUpdaterFormat() throws Exception {
		Inputs in = new Inputs(tmp.resolve("in"));
		Path site = tmp.resolve("site");
		UpdateSiteBuilder builder = new UpdateSiteBuilder(site).clock(at("20260102030405"));
		builder.addPlugin(in.plugin).addJar(in.pickle).addNativeJar(in.linux).addNativeJar(in.win)
			.add("models/readme.txt", in.text, List.of(), false);
		List<UpdateSiteBuilder.Outcome> outcomes = builder.build();
		assertTrue(outcomes.stream().allMatch(o -> o.change() == UpdateSiteBuilder.Change.NEW), outcomes::toString);

		Map<String, Element> plugins = verifySite(site);
		assertEquals(Set.of("plugins/SAM_Tune-0.1.0.jar", "jars/pickle-1.5.jar",
			"jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar", "jars/win64/pytorch-native-cpu-2.5.1-win-x86_64.jar",
			"models/readme.txt"), plugins.keySet());
		for (Element p : plugins.values()) {
			assertEquals("20260102030405", version(p).getAttribute("timestamp"));
		}
		assertEquals(List.of("linux64"), texts(plugins.get("jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar"), "platform"));
		assertEquals(List.of("win64"), texts(plugins.get("jars/win64/pytorch-native-cpu-2.5.1-win-x86_64.jar"), "platform"));
		assertEquals(List.of(), texts(plugins.get("jars/pickle-1.5.jar"), "platform"));

		Element pluginVersion = version(plugins.get("plugins/SAM_Tune-0.1.0.jar"));
		assertEquals(List.of("Segment Anything for Fiji"), texts(pluginVersion, "description"));
		assertEquals(List.of("SAM Tune developers"), texts(pluginVersion, "author"));
		List<String> deps = new ArrayList<>();
		NodeList d = pluginVersion.getElementsByTagName("dependency");
		for (int i = 0; i < d.getLength(); i++) {
			Element e = (Element) d.item(i);
			deps.add(e.getAttribute("filename") + "@" + e.getAttribute("timestamp"));
		}
		assertEquals(List.of("jars/pickle-1.5.jar@20260102030405"), deps, "natives and non-jars are no dependencies");
	}

	@Test
	void rebuildKeepsUnchangedAndVersionsChanged() throws Exception {
		Inputs in = new Inputs(tmp.resolve("in"));
		Path site = tmp.resolve("site");
		new UpdateSiteBuilder(site).clock(at("20260102030405"))
			.addPlugin(in.plugin).addJar(in.pickle).addNativeJar(in.linux).addNativeJar(in.win).build();
		Set<Path> firstFiles = files(site);
		String oldPickleChecksum = version(verifySite(site).get("jars/pickle-1.5.jar")).getAttribute("checksum");

		// Same content (the plugin jar rebuilt: new dates in pom.properties and manifest): nothing new.
		Path rebuiltPlugin = in.pluginJar(tmp.resolve("in2"), "Wed Mar 04 05:06:07 UTC 2026", "21 (other JDK)");
		assertFalse(Arrays.equals(Files.readAllBytes(in.plugin), Files.readAllBytes(rebuiltPlugin)), "bytes differ");
		List<UpdateSiteBuilder.Outcome> second = new UpdateSiteBuilder(site).clock(at("20260203040506"))
			.addPlugin(rebuiltPlugin).addJar(in.pickle).addNativeJar(in.linux).addNativeJar(in.win).build();
		assertTrue(second.stream().allMatch(o -> o.change() == UpdateSiteBuilder.Change.UNCHANGED), second::toString);
		assertEquals(firstFiles, files(site), "no new server files");
		Map<String, Element> plugins = verifySite(site);
		for (Element p : plugins.values()) {
			assertEquals("20260102030405", version(p).getAttribute("timestamp"));
			assertEquals(0, p.getElementsByTagName("previous-version").getLength());
		}

		// A new pickle version (renamed, different content) and the win native dropped.
		Path pickle16 = jar(tmp.resolve("in3/pickle-1.6.jar"), manifest("17"), pomProperties("x", "1.6"),
			Map.of("net/razorvine/pickle/Pickler.class", "new bytes"));
		List<UpdateSiteBuilder.Outcome> third = new UpdateSiteBuilder(site).clock(at("20260304050607"))
			.addPlugin(rebuiltPlugin).addJar(pickle16).addNativeJar(in.linux).build();
		Map<String, UpdateSiteBuilder.Change> changes = third.stream()
			.collect(Collectors.toMap(UpdateSiteBuilder.Outcome::filename, UpdateSiteBuilder.Outcome::change));
		assertEquals(Map.of("plugins/SAM_Tune-0.1.0.jar", UpdateSiteBuilder.Change.UNCHANGED,
			"jars/pickle-1.6.jar", UpdateSiteBuilder.Change.UPDATED,
			"jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar", UpdateSiteBuilder.Change.UNCHANGED,
			"jars/win64/pytorch-native-cpu-2.5.1-win-x86_64.jar", UpdateSiteBuilder.Change.REMOVED), changes);

		plugins = verifySite(site);
		Element pickle = plugins.get("jars/pickle-1.6.jar");
		assertEquals("20260304050607", version(pickle).getAttribute("timestamp"));
		Element prev = (Element) pickle.getElementsByTagName("previous-version").item(0);
		assertEquals(1, pickle.getElementsByTagName("previous-version").getLength());
		assertEquals(oldPickleChecksum, prev.getAttribute("checksum"));
		assertEquals("20260102030405", prev.getAttribute("timestamp"));
		assertEquals("20260304050607", prev.getAttribute("timestamp-obsolete"));
		assertEquals("jars/pickle-1.5.jar", prev.getAttribute("filename"));
		assertTrue(Files.isRegularFile(site.resolve("jars/pickle-1.5.jar-20260102030405")), "old server file kept");
		assertTrue(Files.isRegularFile(site.resolve("jars/pickle-1.6.jar-20260304050607")));

		Element win = plugins.get("jars/win64/pytorch-native-cpu-2.5.1-win-x86_64.jar");
		assertEquals(0, win.getElementsByTagName("version").getLength(), "removed: no current version");
		assertEquals(1, win.getElementsByTagName("previous-version").getLength());

		Element dep = (Element) version(plugins.get("plugins/SAM_Tune-0.1.0.jar")).getElementsByTagName("dependency").item(0);
		assertEquals("jars/pickle-1.6.jar", dep.getAttribute("filename"));
		assertEquals("20260304050607", dep.getAttribute("timestamp"));

		// A rebuild in the same second still gets a fresh server file name.
		Path pickle17 = jar(tmp.resolve("in4/pickle-1.7.jar"), manifest("17"), pomProperties("x", "1.7"),
			Map.of("net/razorvine/pickle/Pickler.class", "newer bytes"));
		new UpdateSiteBuilder(site).clock(at("20260304050607")).addPlugin(rebuiltPlugin).addJar(pickle17)
			.addNativeJar(in.linux).build();
		assertEquals("20260304050608", version(verifySite(site).get("jars/pickle-1.7.jar")).getAttribute("timestamp"));
	}

	/** The optional GPU site: the CUDA native jar alone, for linux64 (a small stand-in for the 2.46 GB jar). */
	@Test
	void gpuSiteFromNativeJarPath() throws Exception {
		Path fake = jar(tmp.resolve("in/pytorch-native-cu124-2.5.1-linux-x86_64.jar"), manifest("17"), null,
			Map.of("native/lib/pytorch.properties", "#Mon Jan 01\nversion=2.5.1\nflavor=cu124\n",
				"native/lib/libtorch_cuda.so", "not really"));
		Path site = tmp.resolve("gpu-site");
		new UpdateSiteBuilder(site).clock(at("20260102030405")).addNativeJar(fake).build();
		Map<String, Element> plugins = verifySite(site);
		Element p = plugins.get("jars/linux64/pytorch-native-cu124-2.5.1-linux-x86_64.jar");
		assertEquals(1, plugins.size());
		assertEquals(List.of("linux64"), texts(p, "platform"));
		assertNotEquals(PluginRecord.key("jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar"),
			PluginRecord.key(p.getAttribute("filename")), "the CUDA jar adds to, never replaces, the CPU jar");
	}

	@Test
	void sameUnversionedNameTwiceIsRejected() throws IOException {
		Inputs in = new Inputs(tmp.resolve("in"));
		Path other = jar(tmp.resolve("other/pickle-2.0.jar"), manifest("17"), null, Map.of("a", "b"));
		assertThrows(IllegalArgumentException.class,
			() -> new UpdateSiteBuilder(tmp.resolve("site")).addJar(in.pickle).addJar(other));
	}

	@Test
	void platformsAndFijiShippedJars() {
		assertEquals("linux64", NativePlatform.ofFileName("pytorch-native-cpu-2.5.1-linux-x86_64.jar").orElseThrow());
		assertEquals("win64", NativePlatform.ofFileName("pytorch-native-cpu-2.5.1-win-x86_64.jar").orElseThrow());
		assertEquals("macos-arm64", NativePlatform.ofFileName("pytorch-native-cpu-2.5.1-osx-aarch64.jar").orElseThrow());
		assertTrue(NativePlatform.ofFileName("pytorch-jni-2.5.1-0.33.0.jar").isEmpty());
		for (String shipped : List.of("ij-1.54p.jar", "imglib2-8.0.0.jar", "scijava-common-2.100.1.jar", "gson-2.10.1.jar",
			"slf4j-simple-2.0.17.jar", "commons-compress-1.28.0.jar", "jna-5.14.0.jar")) {
			assertTrue(FijiShipped.isShipped(shipped), shipped);
		}
		for (String ours : List.of("api-0.33.0.jar", "pytorch-engine-0.33.0.jar", "pytorch-jni-2.5.1-0.33.0.jar",
			"pickle-1.5.jar", "picocli-4.7.6.jar")) {
			assertFalse(FijiShipped.isShipped(ours), ours);
		}
	}

	// ---- verification ------------------------------------------------------------------------------

	/**
	 * Parses db.xml.gz with DTD validation, then checks every current version against its server file:
	 * present at "filename-timestamp", right size, and the checksum recomputed by {@link Reference}.
	 *
	 * @return the plugin elements by filename
	 */
	static Map<String, Element> verifySite(Path site) throws Exception {
		Document doc;
		try (InputStream in = new GZIPInputStream(Files.newInputStream(site.resolve("db.xml.gz")))) {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setValidating(true);
			DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(new ErrorHandler() {
				@Override public void warning(SAXParseException e) {}
				@Override public void error(SAXParseException e) throws SAXParseException { throw e; }
				@Override public void fatalError(SAXParseException e) throws SAXParseException { throw e; }
			});
			doc = b.parse(in);
		}
		assertEquals("pluginRecords", doc.getDocumentElement().getTagName());
		assertEquals(0, doc.getElementsByTagName("update-site").getLength(), "a site's db has no update-site elements");
		Map<String, Element> byName = new LinkedHashMap<>();
		NodeList plugins = doc.getElementsByTagName("plugin");
		for (int i = 0; i < plugins.getLength(); i++) {
			Element p = (Element) plugins.item(i);
			String filename = p.getAttribute("filename");
			assertNull(byName.put(filename, p), "duplicate " + filename);
			if (p.getElementsByTagName("version").getLength() == 0) continue; // removed from the site
			Element v = version(p);
			String timestamp = v.getAttribute("timestamp");
			assertTrue(timestamp.matches("\\d{14}"), timestamp);
			UpdaterTimestamp.parse(Long.parseLong(timestamp)); // a real date
			Path server = site.resolve(filename + "-" + timestamp);
			assertTrue(Files.isRegularFile(server), "missing " + server);
			assertEquals(Long.parseLong(v.getAttribute("filesize")), Files.size(server), filename);
			assertEquals(Reference.digest(filename, server), v.getAttribute("checksum"), filename);
			assertTrue(v.getAttribute("checksum").matches("[0-9a-f]{40}"));
		}
		return byName;
	}

	static Element version(Element plugin) {
		NodeList v = plugin.getElementsByTagName("version");
		assertEquals(1, v.getLength(), plugin.getAttribute("filename"));
		return (Element) v.item(0);
	}

	static List<String> texts(Element parent, String tag) {
		List<String> out = new ArrayList<>();
		NodeList n = parent.getElementsByTagName(tag);
		for (int i = 0; i < n.getLength(); i++) out.add(n.item(i).getTextContent());
		return out;
	}

	static Set<Path> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(Files::isRegularFile).map(dir::relativize).filter(p -> !p.toString().equals("db.xml.gz"))
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	// ---- independent reference implementation ---------------------------------------------------------

	/**
	 * The updater's checksum written the plain way: whole entries in a sorted map, properties filtered line
	 * by line. Line rule (derived from the updater's byte filter): a line counts as a line start unless the
	 * previous line was read at a line start and was only '#'s (or empty) before its '\n'.
	 */
	static final class Reference {
		static final Set<String> VOLATILE = Set.of("ARCHIVER-VERSION", "BUILT-BY", "BUILD-JDK", "CLASS-PATH",
			"CREATED-BY", "IMPLEMENTATION-BUILD");

		static String digest(String path, Path file) throws IOException {
			if (path.endsWith(".jar")) return jarDigest(file, true, true, true);
			return sha1(concat(path.getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(file)));
		}

		static String jarDigest(Path jar, boolean properties, boolean manifest) throws IOException {
			return jarDigest(jar, properties, manifest, false);
		}

		static String jarDigest(Path jar, boolean properties, boolean manifest, boolean mainClassOnly) throws IOException {
			TreeMap<String, byte[]> entries = new TreeMap<>();
			try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(jar))) {
				for (ZipEntry e; (e = zin.getNextEntry()) != null;) entries.put(e.getName(), zin.readAllBytes());
			}
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				all.writeBytes(e.getKey().getBytes(StandardCharsets.US_ASCII));
				byte[] content = e.getValue();
				if (manifest && e.getKey().equals("META-INF/MANIFEST.MF")) {
					content = mainClassOnly ? new byte[0] : filterManifest(content);
				}
				else if (properties && e.getKey().endsWith(".properties")) {
					content = skipHashedLines(content);
				}
				all.writeBytes(content);
			}
			return sha1(all.toByteArray());
		}

		static byte[] filterManifest(byte[] content) {
			List<String> lines = new ArrayList<>(List.of(new String(content, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1)));
			if (lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
			StringBuilder b = new StringBuilder();
			for (String line : lines) {
				int colon = line.indexOf(':');
				if (colon > 0 && VOLATILE.contains(line.substring(0, colon).toUpperCase())) continue;
				b.append(line).append('\n');
			}
			return b.toString().getBytes(StandardCharsets.UTF_8);
		}

		static byte[] skipHashedLines(byte[] content) {
			String s = new String(content, StandardCharsets.ISO_8859_1);
			StringBuilder out = new StringBuilder();
			boolean lineStart = true;
			int pos = 0;
			while (pos < s.length()) {
				int nl = s.indexOf('\n', pos);
				String line = nl < 0 ? s.substring(pos) : s.substring(pos, nl + 1);
				pos += line.length();
				boolean ends = line.endsWith("\n");
				if (lineStart && line.startsWith("#")) out.append(ends ? "\n" : "");
				else out.append(line);
				boolean onlyHashes = line.substring(0, line.length() - (ends ? 1 : 0)).chars().allMatch(c -> c == '#');
				lineStart = ends && !(lineStart && onlyHashes);
			}
			return out.toString().getBytes(StandardCharsets.ISO_8859_1);
		}

		static String sha1(byte[] b) {
			try {
				return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}

		static byte[] concat(byte[] a, byte[] b) {
			byte[] out = new byte[a.length + b.length];
			System.arraycopy(a, 0, out, 0, a.length);
			System.arraycopy(b, 0, out, a.length, b.length);
			return out;
		}
	}

	// ---- fixtures ------------------------------------------------------------------------------------

	/** Small stand-ins for the plugin, a library, two native jars and a text file. */
	final class Inputs {
		final Path plugin, pickle, linux, win, text;

		Inputs(Path dir) throws IOException {
			plugin = pluginJar(dir, "Thu Jan 01 00:00:00 UTC 2026", "17.0.9 (Eclipse Adoptium)");
			pickle = jar(dir.resolve("pickle-1.5.jar"), manifest("17"), pomProperties("Fri Jan 02 2026", "1.5"),
				Map.of("net/razorvine/pickle/Pickler.class", "pickler bytes"));
			linux = jar(dir.resolve("pytorch-native-cpu-2.5.1-linux-x86_64.jar"), manifest("17"), null,
				Map.of("native/lib/pytorch.properties", "#built\nversion=2.5.1\nflavor=cpu\n",
					"native/lib/libtorch.so", "linux bytes"));
			win = jar(dir.resolve("pytorch-native-cpu-2.5.1-win-x86_64.jar"), manifest("17"), null,
				Map.of("native/lib/pytorch.properties", "#built\nversion=2.5.1\nflavor=cpu\n",
					"native/lib/torch.dll", "windows bytes"));
			text = Files.writeString(dir.resolve("readme.txt"), "a model folder readme\n");
		}

		Path pluginJar(Path dir, String date, String createdBy) throws IOException {
			String pom = "<?xml version=\"1.0\"?><project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>" +
				"<artifactId>SAM_Tune</artifactId><description>Segment Anything for Fiji</description>" +
				"<developers><developer><name>SAM Tune developers</name></developer></developers></project>";
			Map<String, String> entries = new LinkedHashMap<>();
			entries.put("plugins.config", "Plugins>SAM Tune, \"Segment\", org.samtune.Segment\n");
			entries.put("org/samtune/Segment.class", "class bytes");
			entries.put("META-INF/maven/org.samtune/SAM_Tune/pom.xml", pom);
			return jar(dir.resolve("SAM_Tune-0.1.0.jar"), manifest(createdBy), pomProperties(date, "0.1.0"), entries);
		}
	}

	static String manifest(String createdBy) {
		return "Manifest-Version: 1.0\r\nCreated-By: " + createdBy + "\r\nBuild-Jdk-Spec: 17\r\n\r\n";
	}

	static String pomProperties(String date, String version) {
		return "#Generated by Maven\n#" + date + "\ngroupId=g\nartifactId=a\nversion=" + version + "\n";
	}

	/** A jar with the manifest first (as jar tools write it), then the other entries in the given order. */
	static Path jar(Path file, String manifest, String pomProperties, Map<String, String> entries) throws IOException {
		Files.createDirectories(file.getParent());
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
			out.putNextEntry(new ZipEntry("META-INF/"));
			put(out, "META-INF/MANIFEST.MF", manifest);
			if (pomProperties != null) put(out, "META-INF/maven/g/a/pom.properties", pomProperties);
			for (Map.Entry<String, String> e : entries.entrySet()) put(out, e.getKey(), e.getValue());
		}
		return file;
	}

	/** The jar of {@link #knownJarDigest()}, entries deliberately unsorted. */
	static Path knownJar(Path file) throws IOException {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
			put(out, "z.txt", "hello");
			put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nCreated-By: 17 (test)\r\nMain-Class: a.B\r\n\r\n");
			put(out, "a/b.properties", "#Generated by Maven\n#Thu Jan 01 2026\nkey=v\n#\n#kept\n");
		}
		return file;
	}

	static void put(ZipOutputStream out, String name, String content) throws IOException {
		out.putNextEntry(new ZipEntry(name));
		out.write(bytes(content));
		out.closeEntry();
	}

	static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}
}
