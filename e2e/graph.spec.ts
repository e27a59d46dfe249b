import { expect, test, type Page } from '@playwright/test';

// The live graph: kubeadm's three nodes Ready, then a Deployment drawn as
// Deployment -> ReplicaSet -> Pods -> worker Nodes, with its pods turning Running.

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: "nginx:1.27"
        resources: {requests: {cpu: 250m, memory: 128Mi}}
`;

async function boot(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  const graph = page.getByTestId('cluster-graph');
  for (const node of ['control-plane', 'worker-1', 'worker-2']) {
    await expect(graph.locator(`.gcard.node[data-name="${node}"]`)).toHaveAttribute('data-status', 'Ready', { timeout: 20_000 });
  }
  return graph;
}

test('the graph shows the three nodes Ready, and kube-system one click away', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const graph = await boot(page);
  await page.waitForTimeout(400); // let the graph's fit-to-view animation settle
  // kube-system is hidden by default: no pods drawn yet.
  await expect(graph.locator('.gcard.pod')).toHaveCount(0);
  await expect(graph.locator('.gcard.node[data-name="control-plane"] .chip')).toContainText(['control-plane:NoSchedule']);
  await page.screenshot({ path: 'test-results/graph-boot-1280.png' });

  await page.getByLabel('Show system objects').check();
  await expect(graph.locator('.gcard.pod[data-name="etcd-control-plane"]')).toHaveAttribute('data-status', 'Running', { timeout: 20_000 });
  await expect(graph.locator('.gcard.workload[data-kind="DaemonSet"][data-name="kube-proxy"]')).toHaveCount(1);
  await expect(graph.locator('.gcard.workload[data-kind="Deployment"][data-name="coredns"]')).toHaveCount(1);
  await expect(graph.locator('.gcard.pod[data-name^="coredns-"][data-status="Running"]')).toHaveCount(2, { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/graph-kube-system-1280.png' });
});

test('a 3-replica Deployment is drawn Deployment -> ReplicaSet -> 3 Pods -> worker nodes', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const graph = await boot(page);
  await page.getByLabel('Speed').selectOption('4');
  await page.getByTestId('yaml-input').fill(web);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');

  const pods = graph.locator('.gcard.pod[data-name^="web-"]');
  await expect(pods).toHaveCount(3, { timeout: 20_000 });
  await expect(graph.locator('.gcard.replicaset[data-name^="web-"]')).toHaveAttribute('data-revision', '1');
  await expect(graph.locator('.gcard.pod[data-name^="web-"][data-status="Running"]')).toHaveCount(3, { timeout: 30_000 });
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-ready', '3/3', { timeout: 20_000 });
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-rollout', 'Complete');
  for (const node of await pods.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))) {
    expect(node).toMatch(/^worker-[12]$/);
  }
  // Deployment -> ReplicaSet, ReplicaSet -> each pod, each pod -> its node.
  await expect(graph.locator('.react-flow__edge.edge-owns')).toHaveCount(4);
  await expect(graph.locator('.react-flow__edge.edge-runs-on')).toHaveCount(3);
  // Requests show on the workers: 3 x 250m spread over worker-1 and worker-2.
  await expect(graph.locator('.gcard.node[data-name^="worker-"] .meter-value').first()).not.toHaveText(/^0 \//);
  await page.screenshot({ path: 'test-results/graph-deployment-1920.png' });

  await page.emulateMedia({ colorScheme: 'dark' });
  await graph.locator('.gcard.pod[data-name^="web-"]').first().click();
  await expect(graph.locator('.react-flow__edge.edge-highlight')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/graph-deployment-dark-1920.png' });
});

test('space toggles play and pause when not typing, "." steps when paused, and the object table is one tab away', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await boot(page);
  // Monaco loads into the YAML tab after boot and takes the focus when it mounts: let it settle first.
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  // Typing a space into the YAML editor does not pause the cluster.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  // Paused, "." steps: events run one by one, so the etcd revision moves on a few presses later.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const revision = page.locator('.topbar .revision');
  const before = await revision.textContent();
  await expect(async () => {
    await page.keyboard.press('.');
    expect(await revision.textContent()).not.toBe(before);
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.keyboard.press('Space');

  await page.getByRole('complementary', { name: 'Side panel' }).getByRole('tab', { name: 'Objects' }).click();
  await expect(page.getByTestId('objects-table')).toBeVisible();
  await expect(page.getByTestId('objects-table').locator('tr[data-kind="Node"]')).toHaveCount(3);
  await page.waitForTimeout(400); // let the graph's fit-to-view animation settle
  await page.screenshot({ path: 'test-results/graph-objects-tab-1280.png' });
});

test('hundreds of pods fold into per-node groups with counts by phase, expandable on click', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const graph = await boot(page);
  await page.getByLabel('Speed').selectOption('max');
  await page.getByTestId('yaml-input').fill(web.replace('name: web}', 'name: crowd}').replaceAll('app: web', 'app: crowd').replace('replicas: 3', 'replicas: 400'));
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/crowd created');
  await expect(graph).toHaveAttribute('data-aggregated', 'true', { timeout: 30_000 });
  // 4 cpu per worker at 250m each: 16 pods fit per worker (less what kube-system requests), the rest stay Pending.
  const groups = graph.locator('.gcard.podgroup');
  await expect(groups).toHaveCount(3, { timeout: 30_000 });
  await expect(graph.locator('.gcard.podgroup', { hasText: 'unscheduled' })).toContainText('Pending');
  const rendered = await page.locator('.react-flow__node, .react-flow__edge').count();
  expect(rendered).toBeLessThan(100);
  await page.screenshot({ path: 'test-results/graph-aggregated-1920.png' });

  const onWorker = graph.locator('.gcard.podgroup', { hasText: 'on worker-1' });
  const total = Number(await onWorker.getAttribute('data-total'));
  await onWorker.click();
  await expect(graph.locator('.gcard.pod[data-node="worker-1"][data-name^="crowd-"]')).toHaveCount(total);
  await page.getByRole('button', { name: /Regroup pods/ }).click();
  await expect(graph.locator('.gcard.pod[data-name^="crowd-"]')).toHaveCount(0);

  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByTestId('yaml-input')).toBeHidden();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/graph-presenting-1920.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('yaml-input')).toBeVisible();
});

test('failing pods stand out: image pull back-off and crash loop in red', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const graph = await boot(page);
  await page.getByLabel('Speed').selectOption('8');
  await page.getByTestId('yaml-input').fill(`apiVersion: apps/v1
