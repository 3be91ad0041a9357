export * from './app-exception';
export * from './auth-context';
export * from './http-exception.filter';
export * from './validation';
export * from './configure-http-app';
export * from './id-param';
export * from './pagination-query.dto';
