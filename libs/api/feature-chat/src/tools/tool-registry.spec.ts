import { ToolRegistry, type ChatTool } from './tool-registry';

const tool = (name: string, toolkit: string): ChatTool => ({ name, toolkit, description: name, parameters: { type: 'object' }, execute: async () => 'ok' });

describe('ToolRegistry', () => {
  it('offers the tools of the toolkits switched on', () => {
    const registry = new ToolRegistry();
    registry.register(tool('web_search', 'webSearch'));
    registry.register(tool('fetch_url', 'webSearch'));
    registry.register(tool('add', 'math'));
    expect(registry.select({ webSearch: true, math: false }).map((t) => t.name)).toEqual(['web_search', 'fetch_url']);
    expect(registry.select({ unknown: true })).toEqual([]);
    expect(registry.select(undefined)).toEqual([]);
    expect(registry.toolkits().map((t) => t.toolkit)).toEqual(['math', 'webSearch']);
  });

  it('refuses duplicate and invalid names', () => {
    const registry = new ToolRegistry();
    registry.register(tool('add', 'math'));
    expect(() => registry.register(tool('add', 'math'))).toThrow(/already registered/);
    expect(() => registry.register(tool('has space', 'math'))).toThrow(/Invalid tool name/);
  });
});
