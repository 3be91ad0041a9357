import { Global, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@kipux/api/config';
import { join } from 'node:path';
import { DATABASE_KIND, type DatabaseKind } from './database.tokens';
import { EmbeddedPostgres } from './embedded-postgres';
import { MIGRATIONS } from './migrations';

/** Owns the embedded server's lifetime; closed after TypeORM has closed its pool. */
class EmbeddedPostgresHolder implements OnApplicationShutdown {
  instance?: EmbeddedPostgres;

  async start(dataDir: string | undefined): Promise<string> {
    this.instance = await EmbeddedPostgres.start(dataDir);
    return this.instance.url;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.instance?.stop();
  }
}

/**
 * TypeORM on PostgreSQL (`DATABASE_URL`) or, when unset, on embedded PGlite under `DATA_DIR/pglite`.
 * Schema comes only from migrations, run at boot; `synchronize` is never on.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    const holder = new EmbeddedPostgresHolder();
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            const embedded = config.embeddedDatabase;
            const url = embedded
              ? await holder.start(config.env.DATA_DIR === ':memory:' ? undefined : join(config.env.DATA_DIR, 'pglite'))
              : config.env.DATABASE_URL;
            new Logger('Database').log(embedded ? 'Using embedded PGlite' : 'Using PostgreSQL');
            return {
              type: 'postgres' as const,
              url,
              autoLoadEntities: true,
              synchronize: false,
              migrations: MIGRATIONS,
              migrationsRun: true,
              migrationsTransactionMode: 'each' as const,
              // One connection to PGlite: its socket server runs every connection in one session and interleaves
              // their extended-protocol messages (one connection's Bind could land on another's Parse).
              extra: { max: embedded ? 1 : 10 },
              logging: ['error' as const, 'migration' as const],
            };
          },
        }),
      ],
      providers: [
        { provide: EmbeddedPostgresHolder, useValue: holder },
        { provide: DATABASE_KIND, inject: [AppConfig], useFactory: (config: AppConfig): DatabaseKind => (config.embeddedDatabase ? 'pglite' : 'postgres') },
      ],
      exports: [DATABASE_KIND],
    };
  }
}
