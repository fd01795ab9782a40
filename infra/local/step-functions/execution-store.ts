import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AslDefinition, Json } from './definition';
import type { HistoryEvent } from './history';

/** Execution status, as in `DescribeExecution`. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What is kept of an execution besides its journal; dates in epoch milliseconds of the runtime's clock. */
export interface ExecutionMeta {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** The exact definition the execution started with (replay must run the same one). */
  definitionHash: string;
  /** Execution-level deadline from the definition's top-level `TimeoutSeconds`. */
  deadline?: number;
}

/** A registered state machine. */
export interface StateMachineRecord {
  name: string;
  stateMachineArn: string;
  definitionHash: string;
  creationDate: number;
}

/** How a task ended: what replay hands back to the engine instead of calling the service again. */
export type TaskOutcome =
  | { status: 'succeeded'; output: Json }
  | { status: 'failed' | 'timedOut'; error: string; cause: string };

/**
 * One line of an execution's journal. `key` is `<state name>#<occurrence>`: the n-th time that Task state
 * ran in this execution (retries and loops included).
 */
export type JournalEntry =
  | { kind: 'callbackStarted'; key: string; at: number; token: string; timeoutAt?: number; heartbeatAt?: number; heartbeatSeconds?: number }
  | { kind: 'callbackSubmitted'; key: string; at: number }
  | { kind: 'heartbeat'; key: string; at: number; heartbeatAt: number }
  | { kind: 'outcome'; key: string; at: number; outcome: TaskOutcome };

/** The open files of one running execution. */
export interface ExecutionFiles {
  /** Appends and fsyncs: once this returns, the entry survives a crash. */
  appendJournal(entry: JournalEntry): void;
  /** Appends without fsync: history is a view, the journal is the truth. */
  appendHistory(event: HistoryEvent): void;
  close(): void;
}

/**
 * The local Step Functions' disk layout under `<dataDir>/step-functions/`:
 * `definitions/<sha256>.json`, `state-machines.json`, and per execution
 * `executions/<machine>/<name>/{execution.json, journal.jsonl, history.jsonl}`.
 * Small synchronous writes keep entries in order without a queue; the journal is fsync'd per entry.
 *
 * @example
 * ```ts
 * const store = new ExecutionStore('.local');
 * const hash = store.saveDefinition(definition);
 * ```
 */
export class ExecutionStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'step-functions');
    mkdirSync(join(this.root, 'definitions'), { recursive: true });
    mkdirSync(join(this.root, 'executions'), { recursive: true });
  }

  saveDefinition(definition: AslDefinition): string {
    const text = JSON.stringify(definition);
    const hash = createHash('sha256').update(text).digest('hex');
    const file = join(this.root, 'definitions', `${hash}.json`);
    if (!existsSync(file)) writeFileAtomic(file, text);
    return hash;
  }

  loadDefinition(hash: string): AslDefinition {
    return JSON.parse(readFileSync(join(this.root, 'definitions', `${hash}.json`), 'utf8')) as AslDefinition;
  }

  saveStateMachines(machines: StateMachineRecord[]): void {
    writeFileAtomic(join(this.root, 'state-machines.json'), JSON.stringify(machines, null, 2));
  }

  loadStateMachines(): StateMachineRecord[] {
    const file = join(this.root, 'state-machines.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StateMachineRecord[]) : [];
  }

  saveMeta(meta: ExecutionMeta): void {
    const dir = this.executionDir(meta);
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, 'execution.json'), JSON.stringify(meta, null, 2));
  }

  loadAllMetas(): ExecutionMeta[] {
    const metas: ExecutionMeta[] = [];
    const executions = join(this.root, 'executions');
    for (const machine of readdirSync(executions)) {
      for (const name of readdirSync(join(executions, machine))) {
        const file = join(executions, machine, name, 'execution.json');
        if (existsSync(file)) metas.push(JSON.parse(readFileSync(file, 'utf8')) as ExecutionMeta);
      }
    }
    return metas;
  }

  readJournal(meta: ExecutionMeta): JournalEntry[] {
    return readJsonLines<JournalEntry>(join(this.executionDir(meta), 'journal.jsonl'));
  }

  readHistory(meta: ExecutionMeta): HistoryEvent[] {
    return readJsonLines<HistoryEvent>(join(this.executionDir(meta), 'history.jsonl'));
  }

  openFiles(meta: ExecutionMeta): ExecutionFiles {
    const dir = this.executionDir(meta);
    mkdirSync(dir, { recursive: true });
    const journal = openSync(join(dir, 'journal.jsonl'), 'a');
    const history = openSync(join(dir, 'history.jsonl'), 'a');
    let open = true;
    return {
      appendJournal(entry) {
        if (!open) throw new Error(`Journal of ${meta.executionArn} is closed`);
        appendFileSync(journal, `${JSON.stringify(entry)}\n`);
        fsyncSync(journal);
      },
      appendHistory(event) {
        if (open) appendFileSync(history, `${JSON.stringify(event)}\n`);
      },
      close() {
        if (!open) return;
        open = false;
        closeSync(journal);
        closeSync(history);
      },
    };
  }

  private executionDir(meta: Pick<ExecutionMeta, 'stateMachineName' | 'name'>): string {
    return join(this.root, 'executions', encodeURIComponent(meta.stateMachineName), encodeURIComponent(meta.name));
  }
}

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Reads a JSON-lines file; a torn last line (crash mid-write) is dropped, as it was never acknowledged. */
function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
  const entries: T[] = [];
  lines.forEach((line, i) => {
    try {
      entries.push(JSON.parse(line) as T);
    } catch (error) {
      if (i < lines.length - 1) throw new Error(`${file}: line ${i + 1} is not JSON`, { cause: error });
    }
  });
  return entries;
}
