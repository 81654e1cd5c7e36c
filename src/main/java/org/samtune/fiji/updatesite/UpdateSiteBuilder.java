package org.samtune.fiji.updatesite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds (or updates) an ImageJ update site in a folder, in the layout the ImageJ updater uploads:
 * <pre>
 *   db.xml.gz                                       the index (see {@link DbXmlWriter})
 *   plugins/SAM_Tune-0.1.0.jar-20260101120000       each file at "filename-timestamp"
 *   jars/pickle-1.5.jar-20260101120000
 *   jars/linux64/pytorch-native-cpu-2.5.1-linux-x86_64.jar-20260101120000
 * </pre>
 * Serving the folder over HTTP(S) gives a site URL for Fiji's "Manage update sites".
 *
 * <p>Rebuilding is incremental, as uploading with the updater is: a file whose checksum is unchanged keeps
 * its version, timestamp and server file; a changed file gets a new timestamped server file and its old
 * version becomes a {@code <previous-version>} (so installations see the old copy as obsolete, not locally
 * modified); a file no longer in the inputs keeps only its previous versions (the updater then offers to
 * uninstall it). Old server files are never deleted: installations may still refer to them.
 */
public final class UpdateSiteBuilder {

	/** What a build did to one file. */
	public enum Change { NEW, UPDATED, UNCHANGED, REMOVED }

	public record Outcome(String filename, Change change) {}

	private record Input(String filename, Path source, List<String> platforms, boolean isPlugin) {}

	private final Path siteDir;
	private Clock clock = Clock.systemDefaultZone();
	private final Map<String, Input> inputs = new LinkedHashMap<>(); // by updater key (unversioned name)

	public UpdateSiteBuilder(Path siteDir) {
		this.siteDir = siteDir;
	}

	/** The clock that timestamps new versions (tests fix it). */
	public UpdateSiteBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/** An ImageJ plugin jar: goes to plugins/ (ImageJ 1.x reads plugins.config only from plugins/). */
	public UpdateSiteBuilder addPlugin(Path jar) {
		return add("plugins/" + jar.getFileName(), jar, List.of(), true);
	}

	/** A platform-independent library jar: jars/. */
	public UpdateSiteBuilder addJar(Path jar) {
		return add("jars/" + jar.getFileName(), jar, List.of(), false);
	}

	/** A native jar whose file name ends in a DJL classifier ("-linux-x86_64.jar"): jars/&lt;platform&gt;/. */
	public UpdateSiteBuilder addNativeJar(Path jar) {
		String name = jar.getFileName().toString();
		String platform = NativePlatform.ofFileName(name)
			.orElseThrow(() -> new IllegalArgumentException("no platform classifier in " + name));
		return addNativeJar(jar, platform);
	}

	/** A native jar for an updater platform name ("linux64", "win64", "macos-arm64", ...). */
	public UpdateSiteBuilder addNativeJar(Path jar, String platform) {
		return add("jars/" + platform + "/" + jar.getFileName(), jar, List.of(platform), false);
	}

	/** Any file at a site path ("models/x.pth"); {@code platforms} empty = all platforms. */
	public UpdateSiteBuilder add(String filename, Path source, List<String> platforms, boolean isPlugin) {
		if (!Files.isRegularFile(source)) throw new IllegalArgumentException("not a file: " + source);
		Input previous = inputs.put(PluginRecord.key(filename), new Input(filename, source, platforms, isPlugin));
		if (previous != null) {
			throw new IllegalArgumentException(filename + " and " + previous.filename() +
				" are the same file for the updater (same name without version)");
		}
		return this;
	}

	/**
	 * Copies new and changed files into the site folder and writes db.xml.gz.
	 *
	 * @return one outcome per record, in db.xml order
	 */
	public List<Outcome> build() throws IOException {
		Files.createDirectories(siteDir);
		Path db = siteDir.resolve("db.xml.gz");
		Map<String, PluginRecord> records = new LinkedHashMap<>();
		if (Files.exists(db)) {
			for (PluginRecord r : DbXmlReader.readGz(db)) records.put(r.key(), r);
		}

		long timestamp = UpdaterTimestamp.now(clock);
		// Two builds within one second must not reuse a server file name.
		for (PluginRecord r : records.values()) {
			if (r.current != null && r.current.timestamp >= timestamp) timestamp = UpdaterTimestamp.plusOneSecond(r.current.timestamp);
			for (PluginRecord.PreviousVersion p : r.previous) {
				if (p.timestamp() >= timestamp) timestamp = UpdaterTimestamp.plusOneSecond(p.timestamp());
			}
		}

		Map<String, Change> changes = new LinkedHashMap<>();
		for (Map.Entry<String, Input> e : inputs.entrySet()) {
			Input in = e.getValue();
			String checksum = UpdaterChecksum.digest(in.filename(), in.source());
			long size = Files.size(in.source());
			PluginRecord old = records.get(e.getKey());
			if (old != null && old.current != null && old.current.checksum.equals(checksum)) {
				// Same content for the updater: keep version and server file; refresh metadata only.
				PluginRecord kept = copyHistory(old, old.filename);
				kept.current = new PluginRecord.Version(checksum, old.current.timestamp, old.current.filesize);
				Path serverFile = siteDir.resolve(kept.serverPath());
				if (!Files.isRegularFile(serverFile)) { // site folder lost the file: put the equivalent bytes back
					copy(in.source(), serverFile);
					kept.current = new PluginRecord.Version(checksum, old.current.timestamp, size);
				}
				finish(kept, in);
				records.put(e.getKey(), kept);
				changes.put(e.getKey(), Change.UNCHANGED);
				continue;
			}
			PluginRecord fresh = old == null ? new PluginRecord(in.filename()) : copyHistory(old, in.filename());
			if (old != null && old.current != null) {
				// As the updater's writer: the replaced version, with its own file name and when it went obsolete.
				fresh.previous.add(new PluginRecord.PreviousVersion(old.current.checksum, old.current.timestamp,
					timestamp, old.filename));
			}
			fresh.current = new PluginRecord.Version(checksum, timestamp, size);
			copy(in.source(), siteDir.resolve(fresh.serverPath()));
			finish(fresh, in);
			records.put(e.getKey(), fresh);
			changes.put(e.getKey(), old == null || old.current == null ? Change.NEW : Change.UPDATED);
		}

		for (Map.Entry<String, PluginRecord> e : records.entrySet()) {
			if (changes.containsKey(e.getKey())) continue;
			PluginRecord r = e.getValue();
			if (r.current != null) {
				r.previous.add(new PluginRecord.PreviousVersion(r.current.checksum, r.current.timestamp, timestamp,
					r.filename));
				r.current = null;
			}
			changes.put(e.getKey(), Change.REMOVED);
		}

		addPluginDependencies(records);

		List<PluginRecord> ordered = new ArrayList<>(records.values());
		ordered.sort(Comparator.comparing(r -> r.filename));
		DbXmlWriter.writeGz(ordered, db);
		List<Outcome> outcomes = new ArrayList<>();
		for (PluginRecord r : ordered) outcomes.add(new Outcome(r.filename, changes.get(r.key())));
		return outcomes;
	}

