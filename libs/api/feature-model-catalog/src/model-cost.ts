import type { ModelPrices, Usage } from '@kipux/contracts';

/**
 * USD cost of one request, as LiteLLM computes it: above 200k (else 128k) prompt tokens the tier's prices
 * apply to the whole request; cached prompt tokens cost the cache-read price (the input price if none);
 * reasoning tokens are part of the completion tokens and cost the output price unless the model has a
 * reasoning price. `null` when the model has no input or output price. Cache writes are not counted:
 * usage does not report them.
 */
export function computeCost(prices: ModelPrices, usage: Usage): number | null {
  const tier = pickTier(prices, usage.promptTokens);
  if (tier.input === null || tier.output === null) return null;

  const cached = clamp(usage.cachedTokens ?? 0, 0, usage.promptTokens);
  const reasoning = prices.reasoningPerToken === null ? 0 : clamp(usage.reasoningTokens ?? 0, 0, usage.completionTokens);
  const cost =
    (usage.promptTokens - cached) * tier.input +
    cached * (tier.cacheRead ?? tier.input) +
    (usage.completionTokens - reasoning) * tier.output +
    reasoning * (prices.reasoningPerToken ?? tier.output);
  // Per-token prices like 1.25e-6 leave float dust; a millionth of a cent is far below any bill.
  return Math.round(cost * 1e12) / 1e12;
}

interface TierPrices {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
}

function pickTier(prices: ModelPrices, promptTokens: number): TierPrices {
  if (promptTokens > 200_000 && prices.inputPerTokenAbove200k !== null) {
    return {
      input: prices.inputPerTokenAbove200k,
      output: prices.outputPerTokenAbove200k ?? prices.outputPerToken,
      cacheRead: prices.cacheReadPerTokenAbove200k ?? prices.cacheReadPerToken,
    };
  }
  if (promptTokens > 128_000 && prices.inputPerTokenAbove128k !== null) {
    return { input: prices.inputPerTokenAbove128k, output: prices.outputPerTokenAbove128k ?? prices.outputPerToken, cacheRead: prices.cacheReadPerToken };
  }
  return { input: prices.inputPerToken, output: prices.outputPerToken, cacheRead: prices.cacheReadPerToken };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
