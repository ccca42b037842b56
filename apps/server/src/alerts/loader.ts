import fs from 'node:fs';
import { describeIssues } from '../errors/describe-issues.js';
import { alertsFileSchema, type AlertsFile } from './rules-schema.js';

export class AlertsFileError extends Error {
  override name = 'AlertsFileError';
}

/**
 * Reads and validates the MONITORING_ALERTS file, resolving `{"env": …}` secrets from `env`.
 * Throws an AlertsFileError naming the file and the field (`rules.1.when.cost_over.usd: …`).
 */
export function loadAlertsFile(file: string, env: NodeJS.ProcessEnv = process.env): AlertsFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AlertsFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = alertsFileSchema(env).safeParse(json);
  if (!parsed.success) throw new AlertsFileError(`${file}: ${describeIssues(parsed.error, { max: 5 })}`);
  return parsed.data;
}
