package org.samtune.fiji.updatesite;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the Maven classifier of a native jar (DJL's "linux-x86_64", "osx-aarch64", ...) to the updater's
 * platform name (net.imagej.updater.util.Platforms). Fiji keeps platform-specific files in
 * {@code jars/<platform>/}: the updater reads the platform from that folder when a file is uploaded
 * (Checksummer.guessPlatform) and only installs a file whose {@code <platform>} matches the machine.
 */
public final class NativePlatform {

	private static final Map<String, String> CLASSIFIER_TO_PLATFORM = Map.of(
		"linux-x86_64", "linux64",
		"linux-aarch64", "linux-arm64",
		"win-x86_64", "win64",
		"win-aarch64", "win-arm64",
		"osx-x86_64", "macos64",
		"osx-aarch64", "macos-arm64");

	/** "...-<os>-<arch>.jar": DJL's native-jar classifier at the end of a Maven file name. */
	private static final Pattern CLASSIFIER = Pattern.compile("-((?:linux|win|osx)-(?:x86_64|aarch64))\\.jar$");

	private NativePlatform() {}

	/** The updater platform of a native jar, from its file name; empty for a platform-independent jar. */
	public static Optional<String> ofFileName(String fileName) {
		Matcher m = CLASSIFIER.matcher(fileName);
		return m.find() ? Optional.ofNullable(CLASSIFIER_TO_PLATFORM.get(m.group(1))) : Optional.empty();
	}

	public static String ofClassifier(String classifier) {
		String platform = CLASSIFIER_TO_PLATFORM.get(classifier);
		if (platform == null) throw new IllegalArgumentException("unknown native classifier: " + classifier);
		return platform;
	}
}
