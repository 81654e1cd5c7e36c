package org.samtune.fiji.updatesite;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The checksums the ImageJ updater records in db.xml.gz (net.imagej.updater.util.UpdaterUtil).
 *
 * <p>Non-jar files: SHA-1 over the site path (ASCII) followed by the file bytes, so the same bytes at two
 * paths are two different files.
 *
 * <p>Jars: SHA-1 over the entries sorted by name; per entry its name (ASCII), then its uncompressed
 * content. Two normalisations make rebuilt-but-identical jars keep their checksum:
 * <ul>
 *   <li>{@code *.properties}: comment lines are dropped (pom.properties carries a build date);</li>
 *   <li>{@code META-INF/MANIFEST.MF}: with the current algorithm nothing of it is hashed but its name. The
 *       updater means to keep only the Main-Class line, but it compares the UPPER-CASED line against the
 *       mixed-case "Main-Class:", which never matches; we must reproduce that, not the intent.</li>
 * </ul>
 * The older algorithms (the updater's "obsolete digests") are kept for comparison with old records.
 */
public final class UpdaterChecksum {

	/** Manifest headers the 2012 algorithm dropped: they change on every build. */
	private static final Set<String> VOLATILE_MANIFEST_HEADERS = Set.of(
		"ARCHIVER-VERSION", "BUILT-BY", "BUILD-JDK", "CLASS-PATH", "CREATED-BY", "IMPLEMENTATION-BUILD");

	private UpdaterChecksum() {}

	/** The checksum the updater records for {@code sitePath} (e.g. "jars/pickle-1.5.jar"). */
	public static String digest(String sitePath, Path file) throws IOException {
		return sitePath.endsWith(".jar") ? jarDigest(file) : fileDigest(sitePath, file);
	}

	/** SHA-1(path ASCII + bytes): the updater's checksum of a file that is not a jar. */
	public static String fileDigest(String sitePath, Path file) throws IOException {
		MessageDigest sha1 = sha1();
		sha1.update(ascii(sitePath));
		try (InputStream in = Files.newInputStream(file)) {
			drain(in, sha1);
		}
		return hex(sha1);
	}

	/** The current jar checksum (properties comments skipped, manifest reduced to nothing). */
	public static String jarDigest(Path jar) throws IOException {
		return jarDigest(jar, true, true, true);
	}

	/**
	 * The older jar checksums, newest first, as the updater lists them: (properties, manifest filtered),
	 * (properties only), (raw entries).
	 */
	public static List<String> obsoleteJarDigests(Path jar) throws IOException {
		return List.of(jarDigest(jar, true, true, false), jarDigest(jar, true, false, false),
			jarDigest(jar, false, false, false));
	}

	/**
	 * @param skipPropertiesComments drop '#' lines of *.properties entries
	 * @param filterManifest         normalise META-INF/MANIFEST.MF
	 * @param manifestMainClassOnly  when filtering the manifest, keep only "Main-Class" (which, as in the
	 *                               updater, keeps nothing); otherwise drop the volatile headers
	 */
	public static String jarDigest(Path jar, boolean skipPropertiesComments, boolean filterManifest,
		boolean manifestMainClassOnly) throws IOException
	{
		MessageDigest sha1 = sha1();
		// verify=false: we hash bytes, we do not check signatures (the hashed content is the same).
		try (JarFile jarFile = new JarFile(jar.toFile(), false)) {
			List<JarEntry> entries = Collections.list(jarFile.entries());
			entries.sort(Comparator.comparing(JarEntry::getName)); // String order = UTF-16 code units, as the updater
			for (JarEntry entry : entries) {
				String name = entry.getName();
				sha1.update(ascii(name));
				try (InputStream in = jarFile.getInputStream(entry)) {
					if (filterManifest && name.equals("META-INF/MANIFEST.MF")) {
						sha1.update(filterManifest(in, manifestMainClassOnly));
					}
					else if (skipPropertiesComments && name.endsWith(".properties")) {
						sha1.update(skipHashedLines(in.readAllBytes()));
					}
					else {
						drain(in, sha1);
					}
				}
			}
		}
		return hex(sha1);
	}

	/**
	 * Drops comment lines of a .properties entry, reproducing the updater's stream filter exactly,
	 * including its quirks: a comment line keeps its '\n'; after a line that is empty or just "#", the
	 * next line is not recognised as a line start, so a '#' there is kept.
	 */
	static byte[] skipHashedLines(byte[] in) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		boolean atLineStart = true;
		boolean inComment = false; // inside a '#' line: swallow bytes up to the '\n' that ends it
		for (byte b : in) {
			if (atLineStart && b == '#') {
				inComment = true; // a '#' right after "#" at line start nests; both end at the same '\n'
				continue;
			}
			if (atLineStart) atLineStart = false; // any other first byte, '\n' included, ends the line start
			else if (b == '\n') atLineStart = true;
			if (inComment) {
				if (b != '\n') continue;
				inComment = false;
			}
			out.write(b);
		}
		return out.toByteArray();
	}

	/** The updater's manifest filter: lines re-joined with '\n' after dropping the filtered headers. */
	static byte[] filterManifest(InputStream in, boolean mainClassOnly) throws IOException {
		StringBuilder kept = new StringBuilder();
		// The updater reads with the platform charset; manifests are UTF-8 and Java 18+ defaults to UTF-8.
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		for (String line; (line = reader.readLine()) != null;) {
			String upper = line.toUpperCase(Locale.ROOT);
			if (mainClassOnly) {
				// Upper-cased text never starts with the mixed-case "Main-Class:": nothing is kept (updater quirk).
				if (upper.startsWith("Main-Class:")) kept.append(line).append('\n');
				continue;
			}
			int colon = line.indexOf(':');
			if (colon > 0 && VOLATILE_MANIFEST_HEADERS.contains(upper.substring(0, colon))) continue;
			kept.append(line).append('\n');
		}
		return kept.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every JRE has SHA-1", e);
		}
	}

	/** String.getBytes("ASCII") as the updater calls it: non-ASCII characters become '?'. */
	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	private static void drain(InputStream in, MessageDigest sha1) throws IOException {
		byte[] buffer = new byte[1 << 16];
		for (int n; (n = in.read(buffer)) >= 0;) sha1.update(buffer, 0, n);
	}

	private static String hex(MessageDigest sha1) {
		return HexFormat.of().formatHex(sha1.digest()); // lower case, as UpdaterUtil.toHex
	}
}
