// The console in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
// browser). Run by the integration test ConsoleIT against a farm it started; every page it visits
// is kept as a screenshot. Settings come from the environment:
//   GANTRY_URL   the control plane, e.g. http://127.0.0.1:8080
//   INVITATION   an invitation token for EMAIL (made by the test through the API)
//   EMAIL        the invited person's e-mail
//   SUITE        the name of the suite to run (its run has failing steps)
//   SCREENSHOTS  where the screenshots go
//   CHROMIUM     the browser (default /usr/bin/chromium)
import { base, env, run } from './harness.mjs';

const email = env('EMAIL');
const suite = env('SUITE');
const password = 'correct horse battery staple';

await run(async ({ person, shot: shotOf, step }) => {
  const page = await person();
  const shot = (name) => shotOf(page, name);

  await step('invitation sets a password', async () => {
    await page.goto(`${base}/console/invitation#${env('INVITATION')}`);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('The same again').fill(password);
    await shot('invitation');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Password set' }).waitFor();
  });

  await step('a wrong password is refused', async () => {
    await page.goto(`${base}/console/runs`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    if (!text.includes('wrong e-mail or password')) throw new Error(`refusal said: ${text}`);
    await shot('sign-in-refused');
  });

  await step('signs in', async () => {
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await shot('runs');
  });

  let runUrl;
  await step('triggers a run and watches it finish live', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Suites' }).click();
    await page.getByRole('heading', { name: suite }).waitFor();
    await shot('suites');
    // a mark on the window: a reload would wipe it
    await page.evaluate(() => (window.gantryMark = 'no reload'));
    await page.getByRole('button', { name: `Run ${suite}` }).click();
    await page.waitForURL(/\/console\/runs\/[0-9a-f-]{36}$/);
    runUrl = page.url();
    const seen = new Set();
    const statuses = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const done = await page.locator('[data-testid=done]').textContent().catch(() => null);
      const status = await page.locator('h1 .status').textContent().catch(() => null);
      if (done) seen.add(done);
      if (status && statuses.at(-1) !== status) statuses.push(status);
      if (status && !['QUEUED', 'RUNNING'].includes(status)) break;
      if (Date.now() > deadline) throw new Error(`the run did not end within 90 s; statuses ${statuses}`);
      await page.waitForTimeout(100);
    }
    if ((await page.evaluate(() => window.gantryMark)) !== 'no reload') throw new Error('the page was reloaded');
    if (!statuses.includes('RUNNING') && !statuses.includes('QUEUED')) {
      throw new Error(`the page never showed the run going on: ${statuses}`);
    }
    if (seen.size < 3) throw new Error(`the step count moved through only ${[...seen]}`);
    if (statuses.at(-1) !== 'FAILED') throw new Error(`the run ended ${statuses.at(-1)}, not FAILED`);
    console.log(`  statuses ${statuses.join(' → ')}`);
    console.log(`  counts seen ${seen.size}`);
    await page.getByRole('heading', { name: 'Failures by check' }).waitFor();
    await page.getByText('Compared with').waitFor();
    await shot('run');
  });

  await step('opens a failure\'s step detail', async () => {
    const failures = page.locator('section[aria-labelledby=failures-title]');
    await failures.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Failed checks' }).waitFor();
    const checks = await page.locator('table').first().textContent();
    if (!checks.includes('status') || !checks.includes('200') || !checks.includes('500')) {
      throw new Error(`the step's checks read: ${checks}`);
    }
    await page.getByRole('heading', { name: 'Response' }).waitFor();
    await shot('step');
  });

  await step('reads on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(runUrl);
    await page.getByRole('heading', { name: 'Failures by check' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`the run page is ${overflow} px wider than a phone`);
    await shot('run-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('is usable by keyboard', async () => {
    await page.goto(`${base}/console/runs`);
    await page.getByRole('heading', { name: 'Runs', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    if (first !== 'Skip to content') throw new Error(`the first Tab reached "${first}"`);
  });

  await step('signs out, and the session is over', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/runs')).status);
    if (status !== 401) throw new Error(`the API answered ${status} after sign-out`);
    await shot('signed-out');
  });

});
