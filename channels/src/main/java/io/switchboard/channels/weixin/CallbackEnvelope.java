package io.switchboard.channels.weixin;

import io.vertx.ext.web.handler.HttpException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The top-level elements of a callback body ({@code <xml><Name>value</Name>...</xml>}), read with a
 * parser that refuses DTDs and external entities, so that no XML reaches the SDK's parser before this
 * check passed. Anything else — a DOCTYPE, nested markup where text belongs, malformed XML — is a 400.
 */
public final class CallbackEnvelope {
    private static final XMLInputFactory FACTORY = newFactory();

    private final Map<String, String> fields;

    private CallbackEnvelope(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Parses {@code xml}; throws {@link HttpException} 400 naming the problem. */
    public static CallbackEnvelope parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw bad("the body is empty; expected the platform's XML message");
        }
        // A DTD has no business in a callback: refuse it before any parser sees it.
        if (xml.contains("<!DOCTYPE") || xml.contains("<!doctype") || xml.contains("<!ENTITY")) {
            throw bad("the XML declares a DOCTYPE or entities, which callbacks never do");
        }
        Map<String, String> fields = new HashMap<>();
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                if (reader.nextTag() != XMLStreamConstants.START_ELEMENT || !"xml".equals(reader.getLocalName())) {
                    throw bad("the root element must be <xml>");
                }
                while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    fields.putIfAbsent(name, reader.getElementText());
                }
                while (reader.hasNext()) {
                    reader.next();
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof HttpException http) {
                throw http;
            }
            throw bad("the body is not the platform's XML message (malformed or unexpected markup)");
        }
        return new CallbackEnvelope(fields);
    }

    /** The element's text, or null when absent. */
    public String field(String name) {
        return fields.get(name);
    }

    /** The element's text; a 400 naming it when absent or blank. */
    public String require(String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw bad("the XML lacks <" + name + ">");
        }
        return value;
    }

    private static HttpException bad(String message) {
        return new HttpException(400, message);
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
