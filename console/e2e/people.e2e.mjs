// The people page of a tenant's ADMIN: someone invited (the link passed on, their password set
// there, their first sign-in), their role changed, and the API's refusal shown when the ADMIN tries
// to deactivate themselves. Run by ConsolePagesIT.
//   ADMIN_EMAIL, PASSWORD   the tenant's ADMIN who signs in
//   NEW_EMAIL               the address of the person invited here
import { base, env, expect, run } from './harness.mjs';

await run(async ({ person, signIn, shot, step, noWiderThanAPhone }) => {
  const admin = await person();
  const email = env('NEW_EMAIL');
  let link;

  await step('an ADMIN invites someone and gets the link to pass on', async () => {
    await signIn(admin, env('ADMIN_EMAIL'), env('PASSWORD'));
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await admin.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await admin.getByLabel('Name').fill('Nia Newcomer');
    await admin.getByLabel('Role of the person invited').selectOption('VIEWER');
    await admin.getByLabel('E-mail').fill(email);
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    link = (await admin.locator('code.invitation-link').textContent()).trim();
    expect(link.startsWith(`${base}/console/invitation#`), `the link reads ${link}`);
    await admin.locator(`tr[data-user="${email}"]`, { hasText: 'Nia Newcomer' }).waitFor();
    await shot(admin, 'people');
  });

  await step('the invited person sets a password and signs in', async () => {
    const newcomer = await person();
    await newcomer.goto(link);
    await newcomer.getByLabel('Password', { exact: true }).fill('a long enough passphrase');
    await newcomer.getByLabel('The same again').fill('a long enough passphrase');
    await newcomer.getByRole('button', { name: 'Set password' }).click();
    await newcomer.getByRole('heading', { name: 'Password set' }).waitFor();
    await signIn(newcomer, email, 'a long enough passphrase');
    expect((await newcomer.locator('.who').textContent()).includes('Nia Newcomer'), 'signed in as someone else');
    await newcomer.context().close();
  });

  await step('the ADMIN makes them a tester', async () => {
    await Promise.all([
      admin.waitForResponse((r) => r.url().includes('/api/v1/users/') && r.request().method() === 'PATCH'
        && r.status() === 200),
      admin.getByLabel('Role of Nia Newcomer').selectOption('TESTER'),
    ]);
    expect((await admin.getByLabel('Role of Nia Newcomer').inputValue()) === 'TESTER', 'the role did not change');
  });

  await step('the ADMIN cannot deactivate themselves, and is told why', async () => {
    const me = (await admin.locator('.who').textContent()).replace(/ADMIN$/, '').trim();
    await admin.getByRole('button', { name: `Deactivate ${me}` }).click();
    await admin.getByRole('alert').filter({ hasText: 'cannot deactivate themselves' }).waitFor();
    await noWiderThanAPhone(admin, 'the people page');
    await shot(admin, 'people-phone');
  });
});
