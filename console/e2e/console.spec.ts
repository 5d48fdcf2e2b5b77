import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The story in one browser session against a real gateway: log in; create an app from a
// template; add the fake OpenAI server as a provider; edit the prompt; debug-chat and see the stream;
// build a workflow by dragging start, LLM, code and end and connecting them; debug-run it and see the
// trace; publish both; upload a document and watch it reach ready; open the web chat and get the answer.
// Screenshots go to SWITCHBOARD_SCREENSHOTS (docs/console when refreshing the README's pictures).

const PASSWORD = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? 'test-admin-password';
const MODEL_URL = process.env.FAKE_OPENAI_URL ?? 'http://127.0.0.1:8089/v1';
const SHOTS = process.env.SWITCHBOARD_SCREENSHOTS ?? join(import.meta.dirname, '../target/e2e-results/screens');
const RUN = Date.now().toString(36);
const APP = `desk-${RUN}`;
const PROVIDER = `fake-${RUN}`;
const PROVIDER_NAME = `Fake OpenAI ${RUN}`;
// Chrome logs every 4xx fetch: the deliberate wrong password below.
const EXPECTED = [/status of 401 .*\/admin\/v1\/auth\/login$/];

test.describe.configure({ mode: 'serial' });

let page: Page;
const problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = `${message.type()}: ${message.text()} ${message.location().url}`;
    if (!EXPECTED.some((pattern) => pattern.test(text))) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
});

test.afterAll(async () => {
  writeFileSync(join(SHOTS, '..', 'console-problems.txt'), problems.join('\n'));
  await page.close();
});

async function shot(name: string) {
  await page.waitForTimeout(300); // let transitions settle so the picture shows the screen at rest
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

function option(text: string | RegExp): Locator {
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first();
}

function sideItem(label: string): Locator {
  return page.getByTestId('side-form').locator('.ant-form-item').filter({ has: page.locator('label').getByText(label, { exact: true }) }).first();
}

async function connect(from: string, to: string) {
  const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`).first();
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`).first();
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

test('log in', async () => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/console\/login/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // A figure, not an assertion (the machine may be busy): how long the first load took.
  const load = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd), loadMs: Math.round(nav.loadEventEnd) };
  });
  console.log(`first load of /console/login: ${JSON.stringify(load)}`);
  await shot('login');
  await page.getByLabel('Username').fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/console\/apps$/);
  await expect(page.getByRole('link', { name: 'Switchboard Guide' })).toBeVisible();
});

