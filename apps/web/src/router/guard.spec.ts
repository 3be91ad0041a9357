import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { guard, routes, safeRedirect } from '.';

const router = createRouter({ history: createMemoryHistory(), routes });
const visitor = { isAuthenticated: false, isAdmin: false };
const member = { isAuthenticated: true, isAdmin: false };
const admin = { isAuthenticated: true, isAdmin: true };

describe('route guard', () => {
  it('sends visitors of protected pages to login, remembering where they were going', () => {
    expect(guard(router.resolve('/settings'), visitor)).toEqual({ name: 'login', query: { redirect: '/settings' } });
    expect(guard(router.resolve('/admin/users?q=ana'), visitor)).toEqual({
      name: 'login',
      query: { redirect: '/admin/users?q=ana' },
    });
    expect(guard(router.resolve('/'), visitor)).toEqual({ name: 'login', query: {} });
  });

  it('lets visitors reach login, register and the 404 page', () => {
    expect(guard(router.resolve('/login'), visitor)).toBe(true);
    expect(guard(router.resolve('/register'), visitor)).toBe(true);
    expect(guard(router.resolve('/nope'), visitor)).toBe(true);
  });

  it('sends logged-in users away from login to the remembered page or home', () => {
    expect(guard(router.resolve('/login?redirect=/settings'), member)).toBe('/settings');
    expect(guard(router.resolve('/register'), member)).toEqual({ name: 'home' });
  });

  it('keeps non-admins out of admin pages', () => {
    expect(guard(router.resolve('/admin/users'), member)).toEqual({ name: 'home' });
    expect(guard(router.resolve('/admin/users'), admin)).toBe(true);
    expect(guard(router.resolve('/settings'), member)).toBe(true);
  });
});

describe('safeRedirect', () => {
  it('accepts paths of this app only', () => {
    expect(safeRedirect('/settings?tab=1')).toBe('/settings?tab=1');
    expect(safeRedirect('//evil.example/x')).toBeNull();
    expect(safeRedirect('/\\evil.example')).toBeNull();
    expect(safeRedirect('https://evil.example')).toBeNull();
    expect(safeRedirect(['/a'])).toBeNull();
  });
});