kind: Deployment
metadata: {name: typo}
spec:
  replicas: 2
  selector: {matchLabels: {app: typo}}
  template:
    metadata: {labels: {app: typo}}
    spec:
      containers: [{name: web, image: "registry.invalid/web:1.0"}]
---
apiVersion: v1
kind: Pod
metadata: {name: crasher}
spec:
  containers: [{name: sh, image: busybox, command: [sh, -c, "exit 1"]}]
`);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('pod/crasher created');
  await expect(graph.locator('.gcard.pod.tone-error[data-name^="typo-"]')).toHaveCount(2, { timeout: 30_000 });
  await expect(graph.locator('.gcard.pod[data-name^="typo-"]').first()).toHaveAttribute('data-status', /^(ErrImagePull|ImagePullBackOff)$/);
  await expect(graph.locator('.gcard.pod[data-name="crasher"]')).toHaveAttribute('data-status', /^(Error|CrashLoopBackOff)$/, { timeout: 30_000 });
  await expect(graph.locator('.gcard.workload[data-name="typo"]')).toHaveAttribute('data-ready', '0/2');
  await page.screenshot({ path: 'test-results/graph-failing-dark-1280.png' });
});

test('the Services toggle draws a Service with edges to the ready pods it selects', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const graph = await boot(page);
  await page.getByLabel('Speed').selectOption('8');
  await page.getByTestId('yaml-input').fill(`${web}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
`);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('service/web created');
  await expect(graph.locator('.gcard.service')).toHaveCount(0);
  await page.getByLabel('Services').check();
  const svc = graph.locator('.gcard.service[data-name="web"]');
  await expect(svc).toHaveAttribute('data-endpoints', '3/3', { timeout: 30_000 });
  await expect(graph.locator('.react-flow__edge.edge-selects')).toHaveCount(3);
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/graph-services-1920.png' });
});
