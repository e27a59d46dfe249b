import { expect, test, type Page } from '@playwright/test';

// Actions a person takes on live objects and on the cluster: Edit a Deployment's YAML and apply it,
// rollout restart / undo / pause / resume from the Inspector, and the Cluster panel (add a node,
// stop and start kube-scheduler).

const web = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: "${image}"
        resources: {requests: {cpu: 50m, memory: 32Mi}}
`;

async function boot(page: Page) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  const graph = page.getByTestId('cluster-graph');
  for (const node of ['control-plane', 'worker-1', 'worker-2']) {
    await expect(graph.locator(`.gcard.node[data-name="${node}"]`)).toHaveAttribute('data-status', 'Ready', { timeout: 20_000 });
  }
  return graph;
}

async function applyText(page: Page, text: string, expected: string) {
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.getByTestId('yaml-input').fill(text);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText(expected);
}

async function inspectDeployment(page: Page) {
  await page.getByLabel('Cluster graph').locator('.gcard.workload[data-name="web"]').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-name', 'web');
}

test('Edit a Deployment from the Inspector: clean YAML in the editor, a new image applied, a new ReplicaSet in the graph', async ({ page }) => {
  const graph = await boot(page);
  await applyText(page, web('nginx:1.26'), 'deployment.apps/web created');
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-ready', '2/2', { timeout: 30_000 });
  await inspectDeployment(page);
  await page.getByTestId('edit-object').click();

  await expect(page.getByRole('tab', { name: 'YAML' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('editing')).toContainText('deployment.apps/web');
  const input = page.getByTestId('yaml-input');
  await expect(input).toHaveValue(/image: nginx:1\.26/);
  const text = await input.inputValue();
  expect(text).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n {2}name: web\n {2}namespace: default\n/);
  for (const noise of ['status:', 'resourceVersion', 'uid:', 'managedFields', 'creationTimestamp', 'generation:', 'last-applied-configuration', 'deployment.kubernetes.io/revision']) expect(text).not.toContain(noise);
  await expect(page.getByTestId('editor-status')).toContainText('Schema', { timeout: 30_000 });
  await expect(page.getByTestId('yaml-editor')).toContainText('nginx:1.26');
  await page.screenshot({ path: 'test-results/actions-edit-loaded.png' });

  await input.fill(text.replace('image: nginx:1.26', 'image: nginx:1.27'));
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web configured');
  await expect(graph.locator('.gcard.replicaset[data-revision="2"]')).toBeVisible({ timeout: 30_000 });
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-rollout', 'Complete', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/actions-edit-applied.png' });

  // The Objects table has Edit too: a Service's YAML replaces the text.
  await page.getByRole('tab', { name: 'Objects' }).click();
  await page.getByTestId('objects-table').locator('tr[data-kind="Service"][data-name="kubernetes"]').hover();
  await page.screenshot({ path: 'test-results/actions-objects-edit.png' });
  await page.getByTestId('objects-table').locator('tr[data-kind="Service"][data-name="kubernetes"] [data-testid="row-edit"]').click();
  await expect(page.getByTestId('editing')).toContainText('service/kubernetes');
  await expect(input).toHaveValue(/kind: Service/);
});

test('Deployment actions: restart, roll back to revision 1, pause (a new image and a scale do not roll out), resume', async ({ page }) => {
  const graph = await boot(page);
  await applyText(page, web('nginx:1.26'), 'deployment.apps/web created');
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-ready', '2/2', { timeout: 30_000 });
  await applyText(page, web('nginx:1.27'), 'deployment.apps/web configured');
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-rollout', 'Complete', { timeout: 30_000 });
  await inspectDeployment(page);
  const revisions = page.getByTestId('revisions').locator('tbody tr');
  await expect(revisions).toHaveCount(2);
  await expect(revisions.first()).toContainText('nginx=nginx:1.27');

  const actions = page.getByTestId('inspector-actions');
  await actions.getByRole('button', { name: 'Restart', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toHaveText('deployment.apps/web restarted');
  await expect(revisions).toHaveCount(3, { timeout: 30_000 });
  await expect(revisions.first()).toHaveAttribute('data-revision', '3');
  await expect(page.getByTestId('inspector-yaml')).toContainText('kubectl.kubernetes.io/restartedAt');
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-rollout', 'Complete', { timeout: 30_000 });

  await page.getByTestId('revisions').locator('tr[data-revision="1"]').getByRole('button', { name: 'Roll back' }).click();
  await expect(page.getByTestId('rollback-outcome')).toHaveText('deployment.apps/web rolled back');
  await expect(revisions.first()).toHaveAttribute('data-revision', '4', { timeout: 30_000 });
  await expect(revisions.first()).toContainText('nginx=nginx:1.26');
  await expect(revisions.first()).toHaveClass(/current/);
  await expect(page.getByTestId('inspector-yaml')).toContainText('image: nginx:1.26');
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-rollout', 'Complete', { timeout: 30_000 });
  // The card can say Complete from the Deployment as it was just before the undo reached the page:
  // pausing then would freeze the rollout half way (and a scale would go to both ReplicaSets). The
  // rollback is done when revision 4 runs both pods and revision 3 none.
  await expect(revisions.first()).toContainText('2/2', { timeout: 30_000 });
  await expect(page.getByTestId('revisions').locator('tr[data-revision="3"]')).toContainText('0/0', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/actions-rolled-back.png' });

  await actions.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toHaveText('deployment.apps/web paused');
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-rollout', 'Paused');
  const replicaSetCards = graph.locator('.gcard.replicaset');
  const before = await replicaSetCards.count();
  await applyText(page, web('nginx:1.28'), 'deployment.apps/web configured');
  await inspectDeployment(page);
  await actions.getByRole('button', { name: 'Scale to 3', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toHaveText('deployment.apps/web scaled');
  await expect(graph.locator('.gcard.workload[data-name="web"]')).toHaveAttribute('data-ready', '3/3', { timeout: 30_000 });
  await expect(revisions.first()).toHaveAttribute('data-revision', '4');
  await expect(revisions.first()).toContainText('3/3');
  await expect(replicaSetCards).toHaveCount(before);

  await actions.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toHaveText('deployment.apps/web resumed');
  await expect(revisions.first()).toHaveAttribute('data-revision', '5', { timeout: 30_000 });
  await expect(revisions.first()).toContainText('nginx=nginx:1.28');
});

test('Cluster panel: a tainted node joins and turns Ready; with kube-scheduler stopped a new pod stays Pending until it starts', async ({ page }) => {
  const graph = await boot(page);
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const panel = page.getByTestId('cluster-panel');
  await expect(panel.locator('tr[data-component="kube-scheduler"]')).toHaveAttribute('data-state', 'running');

  const form = page.getByTestId('add-node');
  await form.locator('[data-field="name"]').fill('gpu-1');
  await form.locator('[data-field="cpu"]').fill('8');
  await form.locator('[data-field="memory"]').fill('16Gi');
  await form.locator('[data-field="pods"]').fill('50');
  await form.locator('[data-field="labels"]').fill('accelerator=nvidia');
  await form.locator('[data-field="taints"]').fill('dedicated=gpu:Sometimes');
  await form.getByRole('button', { name: 'Join node' }).click();
  await expect(form.locator('.node-field.invalid')).toHaveCount(1);
  await expect(form.locator('.node-field.invalid')).toContainText('taints[0].effect: Unsupported value: "Sometimes"');
  await page.screenshot({ path: 'test-results/actions-cluster-invalid.png' });

  await form.locator('[data-field="taints"]').fill('dedicated=gpu:NoSchedule');
  await form.getByRole('button', { name: 'Join node' }).click();
  await expect(page.getByTestId('add-node-outcome')).toHaveText('node/gpu-1 joined');
  await expect(form.locator('.node-field.invalid')).toHaveCount(0);
  await expect(graph.locator('.gcard.node[data-name="gpu-1"]')).toHaveAttribute('data-status', 'Ready', { timeout: 30_000 });
  await expect(panel.getByTestId('cluster-nodes').locator('tr[data-name="gpu-1"]')).toHaveAttribute('data-status', 'Ready');
  await expect(graph.locator('.gcard.node[data-name="gpu-1"]')).toContainText('dedicated');

  await panel.locator('tr[data-component="kube-scheduler"]').getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('control-plane-outcome')).toHaveText('kube-scheduler stopped');
  await expect(panel.locator('tr[data-component="kube-scheduler"]')).toHaveAttribute('data-state', 'stopped');
  await page.screenshot({ path: 'test-results/actions-cluster-panel.png' });

  await applyText(page, 'apiVersion: v1\nkind: Pod\nmetadata: {name: waiter}\nspec:\n  containers: [{name: app, image: "nginx:1.27"}]\n', 'pod/waiter created');
  const waiter = graph.locator('.gcard.pod[data-name="waiter"]');
  await expect(waiter).toHaveAttribute('data-status', 'Pending');
  // Ten virtual seconds later it is still Pending, on no node.
  const clock = page.getByTestId('clock');
  const start = await clock.textContent();
  await expect.poll(async () => secondsBetween(start ?? '', (await clock.textContent()) ?? ''), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
  await expect(waiter).toHaveAttribute('data-status', 'Pending');
  await expect(waiter).not.toHaveAttribute('data-node', /.+/);

  await page.getByRole('tab', { name: 'Inspector' }).click();
  await panel.locator('tr[data-component="kube-scheduler"]').getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('control-plane-outcome')).toHaveText('kube-scheduler started');
  await expect(panel.locator('tr[data-component="kube-scheduler"]')).toHaveAttribute('data-state', 'running');
  await expect(waiter).toHaveAttribute('data-node', /^worker-[12]$/, { timeout: 30_000 });
  await expect(waiter).toHaveAttribute('data-status', 'Running', { timeout: 30_000 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/actions-cluster-panel-dark.png' });
});

function secondsBetween(a: string, b: string): number {
  const secs = (t: string) => t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  return secs(b) - secs(a);
}
