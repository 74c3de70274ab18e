// What the page scripts share (every script of e2e/): Debian's Chromium through
// playwright-core, a browser context per person, steps that print "ok <name>", screenshots of
// each page, and no console error allowed (CSP violations and script errors show as such).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

export const base = env('GANTRY_URL');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

/** Runs body(browser tools); exits 0 when every step passed and the browser reported no error. */
export async function run(body) {
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run'],
  });
  const problems = [];
  const pages = [];
  const timings = {};
  let failed = false;
  const tools = {
    /** A new person: their own context (cookies), one page. */
    async person(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      pages.push(page);
      page.setDefaultTimeout(15_000);
      // the API calls the page makes, to read beside a failure
      page.on('response', (r) => r.url().includes('/api/') &&
        console.log(`  ${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`));
      // refusals the page shows on purpose are logged by Chromium as failed loads
      page.on('console', (m) => m.type() === 'error' && !/\b(400|401|403|409)\b/.test(m.text()) && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      return page;
    },
    async signIn(page, email, password) {
      await page.goto(`${base}/console/runs`);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    },
    shot: (page, name) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true }),
    async step(name, action) {
      const started = Date.now();
      await action();
      timings[name] = `${Date.now() - started} ms`;
      console.log(`ok ${name}`);
    },
    async noWiderThanAPhone(page, what) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) {
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1
            && !(e.parentElement && e.parentElement.closest('.scroll')))
          .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(', '));
        throw new Error(`${what} is ${overflow} px wider than a phone: ${wide}`);
      }
    },
  };
  try {
    await body(tools);
    if (problems.length) throw new Error(`the browser reported errors: ${problems.join(' | ')}`);
  } catch (e) {
    failed = true;
    console.error(`FAILED: ${e.stack ?? e}`);
    // what each page showed when it failed, to read beside the message
    for (const [i, page] of pages.entries()) {
      await page.screenshot({ path: `${shots}/failure-${i}.png`, fullPage: true }).catch(() => {});
    }
  } finally {
    await browser.close();
  }
  console.log(`RESULT ${JSON.stringify(timings)}`);
  process.exit(failed ? 1 : 0);
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
