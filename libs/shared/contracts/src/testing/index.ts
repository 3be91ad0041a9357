// Test data builders: imported by specs only, never by code that ships (eslint no-restricted-imports).
export * from './message-factory';
