package org.samtune.fiji.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The description and authors the updater shows for a jar, taken as the updater does (POMParser): from the
 * first META-INF/maven/&#42;/pom.xml entry, {@code project/description} and
 * {@code project/developers/developer/name}. Inherited values are not resolved, as in the updater.
 */
public record PomMetadata(String description, List<String> authors) {

	public static final PomMetadata NONE = new PomMetadata(null, List.of());

	public static PomMetadata of(Path jar) {
		try (JarFile jarFile = new JarFile(jar.toFile(), false)) {
			for (Enumeration<JarEntry> e = jarFile.entries(); e.hasMoreElements();) {
				JarEntry entry = e.nextElement();
				if (entry.getName().matches("META-INF/maven/.*/pom.xml")) {
					try (InputStream in = jarFile.getInputStream(entry)) {
						return parse(in);
					}
				}
			}
		}
		catch (Exception e) {
			// metadata is optional: a jar without a readable pom simply has no description
		}
		return NONE;
	}

	static PomMetadata parse(InputStream pom) throws Exception {
		DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		f.setNamespaceAware(false);
		Element project = f.newDocumentBuilder().parse(pom).getDocumentElement();
		String description = null;
		List<String> authors = new ArrayList<>();
		for (Element child : children(project, "description")) {
			if (!child.getTextContent().isEmpty()) description = child.getTextContent();
		}
		for (Element developers : children(project, "developers")) {
			for (Element developer : children(developers, "developer")) {
				for (Element name : children(developer, "name")) authors.add(name.getTextContent());
			}
		}
		return new PomMetadata(description, authors);
	}

	private static List<Element> children(Element parent, String name) {
		List<Element> out = new ArrayList<>();
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
		}
		return out;
	}
}
