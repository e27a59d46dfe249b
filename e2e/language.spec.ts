import { expect, test, type Locator, type Page } from '@playwright/test';

// The browser asks for English: the page starts in English whatever the machine's locale.
test.use({ locale: 'en-US', viewport: { width: 1280, height: 720 } });

const headers = (table: Locator) => table.locator('thead th');

/** Tabs, buttons and selects (of the side panel, unless told) whose label overflows its box or breaks onto a second line. */
async function overflowing(page: Page, selector = '.side button:not(.link):visible, .side select:visible'): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
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
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running');
  await expect(page.getByTestId('share-button')).toHaveText('Share');
  await expect(page.getByTestId('scenarios-button')).toHaveText(/Scenarios/);
});

/** SVG labels of the architecture view wider than the box or chip they are drawn in. */
async function svgLabelsOverflowing(page: Page): Promise<string[]> {
  return page.locator('.arch-stage, .arch-box').evaluateAll((groups) =>
    groups.flatMap((g) => {
      const rect = g.querySelector('rect')!.getBBox();
      return [...g.querySelectorAll('text')]
        .filter((t) => {
          const box = t.getBBox();
          return box.x < rect.x - 1 || box.x + box.width > rect.x + rect.width + 1;
        })
        .map((t) => t.textContent ?? '');
    }),
  );
}

