// The suites' pages in a real browser (Debian's Chromium driven by playwright-core), run by the
// integration test ConsoleSuitesIT against a farm it prepared: a suite with two cases and two finished
// runs, and a step catalog that knows one step. Every page it visits is kept as a screenshot.
//   GANTRY_URL, INVITATION, EMAIL, SCREENSHOTS, CHROMIUM as for console.e2e.mjs
//   SUITE        the suite's name
//   CASE         the name of a case of it to edit
import { base, env, run } from './harness.mjs';

const suite = env('SUITE');
const caseName = env('CASE');
const password = 'correct horse battery staple';

await run(async ({ person, shot: shotOf, step }) => {
  const page = await person();
  const shot = (name) => shotOf(page, name);
  const expectText = async (locator, wanted, what) => {
    const text = (await locator.textContent()) ?? '';
    if (!text.includes(wanted)) throw new Error(`${what} read "${text}", not "${wanted}"`);
  };

  await step('signs in', async () => {
    await page.goto(`${base}/console/invitation#${env('INVITATION')}`);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('The same again').fill(password);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Password set' }).waitFor();
    await page.goto(`${base}/console/suites`);
    await page.getByLabel('E-mail').fill(env('EMAIL'));
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Suites', level: 1 }).waitFor();
    await shot('suites');
  });

  let suiteUrl;
  await step('opens a suite: its cases, charts of its runs and the plan of a run', async () => {
    await page.getByRole('link', { name: suite, exact: true }).click();
    await page.getByRole('heading', { name: suite, level: 1 }).waitFor();
    suiteUrl = page.url();
    await page.getByRole('table', { name: 'Cases' }).getByRole('link', { name: 'TC_API_001' }).waitFor();
    const charts = await page.locator('figure.chart').count();
    if (charts !== 2) throw new Error(`${charts} charts of the last runs, not 2`);
    await expectText(page.locator('figure.chart').first(), 'Pass rate, last 2 runs', 'the first chart');
    await shot('suite');
    await page.getByRole('navigation', { name: 'Suite' }).getByRole('link', { name: 'Run and plan' }).click();
    await page.getByRole('button', { name: 'Show the plan' }).click();
    const items = (await page.getByTestId('plan-work-items').textContent()).trim();
    if (items !== '2') throw new Error(`the plan shows ${items} work items, not 2`);
    await page.getByRole('table', { name: 'Chains' }).waitFor();
    await shot('suite-plan');
  });

  await step('edits a case: the API\'s message shows next to the field, then it saves', async () => {
    await page.goto(suiteUrl);
    await page.getByRole('row', { name: new RegExp(caseName) }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Change log' }).waitFor();
    const tags = page.getByLabel('Tags (comma-separated)');
    await tags.fill('smoke, needs review!');
    await page.getByRole('button', { name: 'Save' }).click();
    const message = page.locator('#err-tags');
    await message.waitFor();
    await expectText(message, 'letters, digits and _ . : / - only', 'the message next to Tags');
    if ((await tags.getAttribute('aria-invalid')) !== 'true') throw new Error('Tags is not marked invalid');
    await shot('case-invalid');
    // fixed and saved by keyboard: Enter in a field submits the form
    await tags.fill('smoke, needs-review');
    await tags.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    if (await message.count()) throw new Error('the message stayed after the fix');
    await page.getByRole('table', { name: 'Change log' }).getByText('tags', { exact: true }).waitFor();
    await shot('case');
  });

  await step('a JSON view that is not JSON is refused before it is sent', async () => {
    const json = page.getByLabel(/Everything else, as JSON/);
    const before = await json.inputValue();
    await json.fill('{"retry": ');
    await expectText(page.locator('#err-json'), 'JSON:', 'the JSON view\'s message');
    if (!(await page.getByRole('button', { name: 'Save' }).isDisabled())) throw new Error('Save is not disabled');
    await json.fill(before);
  });

  await step('uploads a CSV data set and sees its rows', async () => {
    await page.goto(`${suiteUrl}?tab=data`);
    await page.getByLabel('Data set name').fill('customers');
    await page.getByLabel('CSV file (header line first)').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,city\nAda,London\nGrace,Arlington\nLinus,Helsinki\n'),
    });
    await page.getByRole('button', { name: 'Upload CSV' }).click();
    await page.getByRole('heading', { name: 'customers', level: 1 }).waitFor();
    const rows = page.getByRole('table', { name: 'Rows of customers' });
    await rows.getByRole('cell', { name: 'Arlington' }).waitFor();
    const count = await rows.locator('tbody tr').count();
    if (count !== 3) throw new Error(`${count} rows shown, not 3`);
    await shot('data-set');
  });

  await step('publishes a feature file and sees the unknown step listed', async () => {
    await page.goto(`${suiteUrl}?tab=imports`);
    await page.getByLabel('Feature text').fill(
      'Feature: Shop\n  Scenario: browse\n    When I list the products\n    Then the shelf is tidy\n');
    await page.getByRole('button', { name: 'Preview' }).click();
    const unknown = page.getByRole('list', { name: 'Unknown steps' });
    await expectText(unknown, 'line 4', 'the unknown steps');
    await expectText(unknown, 'the shelf is tidy', 'the unknown steps');
    await page.getByRole('button', { name: `Publish into ${suite}` }).click();
    await page.getByText(/^Published as version 1: 2 made/).waitFor();
    await expectText(page.getByRole('list', { name: 'Unknown steps' }), 'the shelf is tidy', 'the published unknown steps');
    await shot('imports');
  });

  await step('adds a schedule and sees its next fire times', async () => {
    await page.goto(`${suiteUrl}?tab=triggers`);
    await page.getByLabel('Schedule name').fill('nightly');
    await page.getByLabel(/^Cron/).fill('30 2 * * *');
    await page.getByLabel('Time zone').fill('UTC');
    await page.getByRole('button', { name: 'Add schedule' }).click();
    const row = page.getByRole('table', { name: 'Schedules' }).getByRole('row', { name: /nightly/ });
    await row.waitFor();
    const times = await row.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    if (times.length !== 5 || !times.every((t) => /T02:30:00Z$/.test(t))) {
      throw new Error(`the next fire times read ${times}`);
    }
    await shot('schedules');
  });

  await step('reads on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const url of [suiteUrl, `${suiteUrl}?tab=triggers`]) {
      await page.goto(url);
      await page.getByRole('heading', { name: suite, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`${url} is ${overflow} px wider than a phone`);
    }
    await shot('suite-phone');
  });

});
