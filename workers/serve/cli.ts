/** Entry of `npm run serve`. */
import { startServer } from './server';

async function main(): Promise<void> {
  let started;
  try {
    started = await startServer(process.argv.slice(2));
  } catch (e) {
    console.error(`kubesim serve: ${(e as Error).message}`);
    process.exit(2);
  }
  const { url, stop } = started;
  console.log(`kubesim API server listening on ${url}`);
  console.log(`  kubectl --server=${url} get nodes`);
  console.log('ready');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`kubesim serve: ${signal}, stopping`);
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
