/**
 * `npm run serve`: the cluster in Node, serving the Kubernetes REST API on 127.0.0.1 so the real
 * kubectl works against it. Prints the URL and a ready line; stops cleanly on SIGINT/SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Cluster } from '../cluster/cluster';
import { defaultLayout } from '../cluster/cluster-layout';
import { Simulation } from '../cluster/simulation';
import { wallClockEpochMs } from '../sim/wall-epoch';
import { serveHttp } from './http-adapter';
import { parseServeArgs } from './args';
import { statusFailure } from '../api/errors';

/** Starts a server; resolves with its URL and a stop function (used by tests too). */
export async function startServer(argv: string[]): Promise<{ url: string; cluster: Cluster; sim: Simulation; stop: () => Promise<void> }> {
  const opts = parseServeArgs(argv);
  // The virtual clock starts at the wall-clock second of boot so kubectl's client-side ages
  // (describe) read naturally; scenarios pin their own epoch for determinism.
  const epochMs = wallClockEpochMs();
  const sim = await Simulation.open({
    seed: opts.seed,
    epochMs,
    layout: defaultLayout(opts.nodes - 1),
    onError: (err, label) => console.error(`kubesim: ${label}: ${(err as Error).stack ?? String(err)}`),
  });
  const cluster = sim.cluster;
  sim.driver.setSpeed(opts.speed);
  sim.driver.onError((err) => console.error(`kubesim: simulation stopped: ${(err as Error).stack ?? String(err)}`));
  sim.driver.start();
  const watches = new Set<() => void>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    serveHttp(cluster, req, res, (close) => {
      watches.add(close);
      return () => watches.delete(close);
    }).catch((e: unknown) => {
      if (res.headersSent) return res.end();
      const body = JSON.stringify(statusFailure(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`));
      res.writeHead(500, { 'content-type': 'application/json' }).end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const url = `http://${opts.host}:${port}`;
  const stop = async () => {
    for (const close of watches) close(); // deleting the visited entry is safe for a Set
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    await sim.close();
  };
  return { url, cluster, sim, stop };
}
