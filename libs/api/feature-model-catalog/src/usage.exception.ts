import { AppException } from '@kipux/api/http';

export const UsageErrors = {
  rangeReversed: () => AppException.badRequest('invalid_range', 'from: must not be after to.', { from: ['must not be after to'] }),
  rangeTooLong: (days: number) => AppException.badRequest('invalid_range', `from: the range may span at most ${days} days.`, { from: [`at most ${days} days before to`] }),
};
