import { describe, expect, it } from 'vitest';
import { providerOf } from './provider.js';

describe('providerOf', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 'anthropic'],
    ['claude-3-5-haiku-20241022', 'anthropic'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic'],
    ['anthropic/claude-opus-4-1', 'anthropic'],
    ['gpt-5-codex', 'openai'],
    ['gpt-5.1-codex-mini', 'openai'],
    ['o3-mini', 'openai'],
    ['o4', 'openai'],
    ['openai/gpt-4o', 'openai'],
    ['gemini-2.5-pro', 'google'],
    ['models/gemini-2.5-flash', 'google'],
    ['gemma-3-27b', 'google'],
    ['unreleased-model', 'other'],
    ['opus-magnum', 'other'],
    ['llama-3.1-70b', 'other'],
  ])('%s is %s', (model, provider) => {
    expect(providerOf(model)).toBe(provider);
  });
});
