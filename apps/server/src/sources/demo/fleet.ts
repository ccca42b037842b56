import type { IngestEvent } from '@amiga/protocol';
import { costOf, priceFor, type PriceRow } from '../../metrics/pricing.js';
import type { Dice } from './rng.js';

/** Every demo project, session and task says so. */
export const DEMO_PROJECTS = ['demo/checkout-service', 'demo/mobile-app', 'demo/data-pipeline', 'demo/docs-site'] as const;

const MODELS = [
  ['claude-sonnet-4-5-20250929', 6],
  ['claude-haiku-4-5-20251001', 3],
  ['claude-opus-4-5-20251101', 1],
] as const;

const TOOLS = [
  ['Read', 10],
  ['Edit', 6],
  ['Bash', 6],
  ['Grep', 5],
  ['Glob', 3],
  ['Write', 2],
  ['WebFetch', 1],
  ['Task', 1],
] as const;

const TASKS = [
  'Fix the flaky checkout test',
  'Add pagination to the orders API',
  'Upgrade the build to Node 20',
  'Write docs for the CSV importer',
  'Refactor the auth middleware',
  'Speed up the nightly ETL job',
  'Add dark mode to settings',
  'Investigate a memory leak in the worker',
] as const;

const FAILURES = ['tests still failing after 3 attempts', 'context window exhausted', 'merge conflict in package.json', 'timed out waiting for CI'];

interface Agent {
  name: string;
  model: string;
  project: string;
  session: string;
  task: { id: string; description: string; status: 'pending' | 'running'; stepsLeft: number; cost: number } | undefined;
}

/**
 * A simulated fleet of coding agents: each picks up a task, works it through API requests and
 * tool calls, then completes it (or, now and then, fails). `step` advances one agent and returns
 * what it did as ingest events; every description, project and id is marked as demo data.
 */
export class DemoFleet {
  readonly #dice: Dice;
  readonly #prices: readonly PriceRow[];
  readonly #agents: Agent[];
  #tasks = 0;
  #requests = 0;
  #sessions = 0;
  readonly #runId: string;

  constructor(dice: Dice, prices: readonly PriceRow[], agents = 5) {
    this.#dice = dice;
    this.#prices = prices;
    this.#runId = Math.floor(dice.random() * 36 ** 6).toString(36);
    this.#agents = Array.from({ length: agents }, (_, i) => ({
      name: `demo-agent-${i + 1}`,
      model: dice.weighted(MODELS),
      project: DEMO_PROJECTS[i % DEMO_PROJECTS.length] as string,
      session: this.#newSession(),
      task: undefined,
    }));
  }

  step(now: number): IngestEvent[] {
    const d = this.#dice;
    const agent = d.pick(this.#agents);
    const events: IngestEvent[] = [];
    const task = agent.task;
    if (!task) {
      const description = `[demo] ${d.pick(TASKS)} (${agent.project})`;
      agent.task = { id: `demo-task-${this.#runId}-${++this.#tasks}`, description, status: 'pending', stepsLeft: d.int(3, 12), cost: 0 };
      events.push({ type: 'task', id: agent.task.id, status: 'pending', description, model: agent.model, timestamp: now });
      return events;
    }
    if (task.status === 'pending') {
      task.status = 'running';
      events.push({ type: 'task', id: task.id, status: 'running', timestamp: now });
      events.push({ type: 'activity', description: `[demo] ${agent.name} started "${task.description.slice(7)}"`, timestamp: now });
      return events;
    }
    if (task.stepsLeft > 0) {
      task.stepsLeft -= 1;
      const model = d.chance(0.15) ? d.weighted(MODELS) : agent.model;
      const usage = {
        input_tokens: d.int(5, 4_000),
        output_tokens: d.int(80, 3_500),
        cache_creation_input_tokens: d.chance(0.4) ? d.int(500, 12_000) : 0,
        cache_read_input_tokens: d.int(8_000, 150_000),
      };
      task.cost += costOf(usage, priceFor(model, this.#prices)) ?? 0;
      events.push({
        type: 'api_request',
        model,
        ...usage,
        session_id: agent.session,
        project: agent.project,
        request_id: `demo-${this.#runId}-${++this.#requests}`,
        timestamp: now,
      });
      for (let i = d.int(0, 3); i > 0; i--) {
        events.push({
          type: 'tool_call',
          tool: d.weighted(TOOLS),
          session_id: agent.session,
          project: agent.project,
          success: !d.chance(0.05),
          duration_ms: d.int(5, 4_000),
          timestamp: now,
        });
      }
      return events;
    }
    const failed = d.chance(0.15);
    events.push({
      type: 'task',
      id: task.id,
      status: failed ? 'failed' : 'completed',
      cost_usd: Math.round(task.cost * 1e6) / 1e6,
      ...(failed ? { error: `[demo] ${d.pick(FAILURES)}` } : {}),
      timestamp: now,
    });
    agent.task = undefined;
    if (d.chance(0.3)) agent.session = this.#newSession();
    return events;
  }

  #newSession(): string {
    return `demo-session-${this.#runId}-${++this.#sessions}`;
  }
}
