/**
 * The dashboard's figures (issue 4, section 7), measured on the built app in real Chromium: what the
 * first load fetches (gzipped, without Monaco), Monaco's chunk and workers, the time from page open
 * to three Ready nodes (cold and resumed), and the frame rate of pan and zoom with 2,000 pods.
 * Builds into a temporary folder and serves it with `vite preview` on BENCH_DASHBOARD_PORT (4404).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Figure } from './main';
import { debianChromiumArgs } from '../e2e/chromium-args';

const VITE = join(process.cwd(), 'node_modules', '.bin', 'vite');
/** Cold and resumed boots measured each; the median is reported. */
const BOOT_RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 5);
const PODS = 2000;
const KB = 1000;

/** Debian's Chromium where it exists, as playwright.config.ts chooses. */
function launchBrowser(): Promise<Browser> {
  const debianChromium = process.env.KUBESIM_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(debianChromium)) return chromium.launch();
  return chromium.launch({
    executablePath: debianChromium,
    args: debianChromiumArgs,
  });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${basename(cmd)} ${args[0]} exited with ${code}`))));
  });
}

/** `vite preview` of `outDir`, started directly (not through npx) so that killing it stops the server. */
async function startPreview(outDir: string, port: number): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${port}/`;
  // Another server on the port would answer for ours and the figures would be of another build.
  if (await fetch(url).then(() => true, () => false)) throw new Error(`port ${port} is in use: set BENCH_DASHBOARD_PORT`);
  const child = spawn(VITE, ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode} (port ${port} taken?)`);
    try {
      if ((await fetch(url)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}

/** Gzipped size (default level, as vite reports it) of every built asset, by file name. */
function gzippedSizes(outDir: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const name of readdirSync(join(outDir, 'assets'))) sizes.set(name, gzipSync(readFileSync(join(outDir, 'assets', name))).length);
  return sizes;
}

/** Built asset names a page (or its workers) requested, in order. */
function recordAssets(context: BrowserContext): { names: string[] } {
  const seen = { names: [] as string[] };
  context.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (path.includes('/assets/')) seen.names.push(basename(path));
  });
  return seen;
}

const isCode = (name: string) => /\.(js|css)$/.test(name);
const isWorker = (name: string) => /\.worker-/.test(name) || isWorkerChunk(name);
/** Chunks only a worker imports: the schema's field descriptions (the cluster worker loads them for the editor's hovers, `/openapi/v3`, Tables). */
const isWorkerChunk = (name: string) => name.startsWith('descriptions-');
/** Monaco's chunks and workers, by the names the build gives them. */
const isMonaco = (name: string) => /^(monaco-setup|editor\.worker|yaml\.worker|codicon)-/.test(name);

function sum(names: Iterable<string>, sizes: Map<string, number>): number {
  let total = 0;
  for (const n of new Set(names)) total += sizes.get(n) ?? 0;
  return total / KB;
}

/** Marks when the graph first shows three Ready nodes, as ms since navigation start. */
const readyProbe = `(() => {
  const check = () => {
    if (window.__threeReadyMs !== undefined) return;
    if (document.querySelectorAll('.gcard.node[data-status="Ready"]').length >= 3) window.__threeReadyMs = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
})();`;

async function threeReadyMs(page: Page): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { __threeReadyMs?: number }).__threeReadyMs !== undefined, undefined, { timeout: 60_000, polling: 50 });
  return page.evaluate(() => (window as unknown as { __threeReadyMs: number }).__threeReadyMs);
}

/** Progress on stderr with BENCH_DASHBOARD_VERBOSE=1 (stdout keeps only the figures). */
function step(what: string): void {
  if (process.env.BENCH_DASHBOARD_VERBOSE) console.error(`dashboard bench: ${what}`);
}

/** page.evaluate has no timeout of its own: a page whose main thread hangs must fail the bench, not stall it. */
async function evaluate<T>(page: Page, script: string, timeoutMs = 30_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`page did not answer within ${timeoutMs} ms`)), timeoutMs)));
  try {
    return (await Promise.race([page.evaluate(script), timeout])) as T;
  } finally {
    clearTimeout(timer);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** First load with the editor closed (`?tab=objects`), then what opening the YAML tab adds. */
async function loadFigures(browser: Browser, base: string, sizes: Map<string, number>): Promise<Figure[]> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const seen = recordAssets(context);
  const page = await context.newPage();
  await page.addInitScript(readyProbe);
  await page.goto(`${base}?tab=objects`);
  await threeReadyMs(page);
  await page.waitForTimeout(1500); // anything the page fetches right after boot still counts as first load
  const first = seen.names.filter(isCode);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.getByTestId('editor-status').filter({ hasText: /Schema · \d+ kinds/ }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  const editor = seen.names.filter((n) => isCode(n) && !first.includes(n));
  await context.close();
  return [
    { name: 'dashboard.first_load_gz_kb', value: sum(first, sizes), unit: 'kB', target: '<= 300' },
    { name: 'dashboard.first_load_gz_kb.page', value: sum(first.filter((n) => !isWorker(n)), sizes), unit: 'kB' },
    { name: 'dashboard.first_load_gz_kb.workers', value: sum(first.filter(isWorker), sizes), unit: 'kB' },
    { name: 'dashboard.first_load_monaco_requests', value: first.filter(isMonaco).length, unit: 'requests', target: '= 0' },
    { name: 'dashboard.monaco_gz_kb', value: sum(editor.filter((n) => !isWorker(n)), sizes), unit: 'kB', target: '<= 1000' },
    // Both workers, whether or not this run's editor already asked for the second one.
    { name: 'dashboard.monaco_gz_kb.workers', value: sum([...sizes.keys()].filter((n) => isMonaco(n) && isWorker(n)), sizes), unit: 'kB' },
    { name: 'dashboard.editor_worker_chunks_gz_kb', value: sum(editor.filter(isWorkerChunk), sizes), unit: 'kB' },
  ];
}

/** Page open to three Ready nodes: a fresh browser profile (cold), then a reload of it (resumed from IndexedDB). */
async function bootFigures(browser: Browser, base: string): Promise<Figure[]> {
  const cold: number[] = [];
  const resumed: number[] = [];
  for (let i = 0; i < BOOT_RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.addInitScript(readyProbe);
    await page.goto(base);
    cold.push(await threeReadyMs(page));
    await page.waitForTimeout(2000); // let the boot's revisions reach IndexedDB
    await page.reload();
    resumed.push(await threeReadyMs(page));
    await context.close();
  }
  return [
    { name: 'dashboard.three_ready_nodes_ms.cold', value: median(cold), unit: 'ms', target: '<= 1500' },
    { name: 'dashboard.three_ready_nodes_ms.resumed', value: median(resumed), unit: 'ms', target: '<= 1500' },
  ];
}

const deployments = Array.from({ length: 10 }, (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d${i}}
spec:
  replicas: ${PODS / 10}
  selector: {matchLabels: {app: d${i}}}
  template:
    metadata: {labels: {app: d${i}}}
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`).join('---\n');

