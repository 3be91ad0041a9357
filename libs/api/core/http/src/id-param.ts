import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from './app-exception';

/** A uuid route parameter; anything else answers 404 like an id that does not exist. */
export const IdParam = (name: string, what: string) => Param(name, new ParseUUIDPipe({ exceptionFactory: () => AppException.notFound(what) }));
