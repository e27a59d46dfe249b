import { expect, test, type Page } from '@playwright/test';

const MONACO_CHUNK = /monaco-setup-[^/]*\.js|yaml\.worker|editor\.worker/;

async function openEditor(page: Page, path = './') {
  await page.goto(path);
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('editor-status')).toContainText('Schema ·', { timeout: 20_000 });
}

/** The editor line numbers that carry a marker of `kind` (squiggly-error, squiggly-warning...). */
async function markedLines(page: Page, kind: string): Promise<number[]> {
  return page.evaluate((cls) => {
    const tops = new Set([...document.querySelectorAll(`.monaco-editor .view-overlays .${cls}`)].map((el) => (el.parentElement as HTMLElement).style.top));
    return [...document.querySelectorAll<HTMLElement>('.monaco-editor .margin-view-overlays > div')]
      .filter((el) => tops.has(el.style.top))
      .map((el) => Number(el.querySelector('.line-numbers')?.textContent))
      .sort((a, b) => a - b);
  }, kind);
}

async function clearEditor(page: Page) {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
}

test('Monaco is not in the first load: its chunk is fetched only when the YAML tab opens', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto('./?tab=objects');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await expect(page.getByTestId('objects-table').locator('tr[data-kind="Node"]')).toHaveCount(3);
  await page.waitForTimeout(1500);
  expect(requested.filter((u) => MONACO_CHUNK.test(u))).toEqual([]);

  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  expect(requested.some((u) => /monaco-setup-[^/]*\.js/.test(u))).toBe(true);
  await expect(page.getByTestId('editor-status')).toContainText(/Schema · \d+ kinds/, { timeout: 20_000 });
});

test('typing a manifest and Ctrl+Enter applies it; an inserted example applies beside it', async ({ page }) => {
  await openEditor(page);
  await clearEditor(page);
  // Typed, not pasted: spaces must survive (editContext off) and the YAML mode must not re-indent flat keys.
  // The schema's completion list opens asynchronously while typing; Enter accepts it when it is open. So
  // each line ends with Escape + Enter, repeated until the new line really began (the list may open late).
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: typed}', 'data: {greeting: hello world}'];
  const input = page.getByTestId('yaml-input');
  for (const [i, line] of lines.entries()) {
    await page.keyboard.type(line);
    const typed = lines.slice(0, i + 1).join('\n');
    await expect(input).toHaveValue(typed);
    if (i === lines.length - 1) break;
    await expect(async () => {
      if ((await input.inputValue()) === typed) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Enter');
      }
      expect(await input.inputValue()).toBe(`${typed}\n`);
    }).toPass({ timeout: 5_000 });
  }
  await expect(page.getByTestId('yaml-input')).toHaveValue('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typed}\ndata: {greeting: hello world}');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('apply-results')).toContainText('configmap/typed created');

  await page.getByTestId('examples-button').click();
  await expect(page.getByRole('menu', { name: 'Example manifests' })).toBeVisible();
  await page.screenshot({ path: 'test-results/editor-examples-menu.png' });
  await page.getByRole('menuitem', { name: /Service/ }).click();
  await expect(page.getByTestId('yaml-input')).toHaveValue(/data: \{greeting: hello world\}\n---\napiVersion: v1\nkind: Service/);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('configmap/typed unchanged');
  await expect(page.getByTestId('apply-results')).toContainText('service/web created');

  await page.getByTestId('dry-run').click();
  await expect(page.getByTestId('apply-results')).toContainText('service/web unchanged (server dry run)');
  await page.getByTestId('delete').click();
  await expect(page.getByTestId('apply-results')).toContainText('configmap "typed" deleted');
  await expect(page.getByTestId('apply-results')).toContainText('service "web" deleted');
});

test('the schema completes, documents and checks fields', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('yaml-input').fill('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicass: 3\n');
  await expect.poll(() => markedLines(page, 'squiggly-warning'), { timeout: 15_000 }).toContain(6);
  // Completion: type a prefix under spec and ask for suggestions.
  await page.locator('.monaco-editor .view-line').nth(5).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('progressDead');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget')).toContainText('progressDeadlineSeconds', { timeout: 10_000 });
  await page.keyboard.press('Escape');
  // Hover documentation of a field.
  await page.locator('.monaco-editor .view-line').nth(1).getByText('Deployment').hover();
  await expect(page.locator('.monaco-hover:not(.hidden)')).toContainText(/Kind is a string value|Deployment enables declarative updates/, { timeout: 10_000 });
  await page.screenshot({ path: 'test-results/editor-hover.png' });
});

const invalid = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fine
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: -1
  selector:
    matchLabels: {app: broken}
  template:
    metadata:
      labels: {app: broken}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

test('a 422 puts a marker on the offending field line, other documents still apply', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('yaml-input').fill(invalid);
  await page.keyboard.press('Escape');
  await page.getByTestId('apply').click();
  const results = page.getByTestId('apply-results');
  await expect(results).toContainText('configmap/fine created');
  await expect(results).toContainText('Error from server (Invalid)');
  await expect(results).toContainText('spec.replicas');
  await expect.poll(() => markedLines(page, 'squiggly-error')).toEqual([11]);
  await page.locator('.monaco-editor .view-line').nth(10).getByText('-1').hover();
  await expect(page.locator('.monaco-hover:not(.hidden)')).toContainText('must be greater than or equal to 0', { timeout: 10_000 });
  await page.screenshot({ path: 'test-results/editor-422-marker.png' });
  // Editing the text clears markers that belonged to the applied text.
  await page.getByTestId('yaml-input').fill(invalid.replace('replicas: -1', 'replicas: 1'));
  await expect.poll(() => markedLines(page, 'squiggly-error')).toEqual([]);
});

test('a YAML syntax error shows at its line and column and nothing is applied', async ({ page }) => {
  await openEditor(page);
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [1, 2\n';
  await page.getByTestId('yaml-input').fill(text);
  await page.getByTestId('apply').click();
  const results = page.getByTestId('apply-results');
  await expect(results).toContainText(/error parsing STDIN: line 10, column \d+/);
  await expect(results).not.toContainText('created');
  await expect.poll(() => markedLines(page, 'squiggly-error')).toContain(10);
  await page.getByRole('tab', { name: 'Objects' }).click();
  await expect(page.getByTestId('objects-table').locator('tr[data-kind="Node"]')).toHaveCount(3);
  await expect(page.getByTestId('objects-table').locator('tr[data-kind="ConfigMap"][data-name="never"]')).toHaveCount(0);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.screenshot({ path: 'test-results/editor-syntax-error.png' });
});

test('the editor follows the dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openEditor(page);
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');
  await expect(page.locator('.monaco-editor')).toHaveClass(/vs-dark/);
  await page.screenshot({ path: 'test-results/editor-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('.monaco-editor')).not.toHaveClass(/vs-dark/);
  // Let the page's colour transitions finish before the picture.
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/editor-light.png' });
});
