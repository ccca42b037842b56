export function App() {
  const page = window.location.pathname.startsWith('/websocket-test') ? 'WebSocket test' : 'Dashboard';
  return (
    <main>
      <h1>AMIGA Monitor</h1>
      <p data-testid="page-name">{page}</p>
    </main>
  );
}
