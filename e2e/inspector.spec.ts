import { expect, test } from '@playwright/test';

const bigPod = `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "64"
`;

async function freshPage(page: import('@playwright/test').Page) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
}

test('a pod that does not fit: the inspector explains why per node and plugin, the Events tab lists FailedScheduling', async ({ page }) => {
  await freshPage(page);
  const nodes = page.getByTestId('objects-table').locator('tr[data-kind="Node"]');
  for (const worker of ['worker-1', 'worker-2']) await expect(nodes.and(page.locator(`[data-name="${worker}"]`))).toHaveAttribute('data-status', 'Ready', { timeout: 20_000 });
  await page.getByTestId('yaml-input').fill(bigPod);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('pod/big created');

  // Selecting the pod's card in the graph opens it in the Inspector.
  await page.getByLabel('Cluster graph').locator('.gcard.pod[data-name="big"]').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-name', 'big');
  const table = page.getByTestId('scheduling-table');
  for (const worker of ['worker-1', 'worker-2']) {
    await expect(table.locator(`tr[data-plugin="NodeResourcesFit"] td[data-node="${worker}"]`)).toContainText('Insufficient cpu', { timeout: 20_000 });
  }
  await expect(table.locator('tr[data-plugin="TaintToleration"] td[data-node="control-plane"]')).toHaveAttribute('data-state', 'fail');
  await expect(table.locator('tr[data-plugin="TaintToleration"] td[data-node="control-plane"]')).toContainText('untolerated taint');
  await expect(page.getByTestId('scheduling-result')).toContainText('0/3 nodes are available');
  await expect(page.getByTestId('inspector-conditions')).toContainText('Unschedulable');
  await expect(page.getByTestId('inspector-yaml')).toContainText('cpu: "64"');
  await page.screenshot({ path: 'test-results/inspector-pending-pod.png' });

  await page.getByRole('tab', { name: 'Events' }).click();
  const failed = page.getByTestId('events-table').locator('tr[data-reason="FailedScheduling"][data-object="pod/big"]');
  await expect(failed.first()).toBeVisible();
  await page.getByLabel('Event type').selectOption('Warning');
  await expect(page.getByTestId('events-table').locator('tr[data-type="Normal"]')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/inspector-events-tab.png' });
  await failed.click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  await expect(inspector).toHaveAttribute('data-name', 'big');
});

test('cordon a node from the inspector: it turns SchedulingDisabled; its kube-proxy rules unfold', async ({ page }) => {
  await freshPage(page);
  await page.getByLabel('Cluster graph').locator('.gcard.node[data-name="worker-2"]').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-name', 'worker-2');
  await expect(page.getByTestId('inspector-status')).toHaveText('Ready', { timeout: 20_000 });
  await page.getByTestId('inspector-actions').getByRole('button', { name: 'Cordon', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toContainText('cordoned');
  await expect(page.getByTestId('inspector-status')).toHaveText('Ready,SchedulingDisabled');
  await expect(page.getByTestId('objects-table').locator('tr[data-kind="Node"][data-name="worker-2"]')).toHaveAttribute('data-status', 'Ready,SchedulingDisabled');
  await page.getByText('kube-proxy rules (iptables-save)').click();
  await expect(page.getByTestId('node-rules')).toContainText('KUBE-SERVICES');
  await page.screenshot({ path: 'test-results/inspector-node-cordoned.png' });

  // A scheduled pod: every node's score per plugin and the final score (kube-system is one checkbox away).
  await page.getByLabel('Show system objects').check();
  await page.getByRole('tab', { name: 'Objects' }).click();
  await page.getByTestId('objects-table').locator('tr[data-kind="Pod"][data-name^="coredns-"]').first().click();
  await expect(page.getByTestId('scheduling-result')).toContainText('Scheduled on');
  await expect(page.getByTestId('scheduling-table').locator('tr[data-phase="score"]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/inspector-scheduled-pod.png' });
});
