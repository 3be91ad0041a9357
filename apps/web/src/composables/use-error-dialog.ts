import { isApiError } from '@kipux/web/data-access';
import { showErrorDialog } from '@kipux/web/ui';
import { useI18n } from 'vue-i18n';

/** Field names the API may report, mapped to the labels the forms show. */
const FIELD_LABELS: Record<string, string> = {
  name: 'auth.name',
  email: 'auth.email',
  password: 'auth.password',
  phone: 'auth.phone',
  systemPrompt: 'settings.systemPrompt',
  temperature: 'settings.temperature',
  defaultModel: 'settings.defaultModel',
};

/**
 * Explains a failed action in a SweetAlert2 dialog, in the user's language when the error code
 * is known and with the server's own words otherwise.
 */
export function useErrorDialog() {
  const { t, te } = useI18n();

  /** The translated sentence for an error, for inline use too. */
  function describe(error: unknown): string {
    if (!isApiError(error)) return t('errors.title');
    if (error.code === 'too_many_attempts' && error.retryAfterSeconds) {
      return t('errors.codes.too_many_attempts_wait', { seconds: error.retryAfterSeconds });
    }
    const key = `errors.codes.${error.code}`;
    return te(key) ? t(key) : error.message;
  }

  async function showError(error: unknown, title = t('errors.title')): Promise<void> {
    if (!isApiError(error)) console.error(error);
    const body = isApiError(error) ? error.body : null;
    // A translated code already says what is wrong; per-field details matter for validation errors.
    const showFields = body && (body.code === 'validation_failed' || !te(`errors.codes.${body.code}`));
    await showErrorDialog({
      title,
      message: describe(error),
      fields: showFields ? body.fields : undefined,
      fieldLabels: Object.fromEntries(Object.entries(FIELD_LABELS).map(([field, key]) => [field, t(key)])),
      reference: body?.requestId ? t('errors.reference', { id: body.requestId }) : undefined,
      confirmText: t('common.ok'),
    });
  }

  return { showError, describe };
}
