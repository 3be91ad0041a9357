import { apiClient } from './api-client';
import { createAdminEmbeddingsApi } from './admin-embeddings-api';
import { createAdminUsersApi } from './admin-users-api';
import { createApiKeysApi } from './api-keys-api';
import { createAuthApi } from './auth-api';
import { createModelCatalogApi } from './model-catalog-api';
import { createSearchApi } from './search-api';
import { createSettingsApi } from './settings-api';

/** Typed endpoints over the shared client; stores call these, components call stores. */
export const api = {
  auth: createAuthApi(apiClient),
  settings: createSettingsApi(apiClient),
  adminUsers: createAdminUsersApi(apiClient),
  modelCatalog: createModelCatalogApi(apiClient),
  apiKeys: createApiKeysApi(apiClient),
  search: createSearchApi(apiClient),
  adminEmbeddings: createAdminEmbeddingsApi(apiClient),
};
