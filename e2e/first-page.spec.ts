import { expect, test } from '@playwright/test';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-e2e
  labels: {app: hello}
spec:
  replicas: 2
  selector:
    matchLabels: {app: hello}
  template:
    metadata:
      labels: {app: hello}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

async function freshPage(page: import('@playwright/test').Page) {
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
}

test('the page boots a cluster and lists its namespaces', async ({ page }) => {
  await freshPage(page);
  await page.getByLabel('Show system objects').check();
  const table = page.getByTestId('objects-table');
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    await expect(table.locator(`tr[data-kind="Namespace"][data-name="${ns}"]`)).toHaveCount(1);
  }
  // Virtual time runs at 1x: the clock moves.
  const first = await page.getByTestId('clock').textContent();
  await expect(page.getByTestId('clock')).not.toHaveText(first!, { timeout: 5000 });
  await page.screenshot({ path: 'test-results/first-page-boot.png' });
});

test('apply a Deployment, see it listed, reload, still listed with the same uid', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('yaml-input').fill(deployment);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/hello-e2e created');
  const row = page.locator('tr[data-kind="Deployment"][data-name="hello-e2e"]');
  await expect(row).toHaveCount(1);
  const uid = await row.getAttribute('data-uid');
  expect(uid).toMatch(/^[0-9a-f-]{36}$/);
  await page.screenshot({ path: 'test-results/first-page-applied.png' });

  // Applying the same manifest again changes nothing.
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/hello-e2e unchanged');

  await page.reload();
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  const again = page.locator('tr[data-kind="Deployment"][data-name="hello-e2e"]');
  await expect(again).toHaveCount(1);
  expect(await again.getAttribute('data-uid')).toBe(uid);
});

test('broken YAML is reported at its line and column and nothing is applied', async ({ page }) => {
  await freshPage(page);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.getByTestId('yaml-input').fill('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [1, 2\n');
  await page.getByTestId('apply').click();
  const results = page.getByTestId('apply-results');
  await expect(results).toContainText('line 5, column 1');
  await expect(results.locator('li.ok')).toHaveCount(0);
  // Nothing was applied: the ConfigMap never appears (an action lands on a whole virtual millisecond,
  // so the cluster's own Events of that instant may arrive meanwhile).
  await page.getByRole('tab', { name: 'Objects', exact: true }).last().click();
  await expect(page.getByTestId('objects-table').locator('tr[data-kind="Node"]')).toHaveCount(3);
  await page.waitForTimeout(600);
  await expect(page.getByTestId('objects-table').locator('tr[data-kind="ConfigMap"][data-name="x"]')).toHaveCount(0);
});

test('a server-side validation error names the field', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('yaml-input').fill(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad-selector
spec:
  selector:
    matchLabels: {app: one}
  template:
    metadata:
      labels: {app: two}
    spec:
      containers:
      - name: c
        image: nginx
`);
  await page.getByTestId('apply').click();
  const results = page.getByTestId('apply-results');
  await expect(results).toContainText('Error from server (Invalid)');
  await expect(results).toContainText('spec.template.metadata.labels');
  await expect(page.locator('tr[data-kind="Deployment"][data-name="bad-selector"]')).toHaveCount(0);
});
