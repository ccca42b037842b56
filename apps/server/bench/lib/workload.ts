/** The change a bench makes each tick: a task whose id carries the marker the clients look for. */
export function changeEvent(n: number) {
  return { type: 'task', id: `bench-${n}`, status: 'completed', description: `bench-${n}` } as const;
}

const MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-3-5-haiku-20241022', 'claude-sonnet-4-20250514', 'claude-opus-4-1-20250805'];
const TOOLS = ['Read', 'Edit', 'Bash', 'Grep', 'Glob', 'Write', 'WebFetch', 'Task', 'TodoWrite', 'MultiEdit'];

/**
 * A realistic background: requests and tool calls over `sessions` sessions in 5
 * projects during the last hour (no markers). It sets the snapshot's size: about
 * 9 KB with 10 sessions, 21 KB with 50.
 */
export function background(count: number, sessions = 10, now = Date.now() / 1000) {
  const events = [];
  for (let i = 0; i < count; i++) {
    const session = `session-${i % sessions}`;
    const project = `/work/project-${i % 5}`;
    const timestamp = now - 3500 + (i / count) * 3400;
    if (i % 3 === 0) events.push({ type: 'tool_call', tool: TOOLS[i % TOOLS.length] as string, session_id: session, project, timestamp });
    else {
      events.push({
        type: 'api_request',
        model: MODELS[i % MODELS.length] as string,
        input_tokens: 2000 + ((i * 37) % 5000),
        output_tokens: 300 + ((i * 11) % 900),
        cache_read_input_tokens: 20000 + ((i * 101) % 40000),
        cache_creation_input_tokens: (i * 13) % 3000,
        session_id: session,
        project,
        timestamp,
      });
    }
  }
  return events;
}

export async function post(base: string, body: unknown): Promise<number> {
  const res = await fetch(`${base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}
