import { useId, useState, type FormEvent } from 'react';

/** Asks for the server's access token (MONITORING_TOKEN); shown when the server refuses us without one. */
export function TokenForm({ onSubmit, error }: { onSubmit: (token: string) => void; error: string | null }) {
  const [draft, setDraft] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim() === '') return;
    onSubmit(draft.trim());
    setDraft('');
  };
  return (
    <section className="card token-card" aria-labelledby={`${id}-title`}>
      <form className="token-form" data-testid="token-form" onSubmit={submit} aria-describedby={`${id}-hint`}>
        <h2 id={`${id}-title`}>This server requires an access token</h2>
        <p id={`${id}-hint`} className="muted">
          Enter the token the server was started with (<code>MONITORING_TOKEN</code>). It is kept for this browser tab only and sent with
          every connection.
        </p>
        {error && (
          <p className="token-error" role="alert" data-testid="token-error">
            {error}
          </p>
        )}
        <div className="token-row">
          <label htmlFor={`${id}-input`} className="visually-hidden">
            Access token
          </label>
          <input
            id={`${id}-input`}
            data-testid="token-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="Access token"
            required
            autoFocus
            aria-invalid={error ? true : undefined}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="btn btn-primary" data-testid="token-submit">
            Connect
          </button>
        </div>
      </form>
    </section>
  );
}
