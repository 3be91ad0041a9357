import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule, getRepositoryToken } from '@nestjs/typeorm';
import { AppConfig } from '@kipux/api/config';
import { RedisService } from '@kipux/api/redis';
import type { Repository } from 'typeorm';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';
import { SessionGuard } from './guards/session.guard';
import { DatabaseSessionStore, RedisSessionStore, SessionStore } from './session-store';
import { SettingsController } from './settings.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity])],
  controllers: [AuthController, SettingsController, AdminUsersController],
  providers: [
    AuthService,
    UsersService,
    UsersRepository,
    {
      provide: SessionStore,
      inject: [AppConfig, RedisService, getRepositoryToken(SessionEntity)],
      useFactory: (config: AppConfig, redis: RedisService, sessions: Repository<SessionEntity>) =>
        config.redisEnabled ? new RedisSessionStore(redis) : new DatabaseSessionStore(sessions),
    },
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, UsersRepository],
})
export class AuthModule {}
