import type { IngestEvent } from '@amiga/protocol';
import type { PriceRow } from '../../metrics/pricing.js';
import { pricerFor, type RequestPricer } from '../../metrics/prices/request-price.js';
import type { Dice } from './rng.js';

/** Every demo project, session and task says so. */
export const DEMO_PROJECTS = ['demo/checkout-service', 'demo/mobile-app', 'demo/data-pipeline', 'demo/docs-site'] as const;

type Weighted = ReadonlyArray<readonly [string, number]>;

/** What kind of coding agent a demo agent plays: its agent id, models and tools (as the real agent names them). */
interface AgentKind {
  agent: 'claude-code' | 'codex' | 'gemini-cli';
  models: Weighted;
  tools: Weighted;
  /** Anthropic-style prompt caching with cache writes; the others only read a cache. */
  cacheWrites: boolean;
  /** Share of output spent on reasoning (Codex's reasoning_output_tokens, Gemini's thoughts). */
  reasoning: number;
}

const CLAUDE: AgentKind = {
  agent: 'claude-code',
  models: [
    ['claude-sonnet-4-5-20250929', 6],
    ['claude-haiku-4-5-20251001', 3],
    ['claude-opus-4-5-20251101', 1],
  ],
  tools: [
    ['Read', 10],
    ['Edit', 6],
    ['Bash', 6],
    ['Grep', 5],
    ['Glob', 3],
    ['Write', 2],
    ['WebFetch', 1],
    ['Task', 1],
  ],
  cacheWrites: true,
  reasoning: 0,
};

const CODEX: AgentKind = {
  agent: 'codex',
  models: [
    ['gpt-5-codex', 5],
    ['gpt-5.1-codex-mini', 3],
    ['gpt-5.2-codex', 2],
  ],
  tools: [
    ['shell', 10],
    ['apply_patch', 5],
    ['update_plan', 2],
    ['web_search', 1],
  ],
  cacheWrites: false,
  reasoning: 0.4,
};

const GEMINI: AgentKind = {
  agent: 'gemini-cli',
  models: [
    ['gemini-2.5-pro', 5],
    ['gemini-2.5-flash', 4],
    ['gemini-3-pro-preview', 1],
  ],
  tools: [
    ['read_file', 8],
    ['run_shell_command', 6],
    ['replace', 5],
    ['search_file_content', 4],
    ['write_file', 2],
    ['google_web_search', 1],
  ],
  cacheWrites: false,
  reasoning: 0.3,
};

/** The fleet's agents in turn: Claude Code, Codex CLI, Gemini CLI, Claude Code, … */
const KINDS: readonly AgentKind[] = [CLAUDE, CODEX, GEMINI];

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
  kind: AgentKind;
  model: string;
  project: string;
  session: string;
  task: { id: string; description: string; status: 'pending' | 'running'; stepsLeft: number; cost: number } | undefined;
}

/**
 * A simulated fleet of coding agents: each picks up a task, works it through API requests and
 * tool calls, then completes it (or, now and then, fails). The agents play Claude Code, Codex CLI
 * and Gemini CLI in turn (each event's `agent`, models priced from the price dataset). `step`
 * advances one agent and returns what it did as ingest events; every description, project and id
 * is marked as demo data.
 */
export class DemoFleet {
  readonly #dice: Dice;
  readonly #pricer: RequestPricer;
  readonly #agents: Agent[];
  #tasks = 0;
  #requests = 0;
  #sessions = 0;
  readonly #runId: string;

  constructor(dice: Dice, prices: readonly PriceRow[], agents = 5) {
    this.#dice = dice;
    this.#pricer = pricerFor(prices);
    this.#runId = Math.floor(dice.random() * 36 ** 6).toString(36);
    this.#agents = Array.from({ length: agents }, (_, i) => {
      const kind = KINDS[i % KINDS.length] as AgentKind;
      return {
      name: `demo-${kind.agent}-${i + 1}`,
      kind,
      model: dice.weighted(kind.models),
      project: DEMO_PROJECTS[i % DEMO_PROJECTS.length] as string,
      session: this.#newSession(),
      task: undefined,
      };
    });
  }

  step(now: number): IngestEvent[] {
    const d = this.#dice;
    const agent = d.pick(this.#agents);
    const events: IngestEvent[] = [];
    const task = agent.task;
    if (!task) {
      const description = `[demo] ${d.pick(TASKS)} (${agent.project})`;
      agent.task = { id: `demo-task-${this.#runId}-${++this.#tasks}`, description, status: 'pending', stepsLeft: d.int(3, 12), cost: 0 };
      events.push({ type: 'task', agent: agent.kind.agent, id: agent.task.id, status: 'pending', description, model: agent.model, timestamp: now });
      return events;
    }
    if (task.status === 'pending') {
      task.status = 'running';
      events.push({ type: 'task', agent: agent.kind.agent, id: task.id, status: 'running', timestamp: now });
      events.push({ type: 'activity', agent: agent.kind.agent, description: `[demo] ${agent.name} started "${task.description.slice(7)}"`, timestamp: now });
      return events;
    }
    if (task.stepsLeft > 0) {
      task.stepsLeft -= 1;
      const kind = agent.kind;
      const model = d.chance(0.15) ? d.weighted(kind.models) : agent.model;
      const output = d.int(80, 3_500);
      const usage = {
        input_tokens: d.int(5, 4_000),
        output_tokens: output,
        cache_creation_input_tokens: kind.cacheWrites && d.chance(0.4) ? d.int(500, 12_000) : 0,
        cache_read_input_tokens: d.int(8_000, 150_000),
        reasoning_tokens: Math.floor(output * kind.reasoning * d.random()),
      };
      task.cost +=
        this.#pricer.cost(
          { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cacheCreationTokens: usage.cache_creation_input_tokens, cacheReadTokens: usage.cache_read_input_tokens },
          model,
          now,
        ) ?? 0;
      events.push({
        type: 'api_request',
        agent: kind.agent,
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
          agent: kind.agent,
          tool: d.weighted(kind.tools),
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
      agent: agent.kind.agent,
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
