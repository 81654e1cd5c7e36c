package org.samtune.fiji.updatesite;

import java.util.Set;

/**
 * Runtime jars of the plugin that a Fiji installation already has, so the site must not ship them: a second
 * copy under the same unversioned name would override Fiji's own (and pin an old version once Fiji moves on).
 *
 * <p>The versions in our target/lib are the ones pom-scijava (our parent) manages, i.e. those Fiji ships.
 * The list is from the Fiji distribution's dependencies (sc.fiji:fiji, pom-scijava 45); it was not checked
 * against a live Fiji db.xml.gz. slf4j-simple is left out on purpose: Fiji binds SLF4J to logback-classic,
 * and a second binding only makes SLF4J warn and pick one at random.
 */
public final class FijiShipped {

	/** Artifact ids (file names without version and ".jar"). */
	public static final Set<String> ARTIFACTS = Set.of(
		"ij", "imglib2", "scijava-common", "parsington",
		"gson", "commons-io", "commons-compress", "commons-codec", "jna", "jna-platform",
		"slf4j-api", "slf4j-simple");

	private FijiShipped() {}

	/** Whether a jar file name like "gson-2.10.1.jar" is an artifact Fiji ships. */
	public static boolean isShipped(String jarFileName) {
		String unversioned = PluginRecord.key(jarFileName);
		String artifact = unversioned.endsWith(".jar") ? unversioned.substring(0, unversioned.length() - 4) : unversioned;
		return ARTIFACTS.contains(artifact);
	}
}
