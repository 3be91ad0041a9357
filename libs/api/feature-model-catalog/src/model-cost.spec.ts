import type { ModelPrices } from '@kipux/contracts';
import { computeCost } from './model-cost';

const NO_PRICES: ModelPrices = {
  inputPerToken: null,
  outputPerToken: null,
  inputPerTokenAbove128k: null,
  outputPerTokenAbove128k: null,
  inputPerTokenAbove200k: null,
  outputPerTokenAbove200k: null,
  cacheReadPerToken: null,
  cacheReadPerTokenAbove200k: null,
  cacheWritePerToken: null,
  reasoningPerToken: null,
};

// The fixture's gemini-2.5-pro, gpt-4o and gemini-2.5-flash prices (USD per token).
const geminiPro: ModelPrices = { ...NO_PRICES, inputPerToken: 1.25e-6, outputPerToken: 1e-5, inputPerTokenAbove200k: 2.5e-6, outputPerTokenAbove200k: 1.5e-5 };
const gpt4o: ModelPrices = { ...NO_PRICES, inputPerToken: 2.5e-6, outputPerToken: 1e-5, cacheReadPerToken: 1.25e-6 };
const geminiFlash: ModelPrices = { ...NO_PRICES, inputPerToken: 3e-7, outputPerToken: 2.5e-6, reasoningPerToken: 2.5e-6 };

describe('computeCost', () => {
  it('multiplies prompt and completion tokens by their prices', () => {
    // 1000 × $1.25/1M + 500 × $10/1M = $0.00125 + $0.005
    expect(computeCost(geminiPro, { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 })).toBeCloseTo(0.00625, 12);
  });

  it('bills the whole request at the tier prices above 200k prompt tokens', () => {
    const usage = { promptTokens: 250_000, completionTokens: 1000, totalTokens: 251_000 };
    // 250k × $2.5/1M + 1000 × $15/1M, not 200k at the base price plus 50k at the tier price.
    expect(computeCost(geminiPro, usage)).toBeCloseTo(0.625 + 0.015, 12);
    expect(computeCost(geminiPro, { ...usage, promptTokens: 200_000 })).toBeCloseTo(0.25 + 0.01, 12);
  });

  it('uses the 128k tier when that is the only one', () => {
    const prices = { ...NO_PRICES, inputPerToken: 1e-6, outputPerToken: 2e-6, inputPerTokenAbove128k: 2e-6, outputPerTokenAbove128k: 4e-6 };
    expect(computeCost(prices, { promptTokens: 150_000, completionTokens: 10, totalTokens: 150_010 })).toBeCloseTo(0.3 + 0.00004, 12);
  });

  it('bills cached prompt tokens at the cache-read price and the rest at the input price', () => {
    const usage = { promptTokens: 10_000, completionTokens: 100, totalTokens: 10_100, cachedTokens: 8_000 };
    // 2000 × $2.5/1M + 8000 × $1.25/1M + 100 × $10/1M
    expect(computeCost(gpt4o, usage)).toBeCloseTo(0.005 + 0.01 + 0.001, 12);
    // Without a cache price, cached tokens cost what other prompt tokens cost.
    expect(computeCost({ ...gpt4o, cacheReadPerToken: null }, usage)).toBeCloseTo(0.025 + 0.001, 12);
  });

  it('counts reasoning tokens as completion tokens, at the reasoning price when there is one', () => {
    const usage = { promptTokens: 100, completionTokens: 1000, totalTokens: 1100, reasoningTokens: 800 };
    expect(computeCost(gpt4o, usage)).toBeCloseTo(100 * 2.5e-6 + 1000 * 1e-5, 12);
    expect(computeCost({ ...geminiFlash, reasoningPerToken: 5e-6 }, usage)).toBeCloseTo(100 * 3e-7 + 200 * 2.5e-6 + 800 * 5e-6, 12);
  });

  it('answers null for a model without prices, and 0 for a free one', () => {
    const usage = { promptTokens: 10, completionTokens: 10, totalTokens: 20 };
    expect(computeCost(NO_PRICES, usage)).toBeNull();
    expect(computeCost({ ...NO_PRICES, inputPerToken: 1e-6 }, usage)).toBeNull();
    expect(computeCost({ ...NO_PRICES, inputPerToken: 0, outputPerToken: 0 }, usage)).toBe(0);
  });
});
