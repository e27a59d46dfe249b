import { expect, test, type Page } from '@playwright/test';

// Issue 5: the architecture view, the Internals panel and the lessons, as a class sees them.

async function boot(page: Page, path = './') {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(path);
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
}

async function setSpeed(page: Page, speed: string) {
  await page.locator('label.speed select').selectOption(speed);
}

test('the architecture view walks an apply through the pipeline one message at a time, with its request and response', async ({ page }) => {
  await boot(page, './?view=architecture');
  const view = page.getByTestId('architecture-view');
  await expect(view).toBeVisible();
  await expect(view.locator('.arch-box-label', { hasText: 'kube-apiserver' })).toBeVisible();
  await expect(view.locator('.arch-box-label', { hasText: 'worker-1' })).toBeVisible();
  await expect(page.getByTestId('arch-log')).toContainText(/renews its node Lease \(a heartbeat\)/, { timeout: 15_000 });
  // Paused, the view steps: an apply's messages wait, and "Next message" shows them one at a time.
  await expect(page.getByTestId('editor-status')).toContainText('Schema ·', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('arch-stepper')).toBeVisible();
  await page.getByTestId('yaml-input').fill('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: traced\ndata:\n  k: v\n');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-results')).toContainText('configmap/traced created');
  const current = page.getByTestId('arch-current');
  const log = page.getByTestId('arch-log').locator('li');
  const next = async () => {
    // Two messages in a row can read the same (one event to two of the page's watches): compare their sequence numbers.
    const before = await current.getAttribute('data-seq');
    await page.getByTestId('arch-next').click();
    await expect(current).not.toHaveAttribute('data-seq', before ?? '', { timeout: 10_000 });
    const text = (await current.textContent()) ?? '';
    expect(text).toMatch(/^(kubectl|kube-|the kubelet|system:)/);
    await expect(log.first()).toHaveText(text);
    return text;
  };
  const seen: string[] = [];
  while (!seen.some((t) => /creates configmap traced: POST \/api\/v1\/namespaces\/default\/configmaps/.test(t)) && seen.length < 40) seen.push(await next());
  expect(seen[seen.length - 1]).toMatch(/^kubectl \(kubernetes-admin\) creates configmap traced/);
  await page.screenshot({ path: 'test-results/classroom-stepping.png' });
  expect(await next()).toMatch(/kube-apiserver tells .*configmap traced was added/);

  const entry = page.getByTestId('arch-log').getByRole('button', { name: /creates configmap traced: POST/ });
  await entry.click();
  const detail = page.getByTestId('arch-detail');
  await expect(detail).toContainText('"name": "traced"');
  await expect(detail).toContainText('"stage": "flowcontrol"');
  await expect(detail).toContainText('"code": 201');
  await page.screenshot({ path: 'test-results/classroom-architecture.png' });
  // When nothing waits, "Next message" runs the cluster's next event.
  for (let i = 0; i < 6; i++) await next();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('arch-stepper')).toBeHidden();
});

async function startLesson(page: Page, id: string) {
  await page.getByRole('tab', { name: 'Lessons' }).click();
  const back = page.getByRole('button', { name: 'All lessons' });
  if (await back.isVisible()) await back.click();
  await page.getByTestId('lesson-list').locator(`li[data-lesson="${id}"]`).getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step', '1', { timeout: 20_000 });
  await expect(page.getByTestId('cluster-status')).toHaveText('Cluster running', { timeout: 20_000 });
  await setSpeed(page, 'max');
}

/** Follows the current step: predicts the first choice, does its actions, waits for its check, moves on. */
async function followStep(page: Page, n: number, last: boolean) {
  const step = page.getByTestId('lesson-step');
  await expect(step).toHaveAttribute('data-step', String(n));
  const hint = page.getByTestId('lesson-step').getByRole('button', { name: 'Hint' });
  if (await hint.isVisible()) {
    await hint.click();
    await expect(page.locator('.lesson-hint')).not.toBeEmpty();
  }
  const predict = page.getByTestId('lesson-predict');
  if (await predict.isVisible()) await predict.getByRole('radio').first().click();
  const doIt = page.getByTestId('lesson-do');
  if (await doIt.isVisible()) {
    await expect(doIt).toBeEnabled();
    await doIt.click();
  }
  await expect(page.getByTestId('lesson-check')).toHaveClass(/passed/, { timeout: 90_000 });
  if (await predict.isVisible()) await expect(page.getByTestId('lesson-answer')).toBeVisible();
  if (!last) await page.getByTestId('lesson-next').click();
}

