/** Lesson: what happens on `kubectl apply`, from the request to a Service's endpoints. */
import { webDeployment, webService } from './manifests';

export default {
  version: 1,
  id: 'kubectl-apply',
  title: { en: 'What happens on kubectl apply', 'zh-CN': 'kubectl apply 之后发生了什么' },
  summary: {
    en: 'Follow one Deployment from the request kubectl sends to Pods serving traffic: the apiserver and etcd, the Deployment and ReplicaSet controllers, the scheduler, the kubelet with its container runtime and CNI, and kube-proxy.',
    'zh-CN': '跟随一个 Deployment，从 kubectl 发出的请求一直到 Pod 接收流量：kube-apiserver 与 etcd、Deployment 和 ReplicaSet 控制器、kube-scheduler、kubelet 及其容器运行时和 CNI，以及 kube-proxy。',
  },
  scenario: { version: 1, seed: 101 },
  steps: [
    {
      title: { en: 'The request', 'zh-CN': '请求' },
      text: {
        en: 'kubectl apply sends the Deployment to kube-apiserver. The apiserver authenticates you, checks RBAC, runs admission, validates the object and writes it to etcd. That is all it does: it starts no Pod itself. Apply the Deployment and open the architecture view to see the request travel.',
        'zh-CN': 'kubectl apply 把 Deployment 发送给 kube-apiserver。apiserver 对你进行身份认证、检查 RBAC 授权、执行准入控制、校验对象，然后写入 etcd。它做的仅此而已：它自己不会启动任何 Pod。应用这个 Deployment，并打开架构视图观察请求的路径。',
      },
      actions: [{ type: 'apply', manifests: webDeployment() }],
      check: { type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    },
    {
      title: { en: 'The Deployment controller', 'zh-CN': 'Deployment 控制器' },
      text: {
        en: 'kube-controller-manager watches Deployments. Its Deployment controller sees the new one and creates a ReplicaSet for the Pod template, named after the Deployment and a hash of the template (the pod-template-hash label).',
        'zh-CN': 'kube-controller-manager 监听（watch）Deployment。其中的 Deployment 控制器发现新对象后，为 Pod 模板创建一个 ReplicaSet，名字由 Deployment 名称加模板哈希（pod-template-hash 标签）组成。',
      },
      check: { type: 'objects', apiVersion: 'apps/v1', kind: 'ReplicaSet', selector: 'app=web', count: 1 },
      withinMs: 10_000,
    },
    {
      title: { en: 'The ReplicaSet controller', 'zh-CN': 'ReplicaSet 控制器' },
      text: {
        en: 'The ReplicaSet controller counts the Pods its selector matches, finds 0 of 3, and creates 3 Pods (Events: SuccessfulCreate). The Pods have no node yet: spec.nodeName is empty.',
        'zh-CN': 'ReplicaSet 控制器统计其选择算符匹配到的 Pod，发现 3 个中一个都没有，于是创建 3 个 Pod（事件：SuccessfulCreate）。这些 Pod 还没有节点：spec.nodeName 为空。',
      },
      check: {
        type: 'all',
        checks: [
          { type: 'pods', selector: 'app=web', count: 3, total: 3 },
          { type: 'event', reason: 'SuccessfulCreate', objectKind: 'ReplicaSet' },
        ],
      },
      withinMs: 10_000,
    },
    {
      title: { en: 'The scheduler', 'zh-CN': '调度器' },
      text: {
        en: 'kube-scheduler watches Pods without a node. For each it filters the nodes (the control-plane node is tainted NoSchedule, so it is filtered out), scores the rest, and binds the Pod to the best one with a POST to the Pod\'s binding subresource (Event: Scheduled). Select a Pod to see its filter and score table.',
        'zh-CN': 'kube-scheduler 监听没有节点的 Pod。它对每个 Pod 先过滤节点（control-plane 节点带有 NoSchedule 污点，因此被过滤掉），再给其余节点打分，然后通过向 Pod 的 binding 子资源发送 POST 把 Pod 绑定到得分最高的节点（事件：Scheduled）。选中一个 Pod 可以查看它的过滤与打分表。',
      },
      hint: { en: 'Select one of the web Pods: the Inspector shows, for every node, which Filter plugin passed or failed and each Score plugin\'s points.', 'zh-CN': '选中一个 web Pod：检查器会为每个节点显示哪些 Filter 插件通过或失败，以及每个 Score 插件的得分。' },
      check: {
        type: 'all',
        checks: [
          { type: 'pods', selector: 'app=web', where: { notNode: 'control-plane' }, count: 3 },
          { type: 'event', reason: 'Scheduled', objectKind: 'Pod' },
        ],
      },
      withinMs: 10_000,
    },
    {
      title: { en: 'The kubelet, CRI and CNI', 'zh-CN': 'kubelet、CRI 与 CNI' },
      text: {
        en: 'Each node\'s kubelet watches the Pods bound to it. Through the CRI it asks the container runtime for a sandbox (CNI gives it an IP from the node\'s podCIDR), pulls the image, creates and starts the container (Events: Pulling, Pulled, Created, Started). When the readiness probe passes, the kubelet reports the Pod Ready.',
        'zh-CN': '每个节点上的 kubelet 监听绑定到本节点的 Pod。它通过 CRI 请求容器运行时创建沙箱（CNI 从节点的 podCIDR 中分配 IP），拉取镜像，创建并启动容器（事件：Pulling、Pulled、Created、Started）。就绪探针通过后，kubelet 将 Pod 上报为 Ready。',
      },
      check: { type: 'pods', selector: 'app=web', where: { ready: true, phase: 'Running' }, count: 3 },
      withinMs: 30_000,
    },
    {
      title: { en: 'The Service and kube-proxy', 'zh-CN': 'Service 与 kube-proxy' },
      text: {
        en: 'A Service gets a stable virtual IP. The EndpointSlice controller lists the Ready Pods its selector matches, and every node\'s kube-proxy turns the Service and its endpoints into iptables rules. Apply the Service and inspect a node to read its rules.',
        'zh-CN': 'Service 获得一个稳定的虚拟 IP。EndpointSlice 控制器列出其选择算符匹配到的就绪 Pod，每个节点上的 kube-proxy 把 Service 及其端点转换成 iptables 规则。应用这个 Service，然后查看某个节点的规则。',
      },
      actions: [{ type: 'apply', manifests: webService() }],
      check: { type: 'endpoints', service: 'web', ready: 3 },
      withinMs: 10_000,
    },
  ],
};
