/** serviceaccounts/token (TokenRequest, what `kubectl create token` calls): mints a bearer token for the account. */
import { rfc3339 } from '../names';
import type { KubeObject } from '../../api/types';
import { decodeBody, isObjectBody } from '../body';
import { checkBodySchema, fieldValidationMode } from '../validate';
import { getStored } from './common';
import type { RestContext } from './context';

/** upstream's default TokenRequest lifetime (one hour). */
const defaultExpirationSeconds = 3600;

/** Handles POST serviceaccounts/{name}/token; `mint` issues the token. */
export function requestToken(ctx: RestContext, mint: (namespace: string, name: string) => string): KubeObject {
  const sa = getStored(ctx);
  const decoded = ctx.req.body === undefined || ctx.req.body === '' ? {} : decodeBody(ctx.req, 'TokenRequest');
  if (isObjectBody(decoded)) {
    ctx.warnings.push(...checkBodySchema(decoded as KubeObject, ctx.info, 'authentication.k8s.io/v1', 'TokenRequest', fieldValidationMode(ctx.query)));
  }
  const body = (isObjectBody(decoded) ? decoded : {}) as { metadata?: Record<string, unknown>; spec?: { audiences?: string[]; expirationSeconds?: number } };
  const expirationSeconds = body.spec?.expirationSeconds ?? defaultExpirationSeconds;
  const token = mint(sa.metadata.namespace ?? '', sa.metadata.name ?? '');
  const nowMs = ctx.deps.clock.now();
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: rfc3339(nowMs) },
    spec: { audiences: body.spec?.audiences ?? ['https://kubernetes.default.svc.cluster.local'], expirationSeconds, boundObjectRef: null },
    status: { token, expirationTimestamp: rfc3339(nowMs + expirationSeconds * 1000) },
  };
}
