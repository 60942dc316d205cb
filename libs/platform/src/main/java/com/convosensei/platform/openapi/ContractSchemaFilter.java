package com.convosensei.platform.openapi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes every service's OpenAPI document say what the wire really holds, for what SmallRye cannot see from the types
 * (registered as {@code mp.openapi.filter} in this library's microprofile-config.properties):
 * <ul>
 *   <li>response bodies: Jackson writes every property, null included ({@code Include.ALWAYS}), so every property of
 *       a schema reachable from a response is {@code required}; whether it may be null is said on the record component
 *       ({@code @Schema(nullable = true)}). A class written with {@code Include.NON_NULL} marks itself with the
 *       extension {@value #OMITS_NULLS} (removed here): its nullable properties are left optional instead;</li>
 *   <li>request bodies keep SmallRye's reading of the Bean Validation annotations ({@code @NotNull} etc.);</li>
 *   <li>a nullable enum lists null among its values (JSON Schema would refuse a null the type allows otherwise), and
 *       a nullable reference is just {@code anyOf: [{$ref}, {type: null}]};</li>
 *   <li>every 4xx and 5xx answers the one error envelope {@code ApiError} {@code {message, code, details[]}}: added
 *       to the responses SmallRye or the resources declared, plus a 400 on every operation with parameters or a body
 *       and a 404 on every operation with a path parameter.</li>
 * </ul>
 */
public class ContractSchemaFilter implements OASFilter {

    public static final String OMITS_NULLS = "x-sensei-omits-nulls";
    public static final String ERROR_SCHEMA = "ApiError";
    private static final String ERROR_DETAIL_SCHEMA = "ErrorDetail";
    private static final String REF_PREFIX = "#/components/schemas/";
    private static final String JSON = "application/json";
    private static final Map<String, String> STANDARD_4XX = Map.of(
            "400", "Invalid request: the envelope's details name each offending field and why",
            "401", "Not authenticated: token or API key missing, invalid or expired",
            "403", "Authenticated, but not allowed",
            "404", "Not found",
            "409", "Conflict with the current state",
            "413", "Request body too large",
            "415", "Unsupported content type or encoding",
            "429", "Rate limited: retry after the Retry-After header's seconds");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas != null) {
            requireResponseProperties(openAPI, schemas);
        }
        allowNullInNullableEnums(openAPI);
        openAPI.getComponents().addSchema(ERROR_DETAIL_SCHEMA, errorDetailSchema());
        openAPI.getComponents().addSchema(ERROR_SCHEMA, errorSchema());
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach(this::addErrorResponses);
        }
        // stable order for the committed snapshots (docs/openapi/*.json)
        Map<String, Schema> sorted = new TreeMap<>(openAPI.getComponents().getSchemas());
        openAPI.getComponents().setSchemas(sorted);
    }

    private static void requireResponseProperties(OpenAPI openAPI, Map<String, Schema> schemas) {
        Set<String> reachable = new HashSet<>();
        Deque<Schema> todo = new ArrayDeque<>();
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            for (PathItem item : openAPI.getPaths().getPathItems().values()) {
                for (Operation op : item.getOperations().values()) {
                    if (op.getResponses() == null || op.getResponses().getAPIResponses() == null) {
                        continue;
                    }
                    for (APIResponse response : op.getResponses().getAPIResponses().values()) {
                        if (response.getContent() != null && response.getContent().getMediaTypes() != null) {
                            response.getContent().getMediaTypes().values().stream()
                                    .map(MediaType::getSchema).filter(s -> s != null).forEach(todo::add);
                        }
                    }
                }
            }
        }
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (s.getRef() != null && s.getRef().startsWith(REF_PREFIX)) {
                String name = s.getRef().substring(REF_PREFIX.length());
                Schema target = schemas.get(name);
                if (target != null && reachable.add(name)) {
                    todo.push(target);
                }
            }
            children(s).forEach(todo::push);
        }
        for (String name : reachable) {
            Schema schema = schemas.get(name);
            Map<String, Schema> props = schema.getProperties();
            // MP OpenAPI 4 keeps a schema's x- keys among its properties (get/set), not only in getExtensions()
            boolean omitsNulls = schema.get(OMITS_NULLS) != null
                    || schema.getExtensions() != null && schema.getExtensions().containsKey(OMITS_NULLS);
            if (omitsNulls) {
                schema.set(OMITS_NULLS, null);
                if (schema.getExtensions() != null && schema.getExtensions().containsKey(OMITS_NULLS)) {
                    schema.removeExtension(OMITS_NULLS);
                }
            }
            if (props == null || props.isEmpty()) {
                continue;
            }
            List<String> required = new ArrayList<>();
            props.forEach((prop, p) -> {
                if (!omitsNulls || !nullable(p)) {
                    required.add(prop);
                }
            });
            schema.setRequired(required);
        }
    }

    private static void allowNullInNullableEnums(OpenAPI openAPI) {
        Deque<Schema> todo = new ArrayDeque<>();
        if (openAPI.getComponents().getSchemas() != null) {
            todo.addAll(openAPI.getComponents().getSchemas().values());
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            for (PathItem item : openAPI.getPaths().getPathItems().values()) {
                for (Operation op : item.getOperations().values()) {
                    if (op.getRequestBody() != null && op.getRequestBody().getContent() != null
                            && op.getRequestBody().getContent().getMediaTypes() != null) {
                        op.getRequestBody().getContent().getMediaTypes().values().stream()
                                .map(MediaType::getSchema).filter(x -> x != null).forEach(todo::add);
                    }
                }
            }
        }
        Set<Schema> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (!seen.add(s)) {
                continue;
            }
            // SmallRye writes a nullable reference as {type: [string, null], anyOf: [{$ref}, {type: null}]}: the type
            // adds nothing to the anyOf (and makes generated TypeScript say "string | Instant | null")
            if (s.getType() != null && s.getAnyOf() != null && s.getAnyOf().size() == 2
                    && s.getAnyOf().stream().anyMatch(a -> a.getRef() != null) && nullable(s)) {
                s.setType(null);
            }
            if (s.getEnumeration() != null && s.getType() != null && s.getType().contains(Schema.SchemaType.NULL)
                    && s.getEnumeration().stream().noneMatch(java.util.Objects::isNull)) {
                List<Object> values = new ArrayList<>(s.getEnumeration());
                values.add(null);
                s.setEnumeration(values);
            }
            children(s).forEach(todo::push);
        }
    }

    private static List<Schema> children(Schema s) {
        List<Schema> out = new ArrayList<>();
        if (s.getProperties() != null) {
            out.addAll(s.getProperties().values());
        }
        if (s.getItems() != null) {
            out.add(s.getItems());
        }
        if (s.getAdditionalPropertiesSchema() != null) {
            out.add(s.getAdditionalPropertiesSchema());
        }
        for (List<Schema> l : List.of(nn(s.getAllOf()), nn(s.getAnyOf()), nn(s.getOneOf()))) {
            out.addAll(l);
        }
        return out;
    }

    private static List<Schema> nn(List<Schema> l) {
        return l == null ? List.of() : l;
    }

    /** OpenAPI 3.1 nullability: a type list with "null", or an anyOf/oneOf alternative of type null. */
    private static boolean nullable(Schema p) {
        if (p.getType() != null && p.getType().contains(Schema.SchemaType.NULL)) {
            return true;
        }
        for (List<Schema> l : List.of(nn(p.getAnyOf()), nn(p.getOneOf()))) {
            for (Schema alt : l) {
                if (alt.getType() != null && alt.getType().contains(Schema.SchemaType.NULL)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void addErrorResponses(String path, PathItem item) {
        for (Operation op : item.getOperations().values()) {
            APIResponses responses = op.getResponses();
            if (responses == null) {
                responses = OASFactory.createAPIResponses();
                op.setResponses(responses);
            }
            boolean hasParams = (op.getParameters() != null && !op.getParameters().isEmpty())
                    || (item.getParameters() != null && !item.getParameters().isEmpty());
            if (hasParams || op.getRequestBody() != null) {
                ensure(responses, "400");
            }
            if (path.contains("{")) {
                ensure(responses, "404");
            }
            Map<String, APIResponse> all = responses.getAPIResponses();
            if (all == null) {
                continue;
            }
            Map<String, APIResponse> sorted = new TreeMap<>(all);
            sorted.forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    if (response.getDescription() == null || response.getDescription().startsWith("Not ")
                            || response.getDescription().equals("Bad Request")) {
                        response.setDescription(STANDARD_4XX.getOrDefault(code, response.getDescription()));
                    }
                    response.setContent(errorContent());
                }
            });
            responses.setAPIResponses(sorted);
        }
    }

    private static void ensure(APIResponses responses, String code) {
        if (responses.getAPIResponse(code) == null) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(STANDARD_4XX.get(code)));
        }
    }

    private static Content errorContent() {
        return OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(REF_PREFIX + ERROR_SCHEMA)));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    private static Schema errorDetailSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One offending field (dotted path, e.g. messages[3].timestamp) and why it was refused")
                .addProperty("field", string("dotted path of the field"))
                .addProperty("reason", string("why it was refused"))
                .required(List.of("field", "reason"));
    }

    private static Schema errorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("The one error envelope every Sensei service answers with (libs/contracts ApiError)")
                .addProperty("message", string("human-readable summary"))
                .addProperty("code", string("stable machine-readable word (libs/contracts ErrorCodes)"))
                .addProperty("details", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref(REF_PREFIX + ERROR_DETAIL_SCHEMA)))
                .required(List.of("message", "code", "details"));
    }
}
