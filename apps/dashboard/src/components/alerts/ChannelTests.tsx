import type { AlertsStatus } from '@amiga/protocol';
import { useState } from 'react';
import { testResultText } from '../../lib/alerts-view';
import { sendTestAlert } from '../../live/alerts';
import { TableCard } from './TableCard';

const COLUMNS = [{ label: 'Channel' }, { label: 'Type' }, { label: 'Test' }, { label: 'Result' }];

type Result = { state: 'sending' } | { state: 'done'; ok: boolean; text: string };

/** Each channel with a "send test" button (`POST /api/alerts/test`) and what came of the last test. */
export function ChannelTests({ channels }: { channels: AlertsStatus['channels'] }) {
  const [results, setResults] = useState<Record<string, Result>>({});
  const put = (name: string, r: Result) => setResults((all) => ({ ...all, [name]: r }));
  const test = async (name: string) => {
    put(name, { state: 'sending' });
    try {
      const d = await sendTestAlert(name);
      put(name, { state: 'done', ok: d.status === 'delivered', text: testResultText(d) });
    } catch (err) {
      put(name, { state: 'done', ok: false, text: `Not sent: ${err instanceof Error ? err.message : String(err)}` });
    }
  };
  return (
    <TableCard title="Channels" count={channels.length} testId="alert-channels" columns={COLUMNS} empty="No channels in the file">
      {channels.map((c) => {
        const r = results[c.name];
        return (
          <tr key={c.name} data-channel={c.name}>
            <th scope="row">{c.name}</th>
            <td>{c.type}</td>
            <td>
              <button type="button" className="btn btn-small" data-testid={`send-test-${c.name}`} disabled={r?.state === 'sending'} onClick={() => void test(c.name)}>
                Send test
              </button>
            </td>
            <td data-testid={`test-result-${c.name}`} className={r?.state === 'done' ? (r.ok ? 'good' : 'bad') : 'muted'} aria-live="polite">
              {r === undefined ? '' : r.state === 'sending' ? 'Sending…' : r.text}
            </td>
          </tr>
        );
      })}
    </TableCard>
  );
}
