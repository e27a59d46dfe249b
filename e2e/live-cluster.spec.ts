import { expect, test } from '@playwright/test';

// The whole cluster runs in the page's workers: kubeadm's nodes and kube-system pods come up, and
// an applied Deployment's pods are scheduled onto the workers and turn Running.
test('nodes are Ready and an applied Deployment runs', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await page.getByLabel('Show system objects').check();
  const table = page.getByTestId('objects-table');
  for (const node of ['control-plane', 'worker-1', 'worker-2']) {
    await expect(table.locator(`tr[data-kind="Node"][data-name="${node}"]`)).toHaveAttribute('data-status', 'Ready', { timeout: 20_000 });
  }
  await expect(table.locator('tr[data-kind="Pod"][data-name="etcd-control-plane"]')).toHaveAttribute('data-status', 'Running', { timeout: 20_000 });
  await expect(table.locator('tr[data-kind="Pod"][data-name^="coredns-"][data-status="Running"]')).toHaveCount(2, { timeout: 30_000 });

  await page.getByLabel('Speed').selectOption('8');
  await page.getByTestId('yaml-input').fill(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');
  await expect(table.locator('tr[data-kind="Pod"][data-name^="web-"][data-status="Running"]')).toHaveCount(3, { timeout: 30_000 });
  await expect(table.locator('tr[data-kind="Deployment"][data-name="web"]')).toHaveAttribute('data-status', '3/3 ready');
  await page.screenshot({ path: 'test-results/live-cluster.png', fullPage: true });
});
