/**
 * kube-scheduler and kube-controller-manager as they run on a kubeadm control-plane node: each
 * controller with its own ServiceAccount identity (--use-service-account-credentials), its own
 * client, event recorder and generator, all reaching the apiserver over the simulated network
 * (KernelTransport). Either process can be stopped and started as a fault.
 */
import { controllerUser } from '../apiserver/controller-identities';
import type { UserInfo } from '../apiserver/types';
import type { Component, ComponentContext } from '../client/component';
import { newComponentContext, type ComponentDeps } from '../client/component-context';
import { DaemonSetController } from '../controllers/daemonset/daemonset-controller';
import { DeploymentController } from '../controllers/deployment/deployment-controller';
import { EndpointsController } from '../controllers/endpoints/endpoints-controller';
import { EndpointSliceController } from '../controllers/endpointslice/endpointslice-controller';
import { GarbageCollector } from '../controllers/garbagecollector/garbage-collector';
import { NamespaceController } from '../controllers/namespace/namespace-controller';
import { NodeIpamController } from '../controllers/nodeipam/node-ipam-controller';
import { NodeLifecycleController } from '../controllers/nodelifecycle/node-lifecycle-controller';
import { TaintEvictionController } from '../controllers/nodelifecycle/taint-eviction-controller';
import { SharedInformerSource, type InformerSource } from '../controllers/informer-set';
import { PodGCController } from '../controllers/podgc/pod-gc-controller';
import { REPLICATION_CONTROLLER_KIND } from '../controllers/replicaset/replica-kind';
import { ReplicaSetController } from '../controllers/replicaset/replicaset-controller';
import { ResourceQuotaController } from '../controllers/resourcequota/resource-quota-controller';
import { ServiceAccountsController } from '../controllers/serviceaccount/serviceaccounts-controller';
import { SchedulingResultsStore } from '../scheduler/results';
import { Scheduler } from '../scheduler/scheduler';

/** The cluster's pod network (kind's default) from which NodeIPAM hands out a /24 per node. */
export const CLUSTER_CIDR = '10.244.0.0/16';

/** A pod network bigger than kind's, for clusters of more than 256 machines (32,768 /24s, clear of 10.96.0.0/12). */
export const LARGE_CLUSTER_CIDR = '10.128.0.0/9';

/**
 * The pod network a first boot of `machines` machines gets when the scenario does not choose one:
 * kind's 10.244.0.0/16 has a /24 for 256 nodes; a bigger cluster gets 10.128.0.0/9, as anyone
 * running kubeadm at that size sets networking.podSubnet (else the nodes past 256 never get a
 * podCIDR: CIDRNotAvailable, NotReady).
 */
export function podSubnetFor(machines: number): string {
  return machines <= 256 ? CLUSTER_CIDR : LARGE_CLUSTER_CIDR;
}

/** kube-controller-manager's flags that vary between clusters. */
export interface ControllerManagerFlags {
  /** --cluster-cidr */
  clusterCidr: string;
}

/** kube-controller-manager's own identity (its kubeconfig's client certificate): lists and watches. */
export const KCM_USER: UserInfo = { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };

/** kube-scheduler's identity (its kubeconfig's client certificate). */
export const SCHEDULER_USER: UserInfo = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };

/** What the control plane's components share. */
export type ControlPlaneDeps = ComponentDeps;

/** One controller of kube-controller-manager: its name (as `--controllers` spells it), SA and factory. */
interface ControllerEntry {
  name: string;
  /** The Events' source.component (upstream's event recorder name for this controller). */
  component: string;
  serviceAccount: string;
  make: (ctx: ComponentContext, informers: InformerSource, flags: ControllerManagerFlags) => Component;
}

