/**
 * Authentication: who is making a request.
 *
 * - In-process transports set `req.user` (a component's client-certificate identity).
 * - `Authorization: Bearer <token>` is looked up among the tokens this apiserver minted (service
 *   account tokens) or registered (static tokens); an unknown token is 401 Unauthorized.
 * - A request with no credentials at all is the cluster admin `kubernetes-admin` in group
 *   `system:masters`: kubectl pointed at kubesim carries kubeadm's admin.conf identity, which is a
 *   client certificate we cannot see over plain HTTP. (Real clusters would call it system:anonymous.)
 */
import { ApiError, statusFailure } from '../api/errors';
import type { Rng } from '../sim/types';
import type { ApiRequest, UserInfo } from './types';

/** The identity kubeadm's admin.conf gives kubectl. */
export const CLUSTER_ADMIN: UserInfo = Object.freeze({
  username: 'kubernetes-admin',
  groups: Object.freeze(['system:masters', 'system:authenticated']) as string[],
});

/** The username of a service account, as the token authenticator reports it. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The groups every service account belongs to. */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
}

/** 401 as kube-apiserver sends it for bad credentials. */
export function unauthorized(): ApiError {
  return new ApiError(statusFailure(401, 'Unauthorized', 'Unauthorized'));
}

const tokenAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Upper bound on remembered tokens, so a long session cannot grow the table without limit. */
const maxTokens = 10_000;

/** Bearer tokens this apiserver accepts: minted service-account tokens and registered static ones. */
export class TokenAuthenticator {
  private readonly tokens = new Map<string, UserInfo>();
  constructor(private readonly rng: Rng) {}

  /** Registers a static token for a user (like --token-auth-file). */
  addToken(token: string, user: UserInfo): void {
    if (this.tokens.size >= maxTokens) this.tokens.delete(this.tokens.keys().next().value as string);
    this.tokens.set(token, user);
  }

  /** Mints a token that authenticates as the service account `namespace/name`. */
  mintServiceAccountToken(namespace: string, name: string, uid?: string): string {
    const token = `kubesim.${namespace}.${name}.${this.rng.string(32, tokenAlphabet)}`;
    const user: UserInfo = { username: serviceAccountUsername(namespace, name), groups: serviceAccountGroups(namespace) };
    if (uid) user.uid = uid;
    user.extra = { 'authentication.kubernetes.io/credential-id': [`JTI=${token.slice(-8)}`] };
    this.addToken(token, user);
    return token;
  }

  /** The user a token belongs to, if any. */
  lookup(token: string): UserInfo | undefined {
    return this.tokens.get(token);
  }
}

/** Decides who sent `req`; throws 401 for credentials that do not check out. */
export function authenticate(req: ApiRequest, tokens: TokenAuthenticator): UserInfo {
  if (req.user) return req.user;
  const header = req.headers?.authorization;
  if (!header) return CLUSTER_ADMIN;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized();
  const user = tokens.lookup(m[1]);
  if (!user) throw unauthorized();
  return user;
}
