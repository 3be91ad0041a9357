import type { ApiErrorBody } from '@kipux/contracts';
import Swal from 'sweetalert2';
import { currentTheme } from './theme';

/** SweetAlert2 styled like the app: Bootstrap 5 theme in the current light/dark mode. */
function base() {
  return Swal.mixin({
    theme: currentTheme() === 'dark' ? 'bootstrap-5-dark' : 'bootstrap-5-light',
    buttonsStyling: false,
    customClass: {
      popup: 'kx-swal',
      confirmButton: 'btn btn-primary px-4',
      cancelButton: 'btn btn-outline-secondary px-4',
      actions: 'gap-2',
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ErrorDialogOptions {
  title: string;
  message: string;
  /** Per-field messages shown as a list under the message. */
  fields?: ApiErrorBody['fields'];
  /** Labels for field names, e.g. { email: 'Email' }. */
  fieldLabels?: Record<string, string>;
  /** Shown small, so support can find the server log line. */
  reference?: string;
  confirmText: string;
}

export async function showErrorDialog(options: ErrorDialogOptions): Promise<void> {
  const fieldItems = Object.entries(options.fields ?? {}).flatMap(([field, messages]) =>
    messages.map(
      (message) =>
        `<li><strong>${escapeHtml(options.fieldLabels?.[field] ?? field)}</strong>: ${escapeHtml(message)}</li>`,
    ),
  );
  const html = [
    `<p class="mb-0">${escapeHtml(options.message)}</p>`,
    fieldItems.length ? `<ul class="kx-swal-fields text-start mt-3 mb-0">${fieldItems.join('')}</ul>` : '',
    options.reference ? `<p class="small text-body-secondary mt-3 mb-0">${escapeHtml(options.reference)}</p>` : '',
  ].join('');
  await base().fire({ icon: 'error', title: options.title, html, confirmButtonText: options.confirmText });
}

export interface ConfirmDialogOptions {
  title: string;
  text: string;
  confirmText: string;
  cancelText: string;
  /** Paints the confirm button red for destructive actions. */
  danger?: boolean;
}

/** Resolves true only when the user explicitly confirmed. */
export async function confirmDialog(options: ConfirmDialogOptions): Promise<boolean> {
  const result = await base().fire({
    icon: options.danger ? 'warning' : 'question',
    title: options.title,
    text: options.text,
    showCancelButton: true,
    confirmButtonText: options.confirmText,
    cancelButtonText: options.cancelText,
    focusCancel: options.danger === true,
    customClass: {
      popup: 'kx-swal',
      confirmButton: `btn ${options.danger ? 'btn-danger' : 'btn-primary'} px-4`,
      cancelButton: 'btn btn-outline-secondary px-4',
      actions: 'gap-2',
    },
  });
  return result.isConfirmed;
}

/** A small self-closing notice in the corner. */
export function showToast(title: string, icon: 'success' | 'info' = 'success'): void {
  void base().fire({
    toast: true,
    position: 'bottom-end',
    icon,
    title,
    showConfirmButton: false,
    timer: 2500,
    timerProgressBar: true,
  });
}

export interface SecretDialogOptions {
  title: string;
  /** Why this is the only time the secret is shown. */
  text: string;
  secret: string;
  copyText: string;
  copiedText: string;
  confirmText: string;
}

/** Shows a secret once, selectable and with a copy button; resolves when the user closes it. */
export async function showSecretDialog(options: SecretDialogOptions): Promise<void> {
  const html = `
    <p class="mb-3">${escapeHtml(options.text)}</p>
    <div class="input-group">
      <input type="text" class="form-control font-monospace" readonly value="${escapeHtml(options.secret)}" data-testid="secret-value" aria-label="${escapeHtml(options.title)}">
      <button type="button" class="btn btn-outline-primary" data-testid="secret-copy"><i class="bi bi-clipboard me-1" aria-hidden="true"></i><span>${escapeHtml(options.copyText)}</span></button>
    </div>`;
  await base().fire({
    icon: 'success',
    title: options.title,
    html,
    confirmButtonText: options.confirmText,
    allowOutsideClick: false,
    didOpen: (popup) => {
      const input = popup.querySelector<HTMLInputElement>('[data-testid="secret-value"]');
      const button = popup.querySelector<HTMLButtonElement>('[data-testid="secret-copy"]');
      input?.addEventListener('focus', () => input.select());
      button?.addEventListener('click', () => {
        input?.select();
        // The Clipboard API needs a secure context; the selected text can still be copied by hand.
        void navigator.clipboard?.writeText(options.secret).then(() => {
          const label = button.querySelector('span');
          if (label) label.textContent = options.copiedText;
        });
      });
    },
  });
}
