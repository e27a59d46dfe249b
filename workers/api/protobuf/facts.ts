/** The protobuf facts generated into structure.json (see scripts/schema-gen/protobuf-table.ts). */
import structureJson from '../schema/generated/structure.json';
import { getSchema, type SchemaNode } from '../schema/schema';

/** One Go struct's field numbers (number -> JSON name), omitempty names, and inlined structs. */
export interface ProtobufMessage {
  f: Record<string, string>;
  e?: string[];
  i?: Record<string, string>;
}

interface ProtobufSection {
  protobuf: Record<string, ProtobufMessage>;
  protobufSchemas: Record<string, SchemaNode>;
}

const section = structureJson as unknown as ProtobufSection;

/** The protobuf facts of a struct by schema name (`io.k8s.api.core.v1.VolumeSource` too). */
export function protobufMessage(name: string): ProtobufMessage | undefined {
  return Object.hasOwn(section.protobuf, name) ? section.protobuf[name] : undefined;
}

/** A schema for decoding: a served one, or a review kind's that only the decoder sees. */
export function decodingSchema(name: string): SchemaNode | undefined {
  return getSchema(name) ?? (Object.hasOwn(section.protobufSchemas, name) ? section.protobufSchemas[name] : undefined);
}

// Review kinds by group/version/kind: they are not in the served schemas' index.
const reviewByGvk = new Map<string, string>();
for (const [name, node] of Object.entries(section.protobufSchemas)) {
  for (const g of node['x-kubernetes-group-version-kind'] ?? []) reviewByGvk.set(`${g.group}/${g.version}/${g.kind}`, name);
}

/** The schema name of a review kind (`authorization.k8s.io`, `v1`, `SelfSubjectAccessReview`). */
export function reviewSchemaNameFor(group: string, version: string, kind: string): string | undefined {
  return reviewByGvk.get(`${group}/${version}/${kind}`);
}
