import { Init1763900000000 } from './1763900000000-init';
import { Chat1763910000000 } from './1763910000000-chat';

/** Every migration, oldest first. Features add theirs here (one file each, timestamped). */
export const MIGRATIONS = [Init1763900000000, Chat1763910000000];
