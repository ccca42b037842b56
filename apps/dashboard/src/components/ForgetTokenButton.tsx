import { useHasToken } from '../hooks/useStoredToken';

/** Drops the stored access token; shown only while one is kept. */
export function ForgetTokenButton({ onForget }: { onForget: () => void }) {
  const hasToken = useHasToken();
  if (!hasToken) return null;
  return (
    <button type="button" className="btn" data-testid="token-forget" title="Forget the access token kept for this tab" onClick={() => onForget()}>
      Forget token
    </button>
  );
}
