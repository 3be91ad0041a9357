import type { MessageDto } from '@kipux/contracts';
import { buildMessage } from '@kipux/contracts/testing';
import { emptyLiveTurnState } from '@kipux/web/data-access';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import ChatMessage from './ChatMessage.vue';

/** The app owns the wording (apps/web/src/i18n); these stand-ins show which text and values a message asks for. */
const messages = {
  common: { cancel: 'cancel' },
  chat: {
    thinking: 'thinking {seconds}',
    thoughtFor: 'thought {seconds}',
    reasoning: 'reasoning',
    copy: 'copy',
    copied: 'copied',
    copyCode: 'copy code',
    copyMessage: 'copy message',
    editMessage: 'edit',
    sendEdit: 'send',
    regenerate: 'regenerate',
    retry: 'retry',
    errorTitle: 'failed',
    generating: 'generating',
    sources: 'sources',
    branches: 'versions',
    previousBranch: 'previous',
    nextBranch: 'next',
    status: { stopped: 'stopped', interrupted: 'interrupted' },
    tool: { running: 'running', done: 'done', failed: 'tool failed', arguments: 'arguments', result: 'result' },
    footer: { model: 'model', tokens: '{input} in {output} out', tokensTitle: '{total} total', cost: 'cost', latency: 'time', ttft: 'ttft' },
  },
};
const i18n = createI18n({ legacy: false, locale: 'en', messages: { en: messages } });

const answer = (overrides: Partial<MessageDto> = {}): MessageDto =>
  buildMessage({ id: 'a1', parentId: 'u1', turnId: 'a1', role: 'assistant', model: 'gpt-test', finishReason: 'stop', ...overrides });

function render(message: MessageDto, options: { toolResults?: Record<string, MessageDto>; live?: ReturnType<typeof emptyLiveTurnState> } = {}) {
  return mount(ChatMessage, {
    props: { message, toolResults: options.toolResults ?? {}, live: options.live ?? emptyLiveTurnState(), turnEnd: true, busy: false },
    global: { plugins: [i18n] },
  });
}

describe('ChatMessage', () => {
  it('collapses finished reasoning behind "Thought for N s" and shows the footer figures', () => {
    const wrapper = render(
      answer({
        content: 'The answer.',
        reasoning: 'Let me think.',
        reasoningMs: 1500,
        usage: { promptTokens: 12, completionTokens: 34, totalTokens: 46 },
        costUsd: 0.00123,
        latencyMs: 2300,
        ttftMs: 400,
      }),
    );
    expect(wrapper.get('[data-testid="reasoning-label"]').text()).toBe('thought 1.5');
    expect(wrapper.find('[data-testid="reasoning-body"]').exists()).toBe(false);
    const footer = wrapper.get('[data-testid="message-footer"]');
    expect(footer.get('[data-footer="model"]').text()).toContain('gpt-test');
    expect(footer.get('[data-footer="tokens"]').text()).toContain('12 in 34 out');
    expect(footer.get('[data-footer="cost"]').text()).toContain('$0.00123');
    expect(footer.get('[data-footer="latency"]').text()).toContain('2.3 s');
    expect(footer.get('[data-footer="ttft"]').text()).toContain('0.4 s');
  });

  it('shows reasoning open while the model is still thinking', () => {
    const live = emptyLiveTurnState();
    live.reasoningStartedAt.a1 = Date.now();
    const wrapper = render(answer({ status: 'streaming', reasoning: 'Considering the options' }), { live });
    expect(wrapper.get('[data-testid="reasoning-label"]').text()).toMatch(/^thinking [\d.]+$/);
    expect(wrapper.get('[data-testid="reasoning-body"]').text()).toContain('Considering the options');
    expect(wrapper.find('[data-testid="message-footer"]').exists()).toBe(false);
  });

  it('renders tool calls running and finished, and citations as source chips', async () => {
    const search = { id: 'call_1', type: 'function' as const, function: { name: 'web_search', arguments: '{"query":"kipux"}' } };
    const fetch = { id: 'call_2', type: 'function' as const, function: { name: 'fetch_url', arguments: '{"url":"https://example.com/"}' } };
    const live = emptyLiveTurnState();
    live.runningTools.call_2 = true;
    const citation = { type: 'url_citation' as const, url_citation: { url: 'https://www.example.com/page', title: 'Example page', start_index: 0, end_index: 0 } };
    const wrapper = render(answer({ status: 'streaming', toolCalls: [search, fetch], annotations: [citation] }), {
      live,
      toolResults: { call_1: answer({ id: 't1', role: 'tool', toolCallId: 'call_1', content: '3 results' }) },
    });

    const cards = wrapper.findAll('[data-testid="tool-call"]');
    expect(cards.map((card) => card.get('.kx-tool__name').text())).toEqual(['web_search', 'fetch_url']);
    expect(cards[0]!.text()).toContain('done');
    expect(cards[1]!.find('.spinner-border').exists()).toBe(true);
    await cards[0]!.get('button').trigger('click');
    expect(cards[0]!.text()).toContain('"query": "kipux"');
    expect(cards[0]!.text()).toContain('3 results');

    const chip = wrapper.get('[data-testid="sources"] a');
    expect([chip.text(), chip.attributes('href'), chip.attributes('rel')]).toEqual(['1Example pageexample.com', 'https://www.example.com/page', 'noopener noreferrer']);
  });

  it('offers Retry with the error text when the answer failed', async () => {
    const wrapper = render(answer({ status: 'error', error: 'The model provider returned 500: boom' }));
    expect(wrapper.get('[data-testid="message-error"]').text()).toContain('The model provider returned 500: boom');
    await wrapper.get('[data-testid="retry"]').trigger('click');
    expect(wrapper.emitted('regenerate')).toHaveLength(1);
  });

  it('switches between sibling versions', async () => {
    const wrapper = render(answer({ content: 'Second take', siblingIds: ['a0', 'a1', 'a2'] }));
    expect(wrapper.get('[data-testid="branch-count"]').text()).toBe('2/3');
    await wrapper.get('[data-testid="branch-switcher"] button:last-child').trigger('click');
    expect(wrapper.emitted('switchBranch')).toEqual([['a2']]);
  });
});
