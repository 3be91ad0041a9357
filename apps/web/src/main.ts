import 'bootstrap/dist/css/bootstrap.min.css';
import 'bootstrap-icons/font/bootstrap-icons.min.css';
import 'sweetalert2/themes/bootstrap-5.css';
import './styles/main.css';
// Bootstrap's data API drives dropdowns and the mobile offcanvas.
import 'bootstrap';
import { useSessionStore, useSettingsStore } from '@kipux/web/data-access';
import { applyTheme } from '@kipux/web/ui';
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';

const pinia = createPinia();
const settings = useSettingsStore(pinia);
const i18n = createAppI18n(settings.locale);

// Locale and theme follow the settings store: the browser's choice before login, the account's after.
watch(
  () => settings.locale,
  (locale) => {
    i18n.global.locale.value = locale;
    document.documentElement.lang = locale;
  },
  { immediate: true },
);
watch(() => settings.theme, applyTheme, { immediate: true });

const router = createAppRouter(useSessionStore(pinia));

createApp(App).use(pinia).use(i18n).use(router).mount('#app');
