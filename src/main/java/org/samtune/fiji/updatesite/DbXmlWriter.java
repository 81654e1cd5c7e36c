package org.samtune.fiji.updatesite;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.zip.GZIPOutputStream;

/**
 * Writes db.xml.gz as the updater's XMLFileWriter writes the copy it uploads (the non-"local" form): an
 * internal DTD (the updater validates against it before uploading), then one {@code <plugin>} per file.
 * The {@code <update-site>} elements only appear in an installation's local db.xml.gz, never on a site.
 */
public final class DbXmlWriter {

	/** The updater's document type, declaration for declaration (element order matters when validating). */
	static final String DOCTYPE = String.join("\n",
		"<!DOCTYPE pluginRecords [",
		"<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>",
		"<!ELEMENT update-site EMPTY>",
		"<!ELEMENT disabled-update-site EMPTY>",
		"<!ELEMENT plugin (platform*, category*, version?, previous-version*)>",
		"<!ELEMENT version (description?, dependency*, link*, author*)>",
		"<!ELEMENT previous-version EMPTY>",
		"<!ELEMENT description (#PCDATA)>",
		"<!ELEMENT dependency EMPTY>",
		"<!ELEMENT link (#PCDATA)>",
		"<!ELEMENT author (#PCDATA)>",
		"<!ELEMENT platform (#PCDATA)>",
		"<!ELEMENT category (#PCDATA)>",
		siteAttributes("update-site"),
		siteAttributes("disabled-update-site"),
		"<!ATTLIST plugin update-site CDATA #IMPLIED>",
		"<!ATTLIST plugin filename CDATA #REQUIRED>",
		"<!ATTLIST plugin executable CDATA #IMPLIED>",
		"<!ATTLIST dependency filename CDATA #REQUIRED>",
		"<!ATTLIST dependency timestamp CDATA #IMPLIED>",
		"<!ATTLIST dependency overrides CDATA #IMPLIED>",
		"<!ATTLIST version timestamp CDATA #REQUIRED>",
		"<!ATTLIST version checksum CDATA #REQUIRED>",
		"<!ATTLIST version filesize CDATA #REQUIRED>",
		"<!ATTLIST previous-version filename CDATA #IMPLIED>",
		"<!ATTLIST previous-version timestamp CDATA #REQUIRED>",
		"<!ATTLIST previous-version timestamp-obsolete CDATA #IMPLIED>",
		"<!ATTLIST previous-version checksum CDATA #REQUIRED>]>") + "\n";

	private static String siteAttributes(String element) {
		StringBuilder b = new StringBuilder();
		String[][] attributes = { { "name", "#REQUIRED" }, { "url", "#REQUIRED" }, { "keep-url", "#IMPLIED" },
			{ "official", "#IMPLIED" }, { "ssh-host", "#IMPLIED" }, { "upload-directory", "#IMPLIED" },
			{ "description", "#IMPLIED" }, { "maintainer", "#IMPLIED" }, { "timestamp", "#REQUIRED" } };
		for (String[] a : attributes) {
			if (b.length() > 0) b.append('\n');
			b.append("<!ATTLIST ").append(element).append(' ').append(a[0]).append(" CDATA ").append(a[1]).append('>');
		}
		return b.toString();
	}

	private DbXmlWriter() {}

	/** Writes {@code records} gzipped to {@code dbXmlGz}, atomically (a reader never sees half a file). */
	public static void writeGz(Collection<PluginRecord> records, Path dbXmlGz) throws IOException {
		Path tmp = dbXmlGz.resolveSibling(dbXmlGz.getFileName() + ".tmp");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp))) {
			write(records, out);
		}
		Files.move(tmp, dbXmlGz, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** The plain XML (UTF-8), records in the given order. */
	public static void write(Collection<PluginRecord> records, OutputStream out) throws IOException {
		Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		w.write(DOCTYPE);
		w.write("<pluginRecords>\n");
		for (PluginRecord r : records) writePlugin(w, r);
		w.write("</pluginRecords>\n");
		w.flush();
	}

	private static void writePlugin(Writer w, PluginRecord r) throws IOException {
		w.write("    <plugin" + attr("filename", r.filename) + (r.executable ? attr("executable", "true") : "") + ">\n");
		for (String p : r.platforms) w.write("        <platform>" + text(p) + "</platform>\n");
		for (String c : r.categories) w.write("        <category>" + text(c) + "</category>\n");
		PluginRecord.Version v = r.current;
		if (v != null) {
			w.write("        <version" + attr("checksum", v.checksum) + attr("timestamp", v.timestamp) +
				attr("filesize", v.filesize) + ">\n");
			if (v.description != null) w.write("            <description>" + text(v.description) + "</description>\n");
			for (PluginRecord.Dependency d : v.dependencies) {
				w.write("            <dependency" + attr("filename", d.filename()) + attr("timestamp", d.timestamp()) +
					(d.overrides() ? attr("overrides", "true") : "") + "/>\n");
			}
			for (String link : v.links) w.write("            <link>" + text(link) + "</link>\n");
			for (String author : v.authors) w.write("            <author>" + text(author) + "</author>\n");
			w.write("        </version>\n");
		}
		for (PluginRecord.PreviousVersion p : r.previous) {
			w.write("        <previous-version" + attr("timestamp", p.timestamp()) +
				attr("timestamp-obsolete", p.timestampObsolete()) + attr("checksum", p.checksum()) +
				(p.filename() != null ? attr("filename", p.filename()) : "") + "/>\n");
		}
		w.write("    </plugin>\n");
	}

	private static String attr(String name, long value) {
		return attr(name, Long.toString(value));
	}

	private static String attr(String name, String value) {
		return " " + name + "=\"" + escape(value, true) + "\"";
	}

	private static String text(String value) {
		return escape(value, false);
	}

	private static String escape(String s, boolean attribute) {
		StringBuilder b = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '&' -> b.append("&amp;");
				case '<' -> b.append("&lt;");
				case '>' -> b.append("&gt;");
				case '"' -> b.append(attribute ? "&quot;" : "\"");
				// an attribute value would normalise raw newlines/tabs to spaces: keep them as references
				case '\n', '\r', '\t' -> b.append(attribute ? "&#" + (int) c + ";" : String.valueOf(c));
				default -> {
					if (c < 0x20) continue; // not allowed in XML 1.0 at all
					b.append(c);
				}
			}
		}
		return b.toString();
	}
}
