export { WebToolsModule } from './web-tools.module';
export { WebToolsService, WEB_TOOLKIT } from './web-tools.service';
export { WebPageReader, type ReadPage } from './pages/web-page.reader';
export { DocumentEntity } from './documents/document.entity';
