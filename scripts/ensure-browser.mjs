// Makes sure a Chromium exists for the Playwright tests: Debian's package on Debian (no browser
// download works on our machines), Playwright's own browser elsewhere.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const debianChromium = process.env.KUBESIM_CHROMIUM ?? '/usr/bin/chromium';
const run = (cmd) => execSync(cmd, { stdio: 'inherit' });

if (existsSync(debianChromium)) process.exit(0);
if (existsSync('/etc/debian_version')) {
  const sudo = process.getuid && process.getuid() === 0 ? '' : 'sudo ';
  console.log('kubesim: installing Debian chromium for the e2e tests');
  run(`${sudo}apt-get update -qq`);
  run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`);
} else {
  run('npx playwright install chromium');
}