test('a refused request is shown where it stopped: the RBAC lesson\'s 403 at authorization', async ({ page }) => {
  await boot(page);
  await startLesson(page, 'rbac');
  await followStep(page, 1, false);
  await followStep(page, 2, false);
  await page.getByRole('tab', { name: 'Architecture' }).click();
  await expect(page.getByTestId('architecture-view')).toBeVisible();
  // At 1x the refused request stays in the log long enough to read.
  await setSpeed(page, '1');
  await page.getByTestId('lesson-do').click();
  await expect(page.getByTestId('lesson-check')).toHaveClass(/passed/, { timeout: 20_000 });
  await expect(page.getByTestId('arch-log')).toContainText('system:serviceaccount:dev:viewer is refused at authorization (403 Forbidden)');
  await expect(page.locator('.arch-stage.stopped')).toContainText('RBAC');
  await page.screenshot({ path: 'test-results/classroom-403.png' });
});

test('the Internals panel shows etcd, the controllers\' queues and a kubelet\'s pod workers', async ({ page }) => {
  await boot(page);
  await page.getByRole('tab', { name: 'Internals' }).click();
  const panel = page.getByTestId('internals-panel');
  await expect(panel).toContainText(/revision \d+ · compacted up to \d+ · \d+ keys/);
  await expect(panel.getByTestId('internals-controllers')).toContainText('replicaset-controller');
  await expect(panel).toContainText('kube-scheduler');
  await panel.locator('select').selectOption('worker-1');
  await expect(panel.getByTestId('internals-node')).toContainText(/kube-system\/kube-proxy-\S+/, { timeout: 10_000 });
  await panel.getByText('kube-proxy rules (iptables-save)').click();
  await expect(panel.getByTestId('internals-node')).toContainText('-A KUBE-SERVICES');
  await panel.getByText('(ipvsadm -Ln)').click();
  await expect(panel.getByTestId('internals-node')).toContainText('IP Virtual Server version');
  await page.screenshot({ path: 'test-results/classroom-internals.png' });
});

const LESSONS = ['components-tour', 'kubectl-apply', 'scheduling', 'self-healing', 'rolling-update', 'services', 'rbac'];

test('each shipped lesson can be completed by following its own steps', async ({ page }) => {
  test.setTimeout(600_000);
  await boot(page);
  for (const id of LESSONS) {
    await startLesson(page, id);
    const total = await page.getByTestId('lesson-panel').locator('.lesson-progress li').count();
    for (let n = 1; n <= total; n++) await followStep(page, n, n === total);
    await expect(page.getByTestId('lesson-finished')).toBeVisible();
    if (id === 'scheduling') await page.screenshot({ path: 'test-results/classroom-lesson-scheduling.png' });
  }
});

test('a lesson link opens its lesson on a fresh cluster; a broken one says why and changes nothing', async ({ page, browser }) => {
  await boot(page, './#lesson=scheduling');
  await expect(page.getByTestId('lesson-panel')).toBeVisible();
  await expect(page.getByTestId('lesson-panel').getByRole('heading', { name: 'Scheduling: filter and score' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step', '1');
  expect(page.url()).not.toContain('#lesson=');
  await page.getByTestId('lesson-share').click();
  await expect(page.getByTestId('lesson-link')).toHaveValue(/#lesson=scheduling$/);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await boot(fresh, './#l=not*base64');
  await expect(fresh.getByRole('alert')).toContainText('This lesson link could not be opened');
  await expect(fresh.getByRole('alert')).toContainText('base64');
  await fresh.screenshot({ path: 'test-results/classroom-bad-lesson-link.png' });
  await other.close();
});
