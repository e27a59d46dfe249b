/** The admission contract: attributes of a write, and mutating / validating plugins over them. */
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { Store } from '../../store/store';
import type { Clock } from '../../sim/types';
import type { UserInfo } from '../types';

/** admission.Attributes: what is being written, by whom. */
export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  info: ResourceInfo;
  subresource: string;
  namespace: string;
  name: string;
  /** The object being written (mutable for mutating plugins). */
  object?: KubeObject;
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
  /** Where plugins put `Warning` header texts for the response. */
  warnings?: string[];
}

/** What plugins may read. */
export interface AdmissionDeps {
  store: Store;
  clock: Clock;
  requireServiceAccount: boolean;
}

/** A mutating admission plugin; returns true when it changed the object. */
export interface MutatingPlugin {
  name: string;
  admit(a: AdmissionAttributes, deps: AdmissionDeps): boolean;
}

/** A validating admission plugin; throws an ApiError to refuse. */
export interface ValidatingPlugin {
  name: string;
  validate(a: AdmissionAttributes, deps: AdmissionDeps): void;
}

/** Whether the attributes are a pod (main resource, not a subresource). */
export function isPod(a: AdmissionAttributes): boolean {
  return a.info.group === '' && a.info.resource === 'pods' && a.subresource === '';
}
