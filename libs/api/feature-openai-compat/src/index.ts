export { OpenAiCompatModule } from './openai-compat.module';
export { ApiKeysService } from './api-keys/api-keys.service';
