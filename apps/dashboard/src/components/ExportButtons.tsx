import type { MetricsSnapshot } from '@amiga/protocol';
import { sessionsToCsv } from '../lib/csv';
import { downloadText, fileStamp } from '../lib/download';

export function ExportButtons({ snapshot }: { snapshot: MetricsSnapshot }) {
  const stamp = fileStamp(snapshot.timestamp);
  return (
    <div className="export">
      <button
        type="button"
        className="btn btn-small"
        data-testid="export-json"
        onClick={() => downloadText(`amiga-snapshot-${stamp}.json`, JSON.stringify(snapshot, null, 2), 'application/json')}
      >
        ⤓ Snapshot JSON
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="export-csv"
        onClick={() => downloadText(`amiga-sessions-${stamp}.csv`, sessionsToCsv(snapshot.sessions.list), 'text/csv')}
      >
        ⤓ Sessions CSV
      </button>
    </div>
  );
}
