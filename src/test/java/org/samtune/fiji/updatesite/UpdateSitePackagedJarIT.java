package org.samtune.fiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Integration test (failsafe, after packaging): an update site from the real plugin jar and its runtime jars. */
class UpdateSitePackagedJarIT {
	@TempDir
	Path tmp;

	/** The real plugin jar and its non-native runtime jars, when a package build left them in target/. */
	@Test
	void realPluginJarAndLibraries() throws Exception {
		Path target = Path.of("target");
		Path lib = target.resolve("lib");
		List<Path> pluginJars;
		try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			pluginJars = s.filter(p -> p.getFileName().toString().matches("SAM_Tune-[^-]+(-SNAPSHOT)?\\.jar")).toList();
		}
		assertEquals(1, pluginJars.size(), "exactly one packaged plugin jar in target/ (run through mvn verify)");
		assertTrue(Files.isDirectory(lib), "target/lib holds the runtime jars after packaging");
		Path site = tmp.resolve("site");
		UpdateSiteBuilder builder = new UpdateSiteBuilder(site).clock(UpdateSiteBuilderTest.at("20260102030405")).addPlugin(pluginJars.get(0));
		Set<String> libraries = new TreeSet<>();
		try (Stream<Path> s = Files.list(lib)) {
			for (Path jar : s.sorted().toList()) {
				String name = jar.getFileName().toString();
				if (NativePlatform.ofFileName(name).isPresent() || FijiShipped.isShipped(name)) continue; // natives: large
				builder.addJar(jar);
				libraries.add(PluginRecord.key(name));
			}
		}
		assertEquals(Set.of("api.jar", "pytorch-engine.jar", "pytorch-jni.jar", "pickle.jar", "picocli.jar"), libraries);
		builder.build();
		Map<String, Element> plugins = UpdateSiteBuilderTest.verifySite(site);
		assertEquals(6, plugins.size());
		assertEquals(5, UpdateSiteBuilderTest.version(plugins.get("plugins/" + pluginJars.get(0).getFileName()))
			.getElementsByTagName("dependency").getLength());
	}

}
