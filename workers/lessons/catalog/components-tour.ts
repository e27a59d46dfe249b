/** Lesson: a tour of the components, and the proof that they only talk through the apiserver. */

const helloPod = `apiVersion: v1
kind: Pod
metadata:
  name: hello
  labels:
    app: hello
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`;

export default {
  version: 1,
  id: 'components-tour',
  title: { en: 'A tour of the components', 'zh-CN': '组件巡览' },
  summary: {
    en: 'Meet the control plane (etcd, kube-apiserver, kube-scheduler, kube-controller-manager) and the node components (kubelet, kube-proxy, the container runtime), and see that each one is just a client of the apiserver: stop the scheduler and nothing gets scheduled.',
    'zh-CN': '认识控制平面（etcd、kube-apiserver、kube-scheduler、kube-controller-manager）和节点组件（kubelet、kube-proxy、容器运行时），并看到它们都只是 apiserver 的客户端：停掉调度器，就没有任何 Pod 会被调度。',
  },
  scenario: { version: 1, seed: 100 },
  steps: [
    {
      title: { en: 'The control plane runs as static Pods', 'zh-CN': '控制平面以静态 Pod 运行' },
      text: {
        en: 'kubeadm wrote four manifests to /etc/kubernetes/manifests on the control-plane node: etcd, kube-apiserver, kube-controller-manager and kube-scheduler. The kubelet there runs them directly and publishes a mirror Pod of each in kube-system. Show kube-system in the graph to see them.',
        'zh-CN': 'kubeadm 在 control-plane 节点的 /etc/kubernetes/manifests 中写入了四个清单：etcd、kube-apiserver、kube-controller-manager 和 kube-scheduler。该节点上的 kubelet 直接运行它们，并在 kube-system 中为每个发布一个镜像 Pod（mirror Pod）。在图中显示 kube-system 即可看到它们。',
      },
      check: { type: 'pods', namespace: 'kube-system', selector: 'tier=control-plane', where: { ready: true }, count: 4 },
      withinMs: 30_000,
    },
    {
      title: { en: 'Every node has a kubelet', 'zh-CN': '每个节点都有一个 kubelet' },
      text: {
        en: 'A kubelet registers its Node object, then proves it is alive by renewing a Lease in kube-node-lease every 10 seconds and updating the Node\'s conditions. If the Lease stops being renewed, the node lifecycle controller marks the node NotReady.',
        'zh-CN': 'kubelet 先注册自己的 Node 对象，然后每 10 秒续约 kube-node-lease 中的一个 Lease，并更新 Node 的状况（conditions），以证明自己仍然存活。如果 Lease 不再续约，节点生命周期控制器会把节点标记为 NotReady。',
      },
      check: {
        type: 'all',
        checks: [
          { type: 'node', name: 'worker-1', ready: true },
          { type: 'object', apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'kube-node-lease', name: 'worker-1', field: 'spec.holderIdentity', equals: 'worker-1' },
        ],
      },
      withinMs: 30_000,
    },
    {
      title: { en: 'The scheduler is only a client', 'zh-CN': '调度器只是一个客户端' },
      text: {
        en: 'Stop kube-scheduler, then create a Pod. The apiserver stores it and the Pod waits, Pending, with no node: nothing else in the cluster chooses nodes.',
        'zh-CN': '停止 kube-scheduler，然后创建一个 Pod。apiserver 会保存它，而 Pod 处于 Pending 状态，没有节点：集群中没有其他组件会为 Pod 选择节点。',
      },
      hint: { en: 'kubectl get pod hello -o wide shows an empty NODE column; the PodScheduled condition is absent, not False: nothing has tried yet.', 'zh-CN': 'kubectl get pod hello -o wide 的 NODE 列为空；PodScheduled 状况不存在（而不是 False）：还没有任何组件尝试过调度它。' },
      actions: [{ type: 'stop-scheduler' }, { type: 'apply', manifests: helloPod }],
      check: { type: 'pods', name: 'hello', where: { phase: 'Pending', node: '' }, count: 1 },
      withinMs: 10_000,
    },
    {
      title: { en: 'Start the scheduler again', 'zh-CN': '重新启动调度器' },
      text: {
        en: 'Start kube-scheduler. It lists the Pods without a node, finds hello, and binds it. Which node will it choose?',
        'zh-CN': '启动 kube-scheduler。它列出没有节点的 Pod，找到 hello 并绑定它。它会选择哪个节点？',
      },
      hint: { en: 'The control-plane node is tainted NoSchedule and hello has no toleration, so only the two workers are feasible; the scores decide between them.', 'zh-CN': 'control-plane 节点带有 NoSchedule 污点，而 hello 没有容忍度，所以只有两个工作节点可行；由打分决定选哪一个。' },
      predict: {
        question: { en: 'On which node will the Pod hello run?', 'zh-CN': 'Pod hello 会运行在哪个节点上？' },
        choices: [
          { value: 'worker-1', text: { en: 'worker-1', 'zh-CN': 'worker-1' } },
          { value: 'worker-2', text: { en: 'worker-2', 'zh-CN': 'worker-2' } },
          { value: 'control-plane', text: { en: 'control-plane', 'zh-CN': 'control-plane' } },
        ],
        answer: { type: 'pod-node', selector: 'app=hello' },
      },
      actions: [{ type: 'start-scheduler' }],
      check: { type: 'pods', name: 'hello', where: { phase: 'Running', notNode: 'control-plane' }, count: 1 },
      withinMs: 30_000,
    },
    {
      title: { en: 'Add-ons: kube-proxy and CoreDNS', 'zh-CN': '插件：kube-proxy 与 CoreDNS' },
      text: {
        en: 'kubeadm also installed two add-ons: kube-proxy, a DaemonSet with one Pod per node that programs Service rules, and CoreDNS, a Deployment of 2 Pods behind the kube-dns Service (10.96.0.10) that answers cluster DNS names.',
        'zh-CN': 'kubeadm 还安装了两个插件：kube-proxy 是一个 DaemonSet，每个节点一个 Pod，负责编写 Service 规则；CoreDNS 是一个包含 2 个 Pod 的 Deployment，位于 kube-dns Service（10.96.0.10）之后，负责解析集群内的 DNS 名称。',
      },
      check: {
        type: 'all',
        checks: [
          { type: 'object', apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy', field: 'status.numberReady', equals: 3 },
          { type: 'endpoints', namespace: 'kube-system', service: 'kube-dns', ready: 2 },
        ],
      },
      withinMs: 30_000,
    },
  ],
};
