import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDashboardDir } from './spa.js';

let tmp: string | undefined;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('defaultDashboardDir', () => {
  it("is the workspace's apps/dashboard/dist when no packaged copy sits beside dist/", () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spa-'));
    const here = path.join(tmp, 'apps/server/dist/http');
    fs.mkdirSync(here, { recursive: true });
    expect(defaultDashboardDir(here)).toBe(path.join(tmp, 'apps/dashboard/dist'));
  });

  it("is the npm package's dashboard/ when it holds an index.html", () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spa-'));
    const here = path.join(tmp, 'amiga-monitor/dist/http');
    fs.mkdirSync(here, { recursive: true });
    fs.mkdirSync(path.join(tmp, 'amiga-monitor/dashboard'));
    expect(defaultDashboardDir(here)).toBe(path.join(tmp, 'dashboard/dist')); // an empty folder is not a build
    fs.writeFileSync(path.join(tmp, 'amiga-monitor/dashboard/index.html'), '<!doctype html>');
    expect(defaultDashboardDir(here)).toBe(path.join(tmp, 'amiga-monitor/dashboard'));
  });
});
