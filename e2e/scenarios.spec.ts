import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

/** `npm run sim` on a share link: the pods of the default namespace at the end, as `name@node`, from the history it writes. */
function simPlacements(link: string, historyFile: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('npx', ['tsx', 'workers/simcli/cli.ts', link, '--until', '2m', '--node-workers', '1', '--history', historyFile], { timeout: 120_000 }, (err, _out, stderr) => {
      if (err) return reject(new Error(`npm run sim failed: ${stderr}`));
      const pods = new Map<string, string>();
      for (const line of readFileSync(historyFile, 'utf8').split('\n')) {
        const m = /^\d+ (ADDED|MODIFIED|DELETED) \/registry\/pods\/default\/(\S+) (.*)$/.exec(line);
        if (!m) continue;
        if (m[1] === 'DELETED') pods.delete(m[2]);
        else pods.set(m[2], (JSON.parse(m[3]) as { spec: { nodeName?: string } }).spec.nodeName ?? '');
      }
      resolve([...pods].map(([name, node]) => `${name}@${node}`).sort());
    });
  });
}

async function freshPage(page: Page) {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
}

/** The pods of the default namespace as the graph draws them: `name@node`, sorted. */
async function placements(page: Page): Promise<string[]> {
  const cards = page.getByLabel('Cluster graph').locator('.gcard.pod');
  const list = await cards.evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.name}@${(e as HTMLElement).dataset.node ?? ''}`));
  return list.sort();
}

async function openMenu(page: Page) {
  await page.getByTestId('scenarios-button').click();
  await expect(page.getByTestId('scenario-menu')).toBeVisible();
}

async function loadBuiltin(page: Page, id: string) {
  await openMenu(page);
  await page.locator(`[data-scenario="${id}"]`).click();
  await expect(page.getByTestId('scenarios-button')).toHaveText(/Scenarios/, { timeout: 20_000 });
}

async function applyYaml(page: Page, yaml: string, expected: string) {
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.getByTestId('yaml-input').fill(yaml);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText(expected);
}

const runningPods = (page: Page) => page.getByLabel('Cluster graph').locator('.gcard.pod[data-status="Running"]');

const EXTRA = `apiVersion: apps/v1
kind: Deployment
metadata: {name: extra}
spec:
  replicas: 2
  selector: {matchLabels: {app: extra}}
  template:
    metadata: {labels: {app: extra}}
    spec:
      containers: [{name: redis, image: "redis:7"}]
`;

/** A share link of raw bytes, deflated as a real one is (or not at all). */
function link(json: string, deflate = true): string {
  const bytes = deflate ? deflateRawSync(Buffer.from(json)) : Buffer.from(json);
  return `#s=${bytes.toString('base64url')}`;
}

