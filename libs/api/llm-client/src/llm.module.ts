import { Module } from '@nestjs/common';
import { LlmClient } from './llm.client';

/** Provides `LlmClient`; needs `AppConfig`, which `ConfigModule.forRoot` provides globally. */
@Module({
  providers: [LlmClient],
  exports: [LlmClient],
})
export class LlmModule {}
