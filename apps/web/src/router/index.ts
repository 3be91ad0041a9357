import type { useSessionStore } from '@kipux/web/data-access';
import { chatRoutes } from '@kipux/web/feature-chat';
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for visitors who are not logged in (login, register). */
    guest?: boolean;
    requiresAuth?: boolean;
    requiresAdmin?: boolean;
    /** i18n key of the page title. */
    title?: string;
  }
}

type SessionStore = ReturnType<typeof useSessionStore>;
type Session = Pick<SessionStore, 'isAuthenticated' | 'isAdmin'>;

/** Only same-app paths, so `?redirect=` cannot send people to another site. */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : null;
}

/** Where a navigation may go given who is logged in; true lets it through. */
export function guard(to: Pick<RouteLocationNormalized, 'meta' | 'fullPath' | 'query'>, session: Session): true | RouteLocationRaw {
  if (to.meta.requiresAuth && !session.isAuthenticated) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (to.meta.guest && session.isAuthenticated) return safeRedirect(to.query.redirect) ?? { name: 'home' };
  if (to.meta.requiresAdmin && !session.isAdmin) return { name: 'home' };
  return true;
}

/** Views load lazily; meta drives the guard and the page title. */
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { guest: true, title: 'auth.login.submit' } },
  {
    path: '/register',
    name: 'register',
    component: () => import('../views/RegisterView.vue'),
    meta: { guest: true, title: 'auth.register.title' },
  },
  {
    path: '/',
    component: () => import('../layout/AppLayout.vue'),
    meta: { requiresAuth: true },
    children: [
      ...chatRoutes,
      { path: 'settings', name: 'settings', component: () => import('../views/SettingsView.vue'), meta: { title: 'settings.title' } },
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('../views/AdminUsersView.vue'),
        meta: { requiresAdmin: true, title: 'admin.users.title' },
      },
      {
        path: 'admin/models',
        name: 'admin-models',
        component: () => import('../views/admin-models/AdminModelsView.vue'),
        meta: { requiresAdmin: true, title: 'admin.models.title' },
      },
      {
        path: 'admin/embeddings',
        name: 'admin-embeddings',
        component: () => import('../views/admin-embeddings/AdminEmbeddingsView.vue'),
        meta: { requiresAdmin: true, title: 'admin.embeddings.title' },
      },
      { path: 'usage', name: 'usage', component: () => import('../views/usage/UsageView.vue'), meta: { title: 'usage.title' } },
      { path: 'api-keys', name: 'api-keys', component: () => import('../views/api-keys/ApiKeysView.vue'), meta: { title: 'apiKeys.title' } },
    ],
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
];

export function createAppRouter(session: SessionStore) {
  const router = createRouter({
    history: createWebHistory(),
    routes,
  });

  router.beforeEach(async (to) => {
    await session.ensureLoaded();
    return guard(to, session);
  });

  return router;
}
