import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from './support/app-server';
import { collectPageErrors, launchBrowser, MOBILE, newContext, screenshot } from './support/browser';
import { expectLoggedIn, fillRegisterForm, login, logout, me, register, selectPhoneCountry, type Account } from './support/flows';

jest.setTimeout(60_000);

const admin: Account = { name: 'Ana García', email: 'ana@example.com', password: 'correct-horse-1' };
const member: Account = { name: 'Bruno Díaz', email: 'bruno@example.com', password: 'battery-staple-2' };

describe('SPA shell in Chromium against the built app', () => {
  let app: RunningApp;
  let browser: Browser;
  let adminContext: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    adminContext = await newContext(browser, { baseUrl: app.baseUrl, locale: 'es-ES' });
    page = await adminContext.newPage();
    pageErrors = collectPageErrors(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('sends visitors to the login page, in the browser language', async () => {
    await page.goto('/settings');

    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/settings');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('h1').innerText()).toBe('Hola de nuevo');
    await screenshot(page, 'login-es-light');
  });

  it('registers with a Spanish phone typed in national format and lands in the app', async () => {
    await page.goto('/register');
    await fillRegisterForm(page, admin);
    await selectPhoneCountry(page, 'Espa', 'es');
    await page.locator('#register-phone').pressSequentially('600 111 222');
    await screenshot(page, 'register-es-light');

    await page.locator('#register-phone').press('Enter');

    await expectLoggedIn(page, admin);
    const session = await me(page);
    expect(session.body.user?.phone).toBe('+34600111222');
    // The first account administers the instance.
    expect(session.body.user?.role).toBe('admin');
    expect(await page.locator('[data-testid="conversations-empty"]').innerText()).toContain('Aún no hay conversaciones');
    await screenshot(page, 'home-es-light');
    await page.locator('[data-testid="user-menu"]').click();
    await page.locator('[data-testid="logout"]').waitFor();
    await screenshot(page, 'user-menu-es-light');
    await page.keyboard.press('Escape');
  });

  it('shows an invalid phone inline instead of sending it', async () => {
    const context = await newContext(browser, { baseUrl: app.baseUrl });
    const visitor = await context.newPage();
    await visitor.goto('/register');
    await fillRegisterForm(visitor, { name: 'Zoe', email: 'zoe@example.com', password: 'long-enough-pw' });
    await selectPhoneCountry(visitor, 'Espa', 'es');
    await visitor.locator('#register-phone').pressSequentially('600 11');

    await visitor.locator('form button[type="submit"]').click();

    expect(await visitor.locator('#register-phone-error').innerText()).toBe('Este número es demasiado corto.');
    expect(await visitor.locator('#register-phone').getAttribute('aria-invalid')).toBe('true');
    expect(new URL(visitor.url()).pathname).toBe('/register');
    await screenshot(visitor, 'register-invalid-phone');

    // Switching language rebuilds the phone picker; the number and its verdict survive, translated.
    await visitor.locator('[data-testid="language-switcher"]').click();
    await visitor.locator('[data-locale="en"]').click();
    await visitor.locator('#register-phone-error', { hasText: 'This number is too short.' }).waitFor();
    expect(await visitor.locator('#register-phone').inputValue()).toContain('600 11');
    expect(await visitor.locator('.iti__selected-country').getAttribute('aria-label')).toContain('Spain');
    await context.close();
  });

  it('says so, next to the field and in a dialog, when the email is taken', async () => {
    const context = await newContext(browser, { baseUrl: app.baseUrl });
    const visitor = await context.newPage();
    await visitor.goto('/register');
    await fillRegisterForm(visitor, { name: 'Otra Ana', email: admin.email.toUpperCase(), password: 'long-enough-pw' });

    await visitor.locator('#register-password').press('Enter');

    const popup = visitor.locator('.swal2-popup');
    await popup.waitFor();
    expect(await popup.innerText()).toContain('Ya existe una cuenta con este correo.');
    await visitor.locator('.swal2-confirm').click();
    expect(await visitor.locator('#register-email-error').innerText()).toBe('Ya existe una cuenta con este correo.');
    // Editing the field clears the server's verdict.
    await visitor.locator('#register-email').fill('otra@example.com');
    expect(await visitor.locator('#register-email-error').innerText()).toBe('');
    await context.close();
  });

  it('follows the system dark theme before anyone logs in', async () => {
    const context = await newContext(browser, { baseUrl: app.baseUrl, colorScheme: 'dark', locale: 'en-GB' });
    const visitor = await context.newPage();
    await visitor.goto('/login');
    await visitor.locator('h1', { hasText: 'Welcome back' }).waitFor();

    expect(await visitor.locator('html').getAttribute('data-bs-theme')).toBe('dark');
    await screenshot(visitor, 'login-en-system-dark');
    await context.close();
  });

  it('logs out and logs back in, returning to the page asked for', async () => {
    await logout(page);
    expect((await me(page)).status).toBe(401);

    await page.goto('/settings');
    await page.waitForURL((url) => url.pathname === '/login');
    await login(page, admin);

    await page.waitForURL((url) => url.pathname === '/settings');
    expect(await page.locator('[data-testid="user-menu"]').innerText()).toContain(admin.name);
  });

  it('explains a wrong password in a SweetAlert2 dialog', async () => {
    const context = await newContext(browser, { baseUrl: app.baseUrl });
    const visitor = await context.newPage();
    await visitor.goto('/login');

    await login(visitor, { email: admin.email, password: 'not-the-password' });

    const popup = visitor.locator('.swal2-popup');
    await popup.waitFor();
    expect(await popup.innerText()).toContain('No se pudo iniciar sesión');
    expect(await popup.innerText()).toContain('El correo o la contraseña no son correctos.');
    await screenshot(visitor, 'login-wrong-password');
    await visitor.locator('.swal2-confirm').click();
    await popup.waitFor({ state: 'detached' });
    expect(new URL(visitor.url()).pathname).toBe('/login');
    await context.close();
  });

  it('switches the language to English, and it stays after a reload', async () => {
    await page.goto('/');
    await page.locator('[data-testid="language-switcher"]').first().click();
    await page.locator('[data-locale="en"]').first().click();

    await page.locator('h1', { hasText: 'How can I help you today?' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await page.locator('h1', { hasText: 'How can I help you today?' }).waitFor();
    expect(await page.locator('[data-testid="main-nav"]').innerText()).toContain('Settings');
    expect((await me(page)).body.user?.settings.locale).toBe('en');
  });

  it('switches the theme to dark, and it stays after a reload', async () => {
    await page.locator('[data-testid="theme-toggle"]').first().click();
    await page.locator('[data-theme="dark"]').first().click();

    expect(await page.locator('html').getAttribute('data-bs-theme')).toBe('dark');
    await page.reload();
    await page.locator('[data-testid="user-menu"]').waitFor();
    expect(await page.locator('html').getAttribute('data-bs-theme')).toBe('dark');
    expect((await me(page)).body.user?.settings.theme).toBe('dark');
    await screenshot(page, 'home-en-dark');

    await page.goto('/settings');
    await page.locator('#settings-system-prompt').waitFor();
    await screenshot(page, 'settings-en-dark');
  });

  it('saves chat defaults in the settings page', async () => {
    await page.goto('/settings');
    // Without LiteLLM the app loads its bundled model catalog, so the default model is picked from a list.
    await page.locator('select#settings-default-model option[value="gpt-4o-mini"]').waitFor({ state: 'attached' });
    await page.locator('#settings-default-model').selectOption('gpt-4o-mini');
    await page.locator('#settings-system-prompt').fill('Answer briefly.');
    await page.locator('#settings-temperature-default').uncheck();
    await page.locator('#settings-temperature').fill('1.3');
    await page.locator('form button[type="submit"]').click();
    await page.locator('.swal2-toast', { hasText: 'Changes saved' }).waitFor();
    await screenshot(page, 'settings-saved-en-dark');

    await page.reload();
    await page.locator('#settings-system-prompt').waitFor();
    expect(await page.locator('#settings-system-prompt').inputValue()).toBe('Answer briefly.');
    expect(await page.locator('#settings-default-model').inputValue()).toBe('gpt-4o-mini');
    expect(await page.locator('#settings-temperature').inputValue()).toBe('1.3');
  });

  describe('with a second, regular user', () => {
    let memberContext: BrowserContext;
    let memberPage: Page;

    beforeAll(async () => {
      memberContext = await newContext(browser, { baseUrl: app.baseUrl, locale: 'en-US' });
      memberPage = await memberContext.newPage();
      await register(memberPage, member);
    });

    afterAll(() => memberContext.close());

    it('a regular user has no admin menu and /admin/users sends them home', async () => {
      expect(await memberPage.locator('[data-testid="nav-admin-users"]').count()).toBe(0);
      await memberPage.locator('[data-testid="user-menu"]').click();
      expect(await memberPage.locator('[data-testid="menu-admin-users"]').count()).toBe(0);

      await memberPage.goto('/admin/users');

      await memberPage.waitForURL((url) => url.pathname === '/');
      await screenshot(memberPage, 'home-member-en-light');
    });

    it('the admin sees every user and promotes the second one', async () => {
      await page.goto('/');
      await page.locator('[data-testid="nav-admin-users"]').click();
      await page.waitForURL((url) => url.pathname === '/admin/users');
      const row = page.locator(`tr[data-user-email="${member.email}"]`);
      await row.waitFor();
      expect(await page.locator('tbody tr[data-user-email]').count()).toBe(2);
      expect(await row.locator('[data-testid="role"]').innerText()).toContain('User');
      await screenshot(page, 'admin-users-dark');

      await row.locator('[data-action="promote"]').click();
      await page.locator('.swal2-popup', { hasText: `Make ${member.name} an admin?` }).waitFor();
      await screenshot(page, 'admin-users-confirm');
      await page.locator('.swal2-confirm').click();

      await row.locator('[data-testid="role"]', { hasText: 'Admin' }).waitFor();
      await memberPage.reload();
      await memberPage.locator('[data-testid="nav-admin-users"]').waitFor();
    });

    it('a disabled user cannot log in until the admin enables them again', async () => {
      const row = page.locator(`tr[data-user-email="${member.email}"]`);
      await row.locator('[data-action="disable"]').click();
      await page.locator('.swal2-popup', { hasText: `Disable ${member.name}?` }).waitFor();
      await page.locator('.swal2-confirm').click();
      await row.locator('[data-testid="status"]', { hasText: 'Disabled' }).waitFor();

      const context = await newContext(browser, { baseUrl: app.baseUrl, locale: 'en-US' });
      const again = await context.newPage();
      await again.goto('/login');
      await login(again, member);
      const popup = again.locator('.swal2-popup');
      await popup.waitFor();
      expect(await popup.innerText()).toContain('This account has been disabled. Contact an administrator.');
      await screenshot(again, 'login-account-disabled');
      await again.locator('.swal2-confirm').click();

      await row.locator('[data-action="enable"]').click();
      await page.locator('.swal2-confirm').click();
      await row.locator('[data-testid="status"]', { hasText: 'Active' }).waitFor();
      await login(again, member);
      await expectLoggedIn(again, member);
      await context.close();
    });

    it('searches users by name', async () => {
      await page.locator('#admin-users-search').fill('bruno');
      await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-user-email]').length === 1);
      expect(await page.locator('tbody tr[data-user-email]').getAttribute('data-user-email')).toBe(member.email);
    });
  });

  it('on a phone the sidebar folds into an offcanvas menu', async () => {
    const context = await newContext(browser, { baseUrl: app.baseUrl, viewport: MOBILE, locale: 'es-ES' });
    const phone = await context.newPage();
    await phone.goto('/register');
    await phone.locator('.iti__selected-country').click();
    await phone.locator('.iti__search-input').fill('Méx');
    await phone.locator('.iti__country[data-iso2="mx"]').waitFor();
    await screenshot(phone, 'mobile-register-country-picker');
    await phone.keyboard.press('Escape');
    await phone.goto('/login');
    await screenshot(phone, 'mobile-login');
    await login(phone, admin);
    await phone.locator('[data-testid="user-menu"]').waitFor();

    expect(await phone.locator('#app-sidebar').isVisible()).toBe(false);
    await screenshot(phone, 'mobile-app-layout');

    await phone.locator('[data-testid="open-sidebar"]').click();
    await phone.locator('#app-sidebar.show').waitFor();
    await screenshot(phone, 'mobile-sidebar-open');
    await phone.locator('#app-sidebar [data-testid="nav-admin-users"]').click();
    await phone.waitForURL((url) => url.pathname === '/admin/users');
    await phone.locator('#app-sidebar.show').waitFor({ state: 'detached' });
    await screenshot(phone, 'mobile-admin-users');
    await context.close();
  });

  it('answers unknown paths with the 404 page', async () => {
    await page.goto('/no/such/page');
    await page.locator('h1', { hasText: 'Page not found' }).waitFor();
    await screenshot(page, 'not-found-dark');
  });

  it('the admin page logged no errors or warnings along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
