import { AppException } from '@kipux/api/http';

export const ChatErrors = {
  conversationNotFound: () => AppException.notFound('Conversation'),
  messageNotFound: () => AppException.notFound('Message'),
  modelRequired: () =>
    AppException.badRequest('model_required', 'No model chosen: pick one for this message or conversation, or set a default model in your settings.', {
      model: ['model is required (no conversation model or default model is set)'],
    }),
  invalidParent: (reason: string) => AppException.badRequest('invalid_parent', `parentId: ${reason}`, { parentId: [reason] }),
  invalidLeaf: () =>
    AppException.badRequest('invalid_leaf', 'currentLeafId: no such message in this conversation.', { currentLeafId: ['no such message in this conversation'] }),
  generationInProgress: () => AppException.conflict('generation_in_progress', 'The answer to this message is still being generated; wait for it or stop it first.'),
  notAnAnswer: () => AppException.badRequest('not_an_answer', 'Only assistant messages can be regenerated, followed or stopped.'),
  invalidLastEventId: () =>
    AppException.badRequest('invalid_last_event_id', 'Last-Event-ID must be a non-negative integer.', { lastEventId: ['must be a non-negative integer'] }),
};
