import type { Page } from 'playwright-core';

export interface Account {
  name: string;
  email: string;
  password: string;
}

/** Picks a country in intl-tel-input's searchable dropdown. */
export async function selectPhoneCountry(page: Page, search: string, iso2: string): Promise<void> {
  await page.locator('.iti__selected-country').click();
  await page.locator('.iti__search-input').fill(search);
  await page.locator(`.iti__country[data-iso2="${iso2}"]`).click();
}

export async function fillRegisterForm(page: Page, account: Account): Promise<void> {
  await page.locator('#register-name').fill(account.name);
  await page.locator('#register-email').fill(account.email);
  await page.locator('#register-password').fill(account.password);
}

/** Registers without a phone through the UI and waits for the app layout. */
export async function register(page: Page, account: Account): Promise<void> {
  await page.goto('/register');
  await fillRegisterForm(page, account);
  await page.locator('form button[type="submit"]').click();
  await expectLoggedIn(page, account);
}

export async function login(page: Page, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.locator('#login-email').fill(account.email);
  await page.locator('#login-password').fill(account.password);
  await page.locator('#login-password').press('Enter');
}

export async function expectLoggedIn(page: Page, account: Pick<Account, 'name'>): Promise<void> {
  await page.locator('[data-testid="user-menu"]').waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  expect(await page.locator('[data-testid="user-menu"]').innerText()).toContain(account.name);
}

export async function logout(page: Page): Promise<void> {
  await page.locator('[data-testid="user-menu"]').click();
  await page.locator('[data-testid="logout"]').click();
  await page.waitForURL((url) => url.pathname === '/login');
}

/** The session as the API sees it, read with the page's own cookies. */
export function me(page: Page): Promise<{ status: number; body: { user?: { phone: string | null; role: string; settings: Record<string, unknown> } } }> {
  return page.evaluate(async () => {
    const response = await fetch('/api/auth/me');
    return { status: response.status, body: await response.json() };
  });
}
