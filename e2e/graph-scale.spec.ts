import { expect, test, type Page } from '@playwright/test';

// 2,000 pods: the graph folds them into groups and stays far under 1,000 rendered elements. The
// frame rate while zooming is printed for the record (figures, not assertions: the machine varies).
test('2,000 pods stay under the element budget, and pan/zoom frame rate is reported', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./');
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await expect(page.locator('.gcard.node[data-status="Ready"]')).toHaveCount(3, { timeout: 20_000 });
  await page.getByLabel('Speed').selectOption('max');
  const docs = [];
  for (let i = 0; i < 10; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d${i}}
spec:
  replicas: 200
  selector: {matchLabels: {app: d${i}}}
  template:
    metadata: {labels: {app: d${i}}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`);
  }
  await page.getByTestId('yaml-input').fill(docs.join('---\n'));
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('deployment.apps/d9 created');
  await expect(page.locator('.column-header', { hasText: 'Pods' })).toContainText('2000', { timeout: 120_000 });
  await expect(page.getByTestId('cluster-graph')).toHaveAttribute('data-aggregated', 'true');
  await page.getByLabel('Speed').selectOption('1');
  await page.waitForTimeout(1000);
  const rendered = await page.locator('.react-flow__node, .react-flow__edge').count();
  expect(rendered).toBeLessThan(1000);
  console.log(`kubesim graph: 2000 pods, ${rendered} rendered elements, ${(await wheelZoomFps(page)).toFixed(1)} fps zooming while the cluster runs at 1x`);
  // The gesture is over: the viewport leaves its compositor layer (cards painted sharp at the new zoom)
  // and the graph, throttled while it moved, shows the cluster as it is.
  await expect(page.locator('.graph-flow.moving')).toHaveCount(0);
  await expect(page.locator('.column-header', { hasText: 'Pods' })).toContainText('2000');
  await page.screenshot({ path: 'test-results/graph-2000-pods-1920.png' });
});

/** Frames per second while the pane receives a wheel event every 33 ms for 2 s. */
async function wheelZoomFps(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pane = document.querySelector('.react-flow__pane');
    if (!pane) return 0;
    let frames = 0;
    let running = true;
    const tick = () => {
      frames++;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const start = performance.now();
    for (let i = 0; i < 60; i++) {
      pane.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 20 < 10 ? -40 : 40, clientX: 600, clientY: 500, bubbles: true, cancelable: true }));
      await new Promise((r) => setTimeout(r, 33));
    }
    running = false;
    return frames / ((performance.now() - start) / 1000);
  });
}
