export * from './auth.module';
export * from './auth.service';
export * from './entities/user.entity';
export * from './users.repository';
