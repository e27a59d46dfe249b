/**
 * Image references as containerd reads them (docker reference grammar): a bare `nginx` means
 * `docker.io/library/nginx:latest`; the first path part is a registry host only when it has a dot or
 * a colon or is `localhost`.
 */

/** A parsed image reference. */
export interface ImageRef {
  /** The reference as written in the pod spec. */
  raw: string;
  /** Registry host, `docker.io` by default. */
  host: string;
  /** Repository path on that host, `library/nginx` for Docker Hub official images. */
  path: string;
  /** Tag, `latest` when neither tag nor digest is given. */
  tag?: string;
  digest?: string;
  /** `docker.io/library/nginx:1.27`, the fully qualified name containerd reports. */
  fullName: string;
  /** `docker.io/library/nginx`, without tag or digest. */
  repository: string;
}

/** Parses a reference; undefined when it is not a valid reference (InvalidImageName). */
export function parseImageRef(raw: string): ImageRef | undefined {
  if (!raw || raw !== raw.trim() || /[A-Z]/.test(raw.split('@')[0].split('/').slice(-1)[0].split(':')[0])) return undefined;
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let host = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    host = parts.shift()!;
  }
  if (host === 'index.docker.io') host = 'docker.io';
  if (host === 'docker.io' && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  if (!parts.every((p) => /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return undefined;
  if (!tag && !digest) tag = 'latest';
  const repository = `${host}/${path}`;
  const fullName = digest ? `${repository}@${digest}` : `${repository}:${tag}`;
  return { raw, host, path, tag, digest, fullName, repository };
}

/** True for a Docker Hub official image (`nginx`, `library/nginx`, `docker.io/library/nginx`). */
export function isDockerHubOfficial(ref: ImageRef): boolean {
  return ref.host === 'docker.io' && ref.path.startsWith('library/');
}
