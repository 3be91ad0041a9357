export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface HealthDto {
  status: 'ok' | 'degraded';
  version: string;
  database: { status: 'up' | 'down'; kind: 'postgres' | 'pglite' };
  redis: { status: 'up' | 'down' | 'embedded' };
}