/** Starts recording requestAnimationFrame timestamps in the page (a string: tsx would wrap a function in helpers the page lacks). */
const startFrames = `(() => {
  window.__frames = [];
  window.__recording = true;
  const tick = (t) => {
    window.__frames.push(t);
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const stopFrames = `(() => {
  window.__recording = false;
  return window.__frames;
})()`;

/** Frames per second (and the 95th percentile frame interval) while real input zooms and then pans the graph. */
async function panZoomFps(page: Page, durationMs: number): Promise<{ fps: number; p95Ms: number }> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await evaluate(page, startFrames);
  const pace = () => new Promise((r) => setTimeout(r, 16));
  // Zoom in and out around the pane's centre.
  for (let i = 0, start = Date.now(); Date.now() - start < durationMs / 2; i++) {
    await page.mouse.wheel(0, i % 30 < 15 ? -50 : 50);
    await pace();
  }
  // Drag the pane in a circle.
  await page.mouse.down();
  for (let i = 0, start = Date.now(); Date.now() - start < durationMs / 2; i++) {
    await page.mouse.move(cx + 200 * Math.cos(i / 10), cy + 150 * Math.sin(i / 10));
    await pace();
  }
  await page.mouse.up();
  const frames = await evaluate<number[]>(page, stopFrames);
  const intervals = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const spanMs = frames[frames.length - 1] - frames[0];
  return { fps: (intervals.length * 1000) / spanMs, p95Ms: intervals[Math.floor(intervals.length * 0.95)] ?? 0 };
}

/**
 * With BENCH_DASHBOARD_TRACE=<folder>, writes a Chromium performance trace and a CPU profile of
 * `measure` there (open them in DevTools). The build is then left unminified so the profile has
 * names: its figures are for reading the profile, not the product's.
 */
async function traced<T>(browser: Browser, page: Page, name: string, measure: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_DASHBOARD_TRACE;
  if (!folder) return measure();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { path: join(folder, `${name}.json`), screenshots: false });
  await cdp.send('Profiler.start');
  try {
    return await measure();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    await browser.stopTracing();
    await cdp.detach();
  }
}

/** 2,000 pods applied through the YAML tab at max speed, then pan/zoom at 1x and paused. */
async function frameFigures(browser: Browser, base: string): Promise<Figure[]> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.addInitScript(readyProbe);
  await page.goto(base);
  await threeReadyMs(page);
  step(`applying ${PODS} pods`);
  await page.getByLabel('Speed').selectOption('max');
  await page.getByTestId('yaml-input').fill(deployments);
  await page.getByTestId('apply').click();
  await page.getByTestId('apply-results').filter({ hasText: 'deployment.apps/d9 created' }).waitFor({ timeout: 60_000 });
  await page.locator('.column-header', { hasText: 'Pods' }).filter({ hasText: String(PODS) }).waitFor({ timeout: 300_000 });
  step(`${PODS} pods in the graph`);
  await page.getByLabel('Speed').selectOption('1');
  await page.waitForTimeout(2000);
  const elements = await page.locator('.react-flow__node, .react-flow__edge').count();
  const live = await traced(browser, page, 'pan-zoom-1x', () => panZoomFps(page, 6000));
  step('pan/zoom at 1x measured');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Play' }).waitFor();
  await page.waitForTimeout(1000);
  const paused = await traced(browser, page, 'pan-zoom-paused', () => panZoomFps(page, 6000));
  await context.close();
  return [
    { name: `dashboard.graph_elements.${PODS}_pods`, value: elements, unit: 'elements', target: '< 1000' },
    { name: `dashboard.pan_zoom_fps.${PODS}_pods.1x`, value: live.fps, unit: 'fps', target: '>= 50' },
    { name: `dashboard.pan_zoom_p95_frame_ms.${PODS}_pods.1x`, value: live.p95Ms, unit: 'ms' },
    { name: `dashboard.pan_zoom_fps.${PODS}_pods.paused`, value: paused.fps, unit: 'fps', target: '>= 50' },
    { name: `dashboard.pan_zoom_p95_frame_ms.${PODS}_pods.paused`, value: paused.p95Ms, unit: 'ms' },
  ];
}

/** The dashboard's figures. BENCH_DASHBOARD_ONLY=load,boot,fps picks parts. */
export async function benchDashboard(): Promise<Figure[]> {
  const only = new Set((process.env.BENCH_DASHBOARD_ONLY ?? 'load,boot,fps').split(','));
  const outDir = mkdtempSync(join(tmpdir(), 'kubesim-bench-dist-'));
  let preview: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    const minify = process.env.BENCH_DASHBOARD_TRACE ? ['--minify', 'false'] : [];
    await run(VITE, ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn', ...minify]);
    const port = Number(process.env.BENCH_DASHBOARD_PORT ?? 4404);
    preview = await startPreview(outDir, port);
    browser = await launchBrowser();
    const base = `http://127.0.0.1:${port}/`;
    const figures: Figure[] = [];
    if (only.has('load')) figures.push(...(await loadFigures(browser, base, gzippedSizes(outDir))));
    if (only.has('boot')) figures.push(...(await bootFigures(browser, base)));
    if (only.has('fps')) figures.push(...(await frameFigures(browser, base)));
    return figures;
  } finally {
    await browser?.close();
    preview?.kill();
    rmSync(outDir, { recursive: true, force: true });
  }
}