test('add the fake OpenAI server as a provider and list its models', async () => {
  await page.getByRole('link', { name: 'Models' }).click();
  await page.getByRole('button', { name: 'Add provider' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('ID').fill(PROVIDER);
  await dialog.getByLabel('Name').fill(PROVIDER_NAME);
  await dialog.getByLabel('Base URL').fill(MODEL_URL);
  await dialog.getByLabel('API key', { exact: true }).fill('sk-e2e-secret-key-123456');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('cell', { name: PROVIDER, exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: PROVIDER })).toContainText('…3456');
  await page.getByRole('row').filter({ hasText: PROVIDER }).getByRole('button', { name: 'Models' }).click();
  await expect(page.getByRole('dialog').getByText('fake-model')).toBeVisible();
  await shot('providers');
  await page.keyboard.press('Escape');
});

test('create an app from a template, pick the model, edit the prompt', async () => {
  await page.getByRole('link', { name: 'Apps' }).click();
  await shot('apps');
  await page.getByRole('button', { name: 'Create app' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Customer service').check();
  await expect(dialog.getByLabel('Name')).toHaveValue('Customer service');
  await dialog.getByLabel('App id').fill(APP);
  // The template answers from its knowledge base with a model: the square asks for it up front.
  await dialog.getByLabel('Provider').click();
  await option(PROVIDER_NAME).click();
  await dialog.getByLabel('Model', { exact: true }).click();
  await option('fake-model').click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(new RegExp(`/console/apps/${APP}`));
  await expect(page.getByTestId('app-title')).toHaveText('Customer service');
  await expect(page.getByRole('switch', { name: 'Answer with a model' })).toBeChecked();

  const prompt = page.getByRole('textbox', { name: 'System prompt' });
  await prompt.fill('You are the {{company}} desk. Be brief.');
  await expect(page.locator('.prompt-mirror mark')).toHaveText('{{company}}');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft saved')).toBeVisible();
});

test('debug-chat with the draft and see the answer stream', async () => {
  const input = page.getByRole('textbox', { name: 'Type a message, Enter to send' });
  await input.fill('hello desk');
  await input.press('Enter');
  const answer = page.getByTestId('debug-answer').last();
  await expect(answer).toContainText('echo: hello desk');
  await expect(answer).toContainText('tokens');
  await shot('app-editor');
});

test('publish the app with a note and compare versions', async () => {
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('dialog').getByLabel('Release note').fill('first model');
  await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published version 1')).toBeVisible();
  await page.getByRole('tab', { name: 'Versions' }).click();
  await expect(page.getByRole('cell', { name: 'first model' })).toBeVisible();
  await shot('versions');
});

test('build a workflow by dragging start, LLM, code and end, connect and configure them', async () => {
  await page.getByRole('link', { name: 'Workflows' }).click();
  await page.getByRole('button', { name: 'Create workflow' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Shout');
  await dialog.getByText('Start with a start and an end node').click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/console\/workflows\/.+/);
  const canvas = page.getByTestId('canvas');
  const box = (await canvas.boundingBox())!;
  const drops: [string, number, number][] = [
    ['start', 0.1, 0.3],
    ['llm', 0.35, 0.55],
    ['code', 0.6, 0.3],
    ['end', 0.8, 0.6],
  ];
  for (const [type, x, y] of drops) {
    await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x: box.width * x + 90, y: box.height * y + 30 } });
  }
  for (const id of ['start1', 'llm1', 'code1', 'end1']) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await page.getByRole('button', { name: 'Auto layout' }).click();
  await page.waitForTimeout(400);
  await connect('start1', 'llm1');
  await connect('llm1', 'code1');
  await connect('code1', 'end1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await page.getByRole('button', { name: 'Auto layout' }).click();
  await page.waitForTimeout(400);

  // A save before configuring shows the API's validation on the nodes.
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('problems-llm1')).toBeVisible();

  await page.locator('.react-flow__node[data-id="llm1"]').click();
  await sideItem('Provider').locator('.ant-select').click();
  await option(PROVIDER_NAME).click();
  await sideItem('Model').locator('input').fill('fake-model');
  await sideItem('Prompt').locator('textarea').fill('{{start1.query}}');

  await page.locator('.react-flow__node[data-id="code1"]').click();
  await sideItem('Inputs').getByRole('button', { name: 'Add' }).click();
  await sideItem('Inputs').getByRole('textbox', { name: 'Name' }).fill('text');
  await sideItem('Inputs').getByTestId('variable-select').click();
  // The picker offers upstream outputs only: the LLM's and the start's, not the end's.
  await expect(option('text · string')).toBeVisible();
  await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).not.toContainText('end1');
  await option('text · string').click();
  await sideItem('Code').locator('textarea').fill('function main(inputs) {\n  return { result: inputs.text.toUpperCase() };\n}');
  await sideItem('Outputs').getByLabel('Type').click();
  await option(/^string$/).click();

  await page.locator('.react-flow__node[data-id="end1"]').click();
  await sideItem('Outputs').getByTestId('variable-select').click();
  await option('result · string').click();

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Workflow saved')).toBeVisible();
  await expect(page.locator('[data-testid^="problems-"]')).toHaveCount(0);
});

test('debug-run the workflow, see the trace on every node, publish it', async () => {
  await page.getByRole('button', { name: 'Debug run' }).click();
  await page.getByRole('dialog').getByLabel('query · string').fill('hello');
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();
  for (const id of ['start1', 'llm1', 'code1', 'end1']) await expect(page.getByTestId(`trace-${id}`)).toContainText('succeeded');
  await expect(page.getByTestId('run-outputs')).toContainText('ECHO: HELLO');
  await shot('workflow');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published version 1')).toBeVisible();
});

