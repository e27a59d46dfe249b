import { describe, expect, it } from 'vitest';
import { openapiV3Document, openapiV3Index } from '../../workers/api/schema/openapi';
import { jsonSchemaFromOpenApi, schemaKinds, type OpenApiDocument } from './kube-json-schema';
import { loadDescriptions } from '../../workers/api/schema/schema';

// The documents carry the field descriptions, which load lazily.
await loadDescriptions();

const docs = Object.keys((openapiV3Index() as { paths: object }).paths).map((gv) => openapiV3Document(gv) as OpenApiDocument);
const schema = jsonSchemaFromOpenApi(docs);
const defs = schema.definitions as Record<string, Record<string, unknown>>;

describe('jsonSchemaFromOpenApi', () => {
  it('offers every creatable kind the cluster serves, and no lists or subresources', () => {
    const kinds = schemaKinds(schema);
    expect(kinds).toEqual(expect.arrayContaining(['apps/v1 Deployment', 'v1 Pod', 'v1 Service', 'apps/v1 DaemonSet', 'batch/v1 Job', 'v1 ConfigMap']));
    expect(kinds.some((k) => k.endsWith('List') || k.endsWith(' Scale') || k.endsWith(' Eviction'))).toBe(false);
  });

  it('points references at definitions and closes objects to unknown fields, as the server does', () => {
    const deployment = defs['io.k8s.api.apps.v1.Deployment']!;
    expect(deployment.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).not.toContain('#/components/schemas/');
    const spec = (deployment.properties as Record<string, { allOf: { $ref: string }[]; description: string }>).spec!;
    expect(spec.allOf[0]!.$ref).toBe('#/definitions/io.k8s.api.apps.v1.DeploymentSpec');
    expect(spec.description).toMatch(/desired behavior/);
    // Free-form maps stay open.
    const meta = defs['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties as Record<string, Record<string, unknown>>;
    expect(meta.labels!.additionalProperties).toEqual({ type: 'string' });
  });

  it('keys each alternative by apiVersion and kind', () => {
    const alt = (schema.anyOf as { properties: { apiVersion: { enum: string[] }; kind: { enum: string[] } }; required: string[] }[]).find((a) => a.properties.kind.enum[0] === 'Deployment')!;
    expect(alt.properties.apiVersion.enum).toEqual(['apps/v1']);
    expect(alt.required).toEqual(['apiVersion', 'kind']);
  });
});
