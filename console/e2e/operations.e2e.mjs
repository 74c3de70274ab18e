// The farm's operations page as an operator (an ADMIN of the operator tenant): a worker listed and
// drained then resumed, a run waiting in the admission queue and cancelled from there, tenants and
// plans. Run by ConsolePagesIT.
//   OPERATOR_EMAIL, PASSWORD   the operator who signs in
//   QUEUED_TENANT              the tenant whose run waits (its plan admits none)
import { env, expect, run } from './harness.mjs';

await run(async ({ person, signIn, shot, step, noWiderThanAPhone }) => {
  const page = await person();
  page.on('dialog', (dialog) => dialog.accept());
  const tenant = env('QUEUED_TENANT');

  await step('an operator opens operations', async () => {
    await signIn(page, env('OPERATOR_EMAIL'), env('PASSWORD'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Admission queue' }).waitFor();
  });

  await step('the queue shows the waiting run with why', async () => {
    const queued = page.locator('section[aria-labelledby=queue-title] tr', { hasText: tenant });
    await queued.waitFor();
    const text = await queued.textContent();
    expect(text.includes('MaxConcurrentRuns of plan') && text.includes(' is 0;'), `the queue row reads ${text}`);
    await page.locator('section[aria-labelledby=tenants-title] tr', { hasText: tenant }).waitFor();
  });

  await step('a worker is listed, drained and resumed', async () => {
    const worker = page.locator('section[aria-labelledby=workers-title] tbody tr').first();
    await worker.waitFor();
    const id = await worker.getAttribute('data-worker');
    const row = page.locator(`tr[data-worker="${id}"]`);
    await row.getByRole('button', { name: `Drain ${id}` }).click();
    await row.getByRole('button', { name: `Resume ${id}` }).waitFor();
    const state = await row.locator('.status').textContent();
    expect(state === 'DRAIN_REQUESTED' || state === 'DRAINING', `the drained worker reads ${state}`);
    await shot(page, 'operations');
    await row.getByRole('button', { name: `Resume ${id}` }).click();
    await row.getByRole('button', { name: `Drain ${id}` }).waitFor();
  });

  await step('the waiting run is cancelled from the queue', async () => {
    const queued = page.locator('section[aria-labelledby=queue-title] tr', { hasText: tenant });
    await queued.getByRole('button', { name: /^Cancel run / }).click();
    await page.getByText('Run cancelled').waitFor();
    await queued.waitFor({ state: 'detached' });
  });

  await step('operations read on a phone', async () => {
    await noWiderThanAPhone(page, 'the operations page');
    await shot(page, 'operations-phone');
  });
});
