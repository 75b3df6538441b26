/** How one protobuf field maps onto JSON. */
export type FieldKind =
  | 'string'
  | 'int'
  | 'bool'
  | 'bytes'
  | 'time'
  | { message: MessageSchema }
  | { map: 'string' | 'bytes' };

export interface FieldDef {
  name: string;
  kind: FieldKind;
  repeated?: boolean;
}

/** Field number → definition, from k8s.io/api generated.proto. */
export type MessageSchema = Record<number, FieldDef>;

const ownerReference: MessageSchema = {
  1: { name: 'kind', kind: 'string' },
  3: { name: 'name', kind: 'string' },
  4: { name: 'uid', kind: 'string' },
  5: { name: 'apiVersion', kind: 'string' },
  6: { name: 'controller', kind: 'bool' },
  7: { name: 'blockOwnerDeletion', kind: 'bool' },
};

const objectMeta: MessageSchema = {
  1: { name: 'name', kind: 'string' },
  2: { name: 'generateName', kind: 'string' },
  3: { name: 'namespace', kind: 'string' },
  5: { name: 'uid', kind: 'string' },
  6: { name: 'resourceVersion', kind: 'string' },
  7: { name: 'generation', kind: 'int' },
  8: { name: 'creationTimestamp', kind: 'time' },
  11: { name: 'labels', kind: { map: 'string' } },
  12: { name: 'annotations', kind: { map: 'string' } },
  13: {
    name: 'ownerReferences',
    kind: { message: ownerReference },
    repeated: true,
  },
  14: { name: 'finalizers', kind: 'string', repeated: true },
};

const objectReference: MessageSchema = {
  1: { name: 'kind', kind: 'string' },
  2: { name: 'namespace', kind: 'string' },
  3: { name: 'name', kind: 'string' },
  4: { name: 'uid', kind: 'string' },
  5: { name: 'apiVersion', kind: 'string' },
  6: { name: 'resourceVersion', kind: 'string' },
  7: { name: 'fieldPath', kind: 'string' },
};

/**
 * The kinds whose protobuf bodies kube-sim decodes: those kubectl's
 * generators (`kubectl create namespace|configmap|secret|serviceaccount`) send.
 */
export const PROTOBUF_KINDS: Record<string, MessageSchema> = {
  'v1/Namespace': {
    1: { name: 'metadata', kind: { message: objectMeta } },
    2: {
      name: 'spec',
      kind: {
        message: { 1: { name: 'finalizers', kind: 'string', repeated: true } },
      },
    },
  },
  'v1/ConfigMap': {
    1: { name: 'metadata', kind: { message: objectMeta } },
    2: { name: 'data', kind: { map: 'string' } },
    3: { name: 'binaryData', kind: { map: 'bytes' } },
    4: { name: 'immutable', kind: 'bool' },
  },
  'v1/Secret': {
    1: { name: 'metadata', kind: { message: objectMeta } },
    2: { name: 'data', kind: { map: 'bytes' } },
    3: { name: 'type', kind: 'string' },
    4: { name: 'stringData', kind: { map: 'string' } },
    5: { name: 'immutable', kind: 'bool' },
  },
  'v1/ServiceAccount': {
    1: { name: 'metadata', kind: { message: objectMeta } },
    2: { name: 'secrets', kind: { message: objectReference }, repeated: true },
    3: {
      name: 'imagePullSecrets',
      kind: { message: { 1: { name: 'name', kind: 'string' } } },
      repeated: true,
    },
    4: { name: 'automountServiceAccountToken', kind: 'bool' },
  },
};
