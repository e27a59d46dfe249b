/** Lesson: Services, EndpointSlices and kube-proxy (ClusterIP, NodePort, traffic spread, readiness). */
import { webDeployment, webService } from './manifests';

const client = `apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: shell
    image: busybox:1.36
    command: ["sleep", "infinity"]
`;

export default {
  version: 1,
  id: 'services',
  title: { en: 'Services, endpoints and kube-proxy', 'zh-CN': 'Service、端点与 kube-proxy' },
  summary: {
    en: 'A Service is a virtual IP with no process behind it: the EndpointSlice controller lists the ready Pods, and kube-proxy on every node rewrites connections to one of them. Send traffic and watch it spread; make Pods go away and watch the endpoints follow.',
    'zh-CN': 'Service 是一个背后没有进程的虚拟 IP：EndpointSlice 控制器列出就绪的 Pod，每个节点上的 kube-proxy 把连接改写到其中一个 Pod。发送流量，观察它如何分散；让 Pod 消失，观察端点如何随之变化。',
  },
  scenario: { version: 1, seed: 105, manifests: `${webDeployment()}---\n${client}` },
  steps: [
    {
      title: { en: 'A ClusterIP Service', 'zh-CN': 'ClusterIP 类型的 Service' },
      text: {
        en: 'Apply the Service web. The apiserver allocates it a ClusterIP from 10.96.0.0/16; the EndpointSlice controller writes a slice with the addresses of the 3 Ready Pods that carry app=web.',
        'zh-CN': '应用 Service web。apiserver 从 10.96.0.0/16 中为它分配一个 ClusterIP；EndpointSlice 控制器写入一个 EndpointSlice，其中包含带有 app=web 标签的 3 个就绪 Pod 的地址。',
      },
      actions: [{ type: 'apply', manifests: webService() }],
      check: { type: 'endpoints', service: 'web', ready: 3 },
      withinMs: 60_000,
    },
    {
      title: { en: 'Traffic spreads over the endpoints', 'zh-CN': '流量分散到各个端点' },
      text: {
        en: 'From the Pod client, send 30 requests to web.default.svc.cluster.local. CoreDNS answers with the ClusterIP; on client\'s node the KUBE-SERVICES chain matches it and KUBE-SVC-... picks an endpoint at random with iptables statistic rules.',
        'zh-CN': '从 Pod client 向 web.default.svc.cluster.local 发送 30 个请求。CoreDNS 返回 ClusterIP；在 client 所在的节点上，KUBE-SERVICES 链匹配到它，KUBE-SVC-... 链用 iptables 的 statistic 规则随机选择一个端点。',
      },
      hint: { en: 'Select a node and unfold its kube-proxy rules: KUBE-SVC-... has one rule per endpoint, with probabilities 1/3, 1/2 and 1.', 'zh-CN': '选中一个节点并展开其 kube-proxy 规则：KUBE-SVC-... 链中每个端点一条规则，概率依次为 1/3、1/2 和 1。' },
      actions: [{ type: 'traffic', fromPod: 'client', target: 'web.default.svc.cluster.local:80', requests: 30 }],
      check: { type: 'traffic', distinctPods: 3 },
      withinMs: 30_000,
    },
    {
      title: { en: 'A NodePort Service', 'zh-CN': 'NodePort 类型的 Service' },
      text: {
        en: 'A NodePort Service is a ClusterIP Service that also opens a port (here 30080) on every node. Apply it: every kube-proxy adds KUBE-NODEPORTS rules for the port.',
        'zh-CN': 'NodePort 类型的 Service 是一个同时在每个节点上打开一个端口（这里是 30080）的 ClusterIP Service。应用它：每个 kube-proxy 都会为这个端口添加 KUBE-NODEPORTS 规则。',
      },
      actions: [{ type: 'apply', manifests: webService({ name: 'web-nodeport', nodePort: 30080 }) }],
      check: { type: 'endpoints', service: 'web-nodeport', ready: 3 },
      withinMs: 30_000,
    },
    {
      title: { en: 'Any node, any endpoint', 'zh-CN': '任意节点，任意端点' },
      text: {
        en: 'From a laptop outside the cluster (192.168.1.50), send 30 requests to worker-1\'s address, 172.18.0.3:30080. worker-1\'s KUBE-NODEPORTS chain catches them and sends each to any endpoint, on any node; packets that leave the node are masqueraded (SNAT to the node\'s address), so the Pod sees worker-1 as the client.',
        'zh-CN': '从集群外的一台笔记本（192.168.1.50）向 worker-1 的地址 172.18.0.3:30080 发送 30 个请求。worker-1 的 KUBE-NODEPORTS 链捕获它们，并把每个请求转发到任意节点上的任意端点；离开本节点的数据包会被伪装（SNAT 为节点地址），因此 Pod 看到的客户端是 worker-1。',
      },
      actions: [{ type: 'traffic', fromExternal: '192.168.1.50', target: '172.18.0.3:30080', requests: 30 }],
      check: { type: 'traffic', distinctPods: 2 },
      withinMs: 30_000,
    },
    {
      title: { en: 'Endpoints follow the Pods', 'zh-CN': '端点跟随 Pod 变化' },
      text: {
        en: 'Scale web down to 1 replica. The deleted Pods leave the EndpointSlice as soon as they start terminating, and kube-proxy rewrites its rules: all traffic now goes to the one Pod left.',
        'zh-CN': '把 web 缩容到 1 个副本。被删除的 Pod 一开始终止就会离开 EndpointSlice，kube-proxy 随即重写规则：现在所有流量都发往剩下的那个 Pod。',
      },
      actions: [{ type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: 1 }],
      check: { type: 'endpoints', service: 'web', ready: 1 },
      withinMs: 60_000,
    },
  ],
};
