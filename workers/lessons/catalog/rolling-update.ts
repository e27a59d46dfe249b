/** Lesson: a rolling update step by step, a stuck rollout, and a rollback. */
import { webDeployment } from './manifests';

const strategy = `    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1`;

export default {
  version: 1,
  id: 'rolling-update',
  title: { en: 'Rolling update and rollback', 'zh-CN': '滚动更新与回滚' },
  summary: {
    en: 'Change a Deployment\'s image and watch the Deployment controller move Pods from the old ReplicaSet to a new one within maxSurge and maxUnavailable; then push a broken image, see the rollout stall safely, and roll back.',
    'zh-CN': '修改 Deployment 的镜像，观察 Deployment 控制器在 maxSurge 与 maxUnavailable 的限制内把 Pod 从旧 ReplicaSet 迁移到新 ReplicaSet；然后推送一个错误的镜像，看到滚动更新安全地停住，再回滚。',
  },
  scenario: { version: 1, seed: 104, manifests: webDeployment({ replicas: 4, strategy }) },
  steps: [
    {
      title: { en: 'Revision 1', 'zh-CN': '版本 1' },
      text: {
        en: 'web runs 4 replicas of nginx:1.27 with maxSurge 1 and maxUnavailable 1: during a rollout there may be at most 5 Pods, and at least 3 must be available.',
        'zh-CN': 'web 运行 4 个 nginx:1.27 副本，maxSurge 为 1，maxUnavailable 为 1：滚动更新期间最多可以有 5 个 Pod，并且至少要有 3 个可用。',
      },
      check: { type: 'pods', selector: 'app=web', where: { ready: true }, count: 4, total: 4 },
      withinMs: 60_000,
    },
    {
      title: { en: 'Update the image', 'zh-CN': '更新镜像' },
      text: {
        en: 'Apply nginx:1.28. The controller creates a second ReplicaSet (revision 2) and takes one step per sync: scale the new one up while the total stays within 4 + maxSurge, scale the old one down while at least 4 - maxUnavailable stay available. The old ReplicaSet is kept, scaled to 0, for rollbacks.',
        'zh-CN': '应用 nginx:1.28。控制器创建第二个 ReplicaSet（版本 2），每次同步只走一步：在总数不超过 4 + maxSurge 的前提下扩容新的，在至少保留 4 - maxUnavailable 个可用的前提下缩容旧的。旧 ReplicaSet 被保留并缩容到 0，以便回滚。',
      },
      actions: [{ type: 'apply', manifests: webDeployment({ replicas: 4, strategy, image: 'nginx:1.28' }) }],
      check: {
        type: 'all',
        checks: [
          { type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', field: 'status.updatedReplicas', equals: 4 },
          { type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', field: 'status.availableReplicas', equals: 4 },
          { type: 'pods', selector: 'app=web', where: { ready: true }, count: 4, total: 4 },
          { type: 'objects', apiVersion: 'apps/v1', kind: 'ReplicaSet', selector: 'app=web', count: 2 },
        ],
      },
      withinMs: 120_000,
    },
    {
      title: { en: 'A broken image', 'zh-CN': '错误的镜像' },
      text: {
        en: 'Apply the misspelt image ngnix:1.28. The new Pods fail with ErrImagePull, then ImagePullBackOff, and never become Ready. The rollout stops there: maxUnavailable 1 keeps 3 old Pods serving, and maxSurge 1 allows only 2 new ones.',
        'zh-CN': '应用拼错的镜像 ngnix:1.28。新的 Pod 因 ErrImagePull、随后 ImagePullBackOff 而失败，永远不会 Ready。滚动更新就停在这里：maxUnavailable 为 1，保证 3 个旧 Pod 继续服务；maxSurge 为 1，只允许 2 个新 Pod。',
      },
      hint: { en: 'The Deployment\'s Progressing condition turns False (ProgressDeadlineExceeded) after progressDeadlineSeconds (600 s), but the controller never scales the old ReplicaSet below 3.', 'zh-CN': '在 progressDeadlineSeconds（600 秒）之后，Deployment 的 Progressing 状况变为 False（ProgressDeadlineExceeded），但控制器永远不会把旧 ReplicaSet 缩到 3 个以下。' },
      actions: [{ type: 'apply', manifests: webDeployment({ replicas: 4, strategy, image: 'ngnix:1.28' }) }],
      check: {
        type: 'all',
        checks: [
          { type: 'pods', selector: 'app=web', where: { ready: true }, count: 3 },
          { type: 'pods', selector: 'app=web', where: { ready: false }, count: 2 },
          { type: 'event', reason: 'Failed', messageContains: 'ngnix' },
        ],
      },
      withinMs: 60_000,
    },
    {
      title: { en: 'Roll back', 'zh-CN': '回滚' },
      text: {
        en: 'Roll back by applying the last good image (kubectl rollout undo does the same from the old ReplicaSet\'s template). The ReplicaSet of nginx:1.28 is scaled up again, the broken one scaled to 0.',
        'zh-CN': '通过重新应用上一个正确的镜像来回滚（kubectl rollout undo 从旧 ReplicaSet 的模板做同样的事）。nginx:1.28 的 ReplicaSet 重新扩容，错误的那个缩容到 0。',
      },
      actions: [{ type: 'apply', manifests: webDeployment({ replicas: 4, strategy, image: 'nginx:1.28' }) }],
      check: {
        type: 'all',
        checks: [
          { type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', field: 'spec.template.spec.containers[0].image', equals: 'nginx:1.28' },
          { type: 'pods', selector: 'app=web', where: { ready: true }, count: 4, total: 4 },
          { type: 'object', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', field: 'status.updatedReplicas', equals: 4 },
        ],
      },
      withinMs: 120_000,
    },
  ],
};
