/** Lesson: self-healing, from a deleted Pod to a lost node and the eviction timing. */
import { webDeployment } from './manifests';

export default {
  version: 1,
  id: 'self-healing',
  title: { en: 'Self-healing', 'zh-CN': '自愈' },
  summary: {
    en: 'Controllers keep comparing what you asked for with what exists. Delete a Pod and the ReplicaSet replaces it at once; lose a node and the node lifecycle controller waits 40 seconds to call it NotReady, then taint-based eviction moves its Pods after 300 seconds.',
    'zh-CN': '控制器不断比较你期望的状态与实际存在的状态。删除一个 Pod，ReplicaSet 会立即替换它；失去一个节点，节点生命周期控制器会等待 40 秒才把它标记为 NotReady，然后基于污点的驱逐在 300 秒后迁移其上的 Pod。',
  },
  scenario: { version: 1, seed: 103, manifests: webDeployment({ replicas: 4 }) },
  steps: [
    {
      title: { en: 'Four replicas, on two workers', 'zh-CN': '四个副本，分布在两个工作节点上' },
      text: {
        en: 'The Deployment web asks for 4 replicas. The scheduler spreads them over worker-1 and worker-2.',
        'zh-CN': 'Deployment web 要求 4 个副本。调度器把它们分散到 worker-1 和 worker-2 上。',
      },
      check: { type: 'pods', selector: 'app=web', where: { ready: true }, count: 4, total: 4, nodes: 2 },
      withinMs: 60_000,
    },
    {
      title: { en: 'Delete a Pod', 'zh-CN': '删除一个 Pod' },
      text: {
        en: 'Delete one of the Pods. The ReplicaSet controller sees 3 Pods where 4 are wanted and creates a new one at once; the deleted Pod is Terminating for its grace period.',
        'zh-CN': '删除其中一个 Pod。ReplicaSet 控制器发现期望 4 个而只有 3 个，立即创建一个新的 Pod；被删除的 Pod 在其宽限期内处于 Terminating 状态。',
      },
      actions: [{ type: 'delete-pod', selector: 'app=web' }],
      check: { type: 'all', checks: [{ type: 'pods', selector: 'app=web', where: { ready: true }, count: 4, total: 4 }, { type: 'event', reason: 'Killing' }] },
      withinMs: 30_000,
    },
    {
      title: { en: 'Lose a node', 'zh-CN': '失去一个节点' },
      text: {
        en: 'Stop the kubelet on worker-2: its Lease is no longer renewed. After node-monitor-grace-period (40 s) the node lifecycle controller sets the Ready condition to Unknown and taints the node node.kubernetes.io/unreachable:NoExecute.',
        'zh-CN': '停止 worker-2 上的 kubelet：它的 Lease 不再续约。经过 node-monitor-grace-period（40 秒）后，节点生命周期控制器把 Ready 状况设为 Unknown，并给节点加上污点 node.kubernetes.io/unreachable:NoExecute。',
      },
      hint: { en: 'Watch the Lease of worker-2 in kube-node-lease stop changing (Internals shows it); 40 seconds later the node turns NotReady.', 'zh-CN': '观察 kube-node-lease 中 worker-2 的 Lease 不再变化（“内部状态”中可以看到）；40 秒后该节点变为 NotReady。' },
      actions: [{ type: 'stop-kubelet', node: 'worker-2' }],
      check: { type: 'node', name: 'worker-2', ready: false, taint: 'node.kubernetes.io/unreachable' },
      withinMs: 90_000,
    },
    {
      title: { en: 'Eviction after 300 seconds', 'zh-CN': '300 秒后驱逐' },
      text: {
        en: 'Every Pod gets a default toleration for the unreachable taint with tolerationSeconds 300. When it runs out, the taint eviction controller deletes the Pods on worker-2, and the ReplicaSet creates replacements, which can only go to worker-1.',
        'zh-CN': '每个 Pod 都有一个针对 unreachable 污点的默认容忍度，tolerationSeconds 为 300。时间一到，污点驱逐控制器删除 worker-2 上的 Pod，ReplicaSet 创建替代的 Pod，而它们只能去 worker-1。',
      },
      hint: { en: 'Speed up (64x or max): the 300 seconds are virtual time. kubectl get pod -o yaml shows the toleration node.kubernetes.io/unreachable with tolerationSeconds: 300 that admission added.', 'zh-CN': '加快速度（64x 或最快）：这 300 秒是虚拟时间。kubectl get pod -o yaml 可以看到准入控制添加的容忍度 node.kubernetes.io/unreachable，tolerationSeconds 为 300。' },
      check: { type: 'pods', selector: 'app=web', where: { ready: true, node: 'worker-1' }, count: 4, total: 4 },
      withinMs: 420_000,
    },
    {
      title: { en: 'The node comes back', 'zh-CN': '节点恢复' },
      text: {
        en: 'Start the kubelet again. It renews its Lease, reports Ready, and the controller removes the taint. The Pods stay where they are: Kubernetes does not rebalance running Pods by itself.',
        'zh-CN': '重新启动 kubelet。它续约 Lease，上报 Ready，控制器移除污点。Pod 仍然留在原处：Kubernetes 不会自动重新平衡正在运行的 Pod。',
      },
      actions: [{ type: 'start-kubelet', node: 'worker-2' }],
      check: { type: 'all', checks: [{ type: 'node', name: 'worker-2', ready: true }, { type: 'pods', selector: 'app=web', where: { node: 'worker-1' }, count: 4 }] },
      withinMs: 60_000,
    },
  ],
};
