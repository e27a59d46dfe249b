/** DefaultBinder: binds through the API, POST pods/<name>/binding. */
import { isApiError } from '../../api/errors';
import type { Client } from '../../client/client';
import type { BindPlugin, CycleState } from '../framework/interfaces';
import type { PodInfo } from '../framework/pod-info';
import { Code, newStatus, SUCCESS, type Status } from '../framework/status';

/** The plugin's name. */
export const DefaultBinderName = 'DefaultBinder';

const PODS = { group: '', version: 'v1', resource: 'pods' };

/** Binds with a v1 Binding carrying the pod's uid. */
export class DefaultBinder implements BindPlugin {
  readonly name = DefaultBinderName;

  constructor(private readonly client: Client) {}

  async bind(_state: CycleState, pi: PodInfo, nodeName: string): Promise<Status> {
    const m = pi.pod.metadata;
    try {
      await this.client.resource(PODS, m.namespace).bind(m.name!, nodeName, { uid: m.uid });
      return SUCCESS;
    } catch (e) {
      return newStatus(Code.Error, isApiError(e) ? e.message : String(e));
    }
  }
}
