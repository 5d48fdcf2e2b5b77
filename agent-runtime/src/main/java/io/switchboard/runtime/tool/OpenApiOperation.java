package io.switchboard.runtime.tool;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;

/**
 * One operation of an imported OpenAPI document, ready to call.
 *
 * @param parameters path, query and header parameters, in document order
 * @param hasBody true when the operation takes a JSON body (passed as argument {@code body})
 */
record OpenApiOperation(
        String name,
        String description,
        String method,
        String path,
        List<Parameter> parameters,
        boolean hasBody,
        JsonObjectSchema schema) {

    record Parameter(String name, String in, boolean required) {}
}
