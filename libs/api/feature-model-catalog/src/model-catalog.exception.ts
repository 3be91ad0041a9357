import { AppException } from '@kipux/api/http';

export const ModelCatalogErrors = {
  notFound: () => AppException.notFound('Model'),
  syncRunning: () => AppException.conflict('model_sync_running', 'A model catalog sync is already running on another instance; try again in a moment.'),
  defaultMustBeChat: () =>
    AppException.badRequest('invalid_default_model', 'isDefault: only an enabled, available chat model can be the default.', {
      isDefault: ['only an enabled, available chat model can be the default'],
    }),
};
