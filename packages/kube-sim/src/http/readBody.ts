import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, StatusError } from '../errors/StatusError';
import { decodeProtobuf } from './protobuf/decodeProtobuf';

/** Reads the raw request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a body as JSON, YAML or (for a few kinds) Kubernetes protobuf, by content type. */
export function parseBody(
  body: Buffer,
  contentType: string | undefined,
): unknown {
  const type = (contentType ?? '').split(';')[0].trim();
  if (type === 'application/vnd.kubernetes.protobuf') {
    return body.length > 0 ? decodeProtobuf(body) : undefined;
  }
  if (type.includes('cbor')) throw unsupportedBodyType(type);
  const text = body.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    if (type.endsWith('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(
      `error decoding request body: ${(error as Error).message}`,
    );
  }
}

function unsupportedBodyType(type: string): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    { causes: [{ reason: 'UnexpectedServerResponse', message: type }] },
  );
}
