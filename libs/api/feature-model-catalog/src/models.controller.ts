import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdParam, Roles } from '@kipux/api/http';
import type { AdminModelDto, ModelDto, ModelSyncResultDto, ModelSyncStatusDto } from '@kipux/contracts';
import { AdminUpdateModelDto, ListModelsQueryDto } from './dto/admin-models.dto';
import { ModelCatalogService } from './model-catalog.service';

@ApiTags('models')
@Controller('models')
export class ModelsController {
  constructor(private readonly catalog: ModelCatalogService) {}

  /** The chat models a signed-in user can pick, the default first. */
  @Get()
  list(): Promise<ModelDto[]> {
    return this.catalog.listForUser();
  }
}

@ApiTags('admin')
@Roles('admin')
@Controller('admin/models')
export class AdminModelsController {
  constructor(private readonly catalog: ModelCatalogService) {}

  @Get()
  list(@Query() query: ListModelsQueryDto): Promise<AdminModelDto[]> {
    return this.catalog.listForAdmin(query);
  }

  @Get('sync-status')
  syncStatus(): Promise<ModelSyncStatusDto> {
    return this.catalog.syncStatus();
  }

  @Post('sync')
  @HttpCode(200)
  sync(): Promise<ModelSyncResultDto> {
    return this.catalog.sync();
  }

  @Get(':id')
  get(@IdParam('id', 'Model') id: string): Promise<AdminModelDto> {
    return this.catalog.get(id);
  }

  @Patch(':id')
  update(@IdParam('id', 'Model') id: string, @Body() body: AdminUpdateModelDto): Promise<AdminModelDto> {
    return this.catalog.update(id, body);
  }
}
