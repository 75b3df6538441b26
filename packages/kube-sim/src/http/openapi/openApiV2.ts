import type { ResourceRegistry } from '../../registry/ResourceRegistry';
import { WireWriter } from '../protobuf/wireWriter';
import { BuiltinDefinitions, OpenApiSchema } from './builtinDefinitions';

/**
 * The media type of the protobuf v2 document as kube-openapi's handler
 * answers it (kubectl asks with `...spec.v2@v1.0+protobuf`, which Go's mime
 * parser cannot read back in a response).
 */
export const OPENAPI_V2_PROTOBUF =
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/**
 * The OpenAPI v2 document: the definitions of the built-in kinds kube-sim
 * serves. kubectl reads it for client-side validation when the server's
 * OpenAPI v3 does not list the kind (a `v1 List`'s items are checked against
 * it). Custom resources are left out: their items are checked by the server
 * (fieldValidation) instead.
 */
export function openApiV2(registry: ResourceRegistry) {
  const definitions = new BuiltinDefinitions('#/definitions/');
  for (const rt of registry.all()) {
    if (!rt.custom) definitions.addKind(rt.apiVersion, rt.kind);
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes (kube-sim)', version: 'v1.32.0' },
    paths: {},
    definitions: definitions.all(),
  };
}

// Field numbers of gnostic's openapiv2/OpenAPIv2.proto (google/gnostic-models).
function encodeSchema(schema: OpenApiSchema): Buffer {
  const w = new WireWriter()
    .optional(1, schema.$ref as string | undefined)
    .optional(2, schema.format as string | undefined);
  for (const name of (schema.required as string[] | undefined) ?? [])
    w.bytes(19, name);
  const additional = schema.additionalProperties as OpenApiSchema | undefined;
  if (additional)
    w.bytes(21, new WireWriter().bytes(1, encodeSchema(additional)).finish());
  if (schema.type)
    w.bytes(22, new WireWriter().bytes(1, schema.type as string).finish());
  if (schema.items)
    w.bytes(
      23,
      new WireWriter()
        .bytes(1, encodeSchema(schema.items as OpenApiSchema))
        .finish(),
    );
  const properties = schema.properties as
    | Record<string, OpenApiSchema>
    | undefined;
  if (properties && Object.keys(properties).length > 0)
    w.bytes(25, namedSchemas(properties));
  for (const [name, value] of Object.entries(schema)) {
    if (!name.startsWith('x-')) continue;
    // A vendor extension is a NamedAny whose Any holds YAML (JSON is YAML).
    const any = new WireWriter().bytes(2, JSON.stringify(value)).finish();
    w.bytes(31, new WireWriter().bytes(1, name).bytes(2, any).finish());
  }
  return w.finish();
}

function namedSchemas(schemas: Record<string, OpenApiSchema>): Buffer {
  const w = new WireWriter();
  for (const [name, schema] of Object.entries(schemas))
    w.bytes(
      1,
      new WireWriter().bytes(1, name).bytes(2, encodeSchema(schema)).finish(),
    );
  return w.finish();
}

/** The v2 document as gnostic's openapi_v2.Document protobuf, the form kubectl reads. */
export function encodeOpenApiV2(doc: ReturnType<typeof openApiV2>): Buffer {
  return new WireWriter()
    .bytes(1, doc.swagger)
    .bytes(
      2,
      new WireWriter()
        .bytes(1, doc.info.title)
        .bytes(2, doc.info.version)
        .finish(),
    )
    .bytes(8, Buffer.alloc(0))
    .bytes(9, namedSchemas(doc.definitions))
    .finish();
}
