import { expect, test, type Locator, type Page } from '@playwright/test';

// The browser asks for English: the page starts in English whatever the machine's locale.
test.use({ locale: 'en-US', viewport: { width: 1280, height: 720 } });

const headers = (table: Locator) => table.locator('thead th');

/** Tabs, buttons and selects of the side panel whose label overflows its box or breaks onto a second line. */
async function overflowing(page: Page): Promise<string[]> {
  return page.locator('.side button:not(.link):visible, .side select:visible').evaluateAll((els) =>
    els
      .filter((el) => {
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) return true;
        const range = document.createRange();
        range.selectNodeContents(el);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        return tops.size > 1;
      })
      .map((el) => el.textContent ?? ''),
  );
}

test('the language switch turns the side panel, its buttons and the tables Chinese, and back', async ({ page }, testInfo) => {
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  const side = page.getByRole('complementary', { name: 'Side panel' });
  await expect(side.getByRole('tab', { name: 'Objects' })).toBeVisible();
  await expect(page.getByTestId('objects-table').locator('thead th')).toHaveText(['KIND', 'NAMESPACE/NAME', 'STATUS', 'AGE']);
  expect(await overflowing(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('en-yaml.png') });

  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const zhSide = page.getByRole('complementary', { name: '侧边栏' });
  for (const name of ['YAML', '对象', '检查器', '事件']) await expect(zhSide.getByRole('tab', { name, exact: true })).toBeVisible();
  await zhSide.getByRole('tab', { name: 'YAML', exact: true }).click();
  await expect(page.getByTestId('apply')).toHaveText('应用');
  await expect(page.getByTestId('dry-run')).toHaveText('试运行');
  await expect(page.getByTestId('delete')).toHaveText('删除');
  await expect(page.getByTestId('examples-button')).toContainText('示例');
  await expect(zhSide.getByRole('heading', { name: '清单' })).toBeVisible();

  // Kubernetes' own words stay: kubectl's results are not translated.
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/web created');
  await expect(page.getByTestId('apply-results')).toContainText('文档 1，第 1 行');

  await page.getByTestId('examples-button').click();
  await expect(page.getByRole('menu', { name: '示例清单' })).toContainText('带探针的 Pod');
  await page.keyboard.press('Escape');
  await page.screenshot({ path: testInfo.outputPath('zh-CN-yaml.png') });
  expect(await overflowing(page)).toEqual([]);

  await zhSide.getByRole('tab', { name: '对象', exact: true }).click();
  await expect(headers(page.getByTestId('objects-table'))).toHaveText(['类别', '命名空间/名称', '状态', '时长']);
  await expect(page.getByTestId('object-count')).toContainText('个对象');

  await zhSide.getByRole('tab', { name: '事件', exact: true }).click();
  const events = page.getByTestId('events-table');
  await expect(headers(events)).toHaveText(['类型 / 原因', '对象', '次数', '时长']);
  // Event reasons come from the cluster as they are.
  await expect(events.locator('tr.event-head[data-reason="ScalingReplicaSet"]').first()).toContainText('ScalingReplicaSet', { timeout: 20_000 });
  await expect(page.getByLabel('事件类型')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('zh-CN-events.png') });
  expect(await overflowing(page)).toEqual([]);

  await zhSide.getByRole('tab', { name: '检查器', exact: true }).click();
  const cluster = page.getByTestId('cluster-panel');
  await expect(cluster.getByRole('heading', { name: '本集群' })).toBeVisible();
  await expect(cluster.getByRole('heading', { name: '控制平面' })).toBeVisible();
  await expect(cluster.getByRole('button', { name: '加入节点' })).toBeVisible();
  await expect(cluster.locator('tr[data-component="kube-scheduler"]')).toContainText('运行中');
  await page.screenshot({ path: testInfo.outputPath('zh-CN-cluster.png') });
  expect(await overflowing(page)).toEqual([]);

  // A Deployment in the inspector: its actions and sections in Chinese, its kind and name as they are.
  await page.locator('.graph-area .gcard.workload[data-name="web"]').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-kind', 'Deployment');
  for (const name of ['编辑 YAML', '重启', '暂停', '扩缩到 4', '扩缩到 2']) await expect(page.getByTestId('inspector-actions').getByRole('button', { name, exact: true })).toBeVisible();
  await expect(page.getByTestId('revisions')).toContainText('修订版本');
  await page.screenshot({ path: testInfo.outputPath('zh-CN-inspector.png') });
  expect(await overflowing(page)).toEqual([]);

  // The choice is kept across a reload.
  await page.reload();
  await expect(page.getByRole('complementary', { name: '侧边栏' }).getByRole('tab', { name: '对象', exact: true })).toBeVisible({ timeout: 20_000 });

  await page.getByTestId('language').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(side.getByRole('tab', { name: 'Objects' })).toBeVisible();
  await side.getByRole('tab', { name: 'Events' }).click();
  await expect(headers(page.getByTestId('events-table'))).toHaveText(['TYPE / REASON', 'OBJECT', 'COUNT', 'AGE']);
  await side.getByRole('tab', { name: 'Objects' }).click();
  await expect(headers(page.getByTestId('objects-table'))).toHaveText(['KIND', 'NAMESPACE/NAME', 'STATUS', 'AGE']);
  await side.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByTestId('apply')).toHaveText('Apply');
});
