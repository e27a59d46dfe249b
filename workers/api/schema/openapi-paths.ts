/**
 * The `paths` of a group/version's OpenAPI v3 document: the REST operations kube-apiserver declares for
 * each served resource, with their query parameters, `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind`. kubectl reads two things here: explain finds a resource's kind
 * through the GVK of its operations, and the field-validation check looks for a `fieldValidation`
 * parameter on the PATCH operation carrying the kind's GVK (cli-runtime's QueryParamVerifierV3).
 */
import type { ResourceInfo } from '../registry';
import { refTo } from './go-types';
import { schemaNameFor } from './schema';

type Json = Record<string, unknown>;
type Gvk = { group: string; version: string; kind: string };

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

function query(name: string, description: string, type: 'string' | 'boolean' | 'integer' = 'string'): Json {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const p = {
  pretty: query('pretty', "If 'true', then the output is pretty printed."),
  dryRun: query('dryRun', 'When present, indicates that modifications should not be persisted. Valid value: All.'),
  fieldManager: query('fieldManager', 'A name associated with the actor or entity that is making these changes.'),
  fieldValidation: query(
    'fieldValidation',
    'How the server handles unknown or duplicate fields in the request body: Ignore, Warn (the default) or Strict.',
  ),
  force: query('force', 'Force an Apply request to take over fields owned by other managers.', 'boolean'),
  allowWatchBookmarks: query('allowWatchBookmarks', 'Requests watch events of type BOOKMARK.', 'boolean'),
  continue: query('continue', 'The continue token from a previous paginated list.'),
  fieldSelector: query('fieldSelector', 'A selector restricting the returned objects by their fields.'),
  labelSelector: query('labelSelector', 'A selector restricting the returned objects by their labels.'),
  limit: query('limit', 'The maximum number of objects to return in one page.', 'integer'),
  resourceVersion: query('resourceVersion', 'Constrains which resource versions the request may be served from.'),
  resourceVersionMatch: query('resourceVersionMatch', 'How resourceVersion applies to list calls.'),
  sendInitialEvents: query('sendInitialEvents', 'Starts a watch with synthetic ADDED events for the current state.', 'boolean'),
  timeoutSeconds: query('timeoutSeconds', 'Timeout for the list or watch call.', 'integer'),
  watch: query('watch', 'Watch for changes and return them as a stream of events.', 'boolean'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'Seconds before the object should be deleted.', 'integer'),
  orphanDependents: query('orphanDependents', 'Deprecated: use propagationPolicy.', 'boolean'),
  propagationPolicy: query('propagationPolicy', 'Whether and how garbage collection is performed: Orphan, Background or Foreground.'),
  name: { name: 'name', in: 'path', description: 'name of the resource', required: true, schema: { type: 'string', uniqueItems: true } },
  namespace: {
    name: 'namespace',
    in: 'path',
    description: 'object name and auth scope, such as for teams and projects',
    required: true,
    schema: { type: 'string', uniqueItems: true },
  },
};

const listParams = [
  p.allowWatchBookmarks, p.continue, p.fieldSelector, p.labelSelector, p.limit, p.resourceVersion,
  p.resourceVersionMatch, p.sendInitialEvents, p.timeoutSeconds, p.watch,
];
const writeParams = [p.dryRun, p.fieldManager, p.fieldValidation];
const deleteParams = [p.dryRun, p.gracePeriodSeconds, p.orphanDependents, p.propagationPolicy];
const deleteCollectionParams = [
  p.continue, p.dryRun, p.fieldSelector, p.gracePeriodSeconds, p.labelSelector, p.limit, p.orphanDependents,
  p.propagationPolicy, p.resourceVersion, p.resourceVersionMatch, p.sendInitialEvents, p.timeoutSeconds,
];

const patchTypes = [
  'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

function content(schemaName: string | undefined, types = ['application/json', 'application/yaml']): Json {
  const schema = schemaName ? { $ref: refTo(schemaName) } : { type: 'string' };
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function ok(schemaName: string | undefined, codes: string[] = ['200']): Json {
  const out: Json = {};
  for (const c of codes) {
    const description = c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK';
    out[c] = { description, content: content(schemaName) };
  }
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** `AppsV1` / `CoreV1` / `RbacAuthorizationV1`: the operationId infix upstream derives from the group. */
function groupVersionId(info: ResourceInfo): string {
  const group = info.group ? info.group.replace(/\.k8s\.io$/, '').split('.') : ['core'];
  const words = [...group, info.version];
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** `apps_v1`, `core_v1`, `rbacAuthorization_v1`. */
function groupTag(info: ResourceInfo): string {
  const id = groupVersionId(info);
  const group = id.slice(0, id.length - info.version.length);
  return `${group[0].toLowerCase()}${group.slice(1)}_${info.version}`;
}

interface OpSpec {
  verb: string;
  action: string;
  gvk?: Gvk;
  params?: Json[];
  body?: string;
  bodyTypes?: string[];
  response?: string;
  codes?: string[];
  id: string;
  description: string;
}

function operation(info: ResourceInfo, o: OpSpec): Json {
  const op: Json = {
    tags: [groupTag(info)],
    description: o.description,
    operationId: o.id,
  };
  if (o.params?.length) op.parameters = o.params;
  if (o.body) op.requestBody = { content: content(o.body, o.bodyTypes ?? ['*/*']), required: o.verb !== 'delete' };
  op.responses = ok(o.response, o.codes);
  op['x-kubernetes-action'] = o.action;
  if (o.gvk) op['x-kubernetes-group-version-kind'] = o.gvk;
  return op;
}

/** One REST verb as an operation: on the collection or item path, its method, names, body and response. */
interface VerbOperation {
  verb: string;
  on: 'collection' | 'item';
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  action: string;
  idVerb: string;
  params: Json[];
  body?: 'object' | 'patch' | 'deleteOptions';
  response: 'object' | 'list' | 'status';
  codes?: string[];
  describe: (kind: string) => string;
}

const verbOperations: VerbOperation[] = [
  { verb: 'list', on: 'collection', method: 'get', action: 'list', idVerb: 'list', params: listParams, response: 'list', describe: (k) => `list or watch objects of kind ${k}` },
  { verb: 'create', on: 'collection', method: 'post', action: 'post', idVerb: 'create', params: writeParams, body: 'object', response: 'object', codes: ['200', '201', '202'], describe: (k) => `create a ${k}` },
  { verb: 'deletecollection', on: 'collection', method: 'delete', action: 'deletecollection', idVerb: 'deletecollection', params: deleteCollectionParams, body: 'deleteOptions', response: 'status', describe: (k) => `delete collection of ${k}` },
  { verb: 'get', on: 'item', method: 'get', action: 'get', idVerb: 'read', params: [], response: 'object', describe: (k) => `read the specified ${k}` },
  { verb: 'update', on: 'item', method: 'put', action: 'put', idVerb: 'replace', params: writeParams, body: 'object', response: 'object', codes: ['200', '201'], describe: (k) => `replace the specified ${k}` },
  { verb: 'patch', on: 'item', method: 'patch', action: 'patch', idVerb: 'patch', params: [...writeParams, p.force], body: 'patch', response: 'object', codes: ['200', '201'], describe: (k) => `partially update the specified ${k}` },
  { verb: 'delete', on: 'item', method: 'delete', action: 'delete', idVerb: 'delete', params: deleteParams, body: 'deleteOptions', response: 'object', codes: ['200', '202'], describe: (k) => `delete a ${k}` },
];

/** The object and path operations of one served resource (not its subresources). */
function resourcePaths(info: ResourceInfo, base: string, gvk: Gvk | undefined, schema: string | undefined): Json {
  const gv = groupVersionId(info);
  const ns = info.namespaced ? 'Namespaced' : '';
  const listSchema = schemaNameFor(info.group, info.version, info.listKind);
  const schemas = { object: schema, list: listSchema, status: `${META}.Status`, patch: `${META}.Patch`, deleteOptions: `${META}.DeleteOptions` };
  const paths = {
    collection: { parameters: info.namespaced ? [p.namespace, p.pretty] : [p.pretty] } as Json,
    item: { parameters: info.namespaced ? [p.name, p.namespace, p.pretty] : [p.name, p.pretty] } as Json,
  };
  for (const v of verbOperations) {
    if (!info.verbs.includes(v.verb)) continue;
    paths[v.on][v.method] = operation(info, {
      gvk,
      verb: v.method,
      action: v.action,
      params: v.params,
      body: v.body && schemas[v.body],
      bodyTypes: v.body === 'patch' ? patchTypes : undefined,
      response: schemas[v.response],
      codes: v.codes,
      id: `${v.idVerb}${gv}${ns}${info.kind}`,
      description: v.describe(info.kind),
    });
  }
  const out: Json = { [base]: paths.collection, [`${base}/{name}`]: paths.item };
  if (info.namespaced && info.verbs.includes('list')) {
    const all = `/${info.group ? `apis/${info.group}` : 'api'}/${info.version}/${info.resource}`;
    const id = `list${gv}${info.kind}ForAllNamespaces`;
    const description = `list or watch objects of kind ${info.kind}`;
    out[all] = {
      parameters: [p.pretty],
      get: operation(info, { gvk, verb: 'get', action: 'list', params: listParams, response: listSchema, id, description }),
    };
  }
  return out;
}

/** The kind a subresource reads and writes (scale is autoscaling/v1 Scale, eviction policy/v1 Eviction...). */
function subresourceKind(info: ResourceInfo, sub: string): Gvk | undefined {
  switch (sub) {
    case 'status':
    case 'ephemeralcontainers':
    case 'resize':
    case 'finalize':
      return { group: info.group, version: info.version, kind: info.kind };
    case 'scale':
      return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    case 'eviction':
      return { group: 'policy', version: 'v1', kind: 'Eviction' };
    case 'binding':
      return { group: '', version: 'v1', kind: 'Binding' };
    default:
      return undefined;
  }
}

function subresourcePaths(info: ResourceInfo, base: string, sub: string): Json {
  const gvk = subresourceKind(info, sub);
  const schema = gvk && schemaNameFor(gvk.group, gvk.version, gvk.kind);
  const gv = groupVersionId(info);
  const ns = info.namespaced ? 'Namespaced' : '';
  const suffix = info.kind + sub[0].toUpperCase() + sub.slice(1);
  const path: Json = { parameters: info.namespaced ? [p.name, p.namespace, p.pretty] : [p.name, p.pretty] };
  const common = { gvk };
  if (sub === 'eviction' || sub === 'binding' || sub === 'token') {
    path.post = operation(info, { ...common, verb: 'post', action: 'post', params: writeParams, body: schema, response: schema, codes: ['200', '201', '202'], id: `create${gv}${ns}${suffix}`, description: `create ${sub} of a ${info.kind}` });
  } else if (sub === 'log') {
    path.get = operation(info, { verb: 'get', action: 'get', response: undefined, id: `read${gv}${ns}${suffix}`, description: `read log of the specified ${info.kind}` });
  } else if (gvk) {
    path.get = operation(info, { ...common, verb: 'get', action: 'get', response: schema, id: `read${gv}${ns}${suffix}`, description: `read ${sub} of the specified ${info.kind}` });
    path.put = operation(info, { ...common, verb: 'put', action: 'put', params: writeParams, body: schema, response: schema, codes: ['200', '201'], id: `replace${gv}${ns}${suffix}`, description: `replace ${sub} of the specified ${info.kind}` });
    if (sub !== 'finalize') {
      path.patch = operation(info, { ...common, verb: 'patch', action: 'patch', params: [...writeParams, p.force], body: `${META}.Patch`, bodyTypes: patchTypes, response: schema, codes: ['200', '201'], id: `patch${gv}${ns}${suffix}`, description: `partially update ${sub} of the specified ${info.kind}` });
    }
  } else {
    return {}; // connect subresources (exec, attach, portforward, proxy) are not modelled here.
  }
  return { [`${base}/{name}/${sub}`]: path };
}

/** All paths of one group/version (`/apis/apps/v1/...`) for the given served resources. */
export function groupVersionPaths(gvResources: readonly ResourceInfo[], prefix: string): Json {
  const paths: Json = {};
  const first = gvResources[0];
  if (first) {
    paths[`${prefix}/`] = {
      get: operation(first, { verb: 'get', action: 'get', response: `${META}.APIResourceList`, id: `get${groupVersionId(first)}APIResources`, description: 'get available resources' }),
    };
  }
  for (const info of gvResources) {
    const gvk = { group: info.group, version: info.version, kind: info.kind };
    const schema = schemaNameFor(info.group, info.version, info.kind);
    const base = info.namespaced ? `${prefix}/namespaces/{namespace}/${info.resource}` : `${prefix}/${info.resource}`;
    Object.assign(paths, resourcePaths(info, base, schema ? gvk : undefined, schema));
    for (const sub of info.subresources) Object.assign(paths, subresourcePaths(info, base, sub));
  }
  return paths;
}
