import layout from './kubernetesMessages.json';

/**
 * How a field's value is written: a scalar, one of the hand-written
 * apimachinery types (specialTypes.ts), a message, a map, or a named Go slice
 * (a message whose field 1 repeats the items).
 */
export type FieldType =
  | string
  | { message: string }
  | { map: FieldType }
  | { list: FieldType };

/** One field of a Go API type: its protobuf number is the key it is stored under. */
export interface FieldEntry {
  /** The JSON name ("" for an inlined struct). */
  name: string;
  type: FieldType;
  /** A Go slice. */
  repeated?: boolean;
  /** A Go pointer: an explicit zero value is kept. */
  pointer?: boolean;
  /** The JSON tag says omitempty: a zero value is left out. */
  omitempty?: boolean;
  /** The JSON tag says inline: the struct's fields belong to the parent. */
  inline?: boolean;
}

/**
 * The wire layout of the built-in kinds, read from the Go API types of one
 * Kubernetes release by scripts/generate-protobuf-messages.ts: `apiVersion/kind`
 * to the message of the kind, and each message's fields by number.
 */
export const KINDS = layout.kinds as Record<string, string>;
export const MESSAGES = layout.messages as unknown as Record<
  string,
  Record<string, FieldEntry>
>;