test('the top bar, the Scenarios menu, Share, a lesson and the Architecture view in Chinese', async ({ page }, testInfo) => {
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await page.getByTestId('language').selectOption('zh-CN');

  // The top bar: time controls, status and the buttons.
  const bar = page.locator('header.topbar');
  await expect(page.getByTestId('cluster-status')).toHaveText('集群运行中');
  await bar.getByRole('button', { name: '暂停', exact: true }).click();
  await expect(bar.getByRole('button', { name: '运行', exact: true })).toHaveText('▶ 运行');
  await expect(bar.getByRole('button', { name: '单步', exact: true })).toBeEnabled();
  await expect(bar.locator('label.speed')).toContainText('速度');
  await expect(bar.locator('label.speed option[value="max"]')).toHaveText('最快');
  await expect(bar.locator('label.speed option[value="2"]')).toHaveText('2x');
  await expect(bar.locator('.revision')).toContainText('修订版本');
  await expect(page.getByTestId('scenarios-button')).toContainText('场景');
  await expect(page.getByTestId('share-button')).toHaveText('分享');
  await expect(bar.getByRole('button', { name: '演示', exact: true })).toBeVisible();

  // The object graph: its toolbar, legend, column headers and node cards.
  const graph = page.locator('.graph-area');
  await expect(graph.locator('.graph-toolbar')).toContainText('命名空间');
  await expect(graph.locator('.graph-toolbar')).toContainText('显示系统对象');
  await expect(graph.locator('.legend')).toContainText('运行中');
  await expect(graph.locator('.column-header').filter({ hasText: '节点' })).toBeVisible();
  await expect(graph.locator('.column-header').filter({ hasText: '工作负载' })).toBeVisible();
  await expect(graph.locator('.gcard.node[data-name="worker-1"]')).toContainText('个 Pod');
  await expect(graph.locator('.graph-empty')).toContainText('这里还没有工作负载');
  await expect(page.getByTestId('reset-button')).toHaveText('重置');
  await expect(page.getByTestId('reset-button')).toHaveAttribute('title', /全新的默认集群/);
  const topbarControls = 'header.topbar button:visible, header.topbar select:visible, header.topbar .status, header.topbar .revision';
  expect(await overflowing(page, topbarControls)).toEqual([]);
  await bar.getByRole('button', { name: '运行', exact: true }).click();
  await expect(bar.getByRole('button', { name: '暂停', exact: true })).toBeVisible();

  // The Scenarios menu: its own words and the built-in scenarios' titles and explanations.
  await page.getByTestId('scenarios-button').click();
  const menu = page.getByRole('menu', { name: '场景' });
  await expect(page.getByTestId('scenario-current')).toHaveText('当前：默认集群');
  await expect(menu.locator('[data-scenario="hello-nginx"]')).toContainText('你好，nginx');
  await expect(menu.locator('[data-scenario="taints-tolerations-and-node-affinity"]')).toContainText('gpu-1 带有污点 dedicated=gpu:NoSchedule');
  await expect(page.getByTestId('export-button')).toHaveText('导出场景文件');
  await expect(page.getByTestId('import-button')).toHaveText('导入场景文件…');
  await page.screenshot({ path: testInfo.outputPath('zh-CN-scenarios.png') });
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();

  // Share: the popover's words; the link itself is a link.
  await page.getByTestId('share-button').click();
  await expect(page.getByRole('dialog', { name: '分享链接' })).toContainText('打开链接的人会从头重放这个场景');
  await expect(page.getByTestId('share-status')).toHaveText(/^(链接已复制到剪贴板。|此处无法使用剪贴板：请复制下面的链接。)$/);
  await expect(page.getByTestId('share-popover').getByRole('button', { name: '复制', exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('zh-CN-share.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-popover')).toBeHidden();

  // A lesson: its title and step text in Chinese (lessons carry both languages), the panel's words too.
  const side = page.getByRole('complementary', { name: '侧边栏' });
  await side.getByRole('tab', { name: '课程', exact: true }).click();
  const tour = page.getByTestId('lesson-list').locator('li[data-lesson="components-tour"]');
  await expect(tour).toContainText('组件巡览');
  await tour.getByRole('button', { name: '开始', exact: true }).click();
  const step = page.getByTestId('lesson-step');
  await expect(step).toHaveAttribute('data-step', '1', { timeout: 20_000 });
  await expect(step).toContainText(/第 1 步，共 \d+ 步/);
  await expect(step.getByRole('heading', { name: '控制平面以静态 Pod 运行' })).toBeVisible();
  await expect(step).toContainText('kubeadm 在 control-plane 节点的 /etc/kubernetes/manifests 中写入了四个清单');
  await expect(page.getByTestId('cluster-status')).toHaveText('集群运行中', { timeout: 20_000 });
  await expect(page.getByTestId('lesson-check')).toHaveClass(/passed/, { timeout: 30_000 });
  await expect(page.getByTestId('lesson-check')).toContainText('完成');
  await expect(page.getByTestId('lesson-next')).toHaveText('下一步');
  await page.screenshot({ path: testInfo.outputPath('zh-CN-lesson.png') });
  expect(await overflowing(page)).toEqual([]);

  // The Architecture view: its labels and the messages' explanations; component names stay as Kubernetes writes them.
  await page.locator('.main-view-switch').getByRole('tab', { name: '架构', exact: true }).click();
  const view = page.getByTestId('architecture-view');
  await expect(view.getByRole('img', { name: '架构：各组件及其对话' })).toBeVisible();
  await expect(view.locator('.arch-box-label', { hasText: 'kube-apiserver' })).toBeVisible();
  await expect(view.locator('.arch-box-label', { hasText: '其他客户端' })).toBeVisible();
  await expect(view.locator('.arch-part', { hasText: '容器运行时（CRI）' }).first()).toBeVisible();
  for (const stage of ['认证', '审计', 'RBAC', '变更准入', '校验', '验证准入', '存储']) {
    await expect(view.locator('.arch-stage text', { hasText: stage }).first()).toBeVisible();
  }
  await expect(view.getByRole('heading', { name: '消息' })).toBeVisible();
  await expect(page.getByTestId('arch-log')).toContainText(/[\u4e00-\u9fff]/, { timeout: 15_000 });
  await bar.getByRole('button', { name: '暂停', exact: true }).click();
  await expect(page.getByTestId('arch-next')).toHaveText('下一条消息');
  await page.getByTestId('arch-next').click();
  await expect(page.getByTestId('arch-current')).toContainText(/[\u4e00-\u9fff]/, { timeout: 10_000 });
  await page.screenshot({ path: testInfo.outputPath('zh-CN-architecture.png') });
  expect(await svgLabelsOverflowing(page)).toEqual([]);
  expect(await overflowing(page, topbarControls)).toEqual([]);
});
