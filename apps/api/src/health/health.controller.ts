import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HealthDto } from '@kipux/contracts';
import { DATABASE_KIND, type DatabaseKind } from '@kipux/api/database';
import { Public } from '@kipux/api/http';
import { RedisService } from '@kipux/api/redis';
import { DataSource } from 'typeorm';
import { APP_VERSION } from '../version';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_KIND) private readonly databaseKind: DatabaseKind,
    private readonly redis: RedisService,
  ) {}

  @Public()
  @Get()
  async health(): Promise<HealthDto> {
    const databaseUp = await this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const redis = this.redis.enabled ? ((await this.redis.ping()) ? 'up' : 'down') : 'embedded';
    return {
      status: databaseUp && redis !== 'down' ? 'ok' : 'degraded',
      version: APP_VERSION,
      database: { status: databaseUp ? 'up' : 'down', kind: this.databaseKind },
      redis: { status: redis },
    };
  }
}
