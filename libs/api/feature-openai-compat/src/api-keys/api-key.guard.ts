import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '@kipux/api/http';
import { ApiKeysService } from './api-keys.service';

/** `/v1` authentication: `Authorization: Bearer kpx_...`. Controllers using it are `@Public()` for the session guard. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.header('authorization') ?? '');
    request.user = await this.keys.authenticate(match?.[1]);
    return true;
  }
}
