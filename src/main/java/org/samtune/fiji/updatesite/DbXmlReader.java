package org.samtune.fiji.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads a site's db.xml.gz back into {@link PluginRecord}s, so that a rebuild keeps the history (timestamps,
 * server files, previous versions) of what was published before. Lenient like the updater's reader: unknown
 * elements are ignored.
 */
public final class DbXmlReader {

	private DbXmlReader() {}

	public static List<PluginRecord> readGz(Path dbXmlGz) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz))) {
			return read(in);
		}
	}

	public static List<PluginRecord> read(InputStream xml) throws IOException {
		Document doc;
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			DocumentBuilder builder = f.newDocumentBuilder();
			doc = builder.parse(xml);
		}
		catch (ParserConfigurationException | SAXException e) {
			throw new IOException("not a db.xml: " + e.getMessage(), e);
		}
		List<PluginRecord> records = new ArrayList<>();
		for (Element plugin : children(doc.getDocumentElement(), "plugin")) {
			PluginRecord r = new PluginRecord(plugin.getAttribute("filename"));
			r.executable = "true".equalsIgnoreCase(plugin.getAttribute("executable"));
			for (Element e : children(plugin, "platform")) r.platforms.add(e.getTextContent().trim());
			for (Element e : children(plugin, "category")) r.categories.add(e.getTextContent().trim());
			for (Element v : children(plugin, "version")) {
				r.current = new PluginRecord.Version(v.getAttribute("checksum"), number(v, "timestamp"),
					number(v, "filesize"));
				for (Element d : children(v, "description")) r.current.description = d.getTextContent();
				for (Element d : children(v, "dependency")) {
					r.current.dependencies.add(new PluginRecord.Dependency(d.getAttribute("filename"),
						number(d, "timestamp"), "true".equals(d.getAttribute("overrides"))));
				}
				for (Element e : children(v, "link")) r.current.links.add(e.getTextContent());
				for (Element e : children(v, "author")) r.current.authors.add(e.getTextContent());
			}
			for (Element p : children(plugin, "previous-version")) {
				String filename = p.getAttribute("filename");
				r.previous.add(new PluginRecord.PreviousVersion(p.getAttribute("checksum"), number(p, "timestamp"),
					number(p, "timestamp-obsolete"), filename.isEmpty() ? null : filename));
			}
			records.add(r);
		}
		return records;
	}

	private static long number(Element e, String attribute) {
		String s = e.getAttribute(attribute);
		return s.isEmpty() ? 0 : Long.parseLong(s.trim());
	}

	private static List<Element> children(Element parent, String name) {
		List<Element> out = new ArrayList<>();
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
		}
		return out;
	}
}
