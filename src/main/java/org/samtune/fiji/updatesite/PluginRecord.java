package org.samtune.fiji.updatesite;

import java.util.ArrayList;
import java.util.List;

import org.scijava.util.FileUtils;

/**
 * One {@code <plugin>} element of db.xml.gz: a file of the site with its current version (absent once the
 * file was removed from the site) and the versions it replaced.
 *
 * <p>{@link #filename} keeps the version ("jars/pickle-1.5.jar"), as the updater writes it; the updater
 * identifies a file by {@link #key()}, the name without version ("jars/pickle.jar"), so a new version of a
 * jar replaces the old one in an installation. On the server the current bytes live at
 * {@code filename + "-" + timestamp}.
 */
public final class PluginRecord {

	/** {@code <version checksum timestamp filesize>}: what an installation downloads now. */
	public static final class Version {
		public final String checksum;
		public final long timestamp; // yyyyMMddHHmmss
		public final long filesize;
		public String description;
		public final List<Dependency> dependencies = new ArrayList<>();
		public final List<String> links = new ArrayList<>();
		public final List<String> authors = new ArrayList<>();

		public Version(String checksum, long timestamp, long filesize) {
			this.checksum = checksum;
			this.timestamp = timestamp;
			this.filesize = filesize;
		}
	}

	/** {@code <previous-version>}: lets the updater recognise an installed old copy as "obsolete", not "modified". */
	public record PreviousVersion(String checksum, long timestamp, long timestampObsolete, String filename) {}

	/** {@code <dependency filename timestamp [overrides]>}: the updater installs dependencies together. */
	public record Dependency(String filename, long timestamp, boolean overrides) {}

	public final String filename;
	public final List<String> platforms = new ArrayList<>();
	public final List<String> categories = new ArrayList<>();
	public Version current;
	public final List<PreviousVersion> previous = new ArrayList<>();
	public boolean executable;

	public PluginRecord(String filename) {
		this.filename = filename;
	}

	/** The updater's identity of the file: the name with its version stripped (scijava FileUtils). */
	public String key() {
		return key(filename);
	}

	public static String key(String filename) {
		return FileUtils.stripFilenameVersion(filename);
	}

	/** Where the current bytes live on the server, relative to the site URL (FilesCollection.getURL). */
	public String serverPath() {
		if (current == null) throw new IllegalStateException(filename + " has no current version");
		return filename + "-" + current.timestamp;
	}

	/** The previous version recorded with this checksum, if any. */
	public boolean hasPrevious(String checksum) {
		return previous.stream().anyMatch(p -> p.checksum().equals(checksum));
	}
}
