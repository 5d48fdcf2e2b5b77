import { expect, test, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';

// The login page's ways in, in real Chromium against a gateway whose `login` section offers SMS codes
// (the fake Tencent Cloud SMS), an OIDC provider (the fake Keycloak-like provider), WeChat Open Platform QR
// login and WeCom web login (the fake WeChat login, whose QR page "scans" at once): LoginBrowserTest starts
// them, links the phone number, the OIDC subject, the WeChat unionid and the WeCom userid to the admin, and
// runs this suite.

const PASSWORD = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? 'test-admin-password';
const PHONE = process.env.LOGIN_PHONE ?? '+8613512345678';
const SMS_INBOX = process.env.SMS_INBOX_URL ?? 'http://127.0.0.1:8090';
const SSO = process.env.OIDC_DISPLAY_NAME ?? 'Company SSO';
// Chrome logs every 4xx fetch: the deliberate wrong password and wrong code, and the 401 that asks for a code.
const EXPECTED = [/status of 401 .*\/admin\/v1\/auth\/(login|sms\/login)$/];

test.describe.configure({ mode: 'serial' });

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const text = `${message.type()}: ${message.text()} ${message.location().url}`;
    if (!EXPECTED.some((pattern) => pattern.test(text))) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

async function signedIn(page: Page) {
  await expect(page).toHaveURL(/\/console\/apps$/);
  await expect(page.getByRole('link', { name: 'Switchboard Guide' })).toBeVisible();
}

/** RFC 6238 (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
function totp(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

test('password: a wrong one is refused with a message, the right one signs in', async ({ page }) => {
  const problems = watch(page);
  await page.goto('/console/login');
  await expect(page.getByRole('tab', { name: 'SMS code' })).toBeVisible();
  await expect(page.getByRole('button', { name: SSO })).toBeVisible();
  await page.getByLabel('Username').fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signedIn(page);
  expect(problems).toEqual([]);
});

test('phone number and SMS code: a wrong code is refused, the code from the SMS signs in', async ({ page, request }) => {
  const problems = watch(page);
  await page.goto('/console/login');
  await page.getByRole('tab', { name: 'SMS code' }).click();
  const sms = page.getByRole('tabpanel');
  const signIn = sms.getByRole('button', { name: 'Sign in' });
  await sms.getByLabel('Phone number').fill(PHONE);
  await expect(signIn).toBeDisabled();
  await sms.getByRole('button', { name: 'Send code' }).click();
  await expect(sms.getByRole('button', { name: 'Send again' })).toBeVisible();
  let code = '';
  await expect
    .poll(async () => {
      const answer = await request.get(`${SMS_INBOX}/code?phone=${encodeURIComponent(PHONE)}`);
      code = answer.ok() ? await answer.text() : '';
      return code;
    })
    .toMatch(/^\d{6}$/);
  const wrong = code === '000000' ? '111111' : '000000';
  await sms.getByLabel('Code from the SMS').fill(wrong);
  await signIn.click();
  await expect(sms.getByRole('alert')).toBeVisible();
  await sms.getByLabel('Code from the SMS').fill(code);
  await signIn.click();
  await signedIn(page);
  expect(problems).toEqual([]);
});

test('single sign-on: the provider button goes to the OIDC provider and comes back signed in', async ({ page }) => {
  const problems = watch(page);
  await page.goto('/console/login');
  await page.getByRole('button', { name: SSO }).click();
  await signedIn(page);
  expect(await page.evaluate(() => Object.keys(localStorage).length)).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});

for (const provider of ['WeChat', 'WeCom']) {
  test(`${provider}: the login page offers it, the scan comes back signed in`, async ({ page }) => {
    const problems = watch(page);
    await page.goto('/console/login');
    const button = page.getByRole('button', { name: provider, exact: true });
    await expect(button).toBeVisible();
    await button.click();
    await signedIn(page);
    expect(problems).toEqual([]);
  });
}

test('two-factor: with TOTP on, the password step asks for the authenticator code', async ({ page, request }) => {
  const problems = watch(page);
  // Turn TOTP on for the admin through the API, as the sign-in methods dialog does.
  const login = await request.post('/admin/v1/auth/login', { data: { username: 'admin', password: PASSWORD } });
  expect(login.status()).toBe(200);
  const headers = { Authorization: `Bearer ${(await login.json()).token}` };
  const enrolment = await request.post('/admin/v1/auth/totp', { headers, data: { password: PASSWORD } });
  expect(enrolment.status()).toBe(200);
  const secret: string = (await enrolment.json()).secret;
  const step = Math.floor(Date.now() / 30_000);
  const confirmed = await request.post('/admin/v1/auth/totp/confirm', { headers, data: { code: totp(secret, step) } });
  expect(confirmed.status()).toBe(200);

  await page.goto('/console/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByLabel('Authenticator code');
  await expect(code).toBeVisible();
  await expect(page).toHaveURL(/\/console\/login/);
  // The step used to confirm is spent (no replay); the next one is within the allowed drift.
  await code.fill(totp(secret, step + 1));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signedIn(page);
  expect(problems).toEqual([]);
});