/** Opens a node in the inspector: a scenario's pods are still arriving and the graph may move the card under the click. */
async function inspectNode(page: Page, name: string): Promise<void> {
  await expect(async () => {
    await page.getByLabel('Cluster graph').locator(`.gcard.node[data-name="${name}"]`).click();
    await expect(page.getByTestId('inspector')).toHaveAttribute('data-name', name, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

test('a built-in scenario from the menu: title and explanation per lesson, its objects appear', async ({ page }) => {
  await freshPage(page);
  await openMenu(page);
  const items = page.getByTestId('scenario-menu').locator('[data-scenario]');
  await expect(items).toHaveCount(8);
  await expect(items.first()).toContainText('Hello nginx');
  await expect(page.locator('[data-scenario="taints-tolerations-and-node-affinity"]')).toContainText('gpu-1 is tainted');
  await expect(page.getByTestId('scenario-current')).toContainText('Default cluster');
  await page.screenshot({ path: 'test-results/scenarios-menu.png' });
  await page.locator('[data-scenario="pod-that-does-not-fit"]').click();

  const graph = page.getByLabel('Cluster graph');
  await expect(graph.locator('.gcard[data-kind="Deployment"][data-name="big"]')).toBeVisible({ timeout: 20_000 });
  await expect(graph.locator('.gcard.pod[data-name="huge"]')).toHaveAttribute('data-status', 'Pending', { timeout: 20_000 });
  await expect(graph.locator('.gcard.pod[data-name^="big-"][data-status="Running"]')).toHaveCount(4, { timeout: 30_000 });
  await openMenu(page);
  await expect(page.getByTestId('scenario-current')).toContainText('Pod that does not fit');
  await page.keyboard.press('Escape');

  // The smallest screen and the dark theme: the top bar still holds everything, the menu fits.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByTestId('reset-button')).toBeInViewport();
  await openMenu(page);
  await expect(page.getByTestId('import-button')).toBeInViewport();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/scenarios-menu-dark-1280.png' });
});

test('Share: a fresh browser, and npm run sim, replay the scenario and what was done to the same pods on the same nodes', async ({ page, browser }, info) => {
  await freshPage(page);
  await loadBuiltin(page, 'hello-nginx');
  await page.getByLabel('Speed').selectOption('8');
  await expect(runningPods(page)).toHaveCount(3, { timeout: 30_000 });

  // Applies, a delete from the editor, a scale and a fault, each recorded with its virtual time.
  await applyYaml(page, 'apiVersion: v1\nkind: Pod\nmetadata: {name: temp}\nspec: {containers: [{name: a, image: "nginx:1.27"}]}\n', 'pod/temp created');
  const graph = page.getByLabel('Cluster graph');
  await expect(graph.locator('.gcard.pod[data-name="temp"]')).toBeVisible();
  await page.getByTestId('delete').click();
  await expect(page.getByTestId('apply-results')).toContainText('pod "temp" deleted');
  await applyYaml(page, EXTRA, 'deployment.apps/extra created');
  await graph.locator('.gcard[data-kind="Deployment"][data-name="nginx"]').click();
  await page.getByTestId('inspector-actions').getByRole('button', { name: 'Scale to 4' }).click();
  await expect(page.getByTestId('action-outcome')).toContainText('scaled');
  await graph.locator('.gcard.node[data-name="worker-2"]').click();
  await page.getByTestId('inspector-actions').getByRole('button', { name: 'Cordon', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toContainText('cordoned');
  await expect(runningPods(page)).toHaveCount(6, { timeout: 30_000 });
  await expect(graph.locator('.gcard.pod[data-name="temp"]')).toHaveCount(0, { timeout: 30_000 });
  const before = await placements(page);
  expect(before.filter((p) => p.startsWith('extra-'))).toHaveLength(2);

  // Loading another scenario asks first, since there are recorded actions; declining keeps everything.
  page.once('dialog', (d) => {
    expect(d.message()).toContain('The 5 actions you did in this cluster will be lost');
    void d.dismiss();
  });
  await loadBuiltin(page, 'scale-up-and-down');
  await expect(runningPods(page)).toHaveCount(6);

  await page.getByTestId('share-button').click();
  const popover = page.getByTestId('share-popover');
  await expect(popover).toBeVisible();
  await expect(page.getByTestId('share-status')).not.toHaveText('Copying…');
  const url = await page.getByTestId('share-link').inputValue();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#s=[A-Za-z0-9_-]+$/);
  await page.screenshot({ path: 'test-results/scenarios-share.png' });

  // A new context has an empty IndexedDB: the link alone rebuilds the cluster.
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  expect(other.url()).not.toContain('#s=');
  await other.getByLabel('Speed').selectOption('max');
  await expect.poll(() => placements(other), { timeout: 45_000 }).toEqual(before);
  await expect(other.getByLabel('Cluster graph').locator('.gcard.node[data-name="worker-2"]')).toHaveAttribute('data-status', /SchedulingDisabled/);
  await other.getByTestId('scenarios-button').click();
  await expect(other.getByTestId('scenario-current')).toContainText('Hello nginx');
  await other.screenshot({ path: 'test-results/scenarios-replayed.png' });
  await context.close();

  // The headless runner plays the link to the same pods on the same nodes.
  expect(await simPlacements(url, info.outputPath('history.log'))).toEqual(before);
});

test('Export and Import: a scenario file round trip; a broken file opens the banner', async ({ page }, info) => {
  await freshPage(page);
  await loadBuiltin(page, 'pod-that-does-not-fit');
  await expect(page.getByLabel('Cluster graph').locator('.gcard.pod[data-name="huge"]')).toBeVisible({ timeout: 20_000 });
  await inspectNode(page, 'worker-1');
  await page.getByTestId('inspector-actions').getByRole('button', { name: 'Cordon', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toContainText('cordoned');

  await openMenu(page);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-button').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('kubesim-pod-that-does-not-fit.json');
  const path = info.outputPath('exported.json');
  await file.saveAs(path);
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  expect(exported).toMatchObject({ version: 1, title: 'Pod that does not fit', seed: 5 });
  expect(exported.script.map((s: { action: { type: string } }) => s.action.type)).toEqual(['cordon', 'add-node']);

  // Reset: a fresh default cluster without the scenario's objects.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('reset-button').click();
  await expect(page.getByLabel('Cluster graph').locator('.gcard.pod[data-name="huge"]')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByLabel('Cluster graph').locator('.gcard.node[data-name="worker-2"]')).toBeVisible({ timeout: 20_000 });

  await openMenu(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooser).setFiles(path);
  await expect(page.getByLabel('Cluster graph').locator('.gcard.pod[data-name="huge"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel('Cluster graph').locator('.gcard.node[data-name="worker-1"]')).toHaveAttribute('data-status', /SchedulingDisabled/, { timeout: 20_000 });

  const broken = info.outputPath('broken.json');
  writeFileSync(broken, '{\n  "version": 1,\n  "seed": 1,\n  "title": "oops",\n}\n');
  await openMenu(page);
  const again = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await again).setFiles(broken);
  const banner = page.getByTestId('scenario-banner');
  await expect(banner).toHaveAttribute('data-reason', 'BadJSON');
  await expect(banner).toContainText('The file "broken.json" could not be imported');
  await expect(banner).toContainText('line 5');
  await expect(page.getByLabel('Cluster graph').locator('.gcard.pod[data-name="huge"]')).toBeVisible();
});

test('hostile links open the banner and leave the cluster as it was; nothing from a link is HTML', async ({ page }) => {
  await freshPage(page);
  await applyYaml(page, EXTRA, 'deployment.apps/extra created');
  const graph = page.getByLabel('Cluster graph');
  await expect(graph.locator('.gcard[data-kind="Deployment"][data-name="extra"]')).toBeVisible();
  const dialogs: string[] = [];
  // The recorded apply makes a valid link ask first; a hostile one must never get that far.
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
  const hostile: [string, string, string][] = [
    ['#s=@@not*base64!!', 'BadBase64', ''],
    [`#s=${Buffer.from('plain text, not deflate').toString('base64url')}`, 'BadCompression', ''],
    [link(' '.repeat((1 << 20) + 100)), 'TooLarge', 'more than 1048576 bytes'],
    [link('{"version": 1,\n  "seed": '), 'BadJSON', 'line 2'],
    [link('{"version": 1, "seed": 1, "__proto__": {"polluted": true}}'), 'ForbiddenKey', '__proto__'],
    [link(JSON.stringify({ version: 1, seed: 1, manifests: bomb })), 'BadYAML', 'manifests'],
    [link(JSON.stringify({ version: 1, seed: 1, manifests: 'apiVersion: v1\nkind: [unclosed\n' })), 'BadYAML', 'line 3, column 1'],
    [link(JSON.stringify({ version: 1, seed: 1, script: [{ at: 0, action: { type: 'cordon', node: '<script>alert(1)</script>' } }] })), 'Invalid', '<script>alert(1)</script>'],
  ];
  const banner = page.getByTestId('scenario-banner');
  for (const [hash, reason, text] of hostile) {
    await page.goto(`./${hash}`);
    await expect(banner).toHaveAttribute('data-reason', reason);
    await expect(banner).toContainText('This share link could not be opened. Your cluster was left as it was.');
    if (text) await expect(banner).toContainText(text);
    expect(page.url()).not.toContain('#s=');
    await expect(graph.locator('.gcard[data-kind="Deployment"][data-name="extra"]')).toBeVisible();
    if (reason === 'Invalid') {
      await page.screenshot({ path: 'test-results/scenarios-banner.png' });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.waitForTimeout(300);
      await page.screenshot({ path: 'test-results/scenarios-banner-dark.png' });
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await banner.getByRole('button', { name: 'Dismiss' }).click();
  }
  await expect(banner.locator('script, img')).toHaveCount(0);
  expect(dialogs).toEqual([]);

  // Opened with a broken link, a reloaded page restores its own cluster and says why.
  await page.goto(`./${link('{"version": 2, "seed": 1}')}`);
  await expect(banner).toHaveAttribute('data-reason', 'Invalid');
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await page.evaluate((h) => history.replaceState(null, '', h), link('{"version": 1, "seed": 1, "constructor": 1}'));
  await page.reload();
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await expect(banner).toHaveAttribute('data-reason', 'ForbiddenKey');
  await expect(banner).toContainText('constructor');
  expect(page.url()).not.toContain('#s=');
  await expect(graph.locator('.gcard[data-kind="Deployment"][data-name="extra"]')).toBeVisible({ timeout: 20_000 });

  // A valid link whose title is markup: shown as the literal text, never run.
  page.removeAllListeners('dialog');
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
  // Its manifests: a pod named with markup (the API refuses it: the banner says so, as text), one annotated with markup.
  const manifests = [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: "<script>alert(1)</script>"}\nspec: {containers: [{name: a, image: nginx}]}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: note, annotations: {note: "<img src=x onerror=alert(2)>"}}\nspec: {containers: [{name: a, image: nginx}]}\n',
  ].join('---\n');
  await page.goto(`./${link(JSON.stringify({ version: 1, seed: 9, title: '<img src=x onerror=alert(1)>', manifests }))}`);
  await expect(graph.locator('.gcard[data-kind="Deployment"][data-name="extra"]')).toHaveCount(0, { timeout: 20_000 });
  await expect(banner).toHaveAttribute('data-reason', 'StepFailed');
  await expect(banner).toContainText('The scenario was loaded, but some of its steps failed.');
  await expect(banner).toContainText('at 0s: Error from server (Invalid): error when creating "STDIN": Pod "<script>alert(1)</script>" is invalid');
  await expect(banner.locator('script, img')).toHaveCount(0);
  await graph.locator('.gcard.pod[data-name="note"]').click();
  await expect(page.getByTestId('inspector-yaml')).toContainText('note: <img src=x onerror=alert(2)>');
  await openMenu(page);
  await expect(page.getByTestId('scenario-current')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([expect.stringContaining('Open the scenario of this link?')]);
});

test('reload keeps the scenario and its recorded actions; a second tab can take the cluster over and back', async ({ page, context }) => {
  await freshPage(page);
  await loadBuiltin(page, 'hello-nginx');
  await inspectNode(page, 'worker-1');
  await page.getByTestId('inspector-actions').getByRole('button', { name: 'Cordon', exact: true }).click();
  await expect(page.getByTestId('action-outcome')).toContainText('cordoned');
  await page.reload();
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await openMenu(page);
  await expect(page.getByTestId('scenario-current')).toHaveText('Now: Hello nginx · 1 recorded action');
  await page.keyboard.press('Escape');

  // The same cluster in a second tab: refused, then taken over; the first tab says so and can take it back.
  const second = await context.newPage();
  await second.setViewportSize({ width: 1600, height: 1000 });
  await second.goto('./');
  await expect(second.locator('.banner[role="alert"]')).toContainText('running in another tab');
  await second.getByRole('button', { name: 'Take over here' }).click();
  await expect(second.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await expect(second.getByLabel('Cluster graph').locator('.gcard[data-kind="Deployment"][data-name="nginx"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.banner[role="alert"]')).toContainText('Another tab took this cluster over');
  await expect(page.getByTestId('cluster-status')).toHaveText('Running in another tab');
  await page.getByRole('button', { name: 'Take over here' }).click();
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await expect(page.getByLabel('Cluster graph').locator('.gcard.node[data-name="worker-1"]')).toHaveAttribute('data-status', /SchedulingDisabled/, { timeout: 20_000 });
  await expect(second.getByTestId('cluster-status')).toHaveText('Running in another tab');
  await second.close();
});
