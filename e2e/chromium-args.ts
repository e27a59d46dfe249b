/**
 * How Debian's Chromium is started for the e2e tests and the dashboard bench (no browser download
 * works on our machines). Chromium 156 also renders two omnibox pop-up WebUI pages for every new
 * window, even headless: about 2 s of CPU that ran beside the page under test on a 2-core machine.
 * A person's browser has them open already; a test measures the page, so they are switched off.
 */
export const debianChromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];
