import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@kipux/api/http';
import type { EmbeddingStatusDto, EmbeddingSweepDto, SearchResultDto } from '@kipux/contracts';
import { EmbeddingProducer } from './embedding/embedding.producer';
import { SearchQueryDto } from './dto/search-query.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** The caller's own messages, and pages their chats read, matching `q` by words and by meaning. */
  @Get()
  async find(@CurrentUser() user: AuthUser, @Query() query: SearchQueryDto): Promise<SearchResultDto[]> {
    const results = await this.search.search(user.id, query.q, query.limit);
    return results.map(({ content: _content, ...result }) => result);
  }
}

@ApiTags('admin')
@Roles('admin')
@Controller('admin/embeddings')
export class AdminEmbeddingsController {
  constructor(
    private readonly search: SearchService,
    private readonly producer: EmbeddingProducer,
  ) {}

  @Get('status')
  status(): Promise<EmbeddingStatusDto> {
    return this.search.status();
  }

  /** Queues now whatever lacks an embedding of the current model (the workers' sweep does it every minute). */
  @Post('sweep')
  @HttpCode(200)
  async sweep(): Promise<EmbeddingSweepDto> {
    return { queued: await this.producer.sweep() };
  }
}
