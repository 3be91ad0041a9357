export * from './database.module';
export * from './database.tokens';
export * from './embedded-postgres';