/** The controllers kube-controller-manager runs here, in upstream's order of names. */
const CONTROLLERS: ControllerEntry[] = [
  { name: 'daemonset-controller', component: 'daemonset-controller', serviceAccount: 'daemon-set-controller', make: (c, informers) => new DaemonSetController(c, { informers }) },
  { name: 'deployment-controller', component: 'deployment-controller', serviceAccount: 'deployment-controller', make: (c, informers) => new DeploymentController(c, { informers }) },
  { name: 'endpoints-controller', component: 'endpoint-controller', serviceAccount: 'endpoint-controller', make: (c, informers) => new EndpointsController(c, { informers }) },
  { name: 'endpointslice-controller', component: 'endpoint-slice-controller', serviceAccount: 'endpointslice-controller', make: (c, informers) => new EndpointSliceController(c, { informers }) },
  { name: 'garbage-collector-controller', component: 'garbage-collector-controller', serviceAccount: 'generic-garbage-collector', make: (c, informers) => new GarbageCollector(c, { informers }) },
  { name: 'namespace-controller', component: 'namespace-controller', serviceAccount: 'namespace-controller', make: (c) => new NamespaceController(c) },
  { name: 'node-ipam-controller', component: 'node-controller', serviceAccount: 'node-controller', make: (c, informers, flags) => new NodeIpamController(c, { clusterCidr: flags.clusterCidr, informers }) },
  { name: 'node-lifecycle-controller', component: 'node-controller', serviceAccount: 'node-controller', make: (c, informers) => new NodeLifecycleController(c, { informers }) },
  { name: 'pod-garbage-collector-controller', component: 'pod-garbage-collector', serviceAccount: 'pod-garbage-collector', make: (c, informers) => new PodGCController(c, { informers }) },
  { name: 'replicaset-controller', component: 'replicaset-controller', serviceAccount: 'replicaset-controller', make: (c, informers) => new ReplicaSetController(c, { informers }) },
  { name: 'replicationcontroller-controller', component: 'replication-controller', serviceAccount: 'replication-controller', make: (c, informers) => new ReplicaSetController(c, { kind: REPLICATION_CONTROLLER_KIND, informers }) },
  { name: 'resourcequota-controller', component: 'resourcequota-controller', serviceAccount: 'resourcequota-controller', make: (c, informers) => new ResourceQuotaController(c, { informers }) },
  { name: 'serviceaccount-controller', component: 'service-account-controller', serviceAccount: 'service-account-controller', make: (c, informers) => new ServiceAccountsController(c, { informers }) },
  { name: 'taint-eviction-controller', component: 'taint-eviction-controller', serviceAccount: 'node-controller', make: (c, informers) => new TaintEvictionController(c, { informers }) },
];

/** The ServiceAccounts kube-controller-manager's controllers run as. */
export const CONTROLLER_SERVICE_ACCOUNTS = [...new Set(CONTROLLERS.map((c) => c.serviceAccount))].sort();

/** A process of the control plane that can be stopped and started (a fault), rebuilt on start. */
class ControlPlaneProcess {
  private parts: Component[] = [];
  private generation = 0;

  constructor(
    readonly name: string,
    private readonly build: (generation: number) => Component[],
  ) {}

  get running(): boolean {
    return this.parts.length > 0;
  }

  /** Starts the process afresh: new informers, queues and caches, as a restarted binary has. */
  start(): void {
    if (this.running) return;
    this.parts = this.build(this.generation++);
    for (const p of this.parts) p.start();
  }

  stop(): void {
    for (const p of this.parts) p.stop();
    this.parts = [];
  }

  get components(): readonly Component[] {
    return this.parts;
  }
}

/** kube-scheduler + kube-controller-manager. */
export class ControlPlane {
  readonly scheduler: ControlPlaneProcess;
  readonly controllerManager: ControlPlaneProcess;

  /** Every scheduling attempt's per-node results, kept across kube-scheduler restarts for the UI. */
  readonly schedulingResults = new SchedulingResultsStore();

  constructor(deps: ControlPlaneDeps, flags: ControllerManagerFlags = { clusterCidr: CLUSTER_CIDR }) {
    this.scheduler = new ControlPlaneProcess('kube-scheduler', (gen) => [
      new Scheduler(newComponentContext(deps, { user: SCHEDULER_USER, component: 'default-scheduler', rngLabel: `kube-scheduler/${gen}` }), { results: this.schedulingResults }),
    ]);
    this.controllerManager = new ControlPlaneProcess('kube-controller-manager', (gen) => {
      // One informer per resource shared by the controllers (SharedInformerFactory), listing and
      // watching as kube-controller-manager itself; each controller writes as its own ServiceAccount.
      const shared = new SharedInformerSource(newComponentContext(deps, { user: KCM_USER, component: 'kube-controller-manager', rngLabel: `kube-controller-manager/${gen}/informers` }));
      const controllers = CONTROLLERS.map((c) => c.make(newComponentContext(deps, { user: controllerUser(c.serviceAccount), component: c.component, rngLabel: `kube-controller-manager/${gen}/${c.name}` }), shared, flags));
      // Stopped last: the shared informers go once every controller has let go of them.
      return [...controllers, { start: () => {}, stop: () => shared.stop(), cacheSizes: () => shared.cacheSizes() }];
    });
  }

  start(): void {
    this.scheduler.start();
    this.controllerManager.start();
  }

  stop(): void {
    this.scheduler.stop();
    this.controllerManager.stop();
  }

  /** The controllers' names, in the order of `controllerManager.components`. */
  controllerNames(): string[] {
    return CONTROLLERS.map((c) => c.name);
  }

  /** The running scheduler (for its per-attempt results), if kube-scheduler runs. */
  get runningScheduler(): Scheduler | undefined {
    return this.scheduler.components[0] as Scheduler | undefined;
  }
}
