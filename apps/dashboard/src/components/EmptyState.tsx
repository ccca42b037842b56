/** Shown while the window holds no data: how to feed the monitor. */
export function EmptyState() {
  const origin = window.location.origin;
  const example = `curl -X POST ${origin}/api/events \\
  -H 'Content-Type: application/json' \\
  -d '{"type":"api_request","model":"claude-sonnet-4-5",
       "input_tokens":1200,"output_tokens":350,
       "session_id":"s1","project":"my-app"}'`;
  return (
    <section className="card empty-state" data-testid="empty-state">
      <h2>No data in this window yet</h2>
      <p>
        The monitor fills up as your agents report what they do. Send events to <code>POST /api/events</code> (one event or an
        array: <code>api_request</code>, <code>tool_call</code>, <code>task</code>, <code>activity</code>):
      </p>
      <pre>
        <code>{example}</code>
      </pre>
      <p className="muted">
        Or start the server with built-in sources: <code>MONITORING_SOURCES=…</code> (comma-separated; <code>none</code> runs the ingest
        API only). Figures appear here live, without a reload.
      </p>
    </section>
  );
}
