import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@kipux/api/http';
import type { EmbeddingStatusDto, SearchResultDto } from '@kipux/contracts';
import { SearchQueryDto } from './dto/search-query.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** The caller's own messages matching `q`, by words and by meaning. */
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
  constructor(private readonly search: SearchService) {}

  @Get('status')
  status(): Promise<EmbeddingStatusDto> {
    return this.search.status();
  }
}
