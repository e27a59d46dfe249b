/** Lesson: namespaces and RBAC, with a forbidden request and why it was refused. */

const setup = `apiVersion: v1
kind: Namespace
metadata:
  name: dev
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: viewer
  namespace: dev
`;

function role(verbs: string[]): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: dev
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: [${verbs.map((v) => `"${v}"`).join(', ')}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: viewer-reads-pods
  namespace: dev
subjects:
- kind: ServiceAccount
  name: viewer
  namespace: dev
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
`;
}

const viewer = 'system:serviceaccount:dev:viewer';
const viewerGroups = ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'];
const newPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'made-by-viewer' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };

export default {
  version: 1,
  id: 'rbac',
  title: { en: 'Namespaces and RBAC', 'zh-CN': '命名空间与 RBAC' },
  summary: {
    en: 'Every request is authorized before anything else happens. Give a ServiceAccount a Role in one namespace, then act as it: see what it may do, what it may not, and the exact words of the 403.',
    'zh-CN': '每个请求在发生任何其他事情之前都要先通过授权。在一个命名空间中给某个 ServiceAccount 绑定一个 Role，然后以它的身份操作：看看它能做什么、不能做什么，以及 403 的原话。',
  },
  scenario: { version: 1, seed: 106, manifests: setup },
  steps: [
    {
      title: { en: 'A Role and a RoleBinding', 'zh-CN': 'Role 与 RoleBinding' },
      text: {
        en: 'A Role lists what may be done (get and list pods) in its namespace; a RoleBinding grants it to subjects (the ServiceAccount viewer). RBAC only adds permissions: there are no deny rules.',
        'zh-CN': 'Role 列出在其命名空间中允许做的事情（get 和 list pods）；RoleBinding 把它授予主体（ServiceAccount viewer）。RBAC 只会增加权限：没有拒绝规则。',
      },
      actions: [{ type: 'apply', manifests: role(['get', 'list']) }],
      check: { type: 'object', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace: 'dev', name: 'viewer-reads-pods' },
    },
    {
      title: { en: 'Allowed: list pods in dev', 'zh-CN': '允许：列出 dev 中的 Pod' },
      text: {
        en: 'Act as the ServiceAccount (kubectl get pods -n dev --as=system:serviceaccount:dev:viewer). The RBAC authorizer finds the RoleBinding, and the request goes on through admission to etcd.',
        'zh-CN': '以该 ServiceAccount 的身份操作（kubectl get pods -n dev --as=system:serviceaccount:dev:viewer）。RBAC 授权器找到这个 RoleBinding，请求继续经过准入控制到达 etcd。',
      },
      actions: [{ type: 'request-as', user: viewer, groups: viewerGroups, method: 'GET', path: '/api/v1/namespaces/dev/pods' }],
      check: { type: 'response', code: 200 },
    },
    {
      title: { en: 'Forbidden: create a Pod', 'zh-CN': '禁止：创建 Pod' },
      text: {
        en: 'Now try to create a Pod as viewer. No rule grants create, so the apiserver stops the request at authorization with 403 Forbidden: pods is forbidden: User "system:serviceaccount:dev:viewer" cannot create resource "pods" in API group "" in the namespace "dev". Nothing reaches admission or etcd.',
        'zh-CN': '现在以 viewer 的身份尝试创建 Pod。没有任何规则授予 create，因此 apiserver 在授权阶段以 403 Forbidden 拦下请求：pods is forbidden: User "system:serviceaccount:dev:viewer" cannot create resource "pods" in API group "" in the namespace "dev"。请求不会到达准入控制或 etcd。',
      },
      hint: { en: 'Open the Architecture view before pressing Do it: the request stops, red, at the RBAC stage.', 'zh-CN': '在点击“执行”之前打开“架构”视图：请求会停在 RBAC 阶段，显示为红色。' },
      actions: [{ type: 'request-as', user: viewer, groups: viewerGroups, method: 'POST', path: '/api/v1/namespaces/dev/pods', body: newPod }],
      check: { type: 'response', code: 403 },
    },
    {
      title: { en: 'Forbidden: another namespace', 'zh-CN': '禁止：其他命名空间' },
      text: {
        en: 'A Role is namespaced: the same list in the namespace default is refused, because no binding there names viewer. A ClusterRole bound with a ClusterRoleBinding would be needed to read every namespace.',
        'zh-CN': 'Role 是有命名空间范围的：在 default 命名空间中执行同样的 list 会被拒绝，因为那里没有任何绑定提到 viewer。要读取所有命名空间，需要用 ClusterRoleBinding 绑定一个 ClusterRole。',
      },
      actions: [{ type: 'request-as', user: viewer, groups: viewerGroups, method: 'GET', path: '/api/v1/namespaces/default/pods' }],
      check: { type: 'response', code: 403 },
    },
    {
      title: { en: 'Grant create, and try again', 'zh-CN': '授予 create 后再试一次' },
      text: {
        en: 'Add create to the Role and retry. The RBAC authorizer reads the Role fresh for every request, so the change takes effect at once: 201 Created.',
        'zh-CN': '给 Role 加上 create 然后重试。RBAC 授权器对每个请求都重新读取 Role，因此修改立即生效：201 Created。',
      },
      actions: [
        { type: 'apply', manifests: role(['get', 'list', 'create']) },
        { type: 'request-as', user: viewer, groups: viewerGroups, method: 'POST', path: '/api/v1/namespaces/dev/pods', body: newPod },
      ],
      check: { type: 'all', checks: [{ type: 'response', code: 201 }, { type: 'object', apiVersion: 'v1', kind: 'Pod', namespace: 'dev', name: 'made-by-viewer' }] },
    },
  ],
};
