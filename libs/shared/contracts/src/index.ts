export * from './auth';
export * from './chat';
export * from './common';
export * from './errors';
export * from './models';
export * from './api-keys';
export * from './search';