test('upload a document and watch it reach ready, then hit-test it', async () => {
  await page.getByRole('link', { name: 'Knowledge' }).click();
  await page.getByRole('button', { name: 'Create knowledge base' }).click();
  await page.getByRole('dialog').getByLabel('Name').fill('Handbook');
  await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('tab', { name: 'Documents' })).toBeVisible();
  await page.locator('input[type=file]').first().setInputFiles([
    { name: 'refunds.md', mimeType: 'text/markdown', buffer: Buffer.from('# Refunds\n\nThe refund window is 30 days from delivery.\n') },
    { name: 'hours.txt', mimeType: 'text/plain', buffer: Buffer.from('Opening hours are 9:00 to 18:00, Monday to Friday.\n') },
  ]);
  await expect(page.getByTestId('doc-status-refunds.md')).toBeVisible();
  await expect(page.getByTestId('doc-status-refunds.md')).toContainText('Ready', { timeout: 90_000 });
  await expect(page.getByTestId('doc-status-hours.txt')).toContainText('Ready', { timeout: 90_000 });
  await shot('knowledge');
  await page.getByRole('tab', { name: 'Hit test' }).click();
  await page.getByRole('textbox', { name: 'A question your users might ask' }).fill('how long is the refund window?');
  await page.getByRole('button', { name: 'Hit test' }).last().click();
  await expect(page.getByTestId('hits-hybrid')).toContainText('refunds.md');
  await shot('hit-test');
});

test('tools and analytics screens', async () => {
  await page.getByRole('link', { name: 'Tools' }).click();
  await expect(page.getByText('calculator')).toBeVisible();
  await shot('tools');
  await page.goto(`/console/apps/${APP}/analytics`);
  await expect(page.getByText('Turns per day and channel')).toBeVisible();
  await shot('analytics');
});

test('the web chat answers with the published app', async () => {
  await page.goto(`/chat/${APP}`);
  await page.locator('#message-input').fill('are you there?');
  await page.locator('#message-input').press('Enter');
  await expect(page.locator('#transcript > li.message-assistant .bubble').last()).toContainText('echo: are you there?');
});

test('members: invite by e-mail, a new workspace of its own, the invitee joins with the link', async ({ browser }) => {
  await page.goto('/console/apps');
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('cell', { name: /admin/ }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Invite' }).click();
  await page.getByLabel('E-mail').check();
  await page.getByLabel('Invitee').fill(`ana-${RUN}@example.com`);
  await page.locator('.ant-modal').getByRole('combobox').click();
  await option('Viewer').click();
  // The role's list opens over the modal's footer. Once, on a fresh machine's Chromium, it stayed open after
  // the choice and covered the Invite button for minutes: a click on the modal's title closes it.
  const openList = page.locator('.ant-select-dropdown').filter({ visible: true });
  if ((await openList.count()) > 0) {
    await page.locator('.ant-modal-title').click();
  }
  await expect(openList).toHaveCount(0);
  await page.locator('.ant-modal').getByRole('button', { name: 'Invite' }).click();
  const link = await page.getByTestId('invite-link').inputValue();
  expect(link).toMatch(/\/console\/invite#.{40,}/);
  await shot('members-invite');
  await page.locator('.ant-modal-footer').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('cell', { name: `ana-${RUN}@example.com` })).toBeVisible();
  await shot('members');

  // A workspace of its own: none of the default workspace's apps.
  await page.getByRole('button', { name: 'New workspace' }).click();
  await page.locator('.ant-modal').getByLabel('Name').fill(`Team ${RUN}`);
  await page.locator('.ant-modal').getByLabel('ID').fill(`team-${RUN}`);
  await page.locator('.ant-modal').getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/console\/apps$/);
  await expect(page.locator('.shell-header')).toContainText(`Team ${RUN}`);
  await expect(page.getByText(APP)).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Workspace' }).click();
  await option(/^Default/).click();
  await expect(page.getByText(APP).first()).toBeVisible();

  // The invitee opens the link in a browser without a session, picks a name and a password.
  const guest = await browser.newContext();
  const invitee = await guest.newPage();
  await invitee.goto(link);
  await invitee.getByLabel('Username').fill(`ana-${RUN}`);
  await invitee.getByRole('textbox', { name: 'Password' }).fill('anas long password');
  await invitee.getByRole('button', { name: 'Join' }).click();
  await expect(invitee).toHaveURL(/\/console\/apps$/);
  await expect(invitee.getByText(APP).first()).toBeVisible();
  await expect(invitee.getByRole('button', { name: 'Create app' })).toHaveCount(0);
  await guest.close();
});

test('sign out and the console in Chinese', async () => {
  await page.goto('/console/apps');
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByText('Sign out').click();
  await expect(page).toHaveURL(/\/console\/login/);
  await page.getByRole('combobox', { name: 'Language' }).click();
  await option('简体中文').click();
  await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
  await shot('login-zh');
  expect(problems, 'console errors and warnings').toEqual([]);
});
