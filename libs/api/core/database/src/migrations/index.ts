import { Init1763900000000 } from './1763900000000-init';
import { Chat1763910000000 } from './1763910000000-chat';
import { ModelCatalog1763920000000 } from './1763920000000-model-catalog';
import { OpenAiCompat1763930000000 } from './1763930000000-openai-compat';
import { Documents1763940000000 } from './1763940000000-documents';
import { Search1763950000000 } from './1763950000000-search';
import { PageEmbeddings1763960000000 } from './1763960000000-page-embeddings';

/** Every migration, oldest first. Features add theirs here (one file each, timestamped). */
export const MIGRATIONS = [Init1763900000000, Chat1763910000000, ModelCatalog1763920000000, OpenAiCompat1763930000000, Documents1763940000000, Search1763950000000, PageEmbeddings1763960000000];
