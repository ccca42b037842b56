/** Who serves a model, for `costs.by_provider`. */
export type Provider = 'anthropic' | 'openai' | 'google' | 'other';

/**
 * The provider of a model id, read from its name (a routing prefix such as `anthropic/`,
 * `openai/`, `google/`, `models/`, Bedrock's `us.anthropic.` or Vertex's `@` date is allowed):
 * `claude-*` is Anthropic's; `gpt-*`, `o1`…`o9` (`o3-mini`), `codex-*`, `chatgpt-*` OpenAI's;
 * `gemini-*`, `gemma-*` Google's; anything else `other`.
 */
export function providerOf(model: string): Provider {
  const id = model.toLowerCase();
  const name = id.slice(id.lastIndexOf('/') + 1).replace(/^(?:[a-z]{2}\.)?(?:anthropic\.)/, '');
  if (/^claude\b/.test(name) || id.startsWith('anthropic/')) return 'anthropic';
  if (/^(?:gpt-|o\d(?:$|-)|codex-|chatgpt-)/.test(name) || id.startsWith('openai/')) return 'openai';
  if (/^(?:gemini-|gemma-)/.test(name) || id.startsWith('google/')) return 'google';
  return 'other';
}
