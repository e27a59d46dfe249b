/** Upstream's default profile (v1.32 getDefaultPlugins): plugin order, enablement and score weights. */
import { Framework, type FrameworkDeps } from './framework/framework';
import { BalancedAllocation, BalancedAllocationName } from './plugins/balanced-allocation';
import { DefaultBinder } from './plugins/default-binder';
import { DefaultPreemption } from './plugins/default-preemption';
import { ImageLocality, ImageLocalityName } from './plugins/image-locality';
import { InterPodAffinity, InterPodAffinityName } from './plugins/inter-pod-affinity';
import { NodeAffinity, NodeAffinityName } from './plugins/node-affinity';
import { NodeName } from './plugins/node-name';
import { NodePorts } from './plugins/node-ports';
import { NodeResourcesFit, NodeResourcesFitName } from './plugins/node-resources-fit';
import { NodeUnschedulable } from './plugins/node-unschedulable';
import { PodTopologySpread, PodTopologySpreadName, type DefaultSelectorFn } from './plugins/pod-topology-spread';
import { TaintToleration, TaintTolerationName } from './plugins/taint-toleration';

/** Score weights of the default profile. */
export const DEFAULT_WEIGHTS: Record<string, number> = {
  [TaintTolerationName]: 3,
  [NodeAffinityName]: 2,
  [NodeResourcesFitName]: 1,
  [PodTopologySpreadName]: 2,
  [InterPodAffinityName]: 2,
  [BalancedAllocationName]: 1,
  [ImageLocalityName]: 1,
};

/** The default scheduler name. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** A framework with the default plugins, in upstream's order. */
export function newDefaultFramework(profileName: string, deps: FrameworkDeps, defaultSelector?: DefaultSelectorFn): Framework {
  const fw = new Framework(profileName, deps, DEFAULT_WEIGHTS);
  const all = () => deps.snapshot().nodeInfoList;
  fw.register(new NodeUnschedulable())
    .register(new NodeName())
    .register(new TaintToleration())
    .register(new NodeAffinity())
    .register(new NodePorts())
    .register(new NodeResourcesFit())
    .register(new PodTopologySpread(all, defaultSelector, () => deps.snapshot()))
    .register(
      new InterPodAffinity(
        all,
        () => deps.snapshot().havePodsWithRequiredAntiAffinityList,
        () => deps.snapshot().havePodsWithAffinityList,
      ),
    )
    .register(new DefaultPreemption(fw, profileName))
    .register(new BalancedAllocation())
    .register(new ImageLocality(() => deps.snapshot().numNodes()))
    .register(new DefaultBinder(deps.client));
  return fw;
}
