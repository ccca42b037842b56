/** A day of plausible agent activity, for screenshots and the performance run. Deterministic. */
export function sampleDay(now = Date.now() / 1000): unknown[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const projects = ['web-app', 'billing-api', 'infra', 'docs-site', 'mobile'];
  const models = ['claude-sonnet-4-5', 'claude-sonnet-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];
  const tools = ['Read', 'Read', 'Read', 'Edit', 'Edit', 'Bash', 'Bash', 'Grep', 'Glob', 'Write', 'WebFetch', 'TodoWrite'];
  const events: unknown[] = [];
  const sessions = Array.from({ length: 14 }, (_, i) => ({
    id: `sess-${(i + 1).toString(16).padStart(4, '0')}`,
    project: projects[i % projects.length],
    model: pick(models),
    start: now - 23 * 3600 + i * 5800 * rand() + i * 2400,
  }));
  for (const s of sessions) {
    const count = 8 + Math.floor(rand() * 30);
    for (let i = 0; i < count; i++) {
      const t = s.start + i * (200 + rand() * 600);
      if (t > now - 30) break;
      events.push({
        type: 'api_request',
        model: rand() < 0.8 ? s.model : pick(models),
        input_tokens: Math.floor(2_000 + rand() * 18_000),
        output_tokens: Math.floor(200 + rand() * 3_000),
        cache_read_input_tokens: Math.floor(rand() * 40_000),
        cache_creation_input_tokens: Math.floor(rand() * 6_000),
        session_id: s.id,
        project: s.project,
        request_id: `req-${s.id}-${i}`,
        timestamp: t,
      });
      for (let k = Math.floor(rand() * 3); k > 0; k--) {
        events.push({ type: 'tool_call', tool: pick(tools), session_id: s.id, project: s.project, success: rand() > 0.04, timestamp: t + k });
      }
    }
  }
  // A session active right now, so the burn rate has something to show.
  for (let i = 0; i < 12; i++) {
    const t = now - 3300 + i * 270;
    events.push({ type: 'api_request', model: pick(models), input_tokens: 9_000, output_tokens: 1_400, session_id: 'sess-live', project: 'web-app', timestamp: t });
    events.push({ type: 'tool_call', tool: pick(tools), session_id: 'sess-live', project: 'web-app', success: true, timestamp: t + 1 });
  }
  const descriptions = [
    'Fix flaky checkout test',
    'Refactor auth middleware',
    'Add CSV export to reports',
    'Upgrade React to 19',
    'Write migration for invoices table',
    'Investigate memory leak in worker',
    'Document the ingest API',
    'Tighten CSP headers',
    'Add retry to webhook sender',
    'Speed up CI cache',
  ];
  descriptions.forEach((description, i) => {
    const created = now - (20 - i * 2) * 3600;
    const status = i >= 8 ? 'running' : i === 3 ? 'failed' : i === 9 ? 'pending' : 'completed';
    const id = `task-${100 + i}`;
    events.push({ type: 'task', id, status: 'running', description, model: pick(models), timestamp: created });
    if (status !== 'running') {
      events.push({
        type: 'task',
        id,
        status,
        description,
        model: pick(models),
        cost_usd: Number((0.2 + rand() * 3).toFixed(2)),
        ...(status === 'failed' ? { error: 'tests failed' } : {}),
        timestamp: Math.min(now - 60, created + 1800 + rand() * 3600),
      });
    }
  });
  events.push({ type: 'activity', description: 'Deployed web-app to staging', timestamp: now - 900 });
  events.push({ type: 'activity', description: 'Nightly cost report sent', timestamp: now - 7200 });
  return events;
}
