// A process diagram coloured by a run's results, and its tasks' bindings changed. Run by
// ConsolePagesIT, which generated a process suite from a diagram and ran it with one failing step.
//   DIAGRAM        the diagram's id          EMAIL, PASSWORD   a tester who signs in
//   FAILED         the element of the failing step (drawn red)
//   PASSED         an element passed before it
//   UNBOUND        the name of a task whose binding was taken away (accepted again here)
//   REBIND         the name of a task bound here by hand to REBIND_TO ("POST /orders")
//   RUN            the run of the process suite (its page shows the process coverage)
import { base, env, expect, run } from './harness.mjs';

await run(async ({ person, signIn, shot, step, noWiderThanAPhone }) => {
  const page = await person();
  const failed = env('FAILED');

  await step('the processes list shows the diagram', async () => {
    await signIn(page, env('EMAIL'), env('PASSWORD'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Processes' }).click();
    await page.getByRole('heading', { name: 'Processes', level: 1 }).waitFor();
    await page.locator(`a[href="/console/processes/${env('DIAGRAM')}"]`).click();
    await page.getByRole('heading', { name: 'Bindings to endpoints' }).waitFor();
  });

  await step('the diagram is drawn with the failing element red', async () => {
    const img = page.getByTestId('diagram');
    await page.locator(`tr[data-element="${failed}"] .status`, { hasText: 'FAILED' }).waitFor();
    await page.locator(`tr[data-element="${env('PASSED')}"] .status`, { hasText: 'PASSED' }).waitFor();
    const src = await img.getAttribute('src');
    expect(src.includes('runId='), `the diagram is drawn without a run: ${src}`);
    expect(await img.evaluate((i) => i.complete && i.naturalWidth > 100), 'the diagram did not load');
    const svg = await (await page.request.get(base + src)).text();
    const drawn = svg.match(new RegExp(`<[^>]*data-element-id="${failed}"[^>]*>`));
    expect(drawn && drawn[0].includes('gp-failed'), `the failing element is drawn as ${drawn?.[0]}`);
    await shot(page, 'process');
  });

  await step('a suggestion is accepted and a task bound by hand', async () => {
    const unbound = env('UNBOUND');
    const row = page.locator('table.bindings tr', { hasText: unbound });
    expect((await row.textContent()).includes('not bound'), `${unbound} is bound already`);
    await page.getByRole('button', { name: `Accept the suggestion for ${unbound}` }).click();
    await row.locator('.status', { hasText: 'CONFIRMED' }).waitFor();

    const rebind = env('REBIND');
    await page.getByLabel(`Endpoint for ${rebind}`).selectOption({ label: env('REBIND_TO') });
    await page.getByRole('button', { name: `Bind ${rebind}` }).click();
    const rebound = page.locator('table.bindings tr', { hasText: rebind });
    await rebound.locator('.status', { hasText: 'MANUAL' }).waitFor();
    expect((await rebound.locator('td').first().textContent()).includes(env('REBIND_TO')), 'the new binding is not shown');
    await shot(page, 'process-bindings');
  });

  await step('the run page shows what the run covered of the process', async () => {
    await page.goto(`${base}/console/runs/${env('RUN')}`);
    const coverage = page.locator('section[aria-labelledby=coverage-title]');
    await coverage.getByText(/elements exercised/).waitFor();
    const text = await coverage.textContent();
    expect(text.includes('elements exercised 4 of 6'), `the run's coverage reads ${text}`);
    expect(text.includes('sequence flows 3 of 5'), `the run's coverage reads ${text}`);
    await shot(page, 'run-coverage');
    await page.goBack();
    await page.getByRole('heading', { name: 'Bindings to endpoints' }).waitFor();
  });

  await step('the process page reads on a phone', async () => {
    await noWiderThanAPhone(page, 'the process page');
    await shot(page, 'process-phone');
  });
});
