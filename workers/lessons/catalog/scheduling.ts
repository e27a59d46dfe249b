/** Lesson: how kube-scheduler filters (predicates) and scores (priorities) nodes. */

function pod(name: string, extra: string, cpu = '100m'): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:${extra}
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: ${cpu}
`;
}

const gpuPod = pod(
  'trainer',
  `
  tolerations:
  - key: dedicated
    operator: Equal
    value: gpu
    effect: NoSchedule
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: accelerator
            operator: In
            values: [gpu]`,
);

const hostPortPods = [1, 2]
  .map(
    (i) => `apiVersion: v1
kind: Pod
metadata:
  name: proxy-${i}
  labels:
    app: proxy
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
      hostPort: 8080
`,
  )
  .join('---\n');

const workerChoices = [
  { value: 'worker-1', text: { en: 'worker-1', 'zh-CN': 'worker-1' } },
  { value: 'worker-2', text: { en: 'worker-2', 'zh-CN': 'worker-2' } },
  { value: '', text: { en: 'No node: it stays Pending', 'zh-CN': '没有节点：保持 Pending' } },
];

export default {
  version: 1,
  id: 'scheduling',
  title: { en: 'Scheduling: filter and score', 'zh-CN': '调度：过滤与打分' },
  summary: {
    en: 'kube-scheduler first filters out the nodes a Pod cannot run on (resources, nodeSelector, affinity, taints, host ports), then scores the rest. Predict where each Pod goes, then read the scheduler\'s own explanation.',
    'zh-CN': 'kube-scheduler 先过滤掉 Pod 无法运行的节点（资源、nodeSelector、亲和性、污点、主机端口），再给剩下的节点打分。先预测每个 Pod 的去向，再阅读调度器自己的解释。',
  },
  scenario: {
    version: 1,
    seed: 102,
    cluster: {
      nodes: [
        { name: 'control-plane', roles: ['control-plane'] },
        { name: 'worker-1', labels: { accelerator: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
        { name: 'worker-2', labels: { disktype: 'ssd' } },
      ],
    },
  },
  steps: [
    {
      title: { en: 'Taints repel Pods', 'zh-CN': '污点排斥 Pod' },
      text: {
        en: 'worker-1 carries the taint dedicated=gpu:NoSchedule and control-plane carries node-role.kubernetes.io/control-plane:NoSchedule. A Pod without tolerations is filtered out of both by the TaintToleration plugin.',
        'zh-CN': 'worker-1 带有污点 dedicated=gpu:NoSchedule，control-plane 带有 node-role.kubernetes.io/control-plane:NoSchedule。没有容忍度（toleration）的 Pod 会被 TaintToleration 插件从这两个节点中过滤掉。',
      },
      predict: { question: { en: 'Where will the Pod plain run?', 'zh-CN': 'Pod plain 会运行在哪里？' }, choices: workerChoices, answer: { type: 'pod-node', selector: 'app=plain' } },
      actions: [{ type: 'apply', manifests: pod('plain', '') }],
      check: { type: 'pods', name: 'plain', where: { node: 'worker-2' }, count: 1 },
      withinMs: 10_000,
    },
    {
      title: { en: 'Resources: requests must fit', 'zh-CN': '资源：请求必须放得下' },
      text: {
        en: 'Each worker has 4 CPUs. A Pod requesting 6 CPUs fits nowhere: NodeResourcesFit filters out every node. The Pod stays Pending, and the FailedScheduling Event counts the reasons per node.',
        'zh-CN': '每个工作节点有 4 个 CPU。请求 6 个 CPU 的 Pod 放不进任何节点：NodeResourcesFit 把所有节点都过滤掉。Pod 保持 Pending，FailedScheduling 事件按节点统计了原因。',
      },
      hint: { en: 'Open the Events tab: the FailedScheduling message counts the nodes per reason: how many had a taint the Pod does not tolerate, how many had Insufficient cpu.', 'zh-CN': '打开“事件”标签页：FailedScheduling 消息按原因统计节点数：有多少节点带有该 Pod 不容忍的污点，有多少节点 Insufficient cpu。' },
      predict: { question: { en: 'Where will the Pod big run?', 'zh-CN': 'Pod big 会运行在哪里？' }, choices: workerChoices, answer: { type: 'pod-node', selector: 'app=big' } },
      actions: [{ type: 'apply', manifests: pod('big', '', '6') }],
      check: {
        type: 'all',
        checks: [
          { type: 'pods', name: 'big', where: { reason: 'Unschedulable' }, count: 1 },
          { type: 'event', reason: 'FailedScheduling', objectName: 'big', messageContains: 'Insufficient cpu' },
        ],
      },
      withinMs: 10_000,
    },
    {
      title: { en: 'Tolerations and node affinity', 'zh-CN': '容忍度与节点亲和性' },
      text: {
        en: 'A toleration only allows a Pod onto a tainted node; it does not send it there. Node affinity does: this Pod tolerates dedicated=gpu and requires the label accelerator=gpu, which only worker-1 has.',
        'zh-CN': '容忍度只是允许 Pod 进入带污点的节点，并不会把它送到那里。节点亲和性才会：这个 Pod 容忍 dedicated=gpu，并且要求标签 accelerator=gpu，只有 worker-1 有这个标签。',
      },
      predict: { question: { en: 'Where will the Pod trainer run?', 'zh-CN': 'Pod trainer 会运行在哪里？' }, choices: workerChoices, answer: { type: 'pod-node', selector: 'app=trainer' } },
      actions: [{ type: 'apply', manifests: gpuPod }],
      check: { type: 'pods', name: 'trainer', where: { node: 'worker-1', phase: 'Running' }, count: 1 },
      withinMs: 20_000,
    },
    {
      title: { en: 'Host ports are a resource too', 'zh-CN': '主机端口也是一种资源' },
      text: {
        en: 'Two Pods select disktype=ssd (only worker-2) and both ask for hostPort 8080. The first one gets the port; for the second, NodePorts filters worker-2 out ("didn\'t have free ports"), and the nodeSelector rules out the others.',
        'zh-CN': '两个 Pod 都选择 disktype=ssd（只有 worker-2），并且都请求 hostPort 8080。第一个拿到端口；对于第二个，NodePorts 插件把 worker-2 过滤掉（"didn\'t have free ports"），而 nodeSelector 排除了其他节点。',
      },
      hint: { en: 'Only one process can listen on port 8080 of a machine: the NodePorts filter plugin checks the hostPorts already used by the Pods on the node.', 'zh-CN': '一台机器的 8080 端口只能有一个进程监听：NodePorts 过滤插件会检查节点上已有 Pod 占用的 hostPort。' },
      actions: [{ type: 'apply', manifests: hostPortPods }],
      check: {
        type: 'all',
        checks: [
          { type: 'pods', selector: 'app=proxy', where: { phase: 'Running', node: 'worker-2' }, count: 1, total: 2 },
          { type: 'pods', selector: 'app=proxy', where: { reason: 'Unschedulable' }, count: 1 },
          { type: 'event', reason: 'FailedScheduling', messageContains: 'free ports' },
        ],
      },
      withinMs: 20_000,
    },
    {
      title: { en: 'Make room, and the scheduler retries', 'zh-CN': '腾出空间，调度器会重试' },
      text: {
        en: 'Unschedulable Pods wait in the scheduler\'s unschedulable queue until a cluster event could make them fit. Deleting proxy-1 frees the host port: the scheduler moves proxy-2 back to the active queue and binds it to worker-2.',
        'zh-CN': '无法调度的 Pod 在调度器的不可调度队列中等待，直到某个集群事件可能让它们放得下。删除 proxy-1 会释放主机端口：调度器把 proxy-2 移回活动队列，并把它绑定到 worker-2。',
      },
      actions: [{ type: 'delete', apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'proxy-1' }],
      check: { type: 'pods', name: 'proxy-2', where: { phase: 'Running', node: 'worker-2' }, count: 1 },
      withinMs: 60_000,
    },
  ],
};
