export { SearchModule } from './search.module';
export { SearchService } from './search.service';
export { EmbeddingProducer } from './embedding/embedding.producer';
export { EmbeddingJob, type EmbeddingJobPayloads } from './embedding/embedding-job';
export { EmbeddingProcessor } from './embedding/embedding.processor';
