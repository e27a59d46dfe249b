/** A bounded in-memory audit log of audit.k8s.io/v1 Events (level Metadata, stage ResponseComplete). */
import type { UserInfo } from './types';

/** audit.k8s.io/v1 ObjectReference. */
export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

/** audit.k8s.io/v1 Event, the fields a Metadata-level policy records. */
export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: 'Metadata';
  auditID: string;
  stage: 'ResponseComplete';
  requestURI: string;
  verb: string;
  user: UserInfo;
  impersonatedUser?: UserInfo;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus: { metadata: Record<string, never>; code: number; status?: string; message?: string; reason?: string };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** Keeps the last `capacity` audit events in a ring. */
export class AuditLog {
  /** Events, or how to build one: most are overwritten unread, so they are built on first read. */
  private readonly ring: (AuditEvent | (() => AuditEvent))[] = [];
  private next = 0;
  constructor(readonly capacity = 1000) {}

  /** Records one event (or its builder, called at most once), dropping the oldest when full. */
  add(e: AuditEvent | (() => AuditEvent)): void {
    if (this.ring.length < this.capacity) this.ring.push(e);
    else this.ring[this.next] = e;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The recorded events, oldest first. */
  events(): AuditEvent[] {
    for (let i = 0; i < this.ring.length; i++) {
      const e = this.ring[i];
      if (typeof e === 'function') this.ring[i] = e();
    }
    const built = this.ring as AuditEvent[];
    if (built.length < this.capacity) return built.slice();
    return [...built.slice(this.next), ...built.slice(0, this.next)];
  }
}

/** Builds a query string back into the request URI the audit event records. */
export function requestURI(path: string, query: Record<string, string | undefined> | undefined): string {
  if (!query) return path;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) if (v !== undefined) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}
