import type { MessageDto } from '@kipux/contracts';
import { ChatHooks } from './chat-hooks';

describe('ChatHooks', () => {
  it('tells every listener, and a failing one does not stop the others', async () => {
    const hooks = new ChatHooks();
    const heard: string[] = [];
    hooks.onMessageStored(() => {
      throw new Error('broken listener');
    });
    hooks.onMessageStored((message, { userId }) => {
      heard.push(`${userId}:${message.id}`);
    });
    hooks.messageStored({ id: 'm1' } as MessageDto, 'u1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['u1:m1']);
  });
});
