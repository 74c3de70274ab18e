// A release approved by the person whose role it is, and refused to someone else: two people signed
// in at once (two browser contexts). Run by ConsolePagesIT, which makes the release through the API:
// two cases fed by a run (one PASSED, one FAILED), a gate asking for DEV_LEAD's approval.
//   RELEASE       the release's id          VERSION   its version
//   HOLDER_EMAIL  the person who will hold DEV_LEAD (HOLDER_ID, HOLDER_NAME)
//   OTHER_EMAIL   a tester who does not     PASSWORD  both people's password
//   API_KEY       the release owner's key: it gives DEV_LEAD to the holder while the other looks
//   ADMIN_EMAIL   an ADMIN of the tenant, who gives PRODUCT_MANAGER to the other from the page
import { base, env, expect, run } from './harness.mjs';

const release = env('RELEASE');
const version = env('VERSION');
const holderName = env('HOLDER_NAME');
const password = env('PASSWORD');
const releaseUrl = `${base}/console/releases/${release}`;

await run(async ({ person, signIn, shot, step, noWiderThanAPhone }) => {
  const other = await person();
  const holder = await person();

  await step('the releases list shows the release', async () => {
    await signIn(other, env('OTHER_EMAIL'), password);
    await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Releases' }).click();
    await other.getByRole('heading', { name: 'Releases', level: 1 }).waitFor();
    await shot(other, 'releases');
    await other.getByRole('link', { name: version }).click();
    await other.getByRole('heading', { name: 'Approvals' }).waitFor();
    expect((await other.getByTestId('gate').textContent()) === 'Closed', 'the gate is not shown closed');
  });

  await step('someone else than the holder is refused', async () => {
    // nobody holds DEV_LEAD yet, so any tester is offered the decision …
    const approve = other.getByRole('button', { name: 'Approve as Dev lead' });
    await approve.waitFor();
    // … until the owner gives the role to its holder while this page is open
    const assigned = await fetch(`${base}/api/v1/releases/${release}/approvers`, {
      method: 'PUT',
      headers: { 'X-Api-Key': env('API_KEY'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ DEV_LEAD: env('HOLDER_ID') }),
    });
    expect(assigned.status === 200, `assigning DEV_LEAD answered ${assigned.status}`);
    await approve.click();
    const alert = other.locator('section[aria-labelledby=approvals-title] [role=alert]');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text.includes(`DEV_LEAD of this release is ${holderName}'s to decide`), `the refusal read: ${text}`);
    // the page now says whose decision it is, and offers none
    const row = other.locator('tr[data-role=DEV_LEAD]');
    await row.getByText(`${holderName} decides`).waitFor();
    expect((await row.getByRole('button').count()) === 0, 'the other person is still offered buttons');
    expect((await other.getByTestId('gate').textContent()) === 'Closed', 'the gate opened for the wrong person');
    await shot(other, 'release-refused');
  });

  await step('an ADMIN gives a role to someone from the page', async () => {
    const admin = await person();
    await signIn(admin, env('ADMIN_EMAIL'), password);
    await admin.goto(releaseUrl);
    const whose = admin.getByLabel('Who decides as Product manager');
    await whose.waitFor();
    await whose.selectOption({ label: 'Vic Viewer-Tester' });
    // the page reloads the release and shows the role's holder as chosen
    await admin.waitForFunction(
      (select) => select.options[select.selectedIndex]?.text === 'Vic Viewer-Tester',
      await whose.elementHandle(),
    );
    // the other person, reloading, is now offered that role's decision
    await other.reload();
    await other.getByRole('button', { name: 'Approve as Product manager' }).waitFor();
    await admin.context().close();
  });

  await step('operations are hidden from a tester, and the API refuses them', async () => {
    const nav = other.getByRole('navigation', { name: 'Main' });
    expect((await nav.getByRole('link', { name: 'Operations' }).count()) === 0, 'a tester sees Operations');
    const status = await other.evaluate(async () => (await fetch('/api/v1/admin/queue')).status);
    expect(status === 403, `the queue answered a tester ${status}`);
  });

  await step('the holder sets a failed case by hand, approves, and the gate opens', async () => {
    await signIn(holder, env('HOLDER_EMAIL'), password);
    await holder.goto(releaseUrl);
    const gate = holder.getByTestId('gate');
    await gate.waitFor();
    expect((await gate.textContent()) === 'Closed', 'the gate is not closed before');
    const reasons = await holder.locator('.reasons').textContent();
    expect(reasons.includes('failed-cases') && reasons.includes('approval-missing'), `the reasons read ${reasons}`);

    const failedRow = holder.locator('table.cases tbody tr', { hasText: 'list orders' });
    await failedRow.getByRole('button', { name: /^Set / }).click();
    const form = holder.locator('form.case-form');
    await form.getByLabel('Status').selectOption('PASSED');
    await form.getByLabel('Comment').fill('retested by hand once CTP-1234 was fixed');
    await form.getByLabel('Defects').fill('not-a-key');
    await form.getByLabel('Duration (minutes)').fill('1.5');
    await form.getByRole('button', { name: 'Save' }).click();
    // the API's own message, next to the field it named
    await form.getByText('not a JIRA key such as CTP-1234').waitFor();
    await form.getByLabel('Defects').fill('CTP-1234');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const row = holder.locator('table.cases tbody tr', { hasText: 'list orders' });
    await row.getByText('PASSED').waitFor();
    const text = await row.textContent();
    expect(text.includes('CTP-1234') && text.includes('1 min 30 s'), `the case row reads ${text}`);

    const approvals = holder.locator('tr[data-role=DEV_LEAD]');
    await approvals.getByLabel('Comment for Dev lead').fill('the order service is fixed');
    await holder.getByRole('button', { name: 'Approve as Dev lead' }).click();
    await approvals.getByText('APPROVED').waitFor();
    await holder.getByText('Open: the release may be marked ready to ship').waitFor();
    await holder.getByRole('button', { name: 'Mark ready to ship' }).click();
    await holder.locator('h1 .status', { hasText: 'READY_TO_SHIP' }).waitFor();
    const history = await holder.locator('table.history').textContent();
    expect(history.includes('approval') && history.includes('case updated'), `the history reads ${history}`);
    await shot(holder, 'release');
  });

  await step('the readiness report opens as HTML and downloads as PDF', async () => {
    const href = await holder.getByRole('link', { name: 'Readiness report' }).getAttribute('href');
    const html = await holder.request.get(base + href);
    expect(html.status() === 200 && (await html.text()).includes(version), `the HTML report answered ${html.status()}`);
    const [download] = await Promise.all([
      holder.waitForEvent('download'),
      holder.getByRole('link', { name: 'PDF' }).click(),
    ]);
    const pdf = await download.createReadStream();
    const head = await new Promise((resolve) => pdf.once('data', (chunk) => resolve(chunk.subarray(0, 5).toString())));
    expect(head === '%PDF-', `the download starts ${head}`);
  });

  await step('the release page reads on a phone', async () => {
    await noWiderThanAPhone(holder, 'the release page');
    await shot(holder, 'release-phone');
  });
});
