import { backoffDelay, type BackoffOptions } from './backoff';

/**
 * A code-split chunk, loaded again with backoff until it arrives. A chunk requested while the
 * server restarts fails (connection reset); React.lazy would then throw and unmount the whole
 * page, leaving it blank until a reload. Retrying keeps the page alive, its Suspense fallback
 * showing, until the server is back. Browsers that follow the current HTML spec fetch a failed
 * module again on the next import().
 */
export function retryImport<T>(load: () => Promise<T>, options: BackoffOptions = { min: 250, max: 5000 }, wait = sleep): Promise<T> {
  const attempt = async (n: number): Promise<T> => {
    try {
      return await load();
    } catch {
      await wait(backoffDelay(n, options));
      return attempt(n + 1);
    }
  };
  return attempt(0);
}

/** The chunk loaded once (with retries), however often it is asked for. */
export function onceImport<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= retryImport(load));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
