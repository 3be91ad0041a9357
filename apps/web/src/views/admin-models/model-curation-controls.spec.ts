import type { AdminModelDto } from '@kipux/contracts';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n';
import DefaultModelStar from './DefaultModelStar.vue';
import ModelEnabledSwitch from './ModelEnabledSwitch.vue';

type CuratedFields = Pick<AdminModelDto, 'displayName' | 'isDefault' | 'enabled' | 'available' | 'mode'>;

const chatModel = (overrides: Partial<CuratedFields> = {}): CuratedFields => ({
  displayName: 'GPT-4o',
  isDefault: false,
  enabled: true,
  available: true,
  mode: 'chat',
  ...overrides,
});

const global = { plugins: [createAppI18n('en')] };

describe('DefaultModelStar', () => {
  it('offers to make an enabled, available chat model the default and says so when pressed', async () => {
    const wrapper = mount(DefaultModelStar, { props: { model: chatModel(), busy: false }, global });
    const star = wrapper.get('[data-testid="default-star"]');
    expect(star.attributes()).toMatchObject({ 'aria-label': 'Make default', title: 'Make default', 'aria-pressed': 'false' });
    expect(star.find('.bi-star').exists()).toBe(true);
    await star.trigger('click');
    expect(wrapper.emitted('makeDefault')).toHaveLength(1);
  });

  it('shows the default model as a pressed, filled star', () => {
    const wrapper = mount(DefaultModelStar, { props: { model: chatModel({ isDefault: true }), busy: false }, global });
    const star = wrapper.get('[data-testid="default-star"]');
    expect(star.attributes()).toMatchObject({ 'aria-label': 'Default model', 'aria-pressed': 'true' });
    expect(star.classes()).toContain('kx-star--on');
    expect(star.find('.bi-star-fill').exists()).toBe(true);
  });

  it.each([
    ['while saving', chatModel(), true],
    ['for a disabled model', chatModel({ enabled: false }), false],
    ['for an unavailable model', chatModel({ available: false }), false],
    ['for a model that does not chat', chatModel({ mode: 'embedding' }), false],
  ])('is disabled %s', (_case, model, busy) => {
    const wrapper = mount(DefaultModelStar, { props: { model, busy }, global });
    expect(wrapper.get('[data-testid="default-star"]').attributes('disabled')).toBeDefined();
  });
});

describe('ModelEnabledSwitch', () => {
  it('is a switch named after the model that follows its enabled state and asks to toggle on change', async () => {
    const wrapper = mount(ModelEnabledSwitch, { props: { model: chatModel(), busy: false }, global });
    const input = wrapper.get<HTMLInputElement>('[data-testid="enabled-switch"]');
    expect(input.attributes()).toMatchObject({ role: 'switch', 'aria-label': 'Enable GPT-4o' });
    expect(input.element.checked).toBe(true);
    await input.setValue(false);
    expect(wrapper.emitted('toggle')).toHaveLength(1);
    await wrapper.setProps({ model: chatModel({ enabled: false }) });
    expect(input.element.checked).toBe(false);
  });

  it('is disabled while saving', () => {
    const wrapper = mount(ModelEnabledSwitch, { props: { model: chatModel(), busy: true }, global });
    expect(wrapper.get('[data-testid="enabled-switch"]').attributes('disabled')).toBeDefined();
  });
});
