export { computeCost } from './model-cost';
export { ModelCatalogModule } from './model-catalog.module';
export { ModelCatalogService } from './model-catalog.service';
