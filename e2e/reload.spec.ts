import { expect, test, type Page } from '@playwright/test';

// Reloading the tab resumes the cluster, machines included: a running pod keeps its address and its
// container (same id, same start), and nothing is started again.
const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "nginx:1.27"}]
`;

/** What the inspector's live YAML says of a pod's machine-side state. */
async function machineState(page: Page, name: string): Promise<{ podIP: string; containerID: string; startedAt: string; restartCount: string }> {
  await page.getByRole('tab', { name: 'Objects' }).click();
  await page.getByTestId('objects-table').locator(`tr[data-kind="Pod"][data-name="${name}"]`).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-name', name);
  const yaml = page.getByTestId('inspector-yaml');
  await expect(yaml).toContainText('containerID: containerd://');
  const text = (await yaml.textContent()) ?? '';
  const field = (re: RegExp) => re.exec(text)?.[1] ?? '';
  return {
    podIP: field(/podIP: (\S+)/),
    containerID: field(/containerID: (containerd:\/\/[0-9a-f]{64})/),
    startedAt: field(/startedAt: "?([0-9TZ:-]+)/),
    restartCount: field(/restartCount: (\d+)/),
  };
}

test('reload: the pods keep their addresses and containers; nothing starts again', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await page.getByLabel('Speed').selectOption('8');
  await page.getByTestId('yaml-input').fill(manifests);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');
  const table = page.getByTestId('objects-table');
  await expect(table.locator('tr[data-kind="Pod"][data-name^="web-"][data-status="Running"]')).toHaveCount(2, { timeout: 30_000 });
  const name = (await table.locator('tr[data-kind="Pod"][data-name^="web-"]').first().getAttribute('data-name'))!;
  const before = await machineState(page, name);
  expect(before.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
  expect(before.containerID).not.toBe('');
  await page.getByRole('tab', { name: 'Events' }).click();
  const started = page.getByTestId('events-table').locator(`tr[data-reason="Started"][data-object="pod/${name}"]`);
  await expect(started).toHaveCount(1);
  // The kubelets and kube-proxies said they started once, at boot.
  const starting = page.getByTestId('events-table').locator('tr[data-reason="Starting"]');
  const startingBefore = await starting.count();
  expect(startingBefore).toBeGreaterThan(0);

  await page.reload();
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await expect(table.locator('tr[data-kind="Pod"][data-name^="web-"][data-status="Running"]')).toHaveCount(2, { timeout: 20_000 });
  // Let the resumed machines run a few virtual seconds: nothing of theirs may change.
  const clock = await page.getByTestId('clock').textContent();
  await expect(page.getByTestId('clock')).not.toHaveText(clock!, { timeout: 10_000 });
  const after = await machineState(page, name);
  expect(after).toEqual(before);
  await page.screenshot({ path: 'test-results/reload-inspector.png' });
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(started).toHaveCount(1);
  await expect(starting).toHaveCount(startingBefore);
});