	/** A record under {@code filename} with the history of {@code old} (previous versions, flags). */
	private static PluginRecord copyHistory(PluginRecord old, String filename) {
		PluginRecord r = new PluginRecord(filename);
		r.previous.addAll(old.previous);
		r.categories.addAll(old.categories);
		r.executable = old.executable;
		return r;
	}

	/** Platforms and the description/authors the updater would take from the jar's pom. */
	private static void finish(PluginRecord r, Input in) {
		r.platforms.clear();
		r.platforms.addAll(in.platforms());
		if (in.filename().endsWith(".jar")) {
			PomMetadata pom = PomMetadata.of(in.source());
			r.current.description = pom.description();
			r.current.authors.addAll(pom.authors());
		}
	}

	/**
	 * The plugin depends on every platform-independent library of the site, so that installing it installs
	 * them. Native jars are left out: a dependency on a file of another platform cannot be satisfied.
	 */
	private void addPluginDependencies(Map<String, PluginRecord> records) {
		for (Input plugin : inputs.values()) {
			if (!plugin.isPlugin()) continue;
			PluginRecord pr = records.get(PluginRecord.key(plugin.filename()));
			for (Input lib : inputs.values()) {
				if (lib.isPlugin() || !lib.platforms().isEmpty() || !lib.filename().endsWith(".jar")) continue;
				PluginRecord lr = records.get(PluginRecord.key(lib.filename()));
				pr.current.dependencies.add(new PluginRecord.Dependency(lr.filename, lr.current.timestamp, false));
			}
		}
	}

	private static void copy(Path from, Path to) throws IOException {
		Files.createDirectories(to.getParent());
		Path tmp = to.resolveSibling(to.getFileName() + ".part");
		Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
		Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Adds the runtime jars of a Maven build's lib folder: natives by classifier, libraries Fiji already
	 * ships skipped ({@link FijiShipped}).
	 *
	 * @return the skipped file names
	 */
	public List<String> addLibFolder(Path libDir) throws IOException {
		List<String> skipped = new ArrayList<>();
		List<Path> jars;
		try (Stream<Path> s = Files.list(libDir)) {
			jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
		}
		for (Path jar : jars) {
			String name = jar.getFileName().toString();
			Optional<String> platform = NativePlatform.ofFileName(name);
			if (platform.isPresent()) addNativeJar(jar, platform.get());
			else if (FijiShipped.isShipped(name)) skipped.add(name);
			else addJar(jar);
		}
		return skipped;
	}

	/**
	 * Command line: {@code UpdateSiteBuilder --site DIR [--plugin JAR]... [--lib DIR]... [--jar JAR]...
	 * [--native JAR]...}. Prints one line per file of the site.
	 */
	public static void main(String[] args) throws IOException {
		Path site = null;
		List<String[]> actions = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String option = args[i];
			if (option.equals("-h") || option.equals("--help")) {
				usage(0);
			}
			if (i + 1 >= args.length) usage(2);
			String value = args[++i];
			switch (option) {
				case "--site" -> site = Path.of(value);
				case "--plugin", "--lib", "--jar", "--native" -> actions.add(new String[] { option, value });
				default -> usage(2);
			}
		}
		if (site == null || actions.isEmpty()) usage(2);
		UpdateSiteBuilder builder = new UpdateSiteBuilder(site);
		for (String[] a : actions) {
			Path path = Path.of(a[1]);
			switch (a[0]) {
				case "--plugin" -> builder.addPlugin(path);
				case "--jar" -> builder.addJar(path);
				case "--native" -> builder.addNativeJar(path);
				case "--lib" -> {
					for (String s : builder.addLibFolder(path)) System.out.println("skipped (shipped with Fiji): " + s);
				}
				default -> throw new AssertionError(a[0]);
			}
		}
		for (Outcome o : builder.build()) System.out.printf("%-9s %s%n", o.change(), o.filename());
		System.out.println("wrote " + site.resolve("db.xml.gz"));
	}

	private static void usage(int status) {
		System.err.println("usage: UpdateSiteBuilder --site DIR [--plugin JAR]... [--lib DIR]... [--jar JAR]... " +
			"[--native JAR]...");
		System.exit(status);
	}
}
